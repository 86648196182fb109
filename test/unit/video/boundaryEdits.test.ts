import { describe, expect, it } from 'vitest';
import { applyBoundaryEdits, type Transition } from '../../../src/main/engine/video/sceneDetector';

const detected: Transition[] = [
  { frame: 50, kind: 'cut', frames: 0, strength: 40 },
  { frame: 120, kind: 'dissolve', frames: 20, strength: 30 },
];

describe('applyBoundaryEdits', () => {
  it('adds the editor’s cuts as edits and takes away boundaries at or next to a no-cut frame', () => {
    const edited = applyBoundaryEdits(detected, { cuts: [80], noCuts: [118] }, 200);
    expect(edited.map((t) => [t.frame, t.kind])).toEqual([
      [50, 'cut'],
      [80, 'edit'],
    ]);
  });

  it('ignores cuts outside the video or on an existing boundary, and a no-cut far from any boundary', () => {
    const edited = applyBoundaryEdits(detected, { cuts: [0, 50, 200, 250], noCuts: [90] }, 200);
    expect(edited).toEqual(detected);
  });

  it('keeps a cut the editor made even right next to a detected boundary', () => {
    expect(applyBoundaryEdits(detected, { cuts: [52], noCuts: [] }, 200).map((t) => t.frame)).toEqual([50, 52, 120]);
  });
});
