import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createAudioAnalyzer } from '../../../src/main/engine/audio/audioAnalyzer';
import { decodeAudio } from '../../../src/main/engine/media/audioDecoder';
import { makeTempDir, writeWav } from '../../helpers/fixtures';
import { SR, analyse, backbeatBand, clickTrack, randomClicks, whiteNoise } from './signals';

const tmp = makeTempDir();
afterAll(tmp.cleanup);

/** Distance (s) from t to the nearest click of a train starting at firstSec. */
const offBeat = (t: number, period: number, firstSec: number): number => {
  const k = Math.round((t - firstSec) / period);
  return Math.abs(t - firstSec - k * period);
};

describe('tempo and beats', () => {
  for (const bpm of [60, 90, 120, 150]) {
    it(`finds ${bpm} BPM in a click track, with beats on the clicks and downbeats on the accents`, () => {
      const period = 60 / bpm;
      const result = analyse(clickTrack(bpm, 30));

      expect(Math.abs(result.tempo.bpm - bpm) / bpm).toBeLessThan(0.02);
      expect(result.tempo.confidence).toBeGreaterThan(0.7);
      // Every click but possibly the first and last gets a beat, each within 35 ms (under one 25 fps frame).
      const clicks = Math.floor((30 - 0.5) / period) + 1;
      expect(result.beats.length).toBeGreaterThanOrEqual(clicks - 2);
      expect(result.beats.length).toBeLessThanOrEqual(clicks);
      for (const beat of result.beats) expect(offBeat(beat, period, 0.5)).toBeLessThan(0.035);
      const intervals = result.beats.slice(1).map((b, i) => b - result.beats[i]);
      for (const interval of intervals) expect(Math.abs(interval - period) / period).toBeLessThan(0.05);
      // The accented clicks are every fourth from 0.5 s.
      expect(result.downbeats.length).toBeGreaterThanOrEqual(Math.floor(clicks / 4) - 1);
      for (const downbeat of result.downbeats) expect(offBeat(downbeat, 4 * period, 0.5)).toBeLessThan(0.035);
    });
  }

  it('keeps a backbeat band at its tempo and puts the downbeats on the chord changes, not the snare', () => {
    const bpm = 128;
    const result = analyse(backbeatBand(bpm, 40, 3));
    expect(Math.abs(result.tempo.bpm - bpm) / bpm).toBeLessThan(0.02);
    expect(result.tempo.confidence).toBeGreaterThan(0.5);
    expect(result.downbeats.length).toBeGreaterThan(15);
    for (const downbeat of result.downbeats) expect(offBeat(downbeat, (4 * 60) / bpm, 0)).toBeLessThan(0.035);
  });

  it('reports low confidence for white noise and for clicks at random times', () => {
    const noise = analyse(whiteNoise(30, 0.3, 1));
    expect(noise.tempo.confidence).toBeLessThan(0.25);
    for (const seed of [1, 2, 3]) {
      const random = analyse(randomClicks(30, 3, seed));
      expect(random.tempo.confidence).toBeLessThan(0.25);
    }
  });

  it('gets the tempo through the real decode path (WAV → ffmpeg → streamed chunks)', async () => {
    const path = join(tmp.dir, 'clicks 100 bpm.wav');
    writeWav(path, clickTrack(100, 20), SR);
    const analyzer = createAudioAnalyzer();
    await decodeAudio(path, { sampleRate: SR, chunkSamples: 12345 }, (chunk) => analyzer.push(chunk));
    const result = analyzer.finish();
    expect(result.durationSec).toBeCloseTo(20, 1);
    expect(Math.abs(result.tempo.bpm - 100) / 100).toBeLessThan(0.02);
  });
});
