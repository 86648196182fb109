import { scoreToTarget } from '../../../shared/affect';
import { disposeAdaptiveDcca } from '../model/adaptiveDcca';
import { afclnetConfig, perceptualInput, type AfclnetConfig } from '../model/afclnet';
import type { FeatureSchema } from '../model/bundle';
import { CURRENT_FEATURE_SCHEMA, predictFusedAffect, scorePairs, type CuefinderModel } from '../model/cuefinderModel';
import type { AdaptiveDccaReport } from '../model/dccaTrainer';
import { trainAffectPredictor } from '../model/gbdt/affectTrainer';
import type { Matrix } from '../model/matrix';
import { PRESETS, trainAfclnet, regressionMetrics, type EpochProgress, type PresetName, type RegressionMetrics, type TrainAfclnetResult, type AfclnetTraining } from '../model/trainer';
import { initTf } from '../model/tfBackend';
import type { PairRows } from './pairRows';
import { adaptiveDccaReduction, fitPresetAdaptiveDcca, type FeatureReduction } from './reduction';

/**
 * Named model variants. 'paper' is AFCLNet as published (fused affect, objective and perceptual
 * inputs). 'cuefinder' is the variant chosen on SynthAffect's validation split (docs/results.md):
 * per-modality affect with agreement terms, perceptual path only (the DCCA projections still drive
 * first-stage retrieval), trained longer.
 */
export const MODEL_VARIANTS = {
  paper: { afclnet: {}, training: {} },
  cuefinder: { afclnet: { perceptual: 'pair', inputs: 'perceptual' }, training: { maxEpochs: 200, patience: 20 } },
} as const satisfies Record<string, { afclnet: Partial<AfclnetConfig>; training: Partial<AfclnetTraining> }>;
export type ModelVariant = keyof typeof MODEL_VARIANTS;

/** The two per-modality affect predictors (plain JS trees: nothing to dispose). */
export type AffectPredictors = Pick<CuefinderModel, 'musicAffect' | 'videoAffect'>;

export interface TrainModelOptions {
  preset: PresetName;
  seed: number;
  /** Versions of the feature vectors in the rows (featureSchemaFor the slots used); default: no embeddings. */
  featureSchema?: FeatureSchema;
  afclnet?: Partial<AfclnetConfig>;
  /** Overrides of the preset's AFCLNet schedule (learning rate, batch, epochs, patience). */
  training?: Partial<AfclnetTraining>;
  /**
   * Affect predictors already trained on these same train/val rows, reused instead of retrained
   * (their training does not depend on the seed, so repeated runs can share them).
   */
  affect?: AffectPredictors;
  signal?: AbortSignal;
  onStage?: (stage: string, detail?: string) => void;
  onEpoch?: (p: EpochProgress) => void;
}

export interface TrainReport {
  dcca: AdaptiveDccaReport;
  bestEpoch: number;
  val: RegressionMetrics;
  affectMae: { music: number; video: number };
}

function meanAbs(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i] - b.data[i]);
  return a.data.length ? s / a.data.length : 0;
}

/** Per-modality affect predictors fitted on the training split, early-stopped on the validation split. */
export async function trainAffectPredictors(train: PairRows, val: PairRows): Promise<AffectPredictors> {
  const musicAffect = await trainAffectPredictor(train.audio, train.musicAffect, val.audio, val.musicAffect);
  const videoAffect = await trainAffectPredictor(train.video, train.videoAffect, val.video, val.videoAffect);
  return { musicAffect, videoAffect };
}

export interface MatchingHeadOptions {
  preset: PresetName;
  seed: number;
  afclnet?: Partial<AfclnetConfig>;
  /** Overrides of the preset's AFCLNet schedule (learning rate, batch, epochs, patience). */
  training?: Partial<AfclnetTraining>;
  signal?: AbortSignal;
  onEpoch?: (p: EpochProgress) => void;
}

/**
 * The AFCLNet step on top of a fitted reduction: trained with ground-truth fused affect as its
 * perceptual input; validation (early stopping) uses *predicted* affect, the condition it meets at
 * test time. Returns the predicted validation affect for the caller's reports.
 */
export async function trainMatchingHead(
  reduction: Pick<FeatureReduction, 'audio' | 'video' | 'audioDim' | 'videoDim'>,
  affect: AffectPredictors,
  train: PairRows,
  val: PairRows,
  opts: MatchingHeadOptions,
): Promise<{ result: TrainAfclnetResult; valPred: ReturnType<typeof predictFusedAffect> }> {
  const valPred = predictFusedAffect(affect, val.audio, val.video);
  const config = afclnetConfig({ audioDim: reduction.audioDim, videoDim: reduction.videoDim, ...opts.afclnet });
  const result = await trainAfclnet(
    { xa: reduction.audio(train.audio), xv: reduction.video(train.video), p: perceptualInput(config, train.musicAffect, train.videoAffect), affect: train.fused, score: train.score },
    { xa: reduction.audio(val.audio), xv: reduction.video(val.video), p: perceptualInput(config, valPred.music, valPred.video), affect: val.fused, score: val.score },
    { config, training: { ...PRESETS[opts.preset].afclnet, ...opts.training }, seed: opts.seed, onEpoch: opts.onEpoch, signal: opts.signal },
  );
  return { result, valPred };
}

/**
 * Trains the paper's pipeline on the training split (validation rows steer early stopping only):
 * matching-state-adaptive DCCA, per-modality GBDT affect predictors (or `opts.affect`), then AFCLNet
 * with ground-truth fused affect as its perceptual input (`trainMatchingHead`).
 */
export async function trainCuefinderModel(train: PairRows, val: PairRows, opts: TrainModelOptions): Promise<{ model: CuefinderModel; report: TrainReport }> {
  await initTf();
  const preset = PRESETS[opts.preset];
  opts.onStage?.('dcca', `${train.ids.length} training pairs`);
  const { dcca, report: dccaReport } = await fitPresetAdaptiveDcca(train, val, { preset: opts.preset, seed: opts.seed, signal: opts.signal });
  try {
    let affect = opts.affect;
    if (!affect) {
      opts.onStage?.('affect', 'music and video affect predictors');
      affect = await trainAffectPredictors(train, val);
    }
    opts.onStage?.('afclnet', preset.name);
    const { result, valPred } = await trainMatchingHead(adaptiveDccaReduction(dcca), affect, train, val, opts);
    const model: CuefinderModel = {
      modelVersion: `afclnet${result.model.config.perceptual === 'pair' ? '-pair' : ''}-${preset.name}-${new Date().toISOString().slice(0, 10)}-s${opts.seed}`,
      featureSchema: opts.featureSchema ?? CURRENT_FEATURE_SCHEMA,
      dcca,
      afclnet: result.model,
      musicAffect: affect.musicAffect,
      videoAffect: affect.videoAffect,
      preset: preset.name,
      metrics: {},
      trainingData: {},
    };
    return {
      model,
      report: {
        dcca: dccaReport,
        bestEpoch: result.bestEpoch,
        val: result.metrics,
        affectMae: { music: meanAbs(valPred.music, val.musicAffect), video: meanAbs(valPred.video, val.videoAffect) },
      },
    };
  } catch (err) {
    disposeAdaptiveDcca(dcca);
    throw err;
  }
}

export function evaluateModel(model: CuefinderModel, rows: PairRows): RegressionMetrics {
  const { score } = scorePairs(model, rows.audio, rows.video);
  return regressionMetrics(rows.score.map(scoreToTarget), score.map(scoreToTarget));
}

