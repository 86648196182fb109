import { describe, expect, it } from 'vitest';
import { planCues, type CueScene } from '../../../src/main/engine/project/cuePlanner';

const calm = [0.1, 0.1, 0.8, 0.6, 0.9, 0.5, 0.2, 0.2, 0.05, 0.05, 0.02, 0.2, 0.1, 0.05, 0.05, 0.3];
const wild = [0.3, 0.2, 0.05, 0.05, 0.02, 0.05, 0.05, 0.05, 0.8, 0.6, 0.7, 0.3, 0.6, 0.4, 0.9, 0.1];
const scene = (id: number, durationSec: number, affect: readonly number[] = calm): CueScene => ({ id, durationSec, affect });

describe('planning music cues', () => {
  it('lays one cue across five 1–2 s shots of one mood', () => {
    const shots = [1.2, 1.8, 1.0, 1.6, 1.4].map((d, i) => scene(i + 1, d));
    expect(planCues(shots)).toEqual([{ sceneIds: [1, 2, 3, 4, 5], durationSec: expect.closeTo(7, 6) }]);
  });

  it('starts a new cue where the mood changes or a long scene comes, once the cue is long enough', () => {
    const cut = [scene(1, 6), scene(2, 7), scene(3, 6, wild), scene(4, 7, wild), scene(5, 25, wild), scene(6, 4, wild)];
    expect(planCues(cut).map((c) => c.sceneIds)).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('never cuts a cue shorter than the minimum, and plans by length alone before moods are known', () => {
    expect(planCues([scene(1, 3), scene(2, 2, wild), scene(3, 2)]).map((c) => c.sceneIds)).toEqual([[1, 2, 3]]);
    expect(planCues([scene(1, 13, []), scene(2, 25, []), scene(3, 2, [])]).map((c) => c.sceneIds)).toEqual([[1], [2, 3]]);
  });
});
