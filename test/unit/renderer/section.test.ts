import { describe, expect, it } from 'vitest';
import { draggedSection, shiftedSection, snapToBar } from '../../../src/renderer/src/section';

const bars = [0.5, 3.5, 6.5, 9.5, 12.5, 15.5];

describe('editing a section', () => {
  it('snaps dragged edges to the nearest bars, never to an empty section', () => {
    expect(snapToBar(4.9, bars)).toBe(3.5);
    expect(snapToBar(5.1, bars)).toBe(6.5);
    expect(draggedSection(3.9, 11.2, bars, 18, true)).toEqual({ inSec: 3.5, outSec: 12.5 });
    expect(draggedSection(6.2, 6.9, bars, 18, true), 'both edges on one bar: one bar long').toEqual({ inSec: 6.5, outSec: 9.5 });
    expect(draggedSection(3.9, 11.2, bars, 18, false)).toEqual({ inSec: 3.9, outSec: 11.2 });
    expect(draggedSection(-2, 40, [], 18, true), 'inside the track').toEqual({ inSec: 0, outSec: 18 });
  });

  it('moves a section by whole bars, keeping its length, inside the track', () => {
    expect(shiftedSection(3.5, 9.5, bars, 18, 1)).toEqual({ inSec: 6.5, outSec: 12.5 });
    expect(shiftedSection(3.5, 9.5, bars, 18, -1)).toEqual({ inSec: 0.5, outSec: 6.5 });
    expect(shiftedSection(12.5, 17.5, bars, 18, 1), 'stops at the end').toEqual({ inSec: 13, outSec: 18 });
  });
});
