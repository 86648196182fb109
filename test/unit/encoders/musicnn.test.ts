import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMusicnn, musicnnCentredPatchStart, musicnnDefaultPatchStarts, type MusicnnModel } from '../../../src/main/engine/encoders/musicnn';
import { MUSICNN_MEL_BANDS, createMusicnnFrontEnd, musicnnFrameCount, roundToFloat16 } from '../../../src/main/engine/encoders/musicnnFrontEnd';
import { synthMusicnnSignal } from '../../helpers/musicnnSignal';

const ROOT = join(__dirname, '..', '..', '..');
const ENCODERS = join(ROOT, 'resources', 'encoders');

interface ModelReference {
  patches: number;
  taggram: number[];
  penultimate: number[];
}
/** Outputs of the musicnn package itself (scripts/musicnn-reference.py synthetic). */
const reference = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'musicnn', 'synthetic-reference.json'), 'utf8')) as {
  samples: number;
  signalSha256: string;
  melFrames: number;
  logMel: number[];
  models: Record<'MTT_musicnn' | 'MSD_musicnn', ModelReference>;
};

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const signal = synthMusicnnSignal();

describe('musicnn front end', () => {
  it('builds the same signal as the reference script', () => {
    expect(signal.length).toBe(reference.samples);
    const bytes = Buffer.from(signal.buffer, signal.byteOffset, signal.byteLength);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(reference.signalSha256);
  });

  it('matches the package log-mel spectrogram (librosa + float16) on every frame', () => {
    const frames = musicnnFrameCount(signal.length);
    expect(frames).toBe(reference.melFrames);
    const mel = new Float32Array(frames * MUSICNN_MEL_BANDS);
    createMusicnnFrontEnd().frames(signal, 0, frames, mel);
    // The reference holds float16 values to 5 significant digits; one float16 step of the mel power
    // (2^-11 relative, at a rounding tie between float32 orders of summation) moves log10(1 + 1e4·x) by ≤ 2.2e-4.
    expect(maxAbsDiff(mel, reference.logMel)).toBeLessThan(5e-4);
  });

  it('rounds to float16 as NumPy does', () => {
    expect(roundToFloat16(1)).toBe(1);
    expect(roundToFloat16(1 + 2 ** -11)).toBe(1); // tie → even
    expect(roundToFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(roundToFloat16(2.9e-8)).toBe(0); // below half the smallest subnormal (5.96e-8)
    expect(roundToFloat16(3e-8)).toBe(2 ** -24);
    expect(roundToFloat16(1e-5)).toBeCloseTo(1.0014e-5, 8);
    expect(roundToFloat16(70000)).toBe(Infinity);
  });

  it('refuses frames outside the signal', () => {
    const out = new Float32Array(MUSICNN_MEL_BANDS);
    expect(() => createMusicnnFrontEnd().frames(signal, musicnnFrameCount(signal.length), 1, out)).toThrow(/outside/);
  });
});

describe.each([
  ['mtt', 'MTT_musicnn'],
  ['msd', 'MSD_musicnn'],
] as const)('musicnn %s tagger', (kind, refName) => {
  let model: MusicnnModel;
  beforeAll(async () => {
    model = await loadMusicnn(kind, ENCODERS);
  });
  afterAll(() => model.dispose());

  it('reproduces the package taggram and penultimate features', () => {
    const ref = reference.models[refName];
    const result = model.analyze(signal);
    expect(result.patches).toBe(ref.patches);
    expect(result.patchStarts).toEqual(musicnnDefaultPatchStarts(signal.length));
    expect(model.tagNames).toHaveLength(50);
    expect(model.version).toMatch(new RegExp(`^musicnn-${kind}@0\\.1\\.0\\+[0-9a-f]{12}$`));
    // Measured: ≤ 5e-7 (tags) and ≤ 7e-6 (penultimate) on the wasm backend.
    expect(maxAbsDiff(result.tags, ref.taggram)).toBeLessThan(1e-4);
    expect(maxAbsDiff(result.embedding, ref.penultimate)).toBeLessThan(1e-3);
  });

  it('gives a patch the same outputs alone as in a batch', () => {
    const all = model.analyze(signal);
    const second = model.analyze(signal, { patchStarts: [187] });
    expect(maxAbsDiff(second.tags, all.tags.subarray(50, 100))).toBeLessThan(1e-5);
    expect(() => model.analyze(signal, { patchStarts: [musicnnFrameCount(signal.length) - 186] })).toThrow(/outside/);
  });
});

it('centres a patch on a sample and clamps it into the signal', () => {
  expect(musicnnCentredPatchStart(3 * 16000, 96000)).toBe(Math.round(48000 / 256 - 93));
  expect(musicnnCentredPatchStart(0, 96000)).toBe(0);
  expect(musicnnCentredPatchStart(96000, 96000)).toBe(musicnnFrameCount(96000) - 187);
  expect(() => musicnnCentredPatchStart(0, 16000)).toThrow(/needs 187 frames/);
});
