import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEmbeddingModel, type EmbeddingModel } from '../../../src/main/engine/embedding/embeddingModel';

/** A VGGish-shaped stand-in: one 96 × 64 log-mel patch → 8 values. */
export function tinyAudioModel(inputShape: (number | null)[] = [96, 64, 1]): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 6, kernelSize: 5, strides: 3, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 8, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** A TimeSformer-shaped stand-in: 4 frames of 32 × 32 RGB → 6 values. */
export function tinyClipModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv3d({ inputShape: [4, 32, 32, 3], filters: 4, kernelSize: 3, strides: 2, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 6, kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }) }),
    ],
  });
}

/** An image-model stand-in: one 32 × 32 RGB frame → 5 values. */
export function tinyFrameModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [32, 32, 3], filters: 4, kernelSize: 3, strides: 2, activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 5, kernelInitializer: tfl.initializers.glorotUniform({ seed: 6 }) }),
    ],
  });
}

/** Writes `model` as model.json + weights.bin, the TF.js layers format tensorflowjs_converter also writes. */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save({
    save: async (artifacts) => {
      const data = artifacts.weightData ?? new ArrayBuffer(0);
      const bytes = Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
      writeFileSync(join(dir, 'weights.bin'), Buffer.from(bytes));
      const manifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }];
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', generatedBy: 'cuefinder test', modelTopology: artifacts.modelTopology, weightsManifest: manifest }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
}

/** The in-memory model's output for `input`, row by row. */
export function predictRows(model: tfl.LayersModel, input: tf.Tensor): number[][] {
  return tf.tidy(() => (model.predict(input) as tf.Tensor).arraySync() as number[][]);
}

/** Saves a freshly built model into `parent/name` and loads it back through the slot's loader. */
export async function saveAndLoad(parent: string, name: string, build: () => tfl.LayersModel): Promise<EmbeddingModel> {
  const dir = join(parent, name);
  mkdirSync(dir);
  await saveModel(build(), dir);
  return loadEmbeddingModel(dir);
}
