import { decodeAudio } from '../media/audioDecoder';

/** The original sound of a video as short-block levels, enough for per-scene loudness. */
export interface LoudnessTrack {
  blockSec: number;
  /** RMS level of each block in dBFS, floored at SILENCE_DB. */
  blockDb: Float32Array;
}

export const SILENCE_DB = -70;
/** Loudness is a coarse feature: 8 kHz mono keeps the extra decode cheap (well under 1% of real time). */
const SAMPLE_RATE = 8000;
const BLOCK_SEC = 0.1;

/** Decodes the file's first audio stream once at 8 kHz and keeps 100 ms RMS levels. Rejects with MediaError. */
export async function measureLoudness(path: string, signal?: AbortSignal): Promise<LoudnessTrack> {
  const blockSamples = Math.round(SAMPLE_RATE * BLOCK_SEC);
  const levels: number[] = [];
  let energy = 0;
  let filled = 0;
  await decodeAudio(path, { sampleRate: SAMPLE_RATE, signal }, (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      energy += chunk[i] * chunk[i];
      if (++filled === blockSamples) {
        levels.push(toDb(energy / blockSamples));
        energy = 0;
        filled = 0;
      }
    }
  });
  if (filled > blockSamples / 2) levels.push(toDb(energy / filled));
  return { blockSec: BLOCK_SEC, blockDb: Float32Array.from(levels) };
}

function toDb(meanSquare: number): number {
  return Math.max(SILENCE_DB, 10 * Math.log10(meanSquare + 1e-12));
}

/** Loudness (power mean) and loudness range (95th minus 10th percentile of block levels) of [startSec, endSec), in dB. */
export function loudnessBetween(track: LoudnessTrack, startSec: number, endSec: number): { db: number; rangeDb: number } {
  const from = Math.max(0, Math.floor(startSec / track.blockSec));
  const to = Math.min(track.blockDb.length, Math.max(from + 1, Math.round(endSec / track.blockSec)));
  const blocks = Array.from(track.blockDb.subarray(from, to));
  if (blocks.length === 0) return { db: SILENCE_DB, rangeDb: 0 };
  const power = blocks.reduce((sum, db) => sum + 10 ** (db / 10), 0) / blocks.length;
  const sorted = blocks.sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { db: Math.max(SILENCE_DB, 10 * Math.log10(power)), rangeDb: pct(0.95) - pct(0.1) };
}
