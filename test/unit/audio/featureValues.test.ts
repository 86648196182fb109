import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIO_FEATURE_NAMES, AUDIO_FEATURE_VERSION, type AudioAnalysis } from '../../../src/main/engine/audio/audioAnalyzer';
import { analyse, backbeatBand, chordProgression, seededRandom, SR, whiteNoise } from './signals';

/**
 * The analyzer's values for fixed signals, as the implementation of AUDIO_FEATURE_VERSION computed
 * them when this file was written (test/fixtures/audio-features/<version>.json). A faster
 * implementation must give the same values within RELATIVE (the 1e-4), or bump the
 * version with the reason; CUEFINDER_WRITE_FEATURE_VALUES=1 writes the file for a new version.
 */
const RELATIVE = 1e-4;
/** Values this close to zero (a mean of deltas, a silent band) are compared absolutely. */
const ABSOLUTE = 1e-6;
/** Beat and downbeat times: the same frames (one frame is 20 ms). */
const BEAT_TOLERANCE_SEC = 1e-6;

const fixture = join(__dirname, '..', '..', 'fixtures', 'audio-features', `${AUDIO_FEATURE_VERSION.replace('/', '-')}.json`);

/** A 30 s mix with a drum pattern, chords, noise, a quiet passage and a level jump. */
function bandWithBreak(): Float32Array {
  const band = backbeatBand(112, 30, 7);
  const pad = chordProgression([[57, 60, 64], [53, 57, 60], [55, 59, 62]], 3);
  const noise = whiteNoise(30, 0.02, 11);
  const out = new Float32Array(band.length);
  for (let i = 0; i < out.length; i++) {
    const t = i / SR;
    const level = t < 12 ? 1 : t < 18 ? 0.05 : 1.6;
    out[i] = level * band[i] + pad[i % pad.length] + noise[i];
  }
  return out;
}

/** A slow, quiet sine sweep with a little dither: no pulse, one moving partial. */
function sweep(): Float32Array {
  const random = seededRandom(3);
  const out = new Float32Array(20 * SR);
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    phase += (2 * Math.PI * (110 * Math.pow(2, (5 * i) / out.length))) / SR;
    out[i] = 0.1 * Math.sin(phase) + 0.001 * (random() - 0.5);
  }
  return out;
}

const SIGNALS: Record<string, () => Float32Array> = { bandWithBreak, sweep };

interface Recorded {
  durationSec: number;
  tempo: { bpm: number; confidence: number };
  beats: number[];
  downbeats: number[];
  key: { name: string; clarity: number };
  trackFeatures: number[];
  segments: { startSec: number; endSec: number; features: number[] }[];
  loudnessEnvelope: number[];
}

function record(a: AudioAnalysis): Recorded {
  return {
    durationSec: a.durationSec,
    tempo: a.tempo,
    beats: a.beats,
    downbeats: a.downbeats,
    key: { name: a.key.name, clarity: a.key.clarity },
    trackFeatures: [...a.trackFeatures],
    segments: a.segments.map((s) => ({ startSec: s.startSec, endSec: s.endSec, features: [...s.features] })),
    loudnessEnvelope: [...a.loudnessEnvelope],
  };
}

/** Names of the values that differ by more than the tolerance, with both values. */
function differences(what: string, expected: number[], actual: number[], names?: readonly string[]): string[] {
  if (expected.length !== actual.length) return [`${what}: ${actual.length} values, expected ${expected.length}`];
  const out: string[] = [];
  expected.forEach((e, i) => {
    const a = actual[i];
    if (Math.abs(a - e) > Math.max(ABSOLUTE, RELATIVE * Math.max(Math.abs(a), Math.abs(e)))) {
      out.push(`${what} ${names?.[i] ?? i}: ${a} (recorded ${e})`);
    }
  });
  return out;
}

describe(`audio feature values (${AUDIO_FEATURE_VERSION})`, () => {
  const computed = Object.fromEntries(Object.entries(SIGNALS).map(([name, make]) => [name, record(analyse(make()))]));

  if (process.env.CUEFINDER_WRITE_FEATURE_VALUES === '1' && !existsSync(fixture)) {
    mkdirSync(dirname(fixture), { recursive: true });
    writeFileSync(fixture, JSON.stringify(computed));
  }
  const recorded = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, Recorded>;

  for (const name of Object.keys(SIGNALS)) {
    it(`${name}: every feature, segment, beat and loudness value as recorded`, () => {
      const want = recorded[name];
      const got = computed[name];
      expect(got.durationSec).toBe(want.durationSec);
      expect(got.key.name).toBe(want.key.name);
      expect(got.segments.map((s) => [s.startSec, s.endSec])).toEqual(want.segments.map((s) => [s.startSec, s.endSec]));
      for (const grid of ['beats', 'downbeats'] as const) {
        expect(got[grid].length).toBe(want[grid].length);
        got[grid].forEach((t, i) => expect(Math.abs(t - want[grid][i])).toBeLessThanOrEqual(BEAT_TOLERANCE_SEC));
      }
      const problems = [
        ...differences('tempo', [want.tempo.bpm, want.tempo.confidence, want.key.clarity], [got.tempo.bpm, got.tempo.confidence, got.key.clarity]),
        ...differences('track', want.trackFeatures, got.trackFeatures, AUDIO_FEATURE_NAMES),
        ...want.segments.flatMap((s, k) => differences(`segment ${k}`, s.features, got.segments[k].features, AUDIO_FEATURE_NAMES)),
        ...differences('loudness', want.loudnessEnvelope, got.loudnessEnvelope),
      ];
      expect(problems).toEqual([]);
    });
  }

  it('gives the same values on kernels reused from an earlier stream', () => {
    // A finished stream gives its kernels back; the next one starts on them (frame buffer, previous
    // frame, held frames all reset), here after a different, shorter signal.
    const earlier = analyse(sweep().subarray(0, 5 * SR));
    expect(earlier.durationSec).toBeCloseTo(5, 5);
    const again = record(analyse(bandWithBreak()));
    expect(again).toEqual(computed.bandWithBreak);
  });

  it('catches a change the size of the tolerance (the check is not vacuous)', () => {
    const want = recorded.bandWithBreak.trackFeatures;
    const nudged = want.map((v, i) => (i === 7 ? v * (1 + 3 * RELATIVE) + 3 * ABSOLUTE : v));
    expect(differences('track', want, nudged, AUDIO_FEATURE_NAMES)).toHaveLength(1);
  });
});
