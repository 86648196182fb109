import { basename } from 'node:path';
import type { Db } from '../db/database';
import { saveSceneEdit, type StoredScene, type StoredVideo } from '../db/projectRepository';

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
