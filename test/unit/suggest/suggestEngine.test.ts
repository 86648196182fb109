import { describe, expect, it } from 'vitest';
import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../src/shared/affect';
import { matrix } from '../../../src/main/engine/model/matrix';
import { RetrievalIndex } from '../../../src/main/engine/suggest/retrievalIndex';
import type { TrackTiming } from '../../../src/main/engine/suggest/sectionChooser';
import { seededRandom } from '../../../src/main/engine/model/rng';
import { suggestForProject, type SceneQuery, type Suggestion } from '../../../src/main/engine/suggest/suggestEngine';
import {
  createSuggestionLibrary,
  retrieveCandidates,
  type SegmentEntry,
  type SuggestionLibrary,
} from '../../../src/main/engine/suggest/suggestionLibrary';

const DIMS = 8;
const SEGMENT_SEC = 10;
/** Score every segment, so the tests control stage two completely through the scorer table. */
const SCORE_ALL = { candidates: 10_000, perTrack: 100 };

function affect(base: number, set: Partial<Record<AffectDimension, number>>): number[] {
  return AFFECT_DIMENSIONS.map((d) => set[d] ?? base);
}
const BRIGHT = affect(0.2, { joyful: 0.9, energetic: 0.8, playful: 0.7 });
const BRIGHT_TOO = affect(0.25, { joyful: 0.85, energetic: 0.85, playful: 0.6 });
const DARK = affect(0.2, { sad: 0.9, lonely: 0.8, solemn: 0.7 });

/** Tracks 1..n of `segments` × 10 s at 120 BPM with downbeats at 0.3 + 2k s; segment id = 100·track + index. */
function makeLibrary(tracks: number, segments: number, tempoConfidence = 0.9): SuggestionLibrary {
  const random = seededRandom(17);
  const entries: SegmentEntry[] = [];
  const timings = new Map<number, TrackTiming>();
  for (let trackId = 1; trackId <= tracks; trackId++) {
    const durationSec = segments * SEGMENT_SEC;
    const beats = Array.from({ length: durationSec * 2 }, (_, i) => 0.3 + 0.5 * i).filter((t) => t < durationSec);
    timings.set(trackId, { trackId, durationSec, bpm: 120, tempoConfidence, beats, downbeats: beats.filter((_, i) => i % 4 === 0) });
    for (let s = 0; s < segments; s++) {
      entries.push({ segmentId: 100 * trackId + s, trackId, startSec: s * SEGMENT_SEC, endSec: (s + 1) * SEGMENT_SEC });
    }
  }
  const vectors = matrix(entries.length, DIMS, Float32Array.from({ length: entries.length * DIMS }, () => random() - 0.5));
  return createSuggestionLibrary({
    segments: entries,
    index: RetrievalIndex.build(vectors),
    tracks: timings,
    trackAffect: (trackId) => (trackId % 2 ? BRIGHT : DARK),
  });
}

let sceneCount = 0;
function scene(startSec: number, endSec: number, mood: number[]): SceneQuery {
  const random = seededRandom(++sceneCount);
  return { sceneId: sceneCount, startSec, endSec, affect: mood, retrievalVector: Float32Array.from({ length: DIMS }, () => random() - 0.5) };
}

/** A scorer from a table y(scene position, track, segment index). */
function tableScorer(scenes: SceneQuery[], y: (scene: number, trackId: number, segment: number) => number) {
  return (s: SceneQuery, candidates: SegmentEntry[]) =>
    Float32Array.from(candidates, (c) => y(scenes.indexOf(s), c.trackId, c.segmentId % 100));
}

const onDownbeat = (t: number) => Math.abs((t - 0.3) / 2 - Math.round((t - 0.3) / 2)) < 1e-6;
const tops = (result: Suggestion[][]) => result.map((s) => s[0].trackId);

