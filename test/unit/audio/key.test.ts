import { describe, expect, it } from 'vitest';
import { AUDIO_FEATURE_NAMES } from '../../../src/main/engine/audio/audioAnalyzer';
import { estimateKey, tonnetz } from '../../../src/main/engine/audio/key';
import { analyse, chordProgression, featureIndex, whiteNoise } from './signals';

// Four-note voicings (bass note first), MIDI numbers.
const C_MAJOR_I_IV_V_I = [[48, 60, 64, 67], [53, 60, 65, 69], [55, 59, 62, 67], [48, 60, 64, 67]];
const A_MINOR_i_iv_v_i = [[45, 57, 60, 64], [50, 57, 62, 65], [52, 59, 64, 67], [45, 57, 60, 64]];
const G_MAJOR_I_IV_V_I = [[43, 55, 59, 62], [48, 55, 60, 64], [50, 54, 57, 62], [43, 55, 59, 62]];
const E_MINOR_i_iv_v_i = [[40, 52, 55, 59], [45, 52, 57, 60], [47, 54, 59, 62], [40, 52, 55, 59]];

describe('key and mode', () => {
  const cases = [
    { progression: C_MAJOR_I_IV_V_I, tonic: 0, mode: 'major', name: 'C major' },
    { progression: A_MINOR_i_iv_v_i, tonic: 9, mode: 'minor', name: 'A minor' },
    { progression: G_MAJOR_I_IV_V_I, tonic: 7, mode: 'major', name: 'G major' },
    { progression: E_MINOR_i_iv_v_i, tonic: 4, mode: 'minor', name: 'E minor' },
  ] as const;
  for (const { progression, tonic, mode, name } of cases) {
    it(`hears ${name} in its cadence`, () => {
      const result = analyse(chordProgression([...progression, ...progression], 2));
      expect(result.key).toMatchObject({ tonic, mode, name });
      expect(result.key.clarity).toBeGreaterThan(0.7);
      const modeLean = result.trackFeatures[featureIndex(AUDIO_FEATURE_NAMES, 'key_mode')];
      expect(Math.sign(modeLean)).toBe(mode === 'major' ? 1 : -1);
    });
  }

  it('tells relative keys apart by the tonic the music dwells on (C major vs A minor share all notes)', () => {
    const major = analyse(chordProgression(C_MAJOR_I_IV_V_I, 2));
    const minor = analyse(chordProgression(A_MINOR_i_iv_v_i, 2));
    expect(major.key.name).toBe('C major');
    expect(minor.key.name).toBe('A minor');
  });

  it('gives noise a weak key and a silent profile none', () => {
    expect(analyse(whiteNoise(10, 0.3, 4)).key.clarity).toBeLessThan(0.5);
    expect(estimateKey(new Float64Array(12))).toMatchObject({ clarity: 0, modeLean: 0 });
    expect(Array.from(tonnetz(new Float64Array(12)))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('places a major triad and its relative minor near each other on the tonnetz, a tritone away far', () => {
    const triad = (...pcs: number[]): Float64Array => {
      const chroma = new Float64Array(12);
      for (const pc of pcs) chroma[pc] = 1;
      return chroma;
    };
    const distance = (a: Float64Array, b: Float64Array): number => Math.hypot(...Array.from(a, (v, i) => v - b[i]));
    const cMajor = tonnetz(triad(0, 4, 7));
    expect(distance(cMajor, tonnetz(triad(9, 0, 4)))).toBeLessThan(distance(cMajor, tonnetz(triad(6, 10, 1))));
  });
});
