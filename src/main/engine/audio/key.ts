/**
 * Key, mode and tonal descriptors from a 12-bin chroma profile (index 0 = C). The key is the
 * major or minor Krumhansl–Kessler probe-tone profile, in any of the 12 rotations, that
 * correlates best (Pearson) with the profile; the correlation itself is the key clarity.
 */

export type KeyMode = 'major' | 'minor';

export interface KeyEstimate {
  /** Pitch class of the tonic, 0 = C … 11 = B. */
  tonic: number;
  mode: KeyMode;
  /** e.g. 'A minor', 'F# major'. */
  name: string;
  /** Correlation of the chosen key profile with the chroma, clamped to [0, 1]; 0 without pitch content. */
  clarity: number;
  /** Best major correlation minus best minor correlation, in [-2, 2]; > 0 leans major. */
  modeLean: number;
}

export const PITCH_CLASS_NAMES: readonly string[] = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];

// Krumhansl & Kessler (1982) probe-tone ratings, tonic first.
const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

const NO_KEY: KeyEstimate = { tonic: 0, mode: 'major', name: 'C major', clarity: 0, modeLean: 0 };

export function estimateKey(chroma: ArrayLike<number>): KeyEstimate {
  if (isFlat(chroma)) return NO_KEY;
  let bestMajor = { r: -Infinity, tonic: 0 };
  let bestMinor = { r: -Infinity, tonic: 0 };
  for (let tonic = 0; tonic < 12; tonic++) {
    const rMajor = rotatedCorrelation(chroma, MAJOR_PROFILE, tonic);
    const rMinor = rotatedCorrelation(chroma, MINOR_PROFILE, tonic);
    if (rMajor > bestMajor.r) bestMajor = { r: rMajor, tonic };
    if (rMinor > bestMinor.r) bestMinor = { r: rMinor, tonic };
  }
  const major = bestMajor.r >= bestMinor.r;
  const best = major ? bestMajor : bestMinor;
  const mode: KeyMode = major ? 'major' : 'minor';
  return {
    tonic: best.tonic,
    mode,
    name: `${PITCH_CLASS_NAMES[best.tonic]} ${mode}`,
    clarity: Math.min(1, Math.max(0, best.r)),
    modeLean: bestMajor.r - bestMinor.r,
  };
}

/** True for an empty or constant profile (silence, or no pitch content at all). */
function isFlat(chroma: ArrayLike<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < 12; i++) {
    min = Math.min(min, chroma[i]);
    max = Math.max(max, chroma[i]);
  }
  return !(max - min > 1e-9 * Math.abs(max));
}

/** Pearson correlation of chroma[(tonic + i) % 12] with profile[i]; 0 when either side is constant. */
function rotatedCorrelation(chroma: ArrayLike<number>, profile: readonly number[], tonic: number): number {
  let meanC = 0;
  let meanP = 0;
  for (let i = 0; i < 12; i++) {
    meanC += chroma[(tonic + i) % 12];
    meanP += profile[i];
  }
  meanC /= 12;
  meanP /= 12;
  let cov = 0;
  let varC = 0;
  let varP = 0;
  for (let i = 0; i < 12; i++) {
    const dc = chroma[(tonic + i) % 12] - meanC;
    const dp = profile[i] - meanP;
    cov += dc * dp;
    varC += dc * dc;
    varP += dp * dp;
  }
  const denom = Math.sqrt(varC * varP);
  return denom > 1e-12 ? cov / denom : 0;
}

/**
 * Harte, Sandler & Gasser (2006) tonal centroid: the L1-normalised chroma projected onto circles
 * of fifths, minor thirds and major thirds, as (x, y) pairs in that order. Zeros without pitch content.
 */
export function tonnetz(chroma: ArrayLike<number>): Float64Array {
  const out = new Float64Array(6);
  let total = 0;
  for (let p = 0; p < 12; p++) total += chroma[p];
  if (!(total > 0)) return out;
  const circles = [
    { angle: (7 * Math.PI) / 6, radius: 1 },
    { angle: (3 * Math.PI) / 2, radius: 1 },
    { angle: (2 * Math.PI) / 3, radius: 0.5 },
  ];
  circles.forEach(({ angle, radius }, c) => {
    for (let p = 0; p < 12; p++) {
      const w = chroma[p] / total;
      out[2 * c] += w * radius * Math.sin(p * angle);
      out[2 * c + 1] += w * radius * Math.cos(p * angle);
    }
  });
  return out;
}
