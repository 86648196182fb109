import type { StoredRating } from '../db/suggestionRepository';
import { projectAudio, projectVideo } from '../model/adaptiveDcca';
import { perceptualInput } from '../model/afclnet';
import { fromRows, selectRows, type Matrix } from '../model/matrix';
import { evaluateAfclnet, trainAfclnet, type AfclnetDataset, type RegressionMetrics } from '../model/trainer';
import { predictFusedAffect, type CuefinderModel } from '../model/cuefinderModel';

export interface FineTuneReport {
  ratings: number;
  /** Ratings made with other feature-extractor versions cannot be used and are skipped. */
  skippedStale: number;
  trainPairs: number;
  valPairs: number;
  before: RegressionMetrics;
  after: RegressionMetrics;
}

/** Below this many ratings nothing is held out: validation then reuses the training pairs. */
const MIN_HELD_OUT = 10;
const FINE_TUNE = { learningRate: 1e-4, batchSize: 32, maxEpochs: 50, patience: 10 };

/**
 * Fine-tunes the matching network (AFCLNet) on the editor's own 1–5 ratings; DCCA and the affect
 * predictors stay as they are. Ratings carry no affect labels, so the perceptual input and the
 * auxiliary target are the model's own predicted affect (as at inference). A fifth of the ratings
 * (seeded) steers early stopping when there are enough.
 */
export async function fineTuneOnRatings(
  model: CuefinderModel,
  ratings: readonly StoredRating[],
  opts: { seed?: number; signal?: AbortSignal } = {},
): Promise<{ model: CuefinderModel; report: FineTuneReport }> {
  const usable = ratings.filter((r) => r.audioFeatureVersion === model.featureSchema.audio && r.videoFeatureVersion === model.featureSchema.video);
  if (usable.length < 2) throw new Error(`fine-tuning needs at least 2 ratings made with the model's feature extractors (have ${usable.length} of ${ratings.length})`);
  const audio = fromRows(usable.map((r) => r.audioFeatures));
  const video = fromRows(usable.map((r) => r.videoFeatures));
  const config = model.afclnet.config;
  const { music, video: vid, fused } = predictFusedAffect(model, audio, video);
  const all: AfclnetDataset = {
    xa: projectAudio(model.dcca, audio),
    xv: projectVideo(model.dcca, video),
    p: perceptualInput(config, music, vid),
    affect: fused,
    score: Float32Array.from(usable, (r) => r.score),
  };

  let state = ((opts.seed ?? 42) * 2654435761) >>> 0 || 1;
  const order = Array.from({ length: usable.length }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const holdOut = usable.length >= MIN_HELD_OUT ? Math.max(2, Math.round(usable.length / 5)) : 0;
  const pick = (idx: number[]): AfclnetDataset => {
    const rows = (m: Matrix) => selectRows(m, idx);
    return { xa: rows(all.xa), xv: rows(all.xv), p: rows(all.p), affect: rows(all.affect), score: Float32Array.from(idx, (i) => all.score[i]) };
  };
  const train = pick(holdOut ? order.slice(holdOut) : order);
  const val = holdOut ? pick(order.slice(0, holdOut)) : train;

  const before = evaluateAfclnet(model.afclnet, val);
  const result = await trainAfclnet(train, val, { config, training: FINE_TUNE, seed: opts.seed ?? 42, init: model.afclnet, signal: opts.signal });
  return {
    model: {
      ...model,
      afclnet: result.model,
      modelVersion: `${model.modelVersion}+ft${usable.length}`,
      trainingData: { ...model.trainingData, fineTuned: { ratings: usable.length, at: new Date().toISOString() } },
    },
    report: { ratings: ratings.length, skippedStale: ratings.length - usable.length, trainPairs: train.xa.rows, valPairs: holdOut, before, after: result.metrics },
  };
}
