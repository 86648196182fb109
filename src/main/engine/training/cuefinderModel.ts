import { readFile } from 'node:fs/promises';
import { AFFECT_DIM, scoreToTarget } from '../../../shared/affect';
import { fitAdaptiveDcca, projectAudio, projectVideo, disposeAdaptiveDcca, type AdaptiveDcca, type AdaptiveDccaReport } from '../model/adaptiveDcca';
import { afclnetConfig, predictAfclnet, type AfclnetConfig, type AfclnetModel } from '../model/afclnet';
import { disposeBundle, loadBundle, saveBundle, type FeatureSchema } from '../model/bundle';
import { dccaConfig } from '../model/dcca';
import { AffectPredictor, trainAffectPredictor } from '../model/gbdt/affectPredictor';
import { matrix, type Matrix } from '../model/matrix';
import { PRESETS, trainAfclnet, regressionMetrics, type EpochProgress, type PresetName, type RegressionMetrics } from '../model/trainer';
import { initTf } from '../model/tfBackend';
import { AUDIO_FEATURE_VERSION } from '../audio/audioAnalyzer';
import { VIDEO_FEATURE_VERSION } from '../video/videoAnalyzer';
import type { PairRows } from './pairRows';

/** Everything that scores a music–video pair: the paper's full inference path. */
export interface CuefinderModel {
  modelVersion: string;
  dcca: AdaptiveDcca;
  afclnet: AfclnetModel;
  /** Objective features → 16-d affect, per modality (the paper's LightGBM step, here XGBoost). */
  musicAffect: AffectPredictor;
  videoAffect: AffectPredictor;
  preset: string;
  metrics: Record<string, number>;
  trainingData: Record<string, unknown>;
}

export const CURRENT_FEATURE_SCHEMA: FeatureSchema = { audio: AUDIO_FEATURE_VERSION, video: VIDEO_FEATURE_VERSION };

