import type { AppEvent, MediaRef, ServiceRequest, ServiceResponse } from '../../shared/contract';
import type { MediaFile } from '../services/mediaResolver';

/** Electron main → engine utility process. `seq` pairs each reply with its request. */
export type HostRequest = ({ type: 'invoke'; seq: number } & ServiceRequest) | { type: 'media'; seq: number; ref: MediaRef };

/** Engine utility process → Electron main. */
export type HostReply =
  | { type: 'reply'; seq: number; response: ServiceResponse }
  | { type: 'media'; seq: number; response: ServiceResponse<MediaFile> }
  | { type: 'event'; event: AppEvent };

/** What main passes the utility process on its command line (one JSON argument). */
export interface HostConfig {
  dbPath: string;
  modelDir: string;
  /** The shipped segment encoders (resources/encoders). */
  encodersDir: string;
  workerScript: string;
  /** The built suggest worker (a separate bundle, as the utility process is one). */
  suggestWorkerScript: string;
}
