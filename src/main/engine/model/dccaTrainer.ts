import * as tf from '@tensorflow/tfjs-core';
import { MATCHED_THRESHOLD } from '../../../shared/affect';
import type { AdaptiveDcca, MatchingState } from './adaptiveDcca';
import { canonicalCorrelations, ccaLoss, fitLinearCca, toMat, type LinearCca } from './cca';
import { branch, dccaParamSpecs, type DccaConfig, type DccaModel, type Modality, type ViewPair } from './dcca';
import { batchedForward, checkShape, gatherTensor } from './layers';
import { fitStandardizer, selectRows, standardize, type Matrix } from './matrix';
import { Params } from './params';
import { createRng, deriveSeed } from './rng';
import { EarlyStopping, miniBatches, yieldToEventLoop } from './training';

/**
 * Training of the DCCA (dcca.ts) and of the matching-state-adaptive pair of them (adaptiveDcca.ts):
 * lab code, which the product's suggest path never imports (eslint-rules/layers.js).
 */

export interface DccaTraining {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  /** Epochs without a better validation correlation before stopping. */
  readonly patience: number;
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

/** Paired raw features with their 1–5 matching scores. */
export interface ScoredPairs extends ViewPair {
  readonly score: Float32Array;
}

export interface FitAdaptiveDccaOptions {
  /** Shared by both DCCAs; audioDim/videoDim are the raw feature widths. */
  readonly config: DccaConfig;
  readonly training: DccaTraining;
  readonly seed: number;
  readonly onEpoch?: (state: MatchingState, e: DccaEpoch) => void;
  readonly signal?: AbortSignal;
}

export interface AdaptiveDccaReport {
  readonly matched: DccaFitReport;
  readonly unmatched: DccaFitReport;
}

function subset(pairs: ScoredPairs, state: MatchingState, standardizers: AdaptiveDcca['standardizers']): ViewPair {
  const rows: number[] = [];
  pairs.score.forEach((s, i) => {
    if ((s >= MATCHED_THRESHOLD) === (state === 'matched')) rows.push(i);
  });
  return {
    audio: standardize(selectRows(pairs.audio, rows), standardizers.audio),
    video: standardize(selectRows(pairs.video, rows), standardizers.video),
  };
}

async function fitState(train: ScoredPairs, val: ScoredPairs, state: MatchingState, standardizers: AdaptiveDcca['standardizers'], options: FitAdaptiveDccaOptions) {
  try {
    return await fitDcca(subset(train, state, standardizers), subset(val, state, standardizers), {
      config: options.config,
      training: options.training,
      seed: deriveSeed(options.seed, state),
      onEpoch: options.onEpoch && ((e) => options.onEpoch!(state, e)),
      signal: options.signal,
    });
  } catch (err) {
    throw new Error(`${state} DCCA: ${(err as Error).message}`, { cause: err });
  }
}

/** Fits both DCCAs on the training pairs (validation pairs only steer early stopping). */
export async function fitAdaptiveDcca(train: ScoredPairs, val: ScoredPairs, options: FitAdaptiveDccaOptions): Promise<{ model: AdaptiveDcca; report: AdaptiveDccaReport }> {
  if (train.score.length !== train.audio.rows || val.score.length !== val.audio.rows) {
    throw new Error('every pair needs exactly one matching score');
  }
  const standardizers = { audio: fitStandardizer(train.audio), video: fitStandardizer(train.video) };
  const matched = await fitState(train, val, 'matched', standardizers, options);
  let unmatched: Awaited<ReturnType<typeof fitState>>;
  try {
    unmatched = await fitState(train, val, 'unmatched', standardizers, options);
  } catch (err) {
    matched.model.params.dispose();
    throw err;
  }
  return {
    model: { standardizers, matched: matched.model, unmatched: unmatched.model },
    report: { matched: matched.report, unmatched: unmatched.report },
  };
}

