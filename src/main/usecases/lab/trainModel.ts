import { join, resolve } from 'node:path';
import { SPLIT_SEED } from '../../engine/data/datasetFormat';
import type { EpochProgress, PresetName } from '../../engine/model/trainer';
import { disposeCuefinderModel, featureSchemaFor, saveCuefinderModel } from '../../engine/model/cuefinderModel';
import { evaluateModel, MODEL_VARIANTS, trainCuefinderModel, type ModelVariant } from '../../engine/training/cuefinderModel';
import { PRESET_NAMES } from '../../engine/training/evaluation';
import { UsecaseError } from '../errors';
import { requireSlots } from '../slots';
import { expectOneOf, expectSeed, expectString } from '../validate';
import { loadLabRows, type DatasetRowsInput, type LabContext } from './datasetRows';

export interface TrainInput extends DatasetRowsInput {
  /** fast (minutes on CPU) or paper (the published schedule); default fast. */
  preset?: unknown;
  /** A MODEL_VARIANTS name; default cuefinder (the shipped variant). */
  variant?: unknown;
  seed?: unknown;
  /** The model folder to write; by default <data folder>/models/<its version>. */
  out?: unknown;
  onStage?: (stage: string, detail?: string) => void;
  onEpoch?: (e: EpochProgress) => void;
}

export interface TrainedModel {
  /** The folder the model was written to. */
  model: string;
  modelVersion: string;
  metrics: Record<string, number>;
  bestEpoch: number;
  wallSeconds: number;
}

/**
 * Trains the matching model (the whole AFCLNet pipeline) on a dataset folder's train split, keeps
 * the epoch best on validation, scores it on the test split and writes it as a model folder.
 * Every argument is checked before the features are extracted.
 */
export async function trainOnDataset(ctx: LabContext, input: TrainInput): Promise<TrainedModel> {
  const preset: PresetName = input.preset === undefined ? 'fast' : expectOneOf(input.preset, PRESET_NAMES, 'The training preset (--preset)');
  const variantName: ModelVariant = input.variant === undefined ? 'cuefinder' : expectOneOf(input.variant, Object.keys(MODEL_VARIANTS) as ModelVariant[], 'The model variant (--variant)');
  const seed = input.seed === undefined ? 42 : expectSeed(input.seed);
  const out = input.out === undefined ? undefined : resolve(expectString(input.out, 'The model folder to write (--out)'));
  const started = performance.now();
  const { dataDir, rows } = await loadLabRows(ctx, input);
  const { train, val, test } = rows;
  if (train.ids.length < 20 || val.ids.length < 2) throw new UsecaseError('failed', `Too few usable pairs to train (train ${train.ids.length}, val ${val.ids.length}).`);
  const variant = MODEL_VARIANTS[variantName];
  const { model, report } = await trainCuefinderModel(train, val, {
    preset,
    seed,
    featureSchema: featureSchemaFor(await requireSlots()),
    afclnet: variant.afclnet,
    training: variant.training,
    signal: input.signal,
    onStage: input.onStage,
    onEpoch: input.onEpoch,
  }).catch((err: unknown) => {
    input.signal?.throwIfAborted();
    throw new UsecaseError('failed', `Training failed: ${(err as Error).message}`);
  });
  try {
    const testMetrics = test.ids.length ? evaluateModel(model, test) : undefined;
    model.metrics = {
      valMae: report.val.mae,
      valMse: report.val.mse,
      valR2: report.val.r2,
      ...(testMetrics ? { testMae: testMetrics.mae, testMse: testMetrics.mse, testR2: testMetrics.r2 } : {}),
      musicAffectMae: report.affectMae.music,
      videoAffectMae: report.affectMae.video,
      dccaMatchedValCorr: report.dcca.matched.valCorrelation,
      dccaUnmatchedValCorr: report.dcca.unmatched.valCorrelation,
    };
    model.trainingData = {
      dataset: dataDir,
      meta: rows.dataset.meta,
      pairs: { train: train.ids.length, val: val.ids.length, test: test.ids.length },
      splitSeed: SPLIT_SEED,
      seed,
      variant: variantName,
    };
    const folder = out ?? join(dataDir, 'models', model.modelVersion);
    await saveCuefinderModel(folder, model);
    return { model: folder, modelVersion: model.modelVersion, metrics: model.metrics, bestEpoch: report.bestEpoch, wallSeconds: (performance.now() - started) / 1000 };
  } finally {
    disposeCuefinderModel(model);
  }
}
