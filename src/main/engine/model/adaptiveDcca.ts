import { MATCHED_THRESHOLD } from '../../../shared/affect';
import { dccaFromWeights, dccaWeights, fitDcca, projectModality, type DccaConfig, type DccaEpoch, type DccaFitReport, type DccaModel, type DccaTraining, type Modality, type ViewPair } from './dcca';
import { fitStandardizer, hconcat, selectRows, standardize, type Matrix, type Standardizer } from './matrix';
import { deriveSeed } from './rng';
import { withoutPrefix, withPrefix, type WeightMap } from './weights';

/**
 * Matching-state-adaptive DCCA (spec §5): one DCCA fitted on matched training pairs (score ≥ 3), one
 * on unmatched pairs; every sample goes through both, giving per modality
 * [matched canonical variates; unmatched canonical variates] (2·outDim = 80 columns).
 * Raw objective features are z-scored with statistics fitted on all training rows first.
 */
export interface AdaptiveDcca {
  readonly standardizers: { readonly audio: Standardizer; readonly video: Standardizer };
  readonly matched: DccaModel;
  readonly unmatched: DccaModel;
}

export type MatchingState = 'matched' | 'unmatched';

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
