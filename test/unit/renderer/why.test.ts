import { describe, expect, it } from 'vitest';
import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../src/shared/affect';
import { affectTone, feels, reason } from '../../../src/renderer/src/why';

const vector = (values: Partial<Record<AffectDimension, number>>): number[] => AFFECT_DIMENSIONS.map((d) => values[d] ?? 0.05);

describe('why this track, in words', () => {
  const scene = vector({ peaceful: 0.8, tender: 0.7, energetic: 0.5, sad: 0.1 });
  const track = vector({ peaceful: 0.75, tender: 0.65, energetic: 0.1, sad: 0.6 });

  it('names the strongest moods of each side', () => {
    expect(feels(scene)).toEqual(['peaceful', 'tender', 'energetic']);
    expect(feels(track, 2)).toEqual(['peaceful', 'tender']);
    expect(feels([])).toEqual([]);
  });

  it('gives one line: what is shared, the pace, the worst clash', () => {
    expect(reason(scene, track, ['peaceful', 'tender'], [])).toBe('peaceful and tender like the scene; calmer than its pace; but more sad');
    expect(reason(track, scene, [], ['sad'])).toBe('no strong mood shared with the scene; more driving than its pace; but less sad than the scene');
  });

  it('draws a large gap as a clash even when the explanation does not list it', () => {
    expect(affectTone('sad', 0.1, 0.6, [], [])).toBe('clash');
    expect(affectTone('sad', 0.1, 0.2, [], ['sad'])).toBe('clash');
    expect(affectTone('tender', 0.7, 0.65, ['tender'], [])).toBe('agree');
    expect(affectTone('tender', 0.2, 0.3, [], [])).toBe('neutral');
  });
});
