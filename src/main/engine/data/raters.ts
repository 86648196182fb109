import { clamp, type Rng } from './random';

/** Constants of the simulated raters (docs/synthaffect.md §5–6), written to meta.json. */
export const RATER_PARAMS = {
  pairRaters: 10,
  /** Per-rater offset on the 1–5 scale, N(0, sd²), fixed for the whole dataset. */
  pairBiasSd: 0.3,
  /** Per-rater noise SD range, U(lo, hi), fixed per rater. */
  pairNoiseSd: [0.35, 0.75],
  /** Chance that one rating is an inattentive, uniformly random 1–5. */
  pairLapse: 0.03,
  /** RMS affect distance at which the agreement term falls to 1/e. */
  agreementScale: 0.16,
  /** Width of the tempo–motion sync term in octaves (after folding half/double time). */
  syncWidthOctaves: 0.12,
  agreementWeight: 0.8,
  syncWeight: 0.2,
  affectRaters: 10,
  affectBiasSd: 0.08,
  affectNoiseSd: [0.12, 0.25],
  affectLapse: 0.04,
  /** Ratings further than this many SDs from the clip–dimension mean are dropped. */
  outlierSd: 2,
} as const;

export interface Rater {
  bias: number;
  noiseSd: number;
}

export function makeRaterPool(count: number, biasSd: number, noiseSd: readonly [number, number], rng: Rng): Rater[] {
  return Array.from({ length: count }, () => ({ bias: rng.normal(0, biasSd), noiseSd: rng.uniform(noiseSd[0], noiseSd[1]) }));
}

/** RMS difference of two affect vectors, in [0, 1]. */
export function affectDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return Math.sqrt(sum / a.length);
}

/** agreement = exp(−(d / scale)²) with d the RMS distance of the two true affect vectors. */
export const agreementTerm = (videoAffect: readonly number[], musicAffect: readonly number[]): number =>
  Math.exp(-((affectDistance(videoAffect, musicAffect) / RATER_PARAMS.agreementScale) ** 2));

/**
 * sync = exp(−r² / 2w²), r = log2(musicBpm / videoPulseBpm) folded to [−½, ½] so that half and
 * double time count as in sync, as an editor cutting on every other beat would feel it.
 */
export function syncTerm(musicBpm: number, videoPulseBpm: number): number {
  const r = Math.log2(musicBpm / videoPulseBpm);
  const folded = r - Math.round(r);
  return Math.exp(-(folded ** 2) / (2 * RATER_PARAMS.syncWidthOctaves ** 2));
}

/** The noiseless score a perfectly average rater would give: 1 + 4·(w_a·agreement + w_s·sync). */
export const expectedPairScore = (agreement: number, sync: number): number =>
  1 + 4 * (RATER_PARAMS.agreementWeight * agreement + RATER_PARAMS.syncWeight * sync);

/** Each rater's integer 1–5 rating: round(expected + bias + N(0, noise²)), or a lapse. */
export function ratePair(expected: number, raters: readonly Rater[], rng: Rng): number[] {
  return raters.map((r) =>
    rng.chance(RATER_PARAMS.pairLapse) ? rng.int(1, 5) : clamp(Math.round(expected + r.bias + rng.normal(0, r.noiseSd)), 1, 5),
  );
}

/** Drops ratings further than k·SD from the mean (population SD of all ratings); keeps all if SD is 0. */
export function dropOutliers(ratings: readonly number[], k: number = RATER_PARAMS.outlierSd): number[] {
  const mean = ratings.reduce((s, x) => s + x, 0) / ratings.length;
  const sd = Math.sqrt(ratings.reduce((s, x) => s + (x - mean) ** 2, 0) / ratings.length);
  if (sd === 0) return ratings.slice();
  return ratings.filter((x) => Math.abs(x - mean) <= k * sd);
}

/**
 * One clip's 16 labels: each rater gives round(1 + 4·(A_d + bias + N(0, noise²))) on a 1–5 scale
 * (or a lapse), outliers are dropped, and the mean of the rest is mapped back to [0, 1].
 */
export function rateClipAffect(trueAffect: readonly number[], raters: readonly Rater[], rng: Rng): number[] {
  return trueAffect.map((value) => {
    const ratings = raters.map((r) =>
      rng.chance(RATER_PARAMS.affectLapse) ? rng.int(1, 5) : clamp(Math.round(1 + 4 * (value + r.bias + rng.normal(0, r.noiseSd))), 1, 5),
    );
    const kept = dropOutliers(ratings);
    return (kept.reduce((s, x) => s + x, 0) / kept.length - 1) / 4;
  });
}

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

export const sampleSd = (xs: readonly number[]): number => {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};
