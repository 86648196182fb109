import type { JobProgress } from '../engine/jobs/progress';
import { analyzeProject, type AnalyzeProjectResult } from '../engine/project/projectAnalyzer';
import { storing, type UsecaseContext } from './context';
import { requireSlots } from './slots';
import { expectNumber, expectString } from './validate';

/** A scene longer than this is no scene cut at all; the bound only keeps typos out. */
const MAX_MIN_SCENE_SEC = 600;

export interface AnalyzeFootageInput {
  projectDir: unknown;
  /** 0..1, higher finds more cuts; default 0.5. */
  sensitivity?: unknown;
  /** Shortest scene in seconds, above 0 (a 0 would allow scenes shorter than a frame); default 0.6. */
  minSceneLengthSec?: unknown;
  /** Try videos that failed before again, also those whose failure was the file's content. */
  retryFailed?: boolean;
  /** Make a playable proxy for each video a browser cannot decode (the app asks; the CLI does not). */
  playableProxies?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/** Analyses a project folder incrementally (scenes, thumbnails, features), for `analyze` and the app alike. */
export async function analyzeFootage(ctx: UsecaseContext, input: AnalyzeFootageInput): Promise<AnalyzeProjectResult> {
  const projectDir = expectString(input.projectDir, 'The project folder');
  const sensitivity = input.sensitivity === undefined ? undefined : expectNumber(input.sensitivity, 'The scene-cut sensitivity (--sensitivity)', 0, 1);
  const minSceneLengthSec =
    input.minSceneLengthSec === undefined ? undefined : expectNumber(input.minSceneLengthSec, 'The shortest scene in seconds (--min-scene-len)', 0, MAX_MIN_SCENE_SEC, { above: true });
  const { video } = await requireSlots();
  return storing(ctx, () => analyzeProject(ctx.db, projectDir, { videoEmbedding: video, cacheDir: ctx.cacheDir, sensitivity, minSceneLengthSec, retryFailed: input.retryFailed === true, playableProxies: input.playableProxies === true, signal: input.signal, onProgress: input.onProgress }));
}
