import { describe, expect, it } from 'vitest';
import { applyCueEdits } from '../../../src/main/engine/project/cueEdits';
import { cueSections, rankTracksForCue } from '../../../src/main/engine/project/projectCues';

const scenes = [4, 2, 2, 2, 3].map((durationSec, i) => ({ id: i + 1, durationSec }));
const plan = [
  { sceneIds: [1, 2, 3], durationSec: 8 },
  { sceneIds: [4, 5], durationSec: 5 },
];

describe('the editor’s cue edits on top of the plan', () => {
  it('leaves the plan as it is without edits', () => {
    expect(applyCueEdits(plan, scenes, new Map())).toEqual(plan);
  });

  it('splits a cue where the editor starts one, with the lengths summed again', () => {
    expect(applyCueEdits(plan, scenes, new Map([[3, 'break' as const]]))).toEqual([
      { sceneIds: [1, 2], durationSec: 6 },
      { sceneIds: [3], durationSec: 2 },
      { sceneIds: [4, 5], durationSec: 5 },
    ]);
  });

  it('joins a cue to the one before where the editor takes its start away', () => {
    expect(applyCueEdits(plan, scenes, new Map([[4, 'no-break' as const]]))).toEqual([{ sceneIds: [1, 2, 3, 4, 5], durationSec: 13 }]);
  });

  it('always starts a cue at the cut’s first scene, and ignores edits at scenes no longer in the cut', () => {
    const edits = new Map([
      [1, 'no-break' as const],
      [99, 'break' as const],
      [2, 'break' as const],
    ]);
    expect(applyCueEdits(plan, scenes, edits).map((c) => c.sceneIds)).toEqual([[1], [2, 3], [4, 5]]);
  });
});

describe('tracks ranked for a whole cue', () => {
  const cue = [
    { sceneId: 1, durationSec: 6, suggestions: [{ trackId: 10, score: 4, inSec: 20 }, { trackId: 11, score: 3, inSec: 0 }] },
    { sceneId: 2, durationSec: 2, suggestions: [{ trackId: 11, score: 5, inSec: 8 }, { trackId: 12, score: 2, inSec: 0 }] },
    { sceneId: 3, durationSec: 2, suggestions: [] },
  ];
  const durations = new Map([
    [10, 60],
    [11, 60],
    [12, 5],
  ]);

  it('scores by the length-weighted mean of the scenes’ scores, a scene not listing a track counting its lowest score', () => {
    const ranked = rankTracksForCue(cue, durations);
    // Track 11: (6 × 3 + 2 × 5) / 8; track 10: (6 × 4 + 2 × 2) / 8, a tie that the track more scenes list wins; track 12: (6 × 3 + 2 × 2) / 8.
    expect(ranked.map((r) => r.trackId)).toEqual([11, 10, 12]);
    expect(ranked.map((r) => r.score)).toEqual([3.5, 3.5, 2.75]);
    expect(ranked.map((r) => r.suggestedFor)).toEqual([2, 1, 1]);
  });

  it('gives a section as long as the cue where the track allows, with the longest scene’s own section under it', () => {
    const [t11, t10, t12] = rankTracksForCue(cue, durations);
    expect([t10.inSec, t10.outSec]).toEqual([20, 30]);
    // Scene 1 (the longest listing it) starts the cue: its own in point.
    expect([t11.inSec, t11.outSec]).toEqual([0, 10]);
    // A 5 s track under a 10 s cue: all of it.
    expect([t12.inSec, t12.outSec]).toEqual([0, 5]);
  });

  it('never ranks a track rejected for a scene of the cue', () => {
    expect(rankTracksForCue(cue, durations, new Set([10])).map((r) => r.trackId)).toEqual([11, 12]);
  });

  it('lays the track across the scenes back to back, each continuing the one before, none past the track’s end', () => {
    expect(cueSections(cue, 20, 60)).toEqual([
      { sceneId: 1, inSec: 20, outSec: 26, continuesFromPrevious: false },
      { sceneId: 2, inSec: 26, outSec: 28, continuesFromPrevious: true },
      { sceneId: 3, inSec: 28, outSec: 30, continuesFromPrevious: true },
    ]);
    expect(cueSections(cue, 0, 7).map((s) => [s.sceneId, s.outSec])).toEqual([
      [1, 6],
      [2, 7],
    ]);
  });
});
