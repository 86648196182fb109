import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../shared/affect';
import type { Db } from '../db/database';
import { scenesOfVideo, videosUnder } from '../db/projectRepository';
import { librarySignature, segmentFeaturesByTrack } from '../db/suggestionRepository';
import { affectOfMood, type MoodPoint } from './circumplex';
import { estimateMusicMoods, estimateSceneMoods, withTrackContext } from './moodEstimate';

/**
 * What Cuefinder believes music and scenes feel like, as the default matcher sees them
 * (project/projectSuggester.ts prepareProjectMatching): mood points judged against the whole
 * library or the whole project, and their 16 affect intensities through the circumplex bridge.
 * The app's charts and the CLI read these, so what is shown is what was matched.
 */

/** A track's mood: the mean of its segments' points. */
export interface TrackMood {
  /** −1 … 1, relative to the library. */
  valence: number;
  arousal: number;
  /** The three affect words the track carries most, strongest first. */
  top: AffectDimension[];
  affect: Float32Array;
}

/** Segment moods as the matcher uses them: each moved toward its track's mean (withTrackContext). */
export function segmentMoods(rows: readonly { trackId: number; features: ArrayLike<number> }[]): MoodPoint[] {
  return withTrackContext(
    estimateMusicMoods(rows.map((r) => r.features)),
    rows.map((r) => r.trackId),
  );
}

export interface LibraryMoods {
  tracks: Map<number, TrackMood>;
  /** Affect of each segment, by segment id. */
  segments: Map<number, Float32Array>;
}

const cache = new WeakMap<Db, { signature: string; moods: LibraryMoods }>();

/**
 * Mood of every present track and of each of its segments (empty maps for an empty library): one
 * pass over the stored features, kept per connection until the library's segments change.
 */
export function libraryMoods(db: Db): LibraryMoods {
  const signature = librarySignature(db);
  const held = cache.get(db);
  if (held?.signature === signature) return held.moods;
  const moods = computeLibraryMoods(db);
  cache.set(db, { signature, moods });
  return moods;
}

function computeLibraryMoods(db: Db): LibraryMoods {
  const rows = segmentFeaturesByTrack(db);
  const moods = segmentMoods(rows);
  const sums = new Map<number, { v: number; a: number; n: number }>();
  const segments = new Map<number, Float32Array>();
  rows.forEach((r, i) => {
    const s = sums.get(r.trackId) ?? { v: 0, a: 0, n: 0 };
    s.v += moods[i].valence;
    s.a += moods[i].arousal;
    s.n++;
    sums.set(r.trackId, s);
    segments.set(r.segmentId, affectOfMood(moods[i]));
  });
  const tracks = new Map<number, TrackMood>();
  for (const [trackId, s] of sums) {
    const point = { valence: s.v / s.n, arousal: s.a / s.n };
    const affect = affectOfMood(point);
    const top = AFFECT_DIMENSIONS.map((d, i) => [d, affect[i]] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([d]) => d);
    tracks.set(trackId, { valence: round(point.valence), arousal: round(point.arousal), top, affect });
  }
  return { tracks, segments };
}

/** Affect of every scene of the analysed project under `root` (the project's scenes are the collection). */
export function projectSceneAffects(db: Db, root: string): Map<number, Float32Array> {
  const scenes = videosUnder(db, root).flatMap((v) => scenesOfVideo(db, v.id));
  const moods = estimateSceneMoods(scenes.map((s) => s.features));
  return new Map(scenes.map((s, i) => [s.id, affectOfMood(moods[i])]));
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