export interface TrainModelOptions {
  preset: PresetName;
  seed: number;
  afclnet?: Partial<AfclnetConfig>;
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

/** Fused affect predicted from objective features alone: what the model sees at inference. */
export function predictFusedAffect(model: Pick<CuefinderModel, 'musicAffect' | 'videoAffect'>, audio: Matrix, video: Matrix): { music: Matrix; video: Matrix; fused: Matrix } {
  const music = model.musicAffect.predict(audio);
  const vid = model.videoAffect.predict(video);
  const fused = matrix(audio.rows, AFFECT_DIM);
  for (let i = 0; i < fused.data.length; i++) fused.data[i] = (music.data[i] + vid.data[i]) / 2;
  return { music, video: vid, fused };
}

function meanAbs(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs(a.data[i] - b.data[i]);
  return a.data.length ? s / a.data.length : 0;
}

/**
 * Trains the paper's pipeline on the training split (validation rows steer early stopping only):
 * matching-state-adaptive DCCA, per-modality GBDT affect predictors, then AFCLNet with ground-truth
 * fused affect as its perceptual input. Validation scores AFCLNet with *predicted* affect, the
 * condition it meets at test time.
 */
export async function trainCuefinderModel(train: PairRows, val: PairRows, opts: TrainModelOptions): Promise<{ model: CuefinderModel; report: TrainReport }> {
  await initTf();
  const preset = PRESETS[opts.preset];
  opts.onStage?.('dcca', `${train.ids.length} training pairs`);
  const { model: dcca, report: dccaReport } = await fitAdaptiveDcca(
    { audio: train.audio, video: train.video, score: train.score },
    { audio: val.audio, video: val.video, score: val.score },
    { config: dccaConfig(train.audio.cols, train.video.cols, { hidden: preset.dccaHidden }), training: preset.dcca, seed: opts.seed, signal: opts.signal },
  );
  try {
    opts.onStage?.('affect', 'music and video affect predictors');
    const musicAffect = await trainAffectPredictor(train.audio, train.musicAffect, val.audio, val.musicAffect);
    const videoAffect = await trainAffectPredictor(train.video, train.videoAffect, val.video, val.videoAffect);
    const valPred = predictFusedAffect({ musicAffect, videoAffect }, val.audio, val.video);

    opts.onStage?.('afclnet', preset.name);
    const config = afclnetConfig({ audioDim: 2 * dcca.matched.config.outDim, videoDim: 2 * dcca.matched.config.outDim, ...opts.afclnet });
    const result = await trainAfclnet(
      { xa: projectAudio(dcca, train.audio), xv: projectVideo(dcca, train.video), p: train.fused, affect: train.fused, score: train.score },
      { xa: projectAudio(dcca, val.audio), xv: projectVideo(dcca, val.video), p: valPred.fused, affect: val.fused, score: val.score },
      { config, training: preset.afclnet, seed: opts.seed, onEpoch: opts.onEpoch, signal: opts.signal },
    );
    const model: CuefinderModel = {
      modelVersion: `afclnet-${preset.name}-${new Date().toISOString().slice(0, 10)}-s${opts.seed}`,
      dcca,
      afclnet: result.model,
      musicAffect,
      videoAffect,
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

/** Scores pairs from raw objective features only (predicted affect), on the 1–5 scale. */
export function scorePairs(model: CuefinderModel, audio: Matrix, video: Matrix): { score: Float32Array; affect: Matrix } {
  const p = predictFusedAffect(model, audio, video);
  const out = predictAfclnet(model.afclnet, { xa: projectAudio(model.dcca, audio), xv: projectVideo(model.dcca, video), p: p.fused });
  return { score: out.score, affect: p.fused };
}

export function evaluateModel(model: CuefinderModel, rows: PairRows): RegressionMetrics {
  const { score } = scorePairs(model, rows.audio, rows.video);
  return regressionMetrics(rows.score.map(scoreToTarget), score.map(scoreToTarget));
}

const MUSIC_AFFECT_PART = 'affect-music.json';
const VIDEO_AFFECT_PART = 'affect-video.json';

export async function saveCuefinderModel(dir: string, model: CuefinderModel): Promise<void> {
  await saveBundle(
    dir,
    {
      modelVersion: model.modelVersion,
      featureSchema: CURRENT_FEATURE_SCHEMA,
      preset: model.preset,
      metrics: model.metrics,
      createdAt: new Date().toISOString(),
      trainingData: model.trainingData,
      extras: { affectPredictor: 'XGBoost hist/lossguide per affect dimension (LightGBM substitute)' },
      dcca: model.dcca,
      afclnet: model.afclnet,
    },
    { [MUSIC_AFFECT_PART]: model.musicAffect.toJSON(), [VIDEO_AFFECT_PART]: model.videoAffect.toJSON() },
  );
}

/** Loads a model folder; refuses one trained on other feature extractor versions. */
export async function loadCuefinderModel(dir: string): Promise<CuefinderModel> {
  await initTf();
  const bundle = await loadBundle(dir, CURRENT_FEATURE_SCHEMA);
  try {
    const part = async (name: string): Promise<AffectPredictor> => {
      const path = bundle.parts[name];
      if (!path) throw new Error(`model bundle ${dir} has no ${name}`);
      return AffectPredictor.fromJSON(await readFile(path, 'utf8'), path);
    };
    return {
      modelVersion: bundle.modelVersion,
      dcca: bundle.dcca,
      afclnet: bundle.afclnet,
      musicAffect: await part(MUSIC_AFFECT_PART),
      videoAffect: await part(VIDEO_AFFECT_PART),
      preset: bundle.preset,
      metrics: bundle.metrics,
      trainingData: bundle.trainingData,
    };
  } catch (err) {
    disposeBundle(bundle);
    throw err;
  }
}

export function disposeCuefinderModel(model: CuefinderModel): void {
  disposeAdaptiveDcca(model.dcca);
  model.afclnet.params.dispose();
}
