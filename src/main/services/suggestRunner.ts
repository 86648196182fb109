import type { Db } from '../engine/db/database';
import type { UsecaseContext } from '../usecases/context';
import { suggestScenes } from '../usecases/suggest';

export interface SuggestRunInput {
  projectDir: string;
  modelDir: string;
  top: number;
  /** The session's cache folder (the retrieval index is kept there between runs). */
  cacheDir: string;
}

export interface SuggestRunOutcome {
  modelVersion: string;
  scenes: number;
  suggestions: number;
  librarySegments: number;
}

export interface SuggestRunHooks {
  signal: AbortSignal;
  onStage(stage: string): void;
  onProgress(done: number, total: number): void;
}

/** Runs the suggest step of a project: in this thread (tests) or in a worker thread (the app). */
export type SuggestRunner = (input: SuggestRunInput, hooks: SuggestRunHooks) => Promise<SuggestRunOutcome>;

/** Suggests for the project and stores the suggestions (the use case); the caller owns the context. */
export async function runSuggestStep(ctx: UsecaseContext, input: SuggestRunInput, hooks: SuggestRunHooks): Promise<SuggestRunOutcome> {
  const result = await suggestScenes(ctx, { projectDir: input.projectDir, modelDir: input.modelDir, top: input.top, ...hooks });
  return {
    modelVersion: result.model.version,
    scenes: result.scenes.length,
    suggestions: result.scenes.reduce((n, s) => n + s.suggestions.length, 0),
    librarySegments: result.librarySegments,
  };
}

/** Suggests on the calling thread (it blocks the event loop while scoring: for tests and the CLI). */
export function inProcessSuggestRunner(db: Db): SuggestRunner {
  return (input, hooks) => runSuggestStep({ db, dbPath: db.name, cacheDir: input.cacheDir }, input, hooks);
}
