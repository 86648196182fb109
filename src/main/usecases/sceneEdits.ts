import { basename, resolve } from 'node:path';
import { frameRate, secondsToFrames, timecodeToFrames } from '../../shared/time';
import { scenesOfVideo, videosUnder } from '../engine/db/projectRepository';
import { recordJoin, recordSplit, revertEdit, SceneEditError, videoUnder } from '../engine/project/sceneEdits';
import type { UsecaseContext } from './context';
import { requireScene, type SceneTarget } from './decisions';
import { UsecaseError } from './errors';
import { expectId, expectString } from './validate';

/**
 * The editor's scene corrections: split a scene at a frame, join a scene to the one before it.
 * Recorded for the video's content and applied on every later analysis (the caller analyses
 * again). The app names the scene by id within the open project; the CLI names a video of the
 * project and a time in it.
 */

export type SceneEdit = 'split' | 'join';

function recording(edit: () => void): void {
  try {
    edit();
  } catch (err) {
    if (err instanceof SceneEditError) throw new UsecaseError(err.code, err.message);
    throw err;
  }
}

/** Splits the scene at `frame` (a frame of the video, inside the scene). */
export function splitScene(ctx: UsecaseContext, input: { sceneId: unknown; frame: unknown; projectDir?: string }): SceneTarget {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  recording(() => recordSplit(ctx.db, target, input.frame as number));
  return target;
}

/** Joins the scene to the one before it. */
export function joinScene(ctx: UsecaseContext, input: { sceneId: unknown; projectDir?: string }): SceneTarget {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  recording(() => recordJoin(ctx.db, target));
  return target;
}

/** Takes back the editor's own split or join at `frame` of a video of the project. */
export function revertSceneEdit(ctx: UsecaseContext, input: { videoId: unknown; frame: unknown; projectDir: string }): void {
  const id = expectId(input.videoId, 'The video id');
  const video = videoUnder(ctx.db, input.projectDir, id);
  if (!video) throw new UsecaseError('not-found', `Video ${id} is not part of the open project.`);
  recording(() => revertEdit(ctx.db, video, input.frame as number));
}

/**
 * Applies `edit` at a time of an analysed video of the project: seconds (12.5) or a timecode at
 * the video's rate (00:00:12:12). Returns the video's path.
 */
export function editSceneAt(ctx: UsecaseContext, input: { edit: SceneEdit; projectDir: unknown; videoPath: unknown; at: unknown }): string {
  const root = resolve(expectString(input.projectDir, 'The project folder'));
  const path = resolve(expectString(input.videoPath, 'The video file'));
  const at = expectString(input.at, 'The time (--at)');
  const video = videosUnder(ctx.db, root).find((v) => v.path === path);
  if (!video) throw new UsecaseError('not-found', `${path}: not an analysed video of ${root} (run analyze first).`);
  const rate = frameRate(video.fpsNum, video.fpsDen);
  let frame: number;
  try {
    frame = /^\d+(\.\d+)?$/.test(at) ? secondsToFrames(Number(at), rate, 'floor') : timecodeToFrames(at, rate);
  } catch (err) {
    throw new UsecaseError('invalid-argument', `--at ${at}: ${(err as Error).message} (give seconds such as 12.5, or a timecode such as 00:00:12:12).`);
  }
  const scene = scenesOfVideo(ctx.db, video.id).find((s) => frame >= s.startFrame && frame < s.endFrame);
  if (!scene) throw new UsecaseError('invalid-argument', `${basename(video.path)}: ${at} is past its end (${video.frames} frames).`);
  if (input.edit === 'split') splitScene(ctx, { sceneId: scene.id, frame, projectDir: root });
  else joinScene(ctx, { sceneId: scene.id, projectDir: root });
  return video.path;
}
