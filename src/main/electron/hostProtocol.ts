import type { AppEvent, MediaRef, ServiceRequest, ServiceResponse } from '../../shared/contract';
import type { WorkReply, WorkRequest } from '../../shared/workProtocol';

/** What main asks the engine process: a service call, or the file behind a media reference. */
export type HostCall = { readonly call: ServiceRequest } | { readonly media: MediaRef };

/**
 * Electron main ↔ engine utility process, in the one work protocol. Every request is answered by
 * `done` with a ServiceResponse (a failed call is `ok: false` in it, as over IPC); service calls
 * are not cancelled (jobs have their own cancel); app events come as `event`.
 */
export type HostRequest = WorkRequest<HostCall>;
export type HostReply = WorkReply<ServiceResponse, never, AppEvent>;

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
