import { AFFECT_DIM, AFFECT_DIMENSIONS, type AffectDimension } from '../../../shared/affect';

/**
 * The bridge from a two-number mood estimate to the 16 affect dimensions: Russell's circumplex
 * (valence × arousal). Each affect word sits at a point of the plane; an item at (v, a) carries a
 * word as a Gaussian of its distance to the word's point. The points follow the usual placement of
 * these words in circumplex studies (Russell 1980; Warriner et al. 2013 valence/arousal norms,
 * rescaled to [−1, 1]); they are documented constants, not fitted to any data.
 */
export const CIRCUMPLEX: Readonly<Record<AffectDimension, readonly [valence: number, arousal: number]>> = {
  joyful: [0.8, 0.45],
  playful: [0.65, 0.55],
  tender: [0.6, -0.45],
  romantic: [0.7, -0.15],
  peaceful: [0.5, -0.75],
  nostalgic: [0.05, -0.45],
  sad: [-0.7, -0.5],
  lonely: [-0.6, -0.65],
  tense: [-0.45, 0.7],
  fearful: [-0.7, 0.6],
  angry: [-0.75, 0.8],
  mysterious: [-0.2, 0.05],
  epic: [0.35, 0.85],
  triumphant: [0.7, 0.8],
  energetic: [0.35, 0.95],
  solemn: [-0.15, -0.3],
};

/** Spread of each word's region: at this distance from its point a word is carried at e^(−½) ≈ 0.61. */
export const CIRCUMPLEX_SPREAD = 0.55;

export interface MoodPoint {
  /** −1 (negative) … 1 (positive). */
  valence: number;
  /** −1 (calm) … 1 (excited). */
  arousal: number;
}

/** The 16 affect intensities (AFFECT_DIMENSIONS order, each in (0, 1]) of a point of the plane. */
export function affectOfMood(p: MoodPoint, out: Float32Array = new Float32Array(AFFECT_DIM)): Float32Array {
  const twoSigmaSq = 2 * CIRCUMPLEX_SPREAD * CIRCUMPLEX_SPREAD;
  AFFECT_DIMENSIONS.forEach((dim, i) => {
    const [v, a] = CIRCUMPLEX[dim];
    out[i] = Math.exp(-((p.valence - v) ** 2 + (p.arousal - a) ** 2) / twoSigmaSq);
  });
  return out;
}
