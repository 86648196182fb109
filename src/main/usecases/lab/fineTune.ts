import { join, resolve } from 'node:path';
import { defaultDataDir } from '../../engine/appPaths';
import { allRatings } from '../../engine/db/suggestionRepository';
import { disposeCuefinderModel, saveCuefinderModel } from '../../engine/model/cuefinderModel';
import { fineTuneOnRatings, type FineTuneReport } from '../../engine/training/ratingsFineTune';
import type { UsecaseContext } from '../context';
import { UsecaseError } from '../errors';
import { loadSuggestModel } from '../suggest';
import { expectSeed, expectString } from '../validate';

export interface FineTuneInput {
  /** The model to start from (a model folder). */
  modelDir: unknown;
  /** The folder to write the fine-tuned model to; by default <data folder>/models/<its version>. */
  out?: unknown;
  seed?: unknown;
  signal?: AbortSignal;
}

export interface FineTuned extends FineTuneReport {
  /** The folder the fine-tuned model was written to. */
  model: string;
  modelVersion: string;
}

/**
 * Fine-tunes the matching model on the editor's own ratings (`rate`, the app's stars) and writes it
 * as a new model folder; the model it started from is left as it was.
 */
export async function fineTuneOnYourRatings(ctx: UsecaseContext, input: FineTuneInput): Promise<FineTuned> {
  const seed = input.seed === undefined ? 42 : expectSeed(input.seed);
  const out = input.out === undefined ? undefined : resolve(expectString(input.out, 'The model folder to write (--out)'));
  const ratings = allRatings(ctx.db);
  if (!ratings.length) throw new UsecaseError('failed', 'No ratings are stored yet: rate suggestions first (cuefinder rate --scene ID --track ID --score 1..5, or the stars in the app).');
  const base = await loadSuggestModel(input.modelDir);
  try {
    const { model, report } = await fineTuneOnRatings(base, ratings, { seed, signal: input.signal });
    try {
      const folder = out ?? join(defaultDataDir(), 'models', model.modelVersion);
      await saveCuefinderModel(folder, { ...model, metrics: { ...base.metrics, fineTuneValMaeBefore: report.before.mae, fineTuneValMaeAfter: report.after.mae } });
      return { model: folder, modelVersion: model.modelVersion, ...report };
    } finally {
      model.afclnet.params.dispose();
    }
  } finally {
    disposeCuefinderModel(base);
  }
}
