import type { KeyEstimate } from './key';
import { CHROMA_BINS, FRAME_DESCRIPTOR_NAMES } from './spectralFrames';
import type { LoudnessSummary } from './featureStore';

/**
 * The audio feature vector: names, order and assembly. Every stored vector was made under one
 * AUDIO_FEATURE_VERSION; bump it whenever a name, its order, or how any value is computed
 * changes (docs/audio-features.md describes each feature).
 */
export const AUDIO_FEATURE_VERSION = 'audio-features/1';

const CHROMA_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B'];
const TONNETZ_NAMES = ['fifths_x', 'fifths_y', 'minor_thirds_x', 'minor_thirds_y', 'major_thirds_x', 'major_thirds_y'];

export const AUDIO_FEATURE_NAMES: readonly string[] = Object.freeze([
  'rms_mean',
  'rms_std',
  'loudness_mean_db',
  'loudness_std_db',
  'dynamic_range_db',
  'low_energy_ratio',
  'onset_rate',
  'tempo_bpm',
  'pulse_clarity',
  ...FRAME_DESCRIPTOR_NAMES.flatMap((name) => [`${name}_mean`, `${name}_std`]),
  ...CHROMA_NAMES.map((pc) => `chroma_${pc}`),
  'key_clarity',
  'key_mode',
  ...TONNETZ_NAMES.map((t) => `tonnetz_${t}`),
  'harmonic_ratio',
]);

const INDEX = new Map(AUDIO_FEATURE_NAMES.map((name, i) => [name, i]));

export interface FeatureInputs {
  loudness: LoudnessSummary;
  onsetRate: number;
  tempoBpm: number;
  pulseClarity: number;
  descriptorMean: ArrayLike<number>;
  descriptorStd: ArrayLike<number>;
  /** Pitch-class profile normalised to sum 1 (all zero without pitch content). */
  chroma: ArrayLike<number>;
  key: KeyEstimate;
  tonnetz: ArrayLike<number>;
  harmonicRatio: number;
}

/** Assembles one vector in AUDIO_FEATURE_NAMES order; throws if a value is missing or not finite. */
export function buildFeatureVector(inputs: FeatureInputs): Float32Array {
  const out = new Float32Array(AUDIO_FEATURE_NAMES.length).fill(Number.NaN);
  const set = (name: string, value: number): void => {
    const at = INDEX.get(name);
    if (at === undefined) throw new Error(`unknown audio feature ${name}`);
    out[at] = value;
  };
  const { loudness } = inputs;
  set('rms_mean', loudness.rmsMean);
  set('rms_std', loudness.rmsStd);
  set('loudness_mean_db', loudness.loudnessMeanDb);
  set('loudness_std_db', loudness.loudnessStdDb);
  set('dynamic_range_db', loudness.dynamicRangeDb);
  set('low_energy_ratio', loudness.lowEnergyRatio);
  set('onset_rate', inputs.onsetRate);
  set('tempo_bpm', inputs.tempoBpm);
  set('pulse_clarity', inputs.pulseClarity);
  FRAME_DESCRIPTOR_NAMES.forEach((name, i) => {
    set(`${name}_mean`, inputs.descriptorMean[i]);
    set(`${name}_std`, inputs.descriptorStd[i]);
  });
  for (let pc = 0; pc < CHROMA_BINS; pc++) set(`chroma_${CHROMA_NAMES[pc]}`, inputs.chroma[pc]);
  set('key_clarity', inputs.key.clarity);
  set('key_mode', inputs.key.modeLean);
  TONNETZ_NAMES.forEach((t, i) => set(`tonnetz_${t}`, inputs.tonnetz[i]));
  set('harmonic_ratio', inputs.harmonicRatio);
  const bad = AUDIO_FEATURE_NAMES.filter((_, i) => !Number.isFinite(out[i]));
  if (bad.length > 0) throw new Error(`audio features not finite: ${bad.join(', ')}`);
  return out;
}
