import { describe, expect, it } from 'vitest';
import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../src/shared/affect';
import { explainMatch } from '../../../src/main/engine/suggest/explain';

/** A 16-vector at `base` with the named dimensions set. */
function affect(base: number, set: Partial<Record<AffectDimension, number>>): number[] {
  return AFFECT_DIMENSIONS.map((d) => set[d] ?? base);
}

describe('explainMatch', () => {
  it('names where scene and track are both high and close as agreeing, and the widest gaps as clashing', () => {
    const scene = affect(0.1, { joyful: 0.9, energetic: 0.8, playful: 0.6, triumphant: 0.7, sad: 0.05, tense: 0.7 });
    const track = affect(0.1, { joyful: 0.8, energetic: 0.8, playful: 0.4, triumphant: 0.65, sad: 0.8, tense: 0.2 });
    const { agree, clash } = explainMatch(scene, track);
    expect(agree).toEqual(['energetic', 'joyful', 'triumphant']);
    expect(clash).toEqual(['sad', 'tense']);
  });

  it('does not call dimensions that are weak on both sides agreeing, nor small gaps clashing', () => {
    const scene = affect(0.15, { peaceful: 0.5 });
    const track = affect(0.1, { peaceful: 0.45 });
    expect(explainMatch(scene, track)).toEqual({ agree: ['peaceful'], clash: [] });
  });

  it('rejects vectors of the wrong length', () => {
    expect(() => explainMatch([0.5], affect(0, {}))).toThrow(/16-value/);
  });
});
