import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../shared/affect';
import type { Db } from '../db/database';
import { segmentFeaturesByTrack } from '../db/suggestionRepository';
import { affectOfMood } from './circumplex';
import { estimateMusicMoods } from './moodEstimate';

/** What Cuefinder believes a track feels like: the mean mood of its segments, judged against the whole library. */
export interface TrackMood {
  /** −1 … 1. */
  valence: number;
  arousal: number;
  /** The three affect words the track carries most (circumplex bridge), strongest first. */
  top: AffectDimension[];
}

/** Mood of every present track (an empty map for an empty library); one pass over the stored segment features. */
export function libraryMoods(db: Db): Map<number, TrackMood> {
  const rows = segmentFeaturesByTrack(db);
  const moods = estimateMusicMoods(rows.map((r) => r.features));
  const sums = new Map<number, { v: number; a: number; n: number }>();
  rows.forEach((r, i) => {
    const s = sums.get(r.trackId) ?? { v: 0, a: 0, n: 0 };
    s.v += moods[i].valence;
    s.a += moods[i].arousal;
    s.n++;
    sums.set(r.trackId, s);
  });
  const out = new Map<number, TrackMood>();
  for (const [trackId, s] of sums) {
    const point = { valence: s.v / s.n, arousal: s.a / s.n };
    const affect = affectOfMood(point);
    const top = AFFECT_DIMENSIONS.map((d, i) => [d, affect[i]] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([d]) => d);
    out.set(trackId, { valence: round(point.valence), arousal: round(point.arousal), top });
  }
  return out;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
