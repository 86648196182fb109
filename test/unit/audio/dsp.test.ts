import { describe, expect, it } from 'vitest';
import { createRealFft } from '../../../src/main/engine/audio/fft';
import { BlockStore, FRAMES_PER_BLOCK } from '../../../src/main/engine/audio/featureStore';
import { createHpssStage } from '../../../src/main/engine/audio/hpss';
import { FRAME_DESCRIPTOR_COUNT } from '../../../src/main/engine/audio/spectralFrames';
import { fitBeatGrid } from '../../../src/main/engine/audio/tempo';
import { seededRandom } from './signals';

describe('DSP building blocks', () => {
  // Every pass layout: the first pass alone (8), a last radix-2 pass (16, 256: log2 of the half odd), radix 4 only (32, 2048: the analysis size).
  it.each([8, 16, 32, 256, 2048])('computes the same spectrum as a direct DFT at size %i', (size) => {
    const random = seededRandom(size);
    const input = Float64Array.from({ length: size }, () => random() - 0.5);
    const re = new Float64Array(size / 2 + 1);
    const im = new Float64Array(size / 2 + 1);
    createRealFft(size).forward(input, re, im);
    for (let k = 0; k <= size / 2; k++) {
      let dftRe = 0;
      let dftIm = 0;
      for (let n = 0; n < size; n++) {
        dftRe += input[n] * Math.cos((2 * Math.PI * k * n) / size);
        dftIm -= input[n] * Math.sin((2 * Math.PI * k * n) / size);
      }
      expect(re[k], `re[${k}]`).toBeCloseTo(dftRe, 9);
      expect(im[k], `im[${k}]`).toBeCloseTo(dftIm, 9);
    }
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => createRealFft(1000)).toThrow(/power of two/);
  });

  it('splits harmonic and percussive energy exactly as the median-filter definition says', () => {
    const bands = 16;
    const frames = 200;
    const random = seededRandom(2);
    // Sustained lines, broadband hits every 13 frames, noise, and runs of repeated values (ties).
    const spectrogram = Array.from({ length: frames }, (_, t) =>
      Float64Array.from({ length: bands }, (_, b) => (b % 3 === 0 ? 1 : 0.01) + (t % 13 === 0 ? 2 : 0) + (t % 29 < 5 ? 0 : random())),
    );
    const got: number[][] = [];
    const stage = createHpssStage(bands, (frame, harmonic, percussive) => got.push([frame, harmonic, percussive]));
    spectrogram.forEach((frame) => stage.push(frame));
    stage.flush();

    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
    expect(got.map(([frame]) => frame)).toEqual(spectrogram.map((_, t) => t));
    spectrogram.forEach((frame, t) => {
      let harmonic = 0;
      let percussive = 0;
      for (let b = 0; b < bands; b++) {
        const alongTime = median(spectrogram.slice(Math.max(0, t - 8), t + 9).map((f) => f[b]));
        const alongBands = median(Array.from(frame.slice(Math.max(0, b - 4), b + 5)));
        const share = alongTime ** 2 / (alongTime ** 2 + alongBands ** 2);
        harmonic += frame[b] * share;
        percussive += frame[b] * (1 - share);
      }
      expect(got[t][1]).toBeCloseTo(harmonic, 9);
      expect(got[t][2]).toBeCloseTo(percussive, 9);
    });
  });

  it('refuses a band count the kernel has no room for, naming the limit', () => {
    expect(() => createHpssStage(65, () => undefined)).toThrow(/65 bands, the kernel takes 1 to 64/);
    expect(() => createHpssStage(0, () => undefined)).toThrow(/1 to 64/);
  });

  it('summarises any frame range from block statistics as if it had kept every frame', () => {
    const store = new BlockStore();
    const random = seededRandom(3);
    const frames = Array.from({ length: 7 * FRAMES_PER_BLOCK + 13 }, (_, t) =>
      Float64Array.from({ length: FRAME_DESCRIPTOR_COUNT }, (_, i) => 1000 * i + 10 * Math.sin(t / 9) + random()),
    );
    frames.forEach((f, t) => store.addDescriptors(t, f));
    store.finish();
    const direct = (from: number, to: number, i: number): { mean: number; std: number } => {
      const values = frames.slice(from, to).map((f) => f[i]);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      return { mean, std: Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length) };
    };
    // Whole blocks: exact. Ranges cutting into blocks: edge blocks weighted by overlap, close.
    const whole = store.summarise(FRAMES_PER_BLOCK, 4 * FRAMES_PER_BLOCK);
    expect(whole.frames).toBe(3 * FRAMES_PER_BLOCK);
    for (const i of [0, 5, FRAME_DESCRIPTOR_COUNT - 1]) {
      expect(whole.descriptorMean[i]).toBeCloseTo(direct(FRAMES_PER_BLOCK, 4 * FRAMES_PER_BLOCK, i).mean, 2);
      expect(whole.descriptorStd[i]).toBeCloseTo(direct(FRAMES_PER_BLOCK, 4 * FRAMES_PER_BLOCK, i).std, 2);
    }
    const all = store.summarise(0, frames.length);
    expect(all.frames).toBe(frames.length);
    expect(all.descriptorMean[3]).toBeCloseTo(direct(0, frames.length, 3).mean, 2);
    const partial = store.summarise(75, 333);
    expect(partial.frames).toBeCloseTo(258, 6);
    expect(Math.abs(partial.descriptorMean[2] - direct(75, 333, 2).mean)).toBeLessThan(1);
    expect(Math.abs(partial.descriptorStd[2] - direct(75, 333, 2).std)).toBeLessThan(1);
  });

  it('fits the beat period across a beat the tracker skipped', () => {
    const period = 21.5;
    const beats = [0, 1, 2, 3, 5, 6, 7, 8, 9].map((n) => 100 + n * period + (n % 2 ? 0.3 : -0.3));
    const grid = fitBeatGrid(beats, 20);
    expect(grid.beatNumbers).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect(grid.periodFrames).toBeCloseTo(period, 1);
  });
});
