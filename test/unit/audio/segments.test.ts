import { describe, expect, it } from 'vitest';
import { AUDIO_FEATURE_NAMES, SEGMENT_SNAP_CONFIDENCE, planSegments } from '../../../src/main/engine/audio/audioAnalyzer';
import { analyse, chordProgression, clickTrack, featureIndex, whiteNoise } from './signals';

const spans = (segments: { startSec: number; endSec: number }[]): [number, number][] =>
  segments.map((s) => [Number(s.startSec.toFixed(3)), Number(s.endSec.toFixed(3))]);

describe('segments', () => {
  it('cuts a 25 s track without a pulse into four 10 s windows every 5 s', () => {
    const result = analyse(whiteNoise(25, 0.3, 3));
    expect(result.tempo.confidence).toBeLessThan(SEGMENT_SNAP_CONFIDENCE);
    expect(spans(result.segments)).toEqual([[0, 10], [5, 15], [10, 20], [15, 25]]);
    for (const segment of result.segments) expect(segment.features.length).toBe(AUDIO_FEATURE_NAMES.length);
  });

  it('plans windows that cover any length, with the last one ending with the track', () => {
    expect(planSegments(0, [])).toEqual([]);
    expect(spans(planSegments(4, []))).toEqual([[0, 4]]);
    expect(spans(planSegments(12, []))).toEqual([[0, 12]]);
    expect(spans(planSegments(13, []))).toEqual([[0, 10], [5, 13]]);
    expect(spans(planSegments(27.4, []))).toEqual([[0, 10], [5, 15], [10, 20], [15, 27.4]]);
    for (const duration of [7, 19.9, 61.3, 3600]) {
      const segments = planSegments(duration, []);
      expect(segments[0].startSec).toBe(0);
      expect(segments[segments.length - 1].endSec).toBe(duration);
      for (let i = 1; i < segments.length; i++) expect(segments[i].startSec).toBeLessThanOrEqual(segments[i - 1].endSec);
    }
  });

  it('moves inner boundaries to the nearest grid time', () => {
    const grid = [0.4, 4.6, 9.1, 15.2, 19.7];
    expect(spans(planSegments(25, grid))).toEqual([[0, 9.1], [4.6, 15.2], [9.1, 19.7], [15.2, 25]]);
  });

  it('starts and ends the segments of a steady 120 BPM track on bar lines', () => {
    const result = analyse(clickTrack(120, 40));
    expect(result.tempo.confidence).toBeGreaterThanOrEqual(SEGMENT_SNAP_CONFIDENCE);
    expect(result.segments.length).toBeGreaterThanOrEqual(6);
    const onBar = (t: number): boolean => result.downbeats.some((d) => Math.abs(d - t) < 1e-6);
    for (const [i, segment] of result.segments.entries()) {
      if (i > 0) expect(onBar(segment.startSec)).toBe(true);
      if (i < result.segments.length - 1) expect(onBar(segment.endSec)).toBe(true);
      expect(segment.endSec - segment.startSec).toBeGreaterThan(7);
      expect(segment.endSec - segment.startSec).toBeLessThan(13);
    }
    // Bar lines of this track sit at 0.5 + 2k s.
    for (const segment of result.segments.slice(1)) {
      const bars = (segment.startSec - 0.5) / 2;
      expect(Math.abs(bars - Math.round(bars))).toBeLessThan(0.02);
    }
  });

  it('gives each section its own features: a quiet half and a loud half', () => {
    const quietThenLoud = chordProgression([[48, 60, 64, 67], [48, 60, 64, 67]], 10);
    for (let i = quietThenLoud.length / 2; i < quietThenLoud.length; i++) quietThenLoud[i] *= 4;
    const result = analyse(quietThenLoud);
    const loudness = featureIndex(AUDIO_FEATURE_NAMES, 'loudness_mean_db');
    const first = result.segments[0].features[loudness];
    const last = result.segments[result.segments.length - 1].features[loudness];
    expect(last - first).toBeGreaterThan(11);
    expect(last - first).toBeLessThan(13);
  });
});
