import { describe, expect, it } from 'vitest';
import { AUDIO_FEATURE_NAMES, AUDIO_FEATURE_VERSION, createAudioAnalyzer } from '../../../src/main/engine/audio/audioAnalyzer';
import { SR, analyse, chordProgression, clickTrack, featureIndex, whiteNoise } from './signals';

const at = (name: string): number => featureIndex(AUDIO_FEATURE_NAMES, name);
const allFinite = (v: Float32Array): boolean => v.every(Number.isFinite);

describe('feature vectors', () => {
  it('has a documented, unique schema with a version', () => {
    expect(AUDIO_FEATURE_VERSION).toMatch(/^audio-features\/\d+$/);
    expect(new Set(AUDIO_FEATURE_NAMES).size).toBe(AUDIO_FEATURE_NAMES.length);
    for (const name of ['rms_mean', 'zcr_mean', 'onset_rate', 'tempo_bpm', 'spectral_contrast_7_std', 'mfcc_12_mean', 'mfcc_delta_0_std', 'chroma_B', 'key_clarity', 'harmonic_ratio']) {
      expect(AUDIO_FEATURE_NAMES).toContain(name);
    }
  });

  it('describes silence with finite values: no level, no pulse, no key', () => {
    const result = analyse(new Float32Array(20 * SR));
    expect(result.durationSec).toBe(20);
    expect(allFinite(result.trackFeatures)).toBe(true);
    for (const segment of result.segments) expect(allFinite(segment.features)).toBe(true);
    expect(result.tempo).toEqual({ bpm: 0, confidence: 0 });
    expect(result.beats).toEqual([]);
    expect(result.key.clarity).toBe(0);
    const f = result.trackFeatures;
    expect(f[at('rms_mean')]).toBe(0);
    expect(f[at('loudness_mean_db')]).toBeCloseTo(-100, 3);
    expect(f[at('dynamic_range_db')]).toBe(0);
    expect(f[at('onset_rate')]).toBe(0);
    expect(f[at('zcr_mean')]).toBe(0);
    expect(result.loudnessEnvelope.length).toBe(200);
    expect(result.loudnessEnvelope.every((db) => db === result.loudnessEnvelope[0])).toBe(true);
  });

  it('describes white noise as bright, flat, crossing zero every other sample, without onsets', () => {
    const result = analyse(whiteNoise(20, 0.5, 7));
    const f = result.trackFeatures;
    expect(allFinite(f)).toBe(true);
    // Uniform noise in ±0.5: RMS 0.5/√3.
    expect(f[at('rms_mean')]).toBeCloseTo(0.5 / Math.sqrt(3), 2);
    expect(f[at('zcr_mean')]).toBeGreaterThan(0.45);
    expect(f[at('zcr_mean')]).toBeLessThan(0.55);
    expect(f[at('spectral_centroid_mean')]).toBeGreaterThan(4500);
    expect(f[at('spectral_centroid_mean')]).toBeLessThan(6500);
    expect(f[at('spectral_flatness_mean')]).toBeGreaterThan(0.4);
    expect(f[at('onset_rate')]).toBeLessThan(0.5);
    expect(f[at('dynamic_range_db')]).toBeLessThan(1);
    expect(result.tempo.confidence).toBeLessThan(0.25);
  });

  it('separates sustained chords from clicks in timbre, harmony and rhythm features', () => {
    const chords = analyse(chordProgression([[48, 60, 64, 67], [53, 60, 65, 69]], 5)).trackFeatures;
    const clicks = analyse(clickTrack(120, 10)).trackFeatures;
    expect(chords[at('harmonic_ratio')]).toBeGreaterThan(0.6);
    expect(clicks[at('harmonic_ratio')]).toBeLessThan(0.2);
    expect(clicks[at('onset_rate')]).toBeCloseTo(2, 0);
    expect(chords[at('onset_rate')]).toBeLessThan(0.5);
    expect(chords[at('spectral_flatness_mean')]).toBeLessThan(noiseFlatness());
    expect(chords[at('key_clarity')]).toBeGreaterThan(0.7);
    // Clicks sit in silence most of the time: most 100 ms windows are quieter than the mean.
    expect(clicks[at('low_energy_ratio')]).toBeGreaterThan(0.6);
    expect(clicks[at('dynamic_range_db')]).toBeGreaterThan(chords[at('dynamic_range_db')]);
  });

  it('puts a pure tone where it is: centroid and chroma at its pitch', () => {
    const a440 = Float32Array.from({ length: 5 * SR }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / SR));
    const f = analyse(a440).trackFeatures;
    expect(f[at('spectral_centroid_mean')]).toBeGreaterThan(400);
    expect(f[at('spectral_centroid_mean')]).toBeLessThan(520);
    expect(f[at('chroma_A')]).toBeGreaterThan(0.9);
    // A full-scale sine is −3 dB; this one is at half amplitude.
    expect(f[at('loudness_mean_db')]).toBeCloseTo(-3 - 6.02, 0);
  });

  it('treats NaN, infinite and absurd samples as silence and survives an empty stream', () => {
    const signal = whiteNoise(5, 0.3, 2);
    signal[1000] = Number.NaN;
    signal[2000] = Number.POSITIVE_INFINITY;
    signal[3000] = -1e30;
    expect(allFinite(analyse(signal).trackFeatures)).toBe(true);

    const empty = createAudioAnalyzer().finish();
    expect(empty.durationSec).toBe(0);
    expect(empty.segments).toEqual([]);
    expect(allFinite(empty.trackFeatures)).toBe(true);
  });

  it('refuses use after finish', () => {
    const analyzer = createAudioAnalyzer();
    analyzer.push(new Float32Array(100));
    analyzer.finish();
    expect(() => analyzer.push(new Float32Array(100))).toThrow(/after finish/);
    expect(() => analyzer.finish()).toThrow(/twice/);
  });
});

function noiseFlatness(): number {
  return analyse(whiteNoise(5, 0.3, 9)).trackFeatures[at('spectral_flatness_mean')];
}
