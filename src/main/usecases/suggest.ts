import { retrievalCacheDir } from '../engine/appPaths';
import { scenesOfVideo, videosUnder } from '../engine/db/projectRepository';
import { suggestionsForScene } from '../engine/db/suggestionRepository';
import { suggestProject, type SuggestProjectResult } from '../engine/project/projectSuggester';
import { disposeCuefinderModel, featureSchemaFor, loadCuefinderModel, type CuefinderModel } from '../engine/model/cuefinderModel';
import { storing, type UsecaseContext } from './context';
import { UsecaseError } from './errors';
import { requireSlots } from './slots';
import { expectString, expectWholeNumber } from './validate';

/** Suggestions kept per scene: the bounds of `suggest --top` and the app's setting. */
export const TOP_RANGE = { min: 1, max: 50, default: 5 } as const;

/** Loads the model for the extractors in use (the embedding slots set in the environment). */
export async function loadSuggestModel(modelDir: unknown): Promise<CuefinderModel> {
  const dir = expectString(modelDir, 'The model folder');
  const schema = featureSchemaFor(await requireSlots());
  try {
    return await loadCuefinderModel(dir, schema);
  } catch (err) {
    throw new UsecaseError('no-model', `No matching model could be loaded from ${dir} (${(err as Error).message}); give a trained model's folder with --model.`);
  }
}

export interface SuggestInput {
  projectDir: unknown;
  modelDir: unknown;
  /** Suggestions per scene (TOP_RANGE). */
  top?: unknown;
  signal?: AbortSignal;
  onStage?: (stage: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/** Loads the model, suggests for every analysed scene of the project and stores the suggestions. */
export async function suggestScenes(ctx: UsecaseContext, input: SuggestInput): Promise<SuggestProjectResult> {
  const projectDir = expectString(input.projectDir, 'The project folder');
  const top = input.top === undefined ? TOP_RANGE.default : expectWholeNumber(input.top, 'The number of suggestions per scene (--top)', TOP_RANGE.min, TOP_RANGE.max);
  input.onStage?.('loading the model');
  const model = await loadSuggestModel(input.modelDir);
  try {
    input.signal?.throwIfAborted();
    input.onStage?.('suggesting');
    return await storing(ctx, () =>
      suggestProject(ctx.db, projectDir, model, { top, signal: input.signal, onProgress: input.onProgress, indexCacheDir: retrievalCacheDir(ctx.cacheDir) }),
    );
  } finally {
    disposeCuefinderModel(model);
  }
}

/** True when a scene of the project in `dir` has no stored suggestions (never suggested for, or re-cut since). */
export function scenesLackSuggestions(ctx: UsecaseContext, dir: string): boolean {
  return videosUnder(ctx.db, dir).some((v) => scenesOfVideo(ctx.db, v.id).some((s) => suggestionsForScene(ctx.db, s.id).length === 0));
}
