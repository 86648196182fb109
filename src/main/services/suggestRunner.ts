import type { Db } from '../engine/db/database';
import { retrievalCacheDir } from '../engine/appPaths';
import { suggestProject } from '../engine/project/projectSuggester';
import { embeddingSlots } from '../engine/embedding/slots';
import { disposeCuefinderModel, featureSchemaFor, loadCuefinderModel, type CuefinderModel } from '../engine/training/cuefinderModel';
import { ServiceFailure } from './serviceFailure';

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

/** Loads the model for the extractors in use (the embedding slots set in the environment). */
export async function loadModelForSuggest(dir: string): Promise<CuefinderModel> {
  try {
    return await loadCuefinderModel(dir, featureSchemaFor(await embeddingSlots()));
  } catch (err) {
    throw new ServiceFailure('no-model', `No matching model could be loaded from ${dir} (${(err as Error).message}). Start Cuefinder with --model <folder> pointing at a trained model.`);
  }
}

/** Loads the model, suggests for every scene, stores the suggestions; the caller owns db. */
export async function runSuggestStep(db: Db, input: SuggestRunInput, hooks: SuggestRunHooks): Promise<SuggestRunOutcome> {
  hooks.onStage('loading the model');
  const model = await loadModelForSuggest(input.modelDir);
  try {
    hooks.signal.throwIfAborted();
    hooks.onStage('suggesting');
    const result = await suggestProject(db, input.projectDir, model, {
      top: input.top,
      signal: hooks.signal,
      onProgress: hooks.onProgress,
      indexCacheDir: retrievalCacheDir(input.cacheDir),
    });
    return {
      modelVersion: result.model.version,
      scenes: result.scenes.length,
      suggestions: result.scenes.reduce((n, s) => n + s.suggestions.length, 0),
      librarySegments: result.librarySegments,
    };
  } finally {
    disposeCuefinderModel(model);
  }
}

/** Suggests on the calling thread (it blocks the event loop while scoring: for tests and the CLI). */
export function inProcessSuggestRunner(db: Db): SuggestRunner {
  return (input, hooks) => runSuggestStep(db, input, hooks);
}
