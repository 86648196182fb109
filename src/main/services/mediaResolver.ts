import type { MediaRef } from '../../shared/contract';
import { mediaFile } from '../usecases/media';
import { contentTypeFor } from './mediaFiles';
import type { Session } from './session';

export interface MediaFile {
  path: string;
  size: number;
  contentType: string;
}

/**
 * The file behind a media id, only inside the folders the editor opened (usecases/media.ts: the
 * one inside-a-folder rule), with the content type it is served as.
 */
export function resolveMedia(session: Session, ref: MediaRef): MediaFile {
  const { path, size } = mediaFile(session, ref, session.mediaRoots());
  return { path, size, contentType: contentTypeFor(path) };
}
