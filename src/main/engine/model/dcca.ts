import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CCA_REGULARISATION, type CcaRegularisation, type LinearCca } from './cca';
import { batchedForward, checkShape, dense, layerNorm } from './layers';
import type { Matrix } from './matrix';
import { biasSpec, gainSpec, Params, weightSpec, type ParamSpec } from './params';
import type { WeightMap } from './weights';

/**
 * Deep CCA (spec §5): one MLP branch per modality, input → hidden layers (Linear → ReLU → LayerNorm)
 * → linear outDim output, trained to maximise the canonical correlation of the two outputs. After
 * training, a linear CCA fitted on the training outputs turns each branch's output into canonical
 * variates, so component c of the audio projection pairs with component c of the video projection.
 * This file is the model and its inference; the training is dccaTrainer.ts's (lab code).
 */
export type Modality = 'audio' | 'video';

export interface DccaConfig {
  readonly audioDim: number;
  readonly videoDim: number;
  /** Widths of the hidden layers; the paper uses three of 1024. */
  readonly hidden: readonly number[];
  /** Width of each branch's output and of the canonical projection (40 in the paper). */
  readonly outDim: number;
  readonly regularisation: CcaRegularisation;
}

export function dccaConfig(audioDim: number, videoDim: number, overrides: Partial<Omit<DccaConfig, 'audioDim' | 'videoDim'>> = {}): DccaConfig {
  return { audioDim, videoDim, hidden: [1024, 1024, 1024], outDim: 40, regularisation: DEFAULT_CCA_REGULARISATION, ...overrides };
}

/** Paired rows of the two modalities (row i of audio goes with row i of video). */
export interface ViewPair {
  readonly audio: Matrix;
  readonly video: Matrix;
}

export interface DccaModel {
  readonly config: DccaConfig;
  readonly params: Params;
  /** The canonical projection of the branch outputs, fitted on the training outputs. */
  readonly cca: LinearCca;
}

export function dccaParamSpecs(config: DccaConfig): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (const side of ['audio', 'video'] as const) {
    let width = side === 'audio' ? config.audioDim : config.videoDim;
    config.hidden.forEach((h, i) => {
      specs.push(weightSpec(`${side}.l${i}.w`, width, h), biasSpec(`${side}.l${i}.b`, h));
      specs.push(gainSpec(`${side}.l${i}.ln.g`, h), biasSpec(`${side}.l${i}.ln.b`, h));
      width = h;
    });
    specs.push(weightSpec(`${side}.out.w`, width, config.outDim), biasSpec(`${side}.out.b`, config.outDim));
  }
  return specs;
}

/** One modality's branch: hidden layers, then the linear outDim output (before the canonical projection). */
export function branch(params: Params, config: DccaConfig, side: Modality, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  config.hidden.forEach((_, i) => {
    h = layerNorm(params, `${side}.l${i}.ln`, tf.relu(dense(params, `${side}.l${i}`, h)));
  });
  return dense(params, `${side}.out`, h);
}

/** Canonical variates (rows × outDim) of one modality: branch output, centred and projected. */
export function projectModality(model: DccaModel, side: Modality, features: Matrix, batchSize = 1024): Matrix {
  const { config, cca } = model;
  checkShape(features, `${side} features`, side === 'audio' ? config.audioDim : config.videoDim);
  const centre = side === 'audio' ? cca.mean1 : cca.mean2;
  const proj = side === 'audio' ? cca.proj1 : cca.proj2;
  return batchedForward([features], batchSize, [cca.k], ([x]) => {
    const h = branch(model.params, config, side, x);
    return [tf.matMul(tf.sub(h, tf.tensor1d(centre)), tf.tensor2d(proj, [config.outDim, cca.k]))];
  })[0];
}

/** All of a DCCA's weights (network and canonical projection) under stable names. */
export function dccaWeights(model: DccaModel): WeightMap {
  const out = model.params.toWeights();
  const { cca, config } = model;
  out.set('cca.audio.mean', { shape: [config.outDim], data: cca.mean1 });
  out.set('cca.video.mean', { shape: [config.outDim], data: cca.mean2 });
  out.set('cca.audio.proj', { shape: [config.outDim, cca.k], data: cca.proj1 });
  out.set('cca.video.proj', { shape: [config.outDim, cca.k], data: cca.proj2 });
  out.set('cca.correlations', { shape: [cca.k], data: Float32Array.from(cca.correlations) });
  return out;
}

/** Rebuilds a DCCA saved with dccaWeights; `source` names the file in errors. */
export function dccaFromWeights(config: DccaConfig, weights: WeightMap, source: string): DccaModel {
  const k = config.outDim;
  const part = (name: string, shape: number[]): Float32Array => {
    const w = weights.get(name);
    if (!w || w.shape.join('x') !== shape.join('x')) throw new Error(`${source}: weight ${name} missing or not of shape [${shape.join(', ')}]`);
    return w.data;
  };
  const cca: LinearCca = {
    mean1: part('cca.audio.mean', [config.outDim]),
    mean2: part('cca.video.mean', [config.outDim]),
    proj1: part('cca.audio.proj', [config.outDim, k]),
    proj2: part('cca.video.proj', [config.outDim, k]),
    k,
    correlations: Array.from(part('cca.correlations', [k])),
  };
  return { config, params: Params.fromWeights(dccaParamSpecs(config), weights, source), cca };
}
