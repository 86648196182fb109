import { AffectSimilarityBaseline } from './affectSimilarity';
import { CcaBpnnBaseline, RawMlpBaseline } from './neuralBaselines';
import { CcaXgboostFusionBaseline, StackingBaseline } from './treeBaselines';
import type { Baseline, BaselineOptions } from './types';

export type { Baseline, BaselineOptions, LabelledPairs, PairFeatures } from './types';

/** The paper's comparison baselines (docs/baselines.md), each a fresh unfitted instance per call. */
export const BASELINES = {
  'cca-bpnn': (options?: BaselineOptions): Baseline => new CcaBpnnBaseline(options),
  'cca-xgboost-affect': (options?: BaselineOptions): Baseline => new CcaXgboostFusionBaseline(options),
  stacking: (options?: BaselineOptions): Baseline => new StackingBaseline(options),
  'mlp-raw': (options?: BaselineOptions): Baseline => new RawMlpBaseline(options),
  'affect-similarity': (): Baseline => new AffectSimilarityBaseline(),
} as const;

export type BaselineName = keyof typeof BASELINES;
