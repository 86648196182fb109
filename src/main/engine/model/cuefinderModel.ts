import { readFile } from 'node:fs/promises';
import { AFFECT_DIM } from '../../../shared/affect';
import { AUDIO_FEATURE_VERSION } from '../audio/audioAnalyzer';
import { embeddingFeatureVersion } from '../embedding/featureVersion';
import type { EmbeddingSlots } from '../embedding/slots';
import { VIDEO_FEATURE_VERSION } from '../video/videoAnalyzer';
import { disposeAdaptiveDcca, projectAudio, projectVideo, type AdaptiveDcca } from './adaptiveDcca';
import { perceptualInput, predictAfclnet, type AfclnetModel } from './afclnet';
import { disposeBundle, loadBundle, saveBundle, type FeatureSchema } from './bundle';
import { AffectPredictor } from './gbdt/affectPredictor';
import { matrix, type Matrix } from './matrix';
import { initTf } from './tfBackend';

/*
 * The shipped matching model as the product uses it: what it is, how it scores pairs, and its
 * model folder (save, load, dispose). Training it is engine/training/cuefinderModel.ts's (lab code,
 * which the product's suggest path never imports: eslint-rules/layers.js).
 */

/** Everything that scores a music–video pair: the paper's full inference path. */
export interface CuefinderModel {
  modelVersion: string;
  /** The feature extractor versions (with any embedding model) of the vectors it takes. */
  featureSchema: FeatureSchema;
  dcca: AdaptiveDcca;
  afclnet: AfclnetModel;
  /** Objective features → 16-d affect, per modality (the paper's LightGBM step, here XGBoost). */
  musicAffect: AffectPredictor;
  videoAffect: AffectPredictor;
  preset: string;
  metrics: Record<string, number>;
  trainingData: Record<string, unknown>;
}

/** The feature versions the extractors produce with these embedding slots filled (none: the base versions). */
export function featureSchemaFor(slots: EmbeddingSlots = {}): FeatureSchema {
  return { audio: embeddingFeatureVersion(AUDIO_FEATURE_VERSION, slots.audio), video: embeddingFeatureVersion(VIDEO_FEATURE_VERSION, slots.video) };
}

export const CURRENT_FEATURE_SCHEMA: FeatureSchema = featureSchemaFor();

/** Fused affect predicted from objective features alone: what the model sees at inference. */
export function predictFusedAffect(model: Pick<CuefinderModel, 'musicAffect' | 'videoAffect'>, audio: Matrix, video: Matrix): { music: Matrix; video: Matrix; fused: Matrix } {
  const music = model.musicAffect.predict(audio);
  const vid = model.videoAffect.predict(video);
  const fused = matrix(audio.rows, AFFECT_DIM);
  for (let i = 0; i < fused.data.length; i++) fused.data[i] = (music.data[i] + vid.data[i]) / 2;
  return { music, video: vid, fused };
}

/** Scores pairs from raw objective features only (predicted affect), on the 1–5 scale. */
export function scorePairs(model: CuefinderModel, audio: Matrix, video: Matrix): { score: Float32Array; affect: Matrix } {
  const p = predictFusedAffect(model, audio, video);
  const out = predictAfclnet(model.afclnet, { xa: projectAudio(model.dcca, audio), xv: projectVideo(model.dcca, video), p: perceptualInput(model.afclnet.config, p.music, p.video) });
  return { score: out.score, affect: p.fused };
}

const MUSIC_AFFECT_PART = 'affect-music.json';
const VIDEO_AFFECT_PART = 'affect-video.json';

export async function saveCuefinderModel(dir: string, model: CuefinderModel): Promise<void> {
  await saveBundle(
    dir,
    {
      modelVersion: model.modelVersion,
      featureSchema: model.featureSchema,
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

/**
 * Loads a model folder; refuses one trained on other feature extractor versions than `expected`
 * (featureSchemaFor the embedding slots in use; by default, none).
 */
export async function loadCuefinderModel(dir: string, expected: FeatureSchema = CURRENT_FEATURE_SCHEMA): Promise<CuefinderModel> {
  await initTf();
  const bundle = await loadBundle(dir, expected);
  try {
    const part = async (name: string): Promise<AffectPredictor> => {
      const path = bundle.parts[name];
      if (!path) throw new Error(`model bundle ${dir} has no ${name}`);
      return AffectPredictor.fromJSON(await readFile(path, 'utf8'), path);
    };
    return {
      modelVersion: bundle.modelVersion,
      featureSchema: bundle.featureSchema,
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
