import * as tf from '@tensorflow/tfjs-core';
import { MATCHED_THRESHOLD, scoreToTarget } from '../../../shared/affect';
import { afclnetFromWeights, afclnetOutputs, checkInputs, createAfclnet, forwardAfclnet, type AfclnetConfig, type AfclnetInputs, type AfclnetModel } from './afclnet';
import { afclnetLoss } from './afclnetLoss';
import type { DccaTraining } from './dccaTrainer';
import { checkShape, gatherTensor, toTensor } from './layers';
import type { Matrix } from './matrix';
import { mae, mse, r2 } from './metrics';
import { createRng, deriveSeed } from './rng';
import { EarlyStopping, miniBatches, yieldToEventLoop } from './training';

export interface AfclnetTraining {
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  /** Epochs without a lower validation loss before stopping; the best epoch's weights are kept. */
  readonly patience: number;
}

export type PresetName = 'paper' | 'fast';

/** Everything a training run needs besides data and architecture. */
export interface TrainingPreset {
  readonly name: PresetName;
  readonly afclnet: AfclnetTraining;
  readonly dcca: DccaTraining;
  /** DCCA hidden widths (the architecture is part of the speed/quality trade-off). */
  readonly dccaHidden: readonly number[];
}

/**
 * `paper`: the published schedule (Adam 1e-4, batch 1024, 200 epochs, patience 30) and 3×1024 DCCA
 * layers. `fast`: the same graph trained for minutes on the wasm backend (Adam 1e-3, batch 256,
 * ≤ 60 epochs, patience 10, 3×256 DCCA layers). The DCCA schedule is not published (spec §5).
 */
export const PRESETS: Readonly<Record<PresetName, TrainingPreset>> = {
  paper: {
    name: 'paper',
    afclnet: { learningRate: 1e-4, batchSize: 1024, maxEpochs: 200, patience: 30 },
    dcca: { learningRate: 1e-3, batchSize: 1024, maxEpochs: 100, patience: 10 },
    dccaHidden: [1024, 1024, 1024],
  },
  fast: {
    name: 'fast',
    afclnet: { learningRate: 1e-3, batchSize: 256, maxEpochs: 60, patience: 10 },
    dcca: { learningRate: 1e-3, batchSize: 512, maxEpochs: 40, patience: 5 },
    dccaHidden: [256, 256, 256],
  },
};

/** AFCLNet training rows: the three inputs, the fused-affect target and the raw 1–5 score. */
export interface AfclnetDataset extends AfclnetInputs {
  readonly affect: Matrix;
  readonly score: Float32Array;
}

export interface EpochProgress {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  /** MAE of y = (s − 1)/4 on the validation set. */
  readonly valMae: number;
}

/** Regression quality on the normalised scale y = (s − 1)/4, as the paper reports it. */
export interface RegressionMetrics {
  readonly mae: number;
  readonly mse: number;
  readonly r2: number;
}

export interface TrainAfclnetOptions {
  readonly config: AfclnetConfig;
  readonly training: AfclnetTraining;
  readonly seed: number;
  /** Fine-tuning: start from a copy of this model's weights (same config) instead of a fresh init. */
  readonly init?: AfclnetModel;
  readonly onEpoch?: (progress: EpochProgress) => void;
  readonly signal?: AbortSignal;
}

export interface TrainAfclnetResult {
  readonly model: AfclnetModel;
  readonly history: EpochProgress[];
  readonly bestEpoch: number;
  /** Validation metrics of the kept (best-epoch) weights. */
  readonly metrics: RegressionMetrics;
}

function checkDataset(c: AfclnetConfig, data: AfclnetDataset, what: string): void {
  try {
    checkInputs(c, data);
    checkShape(data.affect, 'affect target', c.affectDim, data.xa.rows);
    if (data.score.length !== data.xa.rows) throw new Error(`${data.score.length} scores for ${data.xa.rows} pairs`);
    const bad = data.score.findIndex((s) => !(s >= 1 && s <= 5));
    if (bad >= 0) throw new Error(`score ${data.score[bad]} of pair ${bad} is outside the 1–5 scale`);
    if (data.xa.rows === 0) throw new Error('no pairs');
  } catch (err) {
    throw new Error(`${what} set: ${(err as Error).message}`, { cause: err });
  }
}

