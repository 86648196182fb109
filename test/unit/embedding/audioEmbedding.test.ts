import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAudioEmbedder, createLogMelFramer, PATCH_SEC } from '../../../src/main/engine/embedding/audioEmbedding';
import { loadEmbeddingModel, type EmbeddingModel } from '../../../src/main/engine/embedding/embeddingModel';
import { createResampler } from '../../../src/main/engine/embedding/resampler';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { makeTempDir } from '../../helpers/fixtures';
import { saveModel, tinyAudioModel, tinyFrameModel } from './tinyModels';

const RATE = 22050;
const temp = makeTempDir('cuefinder-audio-embedding-');
let model: EmbeddingModel;

beforeAll(async () => {
  await initTf();
  const dir = join(temp.dir, 'vggish-tiny');
  mkdirSync(dir);
  await saveModel(tinyAudioModel(), dir);
  model = await loadEmbeddingModel(dir);
});
afterAll(() => {
  model?.dispose();
  temp.cleanup();
});

/** 5 s of a 440 Hz tone, then 5 s of white noise (seeded). */
function toneThenNoise(): Float32Array {
  const out = new Float32Array(10 * RATE);
  let seed = 12345;
  for (let i = 0; i < out.length; i++) {
    if (i < 5 * RATE) out[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE);
    else {
      seed = (seed * 1103515245 + 12345) >>> 0;
      out[i] = (seed / 2 ** 32 - 0.5) * 0.8;
    }
  }
  return out;
}

function embed(signal: Float32Array, chunkSizes: (i: number) => number) {
  const embedder = createAudioEmbedder(model);
  for (let at = 0, i = 0; at < signal.length; i++) {
    const end = Math.min(signal.length, at + chunkSizes(i));
    embedder.push(signal.subarray(at, end));
    at = end;
  }
  return { embedder, result: embedder.finish() };
}

const distance = (a: Float32Array, b: Float32Array, n: number): number => Math.hypot(...Array.from({ length: n }, (_, d) => a[d] - b[d]));
const meanOf = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;

describe('audio embedder', () => {
  it('embeds every 0.96 s patch and pools a tone and a noise half into clearly different vectors', () => {
    const { embedder, result } = embed(toneThenNoise(), () => 4096);
    // 10 s at 16 kHz gives 998 frames of 25 ms every 10 ms: ten whole patches, a 38-frame tail dropped.
    expect(result.vectors).toHaveLength(10);
    expect(Array.from(result.frameTimes)).toEqual(Array.from({ length: 10 }, (_, i) => Math.fround(i * PATCH_SEC)));
    for (const v of result.vectors) {
      expect(v).toHaveLength(model.outputDim);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    const dim = model.outputDim;
    const tone = embedder.pool(0, 5);
    const noise = embedder.pool(5, 10);
    const track = embedder.pool(0, Infinity);
    expect(tone).toHaveLength(2 * dim);
    expect(track.every(Number.isFinite)).toBe(true);
    const between = distance(tone, noise, dim);
    const within = Math.max(meanOf(tone.subarray(dim)), meanOf(noise.subarray(dim)));
    console.info(`tone vs noise mean distance ${between.toFixed(4)}, mean within-half std ${within.toFixed(4)}`);
    expect(between).toBeGreaterThan(5 * within);
  });

  it('gives the same vectors however the PCM is chunked', () => {
    const signal = toneThenNoise();
    const whole = embed(signal, () => signal.length).result.vectors;
    const odd = embed(signal, (i) => [1, 7, 441, 1000, 22050][i % 5]).result.vectors;
    expect(odd.map((v) => Array.from(v))).toEqual(whole.map((v) => Array.from(v)));
  });

  it('gives a clip shorter than a patch one vector, and an empty stream a clear pooling error', () => {
    const short = embed(toneThenNoise().subarray(0, Math.round(0.6 * RATE)), () => 1024);
    expect(short.result.vectors).toHaveLength(1);
    expect(short.embedder.pool(0, 0.6).every(Number.isFinite)).toBe(true);
    const empty = embed(new Float32Array(0), () => 1);
    expect(empty.result.vectors).toHaveLength(0);
    expect(() => empty.embedder.pool(0, 1)).toThrow(/audio embedding \(vggish-tiny\): no embeddings to pool/);
  });

  it('refuses a model that does not take a 96 × 64 log-mel patch', async () => {
    const dir = join(temp.dir, 'frame-model');
    mkdirSync(dir);
    await saveModel(tinyFrameModel(), dir);
    const frameModel = await loadEmbeddingModel(dir);
    expect(() => createAudioEmbedder(frameModel)).toThrow(/frame-model: input \[32, 32, 3\] is not a 96×64 log-mel patch/);
    frameModel.dispose();
  });
});

describe('22050 → 16000 Hz resampler', () => {
  function resample(signal: Float32Array): Float32Array {
    const out: number[] = [];
    const r = createResampler((x) => out.push(x));
    r.push(signal);
    r.finish();
    return Float32Array.from(out);
  }
  const tone = (hz: number, seconds: number) => Float32Array.from({ length: seconds * RATE }, (_, i) => Math.sin((2 * Math.PI * hz * i) / RATE));

  it('keeps a tone in the mel range intact and at the right time', () => {
    const out = resample(tone(1000, 1));
    expect(out).toHaveLength(16000);
    let worst = 0;
    // Away from the edges, where the kernel reads zeros beyond the signal.
    for (let n = 100; n < 15900; n++) worst = Math.max(worst, Math.abs(out[n] - Math.sin((2 * Math.PI * 1000 * n) / 16000)));
    expect(worst).toBeLessThan(0.01);
  });

  it('removes a 10 kHz tone instead of folding it to 6 kHz inside the mel range', () => {
    const out = resample(tone(10000, 1)).subarray(100, 15900);
    const rms = Math.sqrt(meanOf(out.map((x) => x * x)));
    console.info(`10 kHz tone after resampling: ${(20 * Math.log10(rms / Math.SQRT1_2)).toFixed(1)} dB`);
    expect(rms).toBeLessThan(Math.SQRT1_2 * 0.01);
  });
});

describe('VGGish log-mel front end', () => {
  const frameOf = (signal: (n: number) => number): Float32Array => {
    const framer = createLogMelFramer();
    for (let n = 0; ; n++) {
      const frame = framer.push(signal(n));
      if (frame) return Float32Array.from(frame);
    }
  };
  const hzToMel = (hz: number) => 1127 * Math.log(1 + hz / 700);

  it('puts a tone in the HTK mel band around its frequency and silence at log(0.01)', () => {
    for (const hz of [300, 1000, 4000]) {
      const frame = frameOf((n) => Math.sin((2 * Math.PI * hz * n) / 16000));
      const loudest = frame.indexOf(Math.max(...frame));
      // 64 bands between 125 and 7500 Hz, evenly spaced in mel: band b is centred on edge b + 1.
      const expected = ((hzToMel(hz) - hzToMel(125)) / (hzToMel(7500) - hzToMel(125))) * 65 - 1;
      expect(Math.abs(loudest - expected)).toBeLessThanOrEqual(1);
    }
    expect(Array.from(frameOf(() => 0))).toEqual(new Array(64).fill(Math.fround(Math.log(0.01))));
  });
});
