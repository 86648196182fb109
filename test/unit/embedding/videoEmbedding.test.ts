import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddingModel } from '../../../src/main/engine/embedding/embeddingModel';
import { createVideoEmbedder } from '../../../src/main/engine/embedding/videoEmbedding';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { makeTempDir } from '../../helpers/fixtures';
import { saveAndLoad, tinyClipModel, tinyFrameModel } from './tinyModels';

const temp = makeTempDir('cuefinder-video-embedding-');
let clipModel: EmbeddingModel;
let frameModel: EmbeddingModel;

beforeAll(async () => {
  await initTf();
  clipModel = await saveAndLoad(temp.dir, 'clip-tiny', tinyClipModel);
  frameModel = await saveAndLoad(temp.dir, 'frame-tiny', tinyFrameModel);
});
afterAll(() => {
  clipModel?.dispose();
  frameModel?.dispose();
  temp.cleanup();
});

/** Frame i of a synthetic shot change: a warm still gradient, then (from i = 10) cool moving stripes. */
function frame(i: number, width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (i < 10) rgb.set([200, Math.round((255 * x) / width), 40], o);
      else rgb.set([20, 60, ((x + 3 * i) >> 2) % 2 ? 250 : 30], o);
    }
  }
  return rgb;
}

describe('video embedder', () => {
  it('stacks four sampled frames per clip for a [T, H, W, 3] model and pools per time range', () => {
    const embedder = createVideoEmbedder(clipModel);
    for (let i = 0; i < 20; i++) embedder.push(frame(i, 64, 36), 64, 36, i * 0.5);
    const { clipTimes, vectors } = embedder.finish();
    expect(Array.from(clipTimes)).toEqual([0, 2, 4, 6, 8]);
    expect(vectors).toHaveLength(5);
    vectors.forEach((v) => {
      expect(v).toHaveLength(clipModel.outputDim);
      expect(v.every(Number.isFinite)).toBe(true);
    });
    const warm = embedder.pool(0, 4.5);
    const cool = embedder.pool(5.5, 10);
    expect(warm).toHaveLength(clipModel.outputDim);
    const between = Math.hypot(...Array.from(warm, (x, d) => x - cool[d]));
    console.info(`warm vs cool shot pooled distance ${between.toFixed(4)} (vector norm ${Math.hypot(...warm).toFixed(4)})`);
    expect(between).toBeGreaterThan(0.05);
    // The clip straddling the cut (frames 8–11, centred at 4.75 s) belongs to neither range.
    expect(Array.from(embedder.pool(4.5, 5.5))).toEqual(Array.from(vectors[2]));
  });

  it('feeds the model the frames in time order, scaled to 0..1, when they already have its size', () => {
    const embedder = createVideoEmbedder(clipModel);
    const frames = [0, 3, 10, 14].map((i) => frame(i, 32, 32));
    frames.forEach((f, i) => embedder.push(f, 32, 32, i));
    const [got] = embedder.finish().vectors;
    const input = tf.tidy(() => tf.tensor(frames.flatMap((f) => Array.from(f, (v) => v / 255)), [1, 4, 32, 32, 3]));
    const [want] = clipModel.embed(input);
    input.dispose();
    Array.from(got).forEach((x, d) => expect(x).toBeCloseTo(want[d], 5));
  });

  it('embeds each frame alone for a [H, W, 3] model', () => {
    const embedder = createVideoEmbedder(frameModel);
    for (let i = 0; i < 7; i++) embedder.push(frame(i * 3, 40, 30), 40, 30, i);
    const { clipTimes, vectors } = embedder.finish();
    expect(Array.from(clipTimes)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(vectors.every((v) => v.length === frameModel.outputDim && v.every(Number.isFinite))).toBe(true);
    expect(embedder.pool(0, Infinity)).toHaveLength(frameModel.outputDim);
  });

  it('completes a tail of at least half a clip and drops a shorter one', () => {
    const clipsFor = (count: number): number => {
      const embedder = createVideoEmbedder(clipModel);
      for (let i = 0; i < count; i++) embedder.push(frame(i, 32, 32), 32, 32, i);
      return embedder.finish().vectors.length;
    };
    expect([clipsFor(1), clipsFor(5), clipsFor(6)]).toEqual([1, 1, 2]);
  });

  it('rejects a frame whose size does not match its bytes, and frames out of time order', () => {
    const embedder = createVideoEmbedder(clipModel);
    expect(() => embedder.push(new Uint8Array(100), 32, 32, 0)).toThrow(/frame of 100 bytes is not 32×32 RGB24/);
    embedder.push(frame(0, 32, 32), 32, 32, 2);
    expect(() => embedder.push(frame(1, 32, 32), 32, 32, 1)).toThrow(/frame time 1 s goes back before 2 s/);
  });
});
