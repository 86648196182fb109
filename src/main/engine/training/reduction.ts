import { projectAudio, projectVideo, disposeAdaptiveDcca, type AdaptiveDcca } from '../model/adaptiveDcca';
import { dccaConfig, projectModality } from '../model/dcca';
import { fitAdaptiveDcca, fitDcca, type AdaptiveDccaReport, type DccaFitReport } from '../model/dccaTrainer';
import { fitStandardizer, matrix, standardize, type Matrix, type Standardizer } from '../model/matrix';
import { deriveSeed } from '../model/rng';
import { PRESETS, type PresetName } from '../model/trainer';
import type { PairRows } from './pairRows';

/**
 * The step between raw objective features and AFCLNet's xa / xv (Table 4 of the paper):
 * - `adaptive-dcca`: the paper's matching-state-adaptive DCCA (two DCCAs, 2 × 40 columns): the default;
 * - `single-dcca`: one DCCA fitted on all training pairs with twice the per-DCCA outDim (80), so AFCLNet
 *   keeps the input width of the adaptive variant;
 * - `none`: z-scored raw features, zero-padded to one common width that the attention heads divide.
 */
export type ReductionMode = 'adaptive-dcca' | 'single-dcca' | 'none';

/** A fitted reduction: maps raw rows to AFCLNet inputs. Holds tf variables until disposed. */
export interface FeatureReduction {
  readonly mode: ReductionMode;
  readonly audioDim: number;
  readonly videoDim: number;
  audio(raw: Matrix): Matrix;
  video(raw: Matrix): Matrix;
  dispose(): void;
}

export interface ReductionFitOptions {
  preset: PresetName;
  seed: number;
  /** `none` pads to a multiple of this (AFCLNet's self-attention head count). */
  headMultiple?: number;
  /** DCCA architecture overrides (default: the preset's hidden widths, outDim 40 per DCCA, 80 for the single one). */
  dcca?: { hidden?: readonly number[]; outDim?: number };
  signal?: AbortSignal;
}

/** What fitting a reduction found (held-out canonical correlations where there is a DCCA). */
export type ReductionReport =
  | { mode: 'adaptive-dcca'; dcca: AdaptiveDccaReport }
  | { mode: 'single-dcca'; dcca: DccaFitReport }
  | { mode: 'none'; padTo: number };

const SINGLE_DCCA_OUT_DIM = 80;

/** The paper's adaptive DCCA with the preset's schedule: exactly what `trainCuefinderModel` fits. */
export async function fitPresetAdaptiveDcca(train: PairRows, val: PairRows, opts: ReductionFitOptions): Promise<{ dcca: AdaptiveDcca; report: AdaptiveDccaReport }> {
  const preset = PRESETS[opts.preset];
  const { model, report } = await fitAdaptiveDcca(
    { audio: train.audio, video: train.video, score: train.score },
    { audio: val.audio, video: val.video, score: val.score },
    { config: dccaConfig(train.audio.cols, train.video.cols, { hidden: preset.dccaHidden, ...opts.dcca }), training: preset.dcca, seed: opts.seed, signal: opts.signal },
  );
  return { dcca: model, report };
}

export function adaptiveDccaReduction(dcca: AdaptiveDcca): FeatureReduction {
  const width = 2 * dcca.matched.config.outDim;
  return {
    mode: 'adaptive-dcca',
    audioDim: width,
    videoDim: width,
    audio: (raw) => projectAudio(dcca, raw),
    video: (raw) => projectVideo(dcca, raw),
    dispose: () => disposeAdaptiveDcca(dcca),
  };
}

/** Copies `m` into `width` columns; the extra columns stay zero. */
function padColumns(m: Matrix, width: number): Matrix {
  if (m.cols === width) return m;
  const out = matrix(m.rows, width);
  for (let i = 0; i < m.rows; i++) out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), i * width);
  return out;
}

/**
 * No reduction: each modality z-scored with training statistics and zero-padded to one width W, the
 * smallest multiple of `headMultiple` ≥ both raw widths. One width for both keeps the feature-consistency
 * term defined (it compares column j of s_v with column j of s_a; on raw features that pairing is
 * arbitrary, which is part of what this ablation measures).
 */
export function rawFeatureReduction(train: PairRows, headMultiple = 8): FeatureReduction {
  const scalers: { audio: Standardizer; video: Standardizer } = { audio: fitStandardizer(train.audio), video: fitStandardizer(train.video) };
  const width = Math.ceil(Math.max(train.audio.cols, train.video.cols) / headMultiple) * headMultiple;
  return {
    mode: 'none',
    audioDim: width,
    videoDim: width,
    audio: (raw) => padColumns(standardize(raw, scalers.audio), width),
    video: (raw) => padColumns(standardize(raw, scalers.video), width),
    dispose: () => undefined,
  };
}

/** One DCCA (outDim 80) on all training pairs, matched and unmatched together, with the preset's schedule. */
async function fitSingleDcca(train: PairRows, val: PairRows, opts: ReductionFitOptions): Promise<{ reduction: FeatureReduction; report: DccaFitReport }> {
  const preset = PRESETS[opts.preset];
  const scalers = { audio: fitStandardizer(train.audio), video: fitStandardizer(train.video) };
  const scaled = (rows: PairRows) => ({ audio: standardize(rows.audio, scalers.audio), video: standardize(rows.video, scalers.video) });
  const outDim = opts.dcca?.outDim ? 2 * opts.dcca.outDim : SINGLE_DCCA_OUT_DIM;
  const { model, report } = await fitDcca(scaled(train), scaled(val), {
    config: dccaConfig(train.audio.cols, train.video.cols, { hidden: opts.dcca?.hidden ?? preset.dccaHidden, outDim }),
    training: preset.dcca,
    seed: deriveSeed(opts.seed, 'single'),
    signal: opts.signal,
  });
  return {
    reduction: {
      mode: 'single-dcca',
      audioDim: outDim,
      videoDim: outDim,
      audio: (raw) => projectModality(model, 'audio', standardize(raw, scalers.audio)),
      video: (raw) => projectModality(model, 'video', standardize(raw, scalers.video)),
      dispose: () => model.params.dispose(),
    },
    report,
  };
}

/** Fits the named reduction on the training split (validation rows steer the DCCAs' early stopping only). */
export async function fitReduction(mode: ReductionMode, train: PairRows, val: PairRows, opts: ReductionFitOptions): Promise<{ reduction: FeatureReduction; report: ReductionReport }> {
  switch (mode) {
    case 'adaptive-dcca': {
      const { dcca, report } = await fitPresetAdaptiveDcca(train, val, opts);
      return { reduction: adaptiveDccaReduction(dcca), report: { mode, dcca: report } };
    }
    case 'single-dcca': {
      const { reduction, report } = await fitSingleDcca(train, val, opts);
      return { reduction, report: { mode, dcca: report } };
    }
    case 'none': {
      const reduction = rawFeatureReduction(train, opts.headMultiple);
      return { reduction, report: { mode, padTo: reduction.audioDim } };
    }
  }
}
