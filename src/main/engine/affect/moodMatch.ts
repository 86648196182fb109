import type { MoodPoint } from './circumplex';

/**
 * How well a music segment's mood fits a scene's, and the correction that keeps one track from
 * topping every scene.
 *
 * Affinity: a Gaussian of the distance between the two mood points, arousal weighted above
 * valence (arousal is what objective features estimate reliably on both sides; valence cues are
 * weak, docs/results-real.md), so y ∈ (0, 1] and y = 1 for the same point.
 *
 * Hub correction (CSLS, Conneau et al. 2018): a segment whose affinity is high to every scene of
 * the project (a "hub": a middle-of-the-road mood sits near everything) gets its mean affinity to
 * its HUB_NEIGHBOURS best-fitting scenes subtracted, relative to the library's typical value, so
 * a scene is matched by what fits *it* better than other scenes, not by what fits everything.
 */
export const MOOD_MATCH_VERSION = 'mood-match/1';

export const AROUSAL_WEIGHT = 1;
export const VALENCE_WEIGHT = 0.1;
/** Mood distance (in weighted plane units) at which the affinity falls to e^(−½). */
export const AFFINITY_SPREAD = 0.5;
export const HUB_NEIGHBOURS = 10;

export function moodAffinity(scene: MoodPoint, music: MoodPoint): number {
  const d2 = AROUSAL_WEIGHT * (scene.arousal - music.arousal) ** 2 + VALENCE_WEIGHT * (scene.valence - music.valence) ** 2;
  return Math.exp(-d2 / (2 * AFFINITY_SPREAD * AFFINITY_SPREAD));
}

/**
 * Each segment's hub score: the mean affinity to its k best-fitting scenes (k = HUB_NEIGHBOURS,
 * or all scenes when there are fewer), minus the median of that mean over all segments. Positive
 * for segments that fit more scenes closely than the library's typical segment. O(scenes × segments).
 */
export function hubOffsets(scenes: readonly MoodPoint[], segments: readonly MoodPoint[]): Float32Array {
  const k = Math.min(HUB_NEIGHBOURS, scenes.length);
  const offsets = new Float32Array(segments.length);
  if (k === 0) return offsets;
  const column = new Float64Array(scenes.length);
  segments.forEach((seg, j) => {
    scenes.forEach((sc, i) => (column[i] = moodAffinity(sc, seg)));
    column.sort();
    let sum = 0;
    for (let i = column.length - k; i < column.length; i++) sum += column[i];
    offsets[j] = sum / k;
  });
  const sorted = Float32Array.from(offsets).sort();
  const mid = sorted.length % 2 ? sorted[(sorted.length - 1) >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return offsets.map((o) => o - mid);
}

/** Affinity with the segment's hub offset taken off, clipped to [0, 1] (the scorer contract). */
export function correctedAffinity(scene: MoodPoint, music: MoodPoint, hubOffset: number): number {
  return Math.min(1, Math.max(0, moodAffinity(scene, music) - hubOffset));
}
