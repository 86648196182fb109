import type { Matrix } from '../matrix';
import type { GbdtEngine } from '../gbdt/gbdt';

/**
 * What every comparison baseline sees for a set of music–video pairs (rows aligned across fields).
 * Perceptual affect follows the paper's protocol: ground truth when fitting, the affect predictor's
 * output when evaluating; the caller decides which it passes.
 */
export interface PairFeatures {
  /** Objective music (audio) features. */
  readonly xa: Matrix;
  /** Objective video features. */
  readonly xv: Matrix;
  /** Fused 16-d affect of the pair. */
  readonly pPred?: Matrix;
  /** Per-modality 16-d affect. */
  readonly pMusic?: Matrix;
  readonly pVideo?: Matrix;
}

export interface LabelledPairs extends PairFeatures {
  /** Matching target y = (score − 1)/4 ∈ [0, 1]. */
  readonly y: Float32Array;
}

export interface Baseline {
  readonly name: string;
  /** Fits on `train`; `val` (when given) drives early stopping and model selection, else a slice of `train` does. */
  fit(train: LabelledPairs, val?: LabelledPairs): Promise<void>;
  /** Predicted y per pair, in [0, 1]. */
  predict(data: PairFeatures): Promise<Float32Array>;
}

export interface BaselineOptions {
  readonly seed?: number;
  /** Boosting engine for the tree-based baselines; defaults to `loadGbdtEngine()`. */
  readonly engine?: GbdtEngine;
}
