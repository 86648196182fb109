import { basename } from 'node:path';
import type { Db } from '../db/database';
import { isInsideFolder } from '../insideFolder';
import { deleteSceneEdit, getScene, getVideo, saveSceneEdit, type StoredScene, type StoredVideo } from '../db/projectRepository';

/** A correction that cannot be made, in words for the editor; `code` says whether the scene was not found or the request was wrong. */
export class SceneEditError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-argument',
    message: string,
  ) {
    super(message);
    this.name = 'SceneEditError';
  }
}

/**
 * A video of the project in `root`: analysed as part of it and inside it by the one rule
 * (isInsideFolder: links followed), or undefined.
 */
export function videoUnder(db: Db, root: string, videoId: number): StoredVideo | undefined {
  const video = getVideo(db, videoId);
  return video && video.status === 'ok' && video.root === root && isInsideFolder(root, video.path) ? video : undefined;
}

/** A scene of a video of the project in `root` (videoUnder). */
export function sceneUnder(db: Db, root: string, sceneId: number): { scene: StoredScene; video: StoredVideo } {
  const scene = getScene(db, sceneId);
  const video = scene && videoUnder(db, root, scene.videoId);
  if (!scene || !video) throw new SceneEditError('not-found', `Scene ${sceneId} is not a scene of the open project.`);
  return { scene, video };
}

/**
 * Records a cut at `frame` inside the scene (after its first frame, before its end). The cut is
 * kept for the file's content and applied on every later analysis; analyse the video to see it.
 */
export function recordSplit(db: Db, target: { scene: StoredScene; video: StoredVideo }, frame: number): void {
  const { scene, video } = target;
  if (!Number.isSafeInteger(frame) || frame <= scene.startFrame || frame >= scene.endFrame) {
    throw new SceneEditError(
      'invalid-argument',
      `A scene is split inside it: frame ${JSON.stringify(frame)} is not after the first (${scene.startFrame}) and before the end (${scene.endFrame}) of scene ${scene.index + 1} of ${basename(video.path)}.`,
    );
  }
  saveSceneEdit(db, video.fingerprint, frame, 'cut');
}

/** Records that the scene's start is no boundary: it joins the scene before it (also taking back a cut the editor made there). */
export function recordJoin(db: Db, target: { scene: StoredScene; video: StoredVideo }): void {
  const { scene, video } = target;
  if (scene.index === 0) throw new SceneEditError('invalid-argument', `Scene 1 of ${basename(video.path)} starts the video: there is no scene before it to join.`);
  saveSceneEdit(db, video.fingerprint, scene.startFrame, 'no-cut');
}

/**
 * Takes back the editor's correction at `frame` of the video (a split or a join made there), so the
 * detector's own result stands at that frame again; analyse the video to see it.
 */
export function revertEdit(db: Db, video: StoredVideo, frame: number): void {
  if (!Number.isSafeInteger(frame) || !deleteSceneEdit(db, video.fingerprint, frame)) {
    throw new SceneEditError('not-found', `There is no split or join of yours at frame ${JSON.stringify(frame)} of ${basename(video.path)} to take back.`);
  }
}
