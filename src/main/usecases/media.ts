import { existsSync, statSync } from 'node:fs';
import type { MediaRef } from '../../shared/contract';
import { getScene, getVideo } from '../engine/db/projectRepository';
import { getTrack } from '../engine/db/trackRepository';
import { proxyPath, proxyState } from '../engine/media/proxy';
import { isBelow } from '../engine/insideFolder';
import { videoUnder } from '../engine/project/sceneEdits';
import type { UsecaseContext } from './context';
import { UsecaseError } from './errors';
import { isInsideFolder } from './folders';
import { expectId, expectOneOf } from './validate';

/** The folders media may be served from: the open project, the open music folder, the thumbnail cache. */
export interface MediaRoots {
  project: string | null;
  library: string | null;
  cache: string;
}

/**
 * The file behind a media id, only when it lies inside a folder the editor opened by the one rule
 * (isInsideFolder: links followed): a video of the open project (videoUnder), a track of the
 * open music folder, or a scene thumbnail of the open project in the thumbnail cache. Anything
 * else is 'not-found' or 'forbidden'.
 */
export function mediaFile(ctx: UsecaseContext, ref: MediaRef, roots: MediaRoots): { path: string; size: number } {
  const kind = expectOneOf(ref?.kind, ['video', 'track', 'thumb'] as const, 'The media kind');
  const id = expectId(ref?.id, 'The media id');
  const missing = (): never => {
    throw new UsecaseError('not-found', `There is no ${kind} ${id}.`);
  };
  const gone = (path: string): never => {
    throw new UsecaseError('not-found', `The ${kind} file ${path} is gone (moved or deleted since it was analysed).`);
  };
  // Links cannot be followed for a file that no longer exists: one stored under the opened folder is gone, not outside it.
  const refuse = (root?: string | null, path?: string): never => {
    if (root && path && !existsSync(path) && isBelow(root, path)) gone(path);
    throw new UsecaseError('forbidden', `That ${kind} is outside the folders you opened.`);
  };
  let path: string;
  switch (kind) {
    case 'video': {
      if (!getVideo(ctx.db, id)) missing();
      const v = (roots.project && videoUnder(ctx.db, roots.project, id)) || refuse();
      // Footage the browser cannot decode plays through its proxy (in the cache; exports use the original).
      const proxy = proxyState(roots.cache, v.fingerprint) === 'proxy' ? proxyPath(roots.cache, v.fingerprint) : null;
      if (proxy && !isInsideFolder(roots.cache, proxy)) refuse();
      path = proxy ?? v.path;
      break;
    }
    case 'track': {
      const t = getTrack(ctx.db, id) ?? missing();
      if (!roots.library || !isInsideFolder(roots.library, t.path)) refuse(roots.library, t.path);
      path = t.path;
      break;
    }
    case 'thumb': {
      const s = getScene(ctx.db, id) ?? missing();
      if (!s.thumbnail) missing();
      if (!roots.project || !videoUnder(ctx.db, roots.project, s.videoId) || !isInsideFolder(roots.cache, s.thumbnail!)) refuse();
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
    if (err instanceof UsecaseError) throw err;
    return gone(path);
  }
  return { path, size };
}