describe('suggestForProject', () => {
  it('gives one section per track, best first, scored 1 + 4y by the best segment of each track, on a downbeat', async () => {
    const library = makeLibrary(8, 6);
    const scenes = [scene(0, 12, BRIGHT)];
    const random = seededRandom(5);
    const table = new Map<number, number>();
    const y = (_: number, trackId: number, segment: number) => {
      const key = trackId * 100 + segment;
      if (!table.has(key)) table.set(key, random());
      return table.get(key)!;
    };
    const [suggestions] = await suggestForProject(scenes, library, tableScorer(scenes, y), SCORE_ALL);

    expect(suggestions).toHaveLength(5);
    expect(new Set(suggestions.map((s) => s.trackId)).size).toBe(5);
    const bestOfTrack = (trackId: number) => Math.max(...Array.from({ length: 6 }, (_, s) => y(0, trackId, s)));
    const byScore = [1, 2, 3, 4, 5, 6, 7, 8].sort((a, b) => bestOfTrack(b) - bestOfTrack(a)).slice(0, 5);
    expect(suggestions.map((s) => s.trackId)).toEqual(byScore);
    for (const s of suggestions) {
      expect(s.score).toBeCloseTo(1 + 4 * bestOfTrack(s.trackId), 5);
      expect(s.rankScore).toBe(s.score);
      expect(y(0, s.trackId, s.segmentId % 100)).toBe(bestOfTrack(s.trackId));
      expect(onDownbeat(s.inSec)).toBe(true);
      expect(s.outSec - s.inSec).toBeCloseTo(12, 9);
      expect(Math.abs(s.inSec - (s.segmentId % 100) * SEGMENT_SEC)).toBeLessThanOrEqual(1);
      expect(s.continuesFromPrevious).toBe(false);
    }
  });

  it('explains each suggestion by the affect dimensions scene and track share and where they clash', async () => {
    const library = makeLibrary(4, 3);
    const scenes = [scene(0, 8, BRIGHT)];
    const [suggestions] = await suggestForProject(scenes, library, tableScorer(scenes, () => 0.5), SCORE_ALL);
    const bright = suggestions.find((s) => s.trackId % 2 === 1)!;
    const dark = suggestions.find((s) => s.trackId % 2 === 0)!;
    expect(bright.agree).toEqual(['joyful', 'energetic', 'playful']);
    expect(bright.clash).toEqual([]);
    expect(dark.agree).toEqual([]);
    expect([...dark.clash].sort()).toEqual(['joyful', 'sad']); // equal gaps of 0.7: either order
  });

  it('spreads the top pick over tracks that fit almost equally well, and not without the repeat penalty', async () => {
    const library = makeLibrary(8, 3);
    const scenes = [scene(0, 8, BRIGHT), scene(8, 16, BRIGHT), scene(16, 24, BRIGHT), scene(24, 32, BRIGHT)];
    const fit = [0, 0.8, 0.78, 0.77, 0.76, 0.75, 0.5, 0.5, 0.5];
    const scorer = tableScorer(scenes, (_, trackId) => fit[trackId]);
    const spread = await suggestForProject(scenes, library, scorer, { ...SCORE_ALL, continuity: false });
    expect(tops(spread)).toEqual([1, 2, 3, 4]);
    const repeated = spread[1].find((s) => s.trackId === 1)!;
    expect(repeated.score).toBeCloseTo(4.2, 5);
    expect(repeated.rankScore).toBeCloseTo(3.9, 5);
    const same = await suggestForProject(scenes, library, scorer, { ...SCORE_ALL, continuity: false, repeatPenalty: 0 });
    expect(tops(same)).toEqual([1, 1, 1, 1]);
  });

  it('keeps a clearly better track on top everywhere despite the repeat penalty', async () => {
    const library = makeLibrary(8, 3);
    const scenes = [scene(0, 8, BRIGHT), scene(8, 16, DARK), scene(16, 24, BRIGHT)];
    const scorer = tableScorer(scenes, (_, trackId) => (trackId === 3 ? 0.95 : 0.75 - trackId / 100));
    expect(tops(await suggestForProject(scenes, library, scorer, { ...SCORE_ALL, continuity: false }))).toEqual([3, 3, 3]);
  });

  it('continues the previous top track across a cut between scenes of one mood, contiguously, and only then', async () => {
    const library = makeLibrary(6, 6);
    const scenes = [scene(0, 12, BRIGHT), scene(12, 20, BRIGHT_TOO), scene(20, 30, DARK)];
    const scorer = tableScorer(scenes, (s, trackId, segment) => {
      if (s === 0) return trackId === 1 && segment === 0 ? 0.9 : 0.5;
      if (s === 1) return trackId === 2 ? 0.8 : trackId === 1 ? 0.76 : 0.5;
      return trackId === 1 ? 0.95 : 0.6;
    });
    const [first, second, third] = await suggestForProject(scenes, library, scorer, SCORE_ALL);
    expect(first[0].trackId).toBe(1);
    expect(second[0]).toMatchObject({ trackId: 1, continuesFromPrevious: true, inSec: first[0].outSec });
    expect(second[0].outSec - second[0].inSec).toBeCloseTo(8, 9);
    expect(second[0].score).toBeCloseTo(4.04, 5);
    expect(second[1].trackId).toBe(2);
    expect(second.filter((s) => s.trackId === 1)).toHaveLength(1);
    // The third scene changes mood: no carry-over, however well the same track scores.
    expect(third.every((s) => !s.continuesFromPrevious)).toBe(true);
  });

  it('restarts instead of continuing when the carried section scores outside the margin, the track runs out, or continuity is off', async () => {
    const library = makeLibrary(6, 6);
    const scenes = [scene(0, 12, BRIGHT), scene(12, 20, BRIGHT_TOO)];
    const scorer = (carried: number) =>
      tableScorer(scenes, (s, trackId, segment) => (s === 0 ? (trackId === 1 && segment === 0 ? 0.9 : 0.5) : trackId === 2 ? 0.8 : trackId === 1 ? carried : 0.5));
    const noneContinue = (result: Suggestion[][]) => result[1].every((s) => !s.continuesFromPrevious);

    expect(noneContinue(await suggestForProject(scenes, library, scorer(0.7), SCORE_ALL))).toBe(true);
    expect(noneContinue(await suggestForProject(scenes, library, scorer(0.76), { ...SCORE_ALL, continuity: false }))).toBe(true);
    const long = [scene(0, 50, BRIGHT), scene(50, 62, BRIGHT_TOO)];
    const longScorer = tableScorer(long, (s, trackId, segment) => (s === 0 ? (trackId === 1 && segment === 0 ? 0.9 : 0.5) : trackId === 1 ? 0.8 : 0.5));
    const result = await suggestForProject(long, library, longScorer, SCORE_ALL);
    expect(result[0][0].outSec).toBeGreaterThan(50);
    expect(noneContinue(result)).toBe(true);
  });

  it('never suggests or carries over a track excluded for a scene', async () => {
    const library = makeLibrary(6, 6);
    const scenes = [scene(0, 12, BRIGHT), scene(12, 20, BRIGHT_TOO)];
    const scorer = tableScorer(scenes, (_, trackId) => (trackId === 1 ? 0.9 : 0.5 + trackId / 100));
    const excludeTrack = (sceneId: number, trackId: number) => sceneId === scenes[1].sceneId && trackId === 1;
    const [first, second] = await suggestForProject(scenes, library, scorer, { ...SCORE_ALL, excludeTrack });
    expect(first[0].trackId).toBe(1);
    expect(second.map((s) => s.trackId)).not.toContain(1);
    expect(second.every((s) => !s.continuesFromPrevious)).toBe(true);
  });

  it('reports progress per scene and stops when cancelled', async () => {
    const library = makeLibrary(4, 3);
    const scenes = [scene(0, 5, BRIGHT), scene(5, 9, DARK), scene(9, 14, BRIGHT)];
    const seen: string[] = [];
    await suggestForProject(scenes, library, (_, c) => new Float32Array(c.length), { onProgress: (d, t) => seen.push(`${d}/${t}`) });
    expect(seen).toEqual(['1/3', '2/3', '3/3']);
    const controller = new AbortController();
    const scorer = (_: SceneQuery, c: SegmentEntry[]) => {
      controller.abort();
      return new Float32Array(c.length);
    };
    await expect(suggestForProject(scenes, library, scorer, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('rejects bad scorer output and bad scenes with the scene named', async () => {
    const library = makeLibrary(4, 3);
    const scenes = [scene(0, 5, BRIGHT)];
    const id = scenes[0].sceneId;
    await expect(suggestForProject(scenes, library, () => new Float32Array(2))).rejects.toThrow(`scene ${id}: the scorer returned 2 scores for`);
    await expect(suggestForProject(scenes, library, (_, c) => new Float32Array(c.length).fill(1.5))).rejects.toThrow(/returned 1.5 for segment \d+; scores must lie in \[0, 1\]/);
    const wrongDims = { ...scenes[0], retrievalVector: new Float32Array(3) };
    await expect(suggestForProject([wrongDims], library, () => [])).rejects.toThrow(`scene ${id}: retrieval vector has 3 values, the library index has ${DIMS}`);
    const backwards = { ...scenes[0], endSec: -1 };
    await expect(suggestForProject([backwards], library, () => [])).rejects.toThrow(/is not after start/);
  });
});

describe('first stage', () => {
  it('caps segments per track so the candidates cover many tracks', () => {
    const library = makeLibrary(10, 12);
    const { rows } = retrieveCandidates(library, scene(0, 5, BRIGHT).retrievalVector, { candidates: 20, perTrack: 2 });
    expect(rows).toHaveLength(20);
    const perTrack = new Map<number, number>();
    for (const r of rows) perTrack.set(library.segments[r].trackId, (perTrack.get(library.segments[r].trackId) ?? 0) + 1);
    expect(Math.max(...perTrack.values())).toBe(2);
  });

  it('refuses a library whose segments and index disagree, or a segment without track timing', () => {
    const good = makeLibrary(2, 3);
    expect(() => createSuggestionLibrary({ ...good, segments: good.segments.slice(1) })).toThrow(/5 segments but the retrieval index holds 6 rows/);
    expect(() => createSuggestionLibrary({ ...good, tracks: new Map([[1, good.tracks.get(1)!]]) })).toThrow(/segment 200 belongs to track 2, which has no timing/);
  });
});
