import { writeWav, runFfmpeg } from './fixtures';

const SR = 22050;

/** A click track: 10 ms decaying 2 kHz clicks on every beat, louder on each bar's first beat. */
export function clickTrack(bpm: number, seconds: number, sampleRate = SR): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const period = (60 / bpm) * sampleRate;
  const clickLen = Math.round(0.01 * sampleRate);
  for (let beat = 0; beat * period < out.length; beat++) {
    const start = Math.round(beat * period);
    const gain = beat % 4 === 0 ? 0.9 : 0.5;
    for (let i = 0; i < clickLen && start + i < out.length; i++) {
      out[start + i] += gain * Math.sin((2 * Math.PI * 2000 * i) / sampleRate) * Math.exp(-i / (0.002 * sampleRate));
    }
  }
  return out;
}

const NOTE = (midi: number): number => 440 * 2 ** ((midi - 69) / 12);

/**
 * A chord progression of triads (root position, plus the bass an octave down), each chord held
 * `chordSec`, built from decaying sawtooth-ish partials so it sounds like a pad/piano.
 */
export function chordProgression(chords: number[][], chordSec: number, repeats: number, sampleRate = SR): Float32Array {
  const seq = Array.from({ length: repeats }, () => chords).flat();
  const n = Math.round(chordSec * sampleRate);
  const out = new Float32Array(n * seq.length);
  seq.forEach((chord, c) => {
    const notes = [...chord, chord[0] - 12];
    for (const midi of notes) {
      const f = NOTE(midi);
      for (let h = 1; h <= 4; h++) {
        const amp = 0.12 / h;
        for (let i = 0; i < n; i++) {
          const env = Math.min(1, i / (0.01 * sampleRate)) * Math.exp(-i / (1.5 * sampleRate));
          out[c * n + i] += amp * env * Math.sin((2 * Math.PI * f * h * i) / sampleRate);
        }
      }
    }
  });
  return out;
}

// MIDI triads. C major: C–F–G–C (I–IV–V–I); A minor: Am–Dm–E–Am (i–iv–V–i); G major, E minor likewise.
export const PROGRESSIONS = {
  'C major': [[60, 64, 67], [65, 69, 72], [67, 71, 74], [60, 64, 67]],
  'A minor': [[57, 60, 64], [62, 65, 69], [64, 68, 71], [57, 60, 64]],
  'G major': [[55, 59, 62], [60, 64, 67], [62, 66, 69], [55, 59, 62]],
  'E minor': [[52, 55, 59], [57, 60, 64], [59, 63, 66], [52, 55, 59]],
} as const;

/** Writes a signal as an encoded file (format from the extension) with optional tags. */
export function writeAudio(path: string, samples: Float32Array, tags: Record<string, string> = {}, sampleRate = SR): void {
  const meta = Object.entries(tags).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  writeWav(path, samples, sampleRate, meta);
}

export { runFfmpeg };
