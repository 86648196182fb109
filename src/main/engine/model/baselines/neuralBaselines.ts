import { deriveSeed } from '../rng';
import type { Matrix } from '../matrix';
import { CcaFusion } from './ccaFeatures';
import { trainMlp, type Mlp, type MlpOptions } from './mlp';
import { BlockScaler, checkPairs, clip01, withValidation } from './pairs';
import type { Baseline, BaselineOptions, LabelledPairs, PairFeatures } from './types';

/** The two neural baselines: CCA features into a BPNN, and an MLP on the raw features. */

/**
 * CCA-GA-BPNN without the genetic algorithm: one small tanh hidden layer on the CCA-fused features.
 * Sizes were picked on synthetic pairs (n = 500 and 1500), where wider layers overfit.
 */
export const BPNN_OPTIONS: Omit<MlpOptions, 'seed'> = {
  hidden: [8],
  activation: 'tanh',
  learningRate: 1e-3,
  batchSize: 32,
  maxEpochs: 400,
  patience: 40,
  weightDecay: 1e-3,
};

/** Two tanh hidden layers on the standardised concatenation [xa, xv] (ReLU overfit badly at these sizes). */
export const RAW_MLP_OPTIONS: Omit<MlpOptions, 'seed'> = {
  hidden: [64, 32],
  activation: 'tanh',
  learningRate: 1e-3,
  batchSize: 64,
  maxEpochs: 300,
  patience: 30,
  weightDecay: 1e-3,
};

export class CcaBpnnBaseline implements Baseline {
  readonly name = 'cca-bpnn';
  private readonly seed: number;
  private fitted: { fusion: CcaFusion; scaler: BlockScaler; net: Mlp } | null = null;

  constructor(options: BaselineOptions = {}) {
    this.seed = options.seed ?? 42;
  }

  async fit(train: LabelledPairs, val?: LabelledPairs): Promise<void> {
    checkPairs(train, this.name, train.y);
    if (val) checkPairs(val, this.name, val.y);
    const { fit, check } = withValidation(train, val, deriveSeed(this.seed, 'cca-bpnn.holdout'));
    const fusion = CcaFusion.fit(fit);
    const fused = fusion.transform(fit);
    const scaler = BlockScaler.fit([fused]);
    const net = trainMlp(
      { x: scaler.apply([fused], this.name), y: fit.y },
      { x: scaler.apply([fusion.transform(check)], this.name), y: check.y },
      { ...BPNN_OPTIONS, seed: deriveSeed(this.seed, 'cca-bpnn.net') },
    );
    this.fitted = { fusion, scaler, net };
  }

  async predict(data: PairFeatures): Promise<Float32Array> {
    if (!this.fitted) throw new Error(`${this.name}: predict called before fit`);
    checkPairs(data, this.name);
    const { fusion, scaler, net } = this.fitted;
    return clip01(net.predict(scaler.apply([fusion.transform(data)], this.name)));
  }
}

export class RawMlpBaseline implements Baseline {
  readonly name = 'mlp-raw';
  private readonly seed: number;
  private fitted: { scaler: BlockScaler; net: Mlp } | null = null;

  constructor(options: BaselineOptions = {}) {
    this.seed = options.seed ?? 42;
  }

  async fit(train: LabelledPairs, val?: LabelledPairs): Promise<void> {
    checkPairs(train, this.name, train.y);
    if (val) checkPairs(val, this.name, val.y);
    const { fit, check } = withValidation(train, val, deriveSeed(this.seed, 'mlp-raw.holdout'));
    const scaler = BlockScaler.fit(raw(fit));
    const net = trainMlp(
      { x: scaler.apply(raw(fit), this.name), y: fit.y },
      { x: scaler.apply(raw(check), this.name), y: check.y },
      { ...RAW_MLP_OPTIONS, seed: deriveSeed(this.seed, 'mlp-raw.net') },
    );
    this.fitted = { scaler, net };
  }

  async predict(data: PairFeatures): Promise<Float32Array> {
    if (!this.fitted) throw new Error(`${this.name}: predict called before fit`);
    checkPairs(data, this.name);
    return clip01(this.fitted.net.predict(this.fitted.scaler.apply(raw(data), this.name)));
  }
}

function raw(data: PairFeatures): Matrix[] {
  return [data.xa, data.xv];
}
