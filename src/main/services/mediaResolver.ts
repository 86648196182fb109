import { statSync } from 'node:fs';
import type { MediaRef } from '../../shared/contract';
import { getScene, getVideo } from '../engine/db/projectRepository';
import { getTrack } from '../engine/db/trackRepository';
import { contentTypeFor } from './mediaFiles';
import { expectId, expectOneOf, ServiceFailure } from './serviceFailure';
import { isInsideFolder } from '../engine/insideFolder';
import { proxyPath, proxyState } from '../engine/media/proxy';
import { videoUnder } from '../engine/project/sceneEdits';
import type { Session } from './session';

export interface MediaFile {
  path: string;
  size: number;
  contentType: string;
}

/**
 * The file behind a media id, only when it lies inside a folder the editor opened by the one rule
 * (engine/insideFolder: links followed): a video of the open project (videoUnder), a track of the
 * open music folder, or a scene thumbnail of the open project in the thumbnail cache. Anything
 * else is 'not-found' or 'forbidden'.
 */
export function resolveMedia(session: Session, ref: MediaRef): MediaFile {
  const kind = expectOneOf(ref?.kind, ['video', 'track', 'thumb'] as const, 'The media kind');
  const id = expectId(ref?.id, 'The media id');
  const roots = session.mediaRoots();
  const refuse = (): never => {
    throw new ServiceFailure('forbidden', `That ${kind} is outside the folders you opened.`);
  };
  const missing = (): never => {
    throw new ServiceFailure('not-found', `There is no ${kind} ${id}.`);
  };
  let path: string;
  switch (kind) {
    case 'video': {
      if (!getVideo(session.db, id)) missing();
      const v = (roots.project && videoUnder(session.db, roots.project, id)) || refuse();
      // Footage the browser cannot decode plays through its proxy (in the cache; exports use the original).
      const proxy = proxyState(roots.cache, v.fingerprint) === 'proxy' ? proxyPath(roots.cache, v.fingerprint) : null;
      if (proxy && !isInsideFolder(roots.cache, proxy)) refuse();
      path = proxy ?? v.path;
      break;
    }
    case 'track': {
      const t = getTrack(session.db, id) ?? missing();
      if (!roots.library || !isInsideFolder(roots.library, t.path)) refuse();
      path = t.path;
      break;
    }
    case 'thumb': {
      const s = getScene(session.db, id) ?? missing();
      if (!s.thumbnail) missing();
      if (!roots.project || !videoUnder(session.db, roots.project, s.videoId) || !isInsideFolder(roots.cache, s.thumbnail!)) refuse();
      path = s.thumbnail!;
      break;
    }
  }
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) missing();
    size = st.size;
  } catch (err) {
    if (err instanceof ServiceFailure) throw err;
    throw new ServiceFailure('not-found', `The ${kind} file ${path} is gone (moved or deleted since it was analysed).`);
  }
  return { path, size, contentType: contentTypeFor(path) };
}
