import * as tf from '@tensorflow/tfjs-core';
import { canonicalCorrelations, ccaLoss, DEFAULT_CCA_REGULARISATION, fitLinearCca, toMat, type CcaRegularisation, type LinearCca } from './cca';
import { checkShape, dense, gatherTensor, layerNorm } from './layers';
import type { Matrix } from './matrix';
import { biasSpec, gainSpec, Params, weightSpec, type ParamSpec } from './params';
import { createRng, deriveSeed } from './rng';
import { batchedForward, EarlyStopping, miniBatches, yieldToEventLoop } from './training';
import type { WeightMap } from './weights';

/**
 * Deep CCA (spec §5): one MLP branch per modality, input → hidden layers (Linear → ReLU → LayerNorm)
 * → linear outDim output, trained to maximise the canonical correlation of the two outputs. After
 * training, a linear CCA fitted on the training outputs turns each branch's output into canonical
 * variates, so component c of the audio projection pairs with component c of the video projection.
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

export interface DccaTraining {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  /** Epochs without a better validation correlation before stopping. */
  readonly patience: number;
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

export interface DccaEpoch {
  readonly epoch: number;
  /** Mean canonical correlation per component over this epoch's training batches. */
  readonly trainCorrelation: number;
  /** Mean held-out canonical correlation per component (projection fitted on the training set). */
  readonly valCorrelation: number;
}

export interface DccaFitReport {
  readonly epochs: number;
  readonly bestEpoch: number;
  /** Mean canonical correlation per component of the kept model on the training set. */
  readonly trainCorrelation: number;
  /** Same on the validation set, with the projection fitted on the training set. */
  readonly valCorrelation: number;
  /** Per-component validation correlations, strongest first. */
  readonly valComponents: number[];
}

export interface FitDccaOptions {
  readonly config: DccaConfig;
  readonly training: DccaTraining;
  readonly seed: number;
  readonly onEpoch?: (e: DccaEpoch) => void;
  readonly signal?: AbortSignal;
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

function branch(params: Params, config: DccaConfig, side: Modality, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  config.hidden.forEach((_, i) => {
    h = layerNorm(params, `${side}.l${i}.ln`, tf.relu(dense(params, `${side}.l${i}`, h)));
  });
  return dense(params, `${side}.out`, h);
}

/** The raw branch outputs (before the canonical projection) for all rows. */
function branchOutputs(params: Params, config: DccaConfig, side: Modality, m: Matrix): Matrix {
  return batchedForward([m], 1024, [config.outDim], ([x]) => [branch(params, config, side, x)])[0];
}

function fitProjection(params: Params, config: DccaConfig, data: ViewPair): LinearCca {
  const a = branchOutputs(params, config, 'audio', data.audio);
  const v = branchOutputs(params, config, 'video', data.video);
  return fitLinearCca(toMat(a.data, a.rows, a.cols), toMat(v.data, v.rows, v.cols), config.regularisation);
}

function heldOutCorrelations(params: Params, config: DccaConfig, cca: LinearCca, data: ViewPair): number[] {
  const a = branchOutputs(params, config, 'audio', data.audio);
  const v = branchOutputs(params, config, 'video', data.video);
  return canonicalCorrelations(cca, toMat(a.data, a.rows, a.cols), toMat(v.data, v.rows, v.cols));
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

function checkPair(pair: ViewPair, config: DccaConfig, what: string, minRows: number): void {
  checkShape(pair.audio, `${what} audio features`, config.audioDim);
  checkShape(pair.video, `${what} video features`, config.videoDim, pair.audio.rows);
  if (pair.audio.rows < minRows) throw new Error(`${what} set has ${pair.audio.rows} pairs; DCCA needs at least ${minRows}`);
}

/**
 * Trains one DCCA with Adam, keeping the weights of the epoch with the best validation correlation.
 * Throws the signal's reason when aborted (no model is returned then; nothing leaks).
 */
export async function fitDcca(train: ViewPair, val: ViewPair, options: FitDccaOptions): Promise<{ model: DccaModel; report: DccaFitReport }> {
  const { config, training } = options;
  // More rows than output dimensions, or the covariance estimate is singular and the objective saturates.
  checkPair(train, config, 'training', config.outDim + 2);
  checkPair(val, config, 'validation', 3);
  const params = Params.init(dccaParamSpecs(config), deriveSeed(options.seed, 'init'));
  const optimizer = tf.train.adam(training.learningRate);
  const loss = ccaLoss(config.regularisation);
  const rng = createRng(deriveSeed(options.seed, 'batches'));
  const stopping = new EarlyStopping(training.patience);
  const k = config.outDim;
  let best: { weights: Float32Array[]; cca: LinearCca } | null = null;
  let epochs = 0;
  try {
    for (let epoch = 0; epoch < training.maxEpochs; epoch++) {
      options.signal?.throwIfAborted();
      let corrSum = 0;
      const batches = miniBatches(rng, train.audio.rows, training.batchSize);
      for (const idx of batches) {
        const cost = optimizer.minimize(() => {
          const a = branch(params, config, 'audio', gatherTensor(train.audio, idx));
          const v = branch(params, config, 'video', gatherTensor(train.video, idx));
          return loss(a, v);
        }, true, params.variables());
        corrSum += -(cost as tf.Scalar).dataSync()[0] / k;
        cost?.dispose();
        // Lets an abort (or a progress message) arrive between batches, not only between epochs.
        await yieldToEventLoop();
        options.signal?.throwIfAborted();
      }
      const cca = fitProjection(params, config, train);
      const valCorrelation = mean(heldOutCorrelations(params, config, cca, val));
      epochs = epoch + 1;
      if (stopping.record(epoch, -valCorrelation)) best = { weights: params.snapshot(), cca };
      options.onEpoch?.({ epoch, trainCorrelation: corrSum / batches.length, valCorrelation });
      if (stopping.shouldStop(epoch)) break;
    }
    options.signal?.throwIfAborted();
  } catch (err) {
    params.dispose();
    throw err;
  } finally {
    optimizer.dispose();
  }
  if (!best) {
    params.dispose();
    throw new Error('DCCA training never reached a finite validation correlation (diverged or maxEpochs < 1)');
  }
  params.restore(best.weights);
  const model: DccaModel = { config, params, cca: best.cca };
  const valComponents = heldOutCorrelations(params, config, model.cca, val);
  return {
    model,
    report: {
      epochs,
      bestEpoch: stopping.bestEpoch,
      trainCorrelation: mean(model.cca.correlations),
      valCorrelation: mean(valComponents),
      valComponents,
    },
  };
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
