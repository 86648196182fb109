import { resolve } from 'node:path';
import { assertAudioEmbeddingInput } from './audioEmbedding';
import { loadEmbeddingModel, type EmbeddingModel } from './embeddingModel';
import { videoClipGeometry } from './videoEmbedding';

/** The optional deep-embedding models; a slot is absent unless its variable names a model folder. */
export interface EmbeddingSlots {
  audio?: EmbeddingModel;
  video?: EmbeddingModel;
}

export const AUDIO_EMBEDDING_VAR = 'CUEFINDER_AUDIO_EMBEDDING';
export const VIDEO_EMBEDDING_VAR = 'CUEFINDER_VIDEO_EMBEDDING';

const loaded = new Map<string, Promise<EmbeddingModel>>();

/**
 * Loads the models named by CUEFINDER_AUDIO_EMBEDDING / CUEFINDER_VIDEO_EMBEDDING (folders with a
 * TF.js layers model.json), once per folder per process. A slot whose model cannot feed it (an
 * audio model that does not take a 96 × 64 patch, a video model that does not take RGB frames)
 * throws; so does a folder that does not hold a loadable model. A failed load is not cached.
 */
export async function embeddingSlots(env: Record<string, string | undefined> = process.env): Promise<EmbeddingSlots> {
  const [audio, video] = await Promise.all([
    slot(env[AUDIO_EMBEDDING_VAR], assertAudioEmbeddingInput),
    slot(env[VIDEO_EMBEDDING_VAR], (m) => void videoClipGeometry(m)),
  ]);
  return { ...(audio && { audio }), ...(video && { video }) };
}

async function slot(dir: string | undefined, assertFits: (model: EmbeddingModel) => void): Promise<EmbeddingModel | undefined> {
  if (dir === undefined || dir.trim() === '') return undefined;
  const folder = resolve(dir);
  let pending = loaded.get(folder);
  if (!pending) {
    pending = loadEmbeddingModel(folder);
    loaded.set(folder, pending);
    pending.catch(() => loaded.delete(folder));
  }
  const model = await pending;
  assertFits(model);
  return model;
}

