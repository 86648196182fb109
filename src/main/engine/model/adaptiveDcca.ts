import { dccaFromWeights, dccaWeights, projectModality, type DccaConfig, type DccaModel, type Modality } from './dcca';
import { hconcat, standardize, type Matrix, type Standardizer } from './matrix';
import { withoutPrefix, withPrefix, type WeightMap } from './weights';

/**
 * Matching-state-adaptive DCCA (spec §5): one DCCA fitted on matched training pairs (score ≥ 3), one
 * on unmatched pairs; every sample goes through both, giving per modality
 * [matched canonical variates; unmatched canonical variates] (2·outDim = 80 columns).
 * Raw objective features are z-scored with statistics fitted on all training rows first.
 * This file is the model and its inference; fitting it is dccaTrainer.ts's (lab code).
 */
export interface AdaptiveDcca {
  readonly standardizers: { readonly audio: Standardizer; readonly video: Standardizer };
  readonly matched: DccaModel;
  readonly unmatched: DccaModel;
}

export type MatchingState = 'matched' | 'unmatched';

/** [matched; unmatched] canonical variates of raw features of one modality. */
export function projectFeatures(model: AdaptiveDcca, side: Modality, raw: Matrix): Matrix {
  const z = standardize(raw, model.standardizers[side]);
  return hconcat(projectModality(model.matched, side, z), projectModality(model.unmatched, side, z));
}

export const projectAudio = (model: AdaptiveDcca, raw: Matrix): Matrix => projectFeatures(model, 'audio', raw);
export const projectVideo = (model: AdaptiveDcca, raw: Matrix): Matrix => projectFeatures(model, 'video', raw);

export function disposeAdaptiveDcca(model: AdaptiveDcca): void {
  model.matched.params.dispose();
  model.unmatched.params.dispose();
}

export function adaptiveDccaWeights(model: AdaptiveDcca): WeightMap {
  return new Map([...withPrefix(dccaWeights(model.matched), 'matched.'), ...withPrefix(dccaWeights(model.unmatched), 'unmatched.')]);
}

export function adaptiveDccaFromWeights(config: DccaConfig, standardizers: AdaptiveDcca['standardizers'], weights: WeightMap, source: string): AdaptiveDcca {
  const matched = dccaFromWeights(config, withoutPrefix(weights, 'matched.'), source);
  try {
    return { standardizers, matched, unmatched: dccaFromWeights(config, withoutPrefix(weights, 'unmatched.'), source) };
  } catch (err) {
    matched.params.dispose();
    throw err;
  }
}
