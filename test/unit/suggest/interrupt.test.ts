import { describe, expect, it } from 'vitest';
import { matrix } from '../../../src/main/engine/model/matrix';
import { RetrievalIndex } from '../../../src/main/engine/suggest/retrievalIndex';
import { seededRandom } from '../../../src/main/engine/model/rng';
import { suggestForProject, type SceneQuery } from '../../../src/main/engine/suggest/suggestEngine';
import { createSuggestionLibrary, type SegmentEntry } from '../../../src/main/engine/suggest/suggestionLibrary';

/**
 * Attack finding 3: Ctrl-C during suggest's scoring was lost, because scoring never gave the event
 * loop a turn, so the signal handler only ran after the last scene. Scoring yields between scenes
 * often enough that an abort is seen within a second.
 */
describe('suggest scoring and interrupts', () => {
  it('stops within a second of an abort raised by a timer (as a signal handler would) while scoring blocks', async () => {
    const random = seededRandom(5);
    const dims = 8;
    const segments: SegmentEntry[] = Array.from({ length: 40 }, (_, i) => ({ segmentId: i + 1, trackId: 1 + (i % 8), startSec: 10 * Math.floor(i / 8), endSec: 10 * Math.floor(i / 8) + 10 }));
    const library = createSuggestionLibrary({
      segments,
      index: RetrievalIndex.build(matrix(segments.length, dims, Float32Array.from({ length: segments.length * dims }, () => random() - 0.5))),
      tracks: new Map(Array.from({ length: 8 }, (_, t) => [t + 1, { trackId: t + 1, durationSec: 50, bpm: 120, tempoConfidence: 0.9, beats: [0.5, 1], downbeats: [0.5] }])),
      trackAffect: () => new Array(16).fill(0.5),
    });
    const scenes: SceneQuery[] = Array.from({ length: 150 }, (_, i) => ({ sceneId: i + 1, startSec: 4 * i, endSec: 4 * i + 4, affect: new Array(16).fill(0.5), retrievalVector: Float32Array.from({ length: dims }, () => random() - 0.5) }));
    // A synchronous scorer that takes 20 ms per scene, as the model does on a big library: 3 s in all.
    const scorer = (_s: SceneQuery, candidates: SegmentEntry[]): Float32Array => {
      const until = performance.now() + 20;
      while (performance.now() < until);
      return Float32Array.from(candidates, () => 0.5);
    };
    const controller = new AbortController();
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort();
    }, 200);
    const outcome = await suggestForProject(scenes, library, scorer, { signal: controller.signal }).then(
      () => 'finished',
      (err: Error) => (err.name === 'AbortError' ? err.name : err.message),
    );
    expect(outcome).toBe('AbortError');
    expect(performance.now() - abortedAt).toBeLessThan(1000);
  });
});
