import { AUDIO_ANALYSIS_SAMPLE_RATE, createAudioAnalyzer, type AudioAnalysis } from '../../../src/main/engine/audio/audioAnalyzer';

/** Deterministic test signals at the analysis rate, synthesised in code. */
export const SR = AUDIO_ANALYSIS_SAMPLE_RATE;

/** Pushes a signal through a fresh analyzer in chunks of the given size. */
export function analyse(signal: Float32Array, chunkSamples = 65536): AudioAnalysis {
  const analyzer = createAudioAnalyzer();
  for (let i = 0; i < signal.length; i += chunkSamples) analyzer.push(signal.subarray(i, i + chunkSamples));
  return analyzer.finish();
}

/** A seeded uniform generator in [0, 1) (LCG), so every run hears the same noise. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function addClick(out: Float32Array, atSec: number, hz: number, amplitude: number): void {
  const start = Math.round(atSec * SR);
  for (let k = 0; k < 0.03 * SR && start + k < out.length; k++) {
    out[start + k] += amplitude * Math.sin((2 * Math.PI * hz * k) / SR) * Math.exp(-k / (0.005 * SR));
  }
}

/** Short 1 kHz clicks on every beat from `firstSec`; every fourth (from the first) higher and louder. */
export function clickTrack(bpm: number, seconds: number, firstSec = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; firstSec + (i * 60) / bpm < seconds; i++) {
    const downbeat = i % 4 === 0;
    addClick(out, firstSec + (i * 60) / bpm, downbeat ? 1500 : 1000, downbeat ? 0.9 : 0.5);
  }
  return out;
}

/** The same clicks at random (Poisson) times: no pulse at all. */
export function randomClicks(seconds: number, perSecond: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(Math.round(seconds * SR));
  for (let t = -Math.log(1 - random()) / perSecond; t < seconds; t += -Math.log(1 - random()) / perSecond) {
    addClick(out, t, 1000, 0.5);
  }
  return out;
}

export function whiteNoise(seconds: number, amplitude: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: Math.round(seconds * SR) }, () => amplitude * (2 * random() - 1));
}

const midiHz = (midi: number): number => 440 * Math.pow(2, (midi - 69) / 12);

/** Each chord (MIDI notes) held for chordSec, as saw-like tones of six 1/n partials. */
export function chordProgression(chords: number[][], chordSec: number): Float32Array {
  const chordSamples = Math.round(chordSec * SR);
  const out = new Float32Array(chords.length * chordSamples);
  chords.forEach((notes, c) => {
    const start = c * chordSamples;
    for (const midi of notes) {
      for (let h = 1; h <= 6; h++) {
        const step = (2 * Math.PI * midiHz(midi) * h) / SR;
        for (let k = 0; k < chordSamples; k++) {
          const fade = Math.min(1, k / 200, (chordSamples - k) / 200);
          out[start + k] += (0.08 / h) * fade * Math.sin(step * k);
        }
      }
    }
  });
  return out;
}

/**
 * A rough band at a tempo: kick on beats 1 and 3, a louder, sharper snare on 2 and 4, hi-hats
 * on every eighth, and a I–vi–IV–V chord change (with bass) on every downbeat.
 */
export function backbeatBand(bpm: number, seconds: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(Math.round(seconds * SR));
  const add = (atSec: number, lengthSec: number, sample: (k: number) => number): void => {
    const start = Math.round(atSec * SR);
    for (let k = 0; k < lengthSec * SR && start + k < out.length; k++) out[start + k] += sample(k);
  };
  const beat = 60 / bpm;
  for (let eighth = 0; (eighth * beat) / 2 < seconds; eighth++) {
    const t = (eighth * beat) / 2;
    if (eighth % 4 === 0) {
      add(t, 0.25, (k) => 0.6 * Math.sin((2 * Math.PI * (50 + 80 * Math.exp(-k / 800)) * k) / SR) * Math.exp(-k / 3000));
    }
    if (eighth % 4 === 2) {
      add(t, 0.2, (k) => (0.35 * (random() - 0.5) * Math.exp(-k / 2000)) + 0.2 * Math.sin((2 * Math.PI * 200 * k) / SR) * Math.exp(-k / 1500));
    }
    add(t, 0.05, (k) => 0.08 * (random() - 0.5) * Math.exp(-k / 300));
  }
  const progression = [[48, 60, 64, 67], [45, 57, 60, 64], [53, 60, 65, 69], [55, 59, 62, 67]];
  const bar = 4 * beat;
  for (let b = 0; b * bar < seconds; b++) {
    const notes = progression[b % progression.length];
    for (const midi of notes) {
      const hz = midiHz(midi);
      add(b * bar, bar, (k) => 0.05 * Math.sin((2 * Math.PI * hz * k) / SR) * Math.min(1, k / 2000));
    }
    const bassHz = midiHz(notes[0] - 12);
    add(b * bar, bar, (k) => 0.15 * Math.sin((2 * Math.PI * bassHz * k) / SR) * Math.exp(-((k / SR) % beat) * 3));
  }
  return out;
}

/** Index of a feature by name, failing loudly on a typo. */
export function featureIndex(names: readonly string[], name: string): number {
  const at = names.indexOf(name);
  if (at < 0) throw new Error(`no feature ${name}`);
  return at;
}
