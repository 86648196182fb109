import * as tf from '@tensorflow/tfjs-core';
import type { EmbeddingModel } from './embeddingModel';
import { poolTimeline } from './pooling';

export interface VideoEmbeddings {
  /** Start of each clip (the time of its first frame), seconds. */
  clipTimes: Float32Array;
  /** One model output per clip. */
  vectors: Float32Array[];
}

export interface VideoEmbedder {
  /**
   * Next sampled frame: packed RGB24 (width·height·3 bytes) shown at `timeSec`. The caller samples
   * at a fixed stride, in time order; the frame is resized at once and not kept.
   */
  push(rgb: Uint8Array, width: number, height: number, timeSec: number): void;
  /** Ends the stream, embeds what is left; push() is refused afterwards. */
  finish(): VideoEmbeddings;
  /** Mean (outputDim values) of the clips centred in [startSec, endSec). Only after finish(). */
  pool(startSec: number, endSec: number): Float32Array;
}

interface ClipGeometry {
  /** Frames per clip: T for a [T, H, W, 3] input, 1 for a single-frame [H, W, 3] input. */
  frames: number;
  height: number;
  width: number;
}

const DEFAULT_BATCH = 8;

/**
 * Reads the clip geometry from the model's input: [H, W, 3] (one frame, an image model) or
 * [T, H, W, 3] (T stacked frames, TimeSformer-style); anything else throws, naming the model.
 */
export function videoClipGeometry(model: EmbeddingModel): ClipGeometry {
  const shape = model.inputShape;
  const [frames, height, width, channels] = shape.length === 3 ? [1, ...shape] : shape;
  if ((shape.length !== 3 && shape.length !== 4) || channels !== 3) {
    throw new Error(`video embedding model ${model.source}: input [${shape.join(', ')}] is neither one RGB frame [H, W, 3] nor a clip [T, H, W, 3]`);
  }
  return { frames, height, width };
}

/**
 * Resizes each frame to the model's H × W (bilinear, values scaled to 0..1), groups T
 * consecutive frames into a clip and embeds clips in batches. A trailing partial clip is
 * completed by repeating its last frame when it holds at least half the frames (or is the
 * only clip); shorter tails are dropped.
 */
export function createVideoEmbedder(model: EmbeddingModel, batchSize = DEFAULT_BATCH): VideoEmbedder {
  const { frames, height, width } = videoClipGeometry(model);
  const frameValues = height * width * 3;
  const clipValues = frames * frameValues;
  const batch = new Float32Array(batchSize * clipValues);
  let inBatch = 0;
  let frameInClip = 0;
  let clipStart = 0;
  let lastTime = -Infinity;
  const clipTimes: number[] = [];
  const clipSpans: number[] = [];
  const vectors: Float32Array[] = [];
  let state: 'open' | 'finished' = 'open';

  const flush = (): void => {
    if (inBatch === 0) return;
    const input = tf.tensor(batch.subarray(0, inBatch * clipValues), [inBatch, ...model.inputShape]);
    try {
      vectors.push(...model.embed(input));
    } finally {
      input.dispose();
    }
    inBatch = 0;
  };
  const closeClip = (): void => {
    clipTimes.push(clipStart);
    clipSpans.push(Math.max(0, lastTime - clipStart));
    frameInClip = 0;
    if (++inBatch === batchSize) flush();
  };

  return {
    push(rgb, srcWidth, srcHeight, timeSec) {
      if (state !== 'open') throw new Error('video embedder: push() after finish()');
      if (!(srcWidth > 0 && srcHeight > 0) || rgb.length !== srcWidth * srcHeight * 3) {
        throw new Error(`video embedder: frame of ${rgb.length} bytes is not ${srcWidth}×${srcHeight} RGB24`);
      }
      if (!(timeSec >= lastTime)) throw new Error(`video embedder: frame time ${timeSec} s goes back before ${lastTime} s`);
      if (frameInClip === 0) clipStart = timeSec;
      lastTime = timeSec;
      const at = inBatch * clipValues + frameInClip * frameValues;
      resizeBilinear(rgb, srcWidth, srcHeight, batch.subarray(at, at + frameValues), width, height);
      if (++frameInClip === frames) closeClip();
    },
    finish() {
      if (state !== 'open') throw new Error('video embedder: finish() called twice');
      state = 'finished';
      if (frameInClip > 0 && (2 * frameInClip >= frames || vectors.length + inBatch === 0)) {
        const clip = inBatch * clipValues;
        const last = batch.subarray(clip + (frameInClip - 1) * frameValues, clip + frameInClip * frameValues);
        for (let f = frameInClip; f < frames; f++) batch.set(last, clip + f * frameValues);
        closeClip();
      }
      flush();
      return { clipTimes: Float32Array.from(clipTimes), vectors };
    },
    pool(startSec, endSec) {
      if (state !== 'finished') throw new Error('video embedder: pool() before finish()');
      const timeline = { startTimes: Float32Array.from(clipTimes), spanSec: Float32Array.from(clipSpans), vectors };
      return poolTimeline(timeline, startSec, endSec, false, `video embedding (${model.name})`);
    },
  };
}

/** Bilinear resize of packed RGB24 into `out` (dw·dh·3 floats in 0..1), pixel centres aligned. */
export function resizeBilinear(src: Uint8Array, sw: number, sh: number, out: Float32Array, dw: number, dh: number): void {
  const sx = sw / dw;
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      const o = (y * dw + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = src[(y0 * sw + x0) * 3 + c] * (1 - wx) + src[(y0 * sw + x1) * 3 + c] * wx;
        const bottom = src[(y1 * sw + x0) * 3 + c] * (1 - wx) + src[(y1 * sw + x1) * 3 + c] * wx;
        out[o + c] = (top * (1 - wy) + bottom * wy) / 255;
      }
    }
  }
}
