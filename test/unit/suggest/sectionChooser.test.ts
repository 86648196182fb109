import { describe, expect, it } from 'vitest';
import { BAR_SNAP_CONFIDENCE, BEAT_SNAP_CONFIDENCE, chooseSection, type TrackTiming } from '../../../src/main/engine/suggest/sectionChooser';

/** A steady grid: 120 BPM (beats every 0.5 s) from 0.3 s, 4/4, so downbeats fall at 0.3, 2.3, 4.3, … */
function timing(tempoConfidence: number, durationSec = 180): TrackTiming {
  const beats = Array.from({ length: Math.floor((durationSec - 0.3) / 0.5) + 1 }, (_, i) => 0.3 + 0.5 * i);
  return { trackId: 7, durationSec, bpm: 120, tempoConfidence, beats, downbeats: beats.filter((_, i) => i % 4 === 0) };
}

const isOnGrid = (t: number, period: number) => Math.abs(((t - 0.3) / period) - Math.round((t - 0.3) / period)) < 1e-9;

describe('chooseSection', () => {
  it('lands on the nearest downbeat when the tempo is confident, and spans the scene', () => {
    const s = chooseSection(timing(0.9), 10.9, 12.5);
    expect(s.grid).toBe('downbeat');
    expect(s.inSec).toBeCloseTo(10.3, 9);
    expect(s.outSec - s.inSec).toBeCloseTo(12.5, 9);
  });

  it('lands on downbeats for every anchor across the track at the bar threshold', () => {
    for (let anchor = 0; anchor < 175; anchor += 3.7) {
      const s = chooseSection(timing(BAR_SNAP_CONFIDENCE), anchor, 4);
      expect(isOnGrid(s.inSec, 2)).toBe(true);
      expect(Math.abs(s.inSec - anchor)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('lands on the nearest beat when the tempo is only moderately confident', () => {
    const s = chooseSection(timing(BEAT_SNAP_CONFIDENCE), 10.9, 8);
    expect(s.grid).toBe('beat');
    expect(s.inSec).toBeCloseTo(10.8, 9);
  });

  it('keeps the segment start when there is no steady pulse', () => {
    const s = chooseSection(timing(BEAT_SNAP_CONFIDENCE - 0.01), 10.9, 8);
    expect(s).toEqual({ inSec: 10.9, outSec: 18.9, grid: 'none' });
  });

  it('pulls the in-point back so the section ends inside the track, still on a downbeat', () => {
    const s = chooseSection(timing(0.9), 170, 30);
    expect(s.outSec).toBeLessThanOrEqual(180);
    expect(s.outSec - s.inSec).toBeCloseTo(30, 9);
    expect(s.inSec).toBeCloseTo(148.3, 9);
  });

  it('plays a track shorter than the scene from the top and says so by a shorter section', () => {
    const s = chooseSection(timing(0.9, 20), 5, 30);
    expect(s).toEqual({ inSec: 0, outSec: 20, grid: 'none' });
  });

  it('rejects a non-positive scene length naming the track', () => {
    expect(() => chooseSection(timing(0.9), 0, 0)).toThrow(/track 7: scene length/);
  });
});