const targetsOf = (score: Float32Array) => ({
  y: score.map(scoreToTarget),
  matched: score.map((s) => (s >= MATCHED_THRESHOLD ? 1 : 0)),
});

/** Loss of the whole set in one pass over the collected outputs, so the masked terms are exact. */
function datasetLoss(model: AfclnetModel, data: AfclnetDataset): { loss: number; y: Float32Array; predicted: Float32Array } {
  const out = afclnetOutputs(model, data);
  const { y, matched } = targetsOf(data.score);
  const loss = tf.tidy(() =>
    afclnetLoss(
      model.config,
      { match: tf.tensor1d(out.match.data), affect: out.affect && toTensor(out.affect), sv: out.sv && toTensor(out.sv), sa: out.sa && toTensor(out.sa) },
      { y: tf.tensor1d(y), affect: toTensor(data.affect), matched: tf.tensor1d(matched) },
    ).total.dataSync()[0],
  );
  return { loss, y, predicted: out.match.data };
}

export function regressionMetrics(truth: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  return { mae: mae(truth, predicted), mse: mse(truth, predicted), r2: r2(truth, predicted) };
}

/** MAE/MSE/R² of y = (s − 1)/4 for a labelled set. */
export function evaluateAfclnet(model: AfclnetModel, data: AfclnetDataset): RegressionMetrics {
  const { y, predicted } = datasetLoss(model, data);
  return regressionMetrics(y, predicted);
}

/**
 * Trains AFCLNet with Adam on mini-batches (seeded init and shuffles: the same seed on the same
 * backend gives the same model), early-stops on the validation loss and restores the best epoch.
 * Calls onEpoch after every epoch. When the signal aborts, throws its reason and frees everything.
 */
export async function trainAfclnet(train: AfclnetDataset, val: AfclnetDataset, options: TrainAfclnetOptions): Promise<TrainAfclnetResult> {
  const { config, training } = options;
  checkDataset(config, train, 'training');
  checkDataset(config, val, 'validation');
  const model = options.init
    ? afclnetFromWeights(config, options.init.params.toWeights(), 'fine-tuning start')
    : createAfclnet(config, deriveSeed(options.seed, 'afclnet.init'));
  const optimizer = tf.train.adam(training.learningRate);
  const rng = createRng(deriveSeed(options.seed, 'afclnet.batches'));
  const { y, matched } = targetsOf(train.score);
  const stopping = new EarlyStopping(training.patience);
  const history: EpochProgress[] = [];
  let best: Float32Array[] | null = null;
  try {
    for (let epoch = 0; epoch < training.maxEpochs; epoch++) {
      options.signal?.throwIfAborted();
      let lossSum = 0;
      for (const idx of miniBatches(rng, train.xa.rows, training.batchSize)) {
        const cost = optimizer.minimize(() => {
          const out = forwardAfclnet(model, gatherTensor(train.xa, idx), gatherTensor(train.xv, idx), gatherTensor(train.p, idx));
          const targets = {
            y: tf.tensor1d(Float32Array.from(idx, (i) => y[i])),
            matched: tf.tensor1d(Float32Array.from(idx, (i) => matched[i])),
            affect: gatherTensor(train.affect, idx),
          };
          return afclnetLoss(config, out, targets).total;
        }, true, model.params.variables());
        lossSum += (cost as tf.Scalar).dataSync()[0] * idx.length;
        cost?.dispose();
        // Lets an abort (or a progress message) arrive between batches, not only between epochs.
        await yieldToEventLoop();
        options.signal?.throwIfAborted();
      }
      const valResult = datasetLoss(model, val);
      const progress: EpochProgress = {
        epoch,
        trainLoss: lossSum / train.xa.rows,
        valLoss: valResult.loss,
        valMae: regressionMetrics(valResult.y, valResult.predicted).mae,
      };
      history.push(progress);
      if (stopping.record(epoch, progress.valLoss)) best = model.params.snapshot();
      options.onEpoch?.(progress);
      if (stopping.shouldStop(epoch)) break;
    }
    options.signal?.throwIfAborted();
    if (!best) throw new Error('AFCLNet training never reached a finite validation loss (diverged or maxEpochs < 1)');
  } catch (err) {
    model.params.dispose();
    throw err;
  } finally {
    optimizer.dispose();
  }
  model.params.restore(best);
  return { model, history, bestEpoch: stopping.bestEpoch, metrics: evaluateAfclnet(model, val) };
}
