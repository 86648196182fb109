import { AFFECT_DIM } from '../../../shared/affect';
import type { Dataset, DatasetPair } from '../data/datasetFormat';
import { fromRows, matrix, type Matrix } from '../model/matrix';
import type { DatasetFeatures } from './datasetFeatures';

/** Aligned model inputs for a list of pairs: row i of every field belongs to pair i. */
export interface PairRows {
  ids: string[];
  /** Raw objective music features. */
  audio: Matrix;
  /** Raw objective video features. */
  video: Matrix;
  /** Mean rating, 1–5. */
  score: Float32Array;
  musicAffect: Matrix;
  videoAffect: Matrix;
  /** Mean of music and video affect (the paper's 16-d fused affect). */
  fused: Matrix;
}

/**
 * Builds model rows for pairs whose clips both have features and affect labels. Pairs that lack any
 * are skipped and counted, never filled in.
 */
export function assemblePairRows(ds: Dataset, features: DatasetFeatures, pairs: readonly DatasetPair[]): { rows: PairRows; skipped: number } {
  const kept = pairs.filter(
    (p) => features.music.has(p.musicClipId) && features.video.has(p.videoClipId) && ds.affect.has(p.musicClipId) && ds.affect.has(p.videoClipId),
  );
  const musicAffect = fromRows(kept.map((p) => ds.affect.get(p.musicClipId)!.affect));
  const videoAffect = fromRows(kept.map((p) => ds.affect.get(p.videoClipId)!.affect));
  const fused = matrix(kept.length, AFFECT_DIM);
  for (let i = 0; i < fused.data.length; i++) fused.data[i] = (musicAffect.data[i] + videoAffect.data[i]) / 2;
  return {
    rows: {
      ids: kept.map((p) => p.id),
      audio: fromRows(kept.map((p) => features.music.get(p.musicClipId)!)),
      video: fromRows(kept.map((p) => features.video.get(p.videoClipId)!)),
      score: Float32Array.from(kept.map((p) => p.score)),
      musicAffect: kept.length ? musicAffect : matrix(0, AFFECT_DIM),
      videoAffect: kept.length ? videoAffect : matrix(0, AFFECT_DIM),
      fused,
    },
    skipped: pairs.length - kept.length,
  };
}
