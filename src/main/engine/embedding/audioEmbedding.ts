import * as tf from '@tensorflow/tfjs-core';
import { createRealFft } from '../audio/fft';
import type { EmbeddingModel } from './embeddingModel';
import { poolTimeline } from './pooling';
import { createResampler, RESAMPLER_OUTPUT_RATE } from './resampler';

/**
 * VGGish's front end (vggish_input.py / mel_features.py): 16 kHz mono, 25 ms periodic-Hann
 * frames every 10 ms, |FFT 512|, 64 HTK-mel bands 125–7500 Hz, log(mel + 0.01), non-overlapping
 * 0.96 s patches of 96 × 64. A model trained on those patches (VGGish, or a model fitted on its
 * output) sees here what it saw in training.
 */
export const PATCH_FRAMES = 96;
export const AUDIO_MEL_BANDS = 64;
const WINDOW = 400;
const HOP = 160;
const FFT_SIZE = 512;
const MEL_LOW_HZ = 125;
const MEL_HIGH_HZ = 7500;
const LOG_OFFSET = 0.01;
export const PATCH_SEC = (PATCH_FRAMES * HOP) / RESAMPLER_OUTPUT_RATE;
/** Frames covered by one patch, end to end: 95 hops plus one window (0.975 s). */
const PATCH_SPAN_SEC = ((PATCH_FRAMES - 1) * HOP + WINDOW) / RESAMPLER_OUTPUT_RATE;
/** A trailing partial patch is kept (padded with silence) when it holds at least this many frames. */
const MIN_TAIL_FRAMES = PATCH_FRAMES / 2;
const DEFAULT_BATCH = 16;

export interface AudioEmbeddings {
  /** Start of each 0.96 s patch, seconds. */
  frameTimes: Float32Array;
  /** One model output per patch. */
  vectors: Float32Array[];
}

export interface AudioEmbedder {
  /** Next chunk of mono samples at 22050 Hz (what the audio analyzer is fed), any length; not kept. */
  push(chunk: Float32Array): void;
  /** Ends the stream, embeds what is left; push() is refused afterwards. */
  finish(): AudioEmbeddings;
  /**
   * Mean then standard deviation (2·outputDim values) of the patches centred in [startSec, endSec);
   * pool(0, Infinity) is the whole-track vector. Only after finish().
   */
  pool(startSec: number, endSec: number): Float32Array;
}

/** Throws, naming the model, unless its input is one 96 × 64 log-mel patch ([96, 64] or [96, 64, 1]). */
export function assertAudioEmbeddingInput(model: EmbeddingModel): void {
  const [frames, bands, channels = 1, ...rest] = model.inputShape;
  if (frames !== PATCH_FRAMES || bands !== AUDIO_MEL_BANDS || channels !== 1 || rest.length > 0) {
    throw new Error(`audio embedding model ${model.source}: input [${model.inputShape.join(', ')}] is not a ${PATCH_FRAMES}×${AUDIO_MEL_BANDS} log-mel patch ([${PATCH_FRAMES}, ${AUDIO_MEL_BANDS}] or [${PATCH_FRAMES}, ${AUDIO_MEL_BANDS}, 1])`);
  }
}

/**
 * Streams PCM through resampling, log-mel and the model; memory holds one patch being filled,
 * one batch of patches and outputDim floats per 0.96 s of audio, never the PCM.
 */
export function createAudioEmbedder(model: EmbeddingModel, batchSize = DEFAULT_BATCH): AudioEmbedder {
  assertAudioEmbeddingInput(model);
  const logMel = createLogMelFramer();
  const patchValues = PATCH_FRAMES * AUDIO_MEL_BANDS;
  const batch = new Float32Array(batchSize * patchValues);
  let inBatch = 0;
  let frameInPatch = 0;
  const vectors: Float32Array[] = [];
  let state: 'open' | 'finished' = 'open';

  const flush = (): void => {
    if (inBatch === 0) return;
    const input = tf.tensor(batch.subarray(0, inBatch * patchValues), [inBatch, ...model.inputShape]);
    try {
      vectors.push(...model.embed(input));
    } finally {
      input.dispose();
    }
    inBatch = 0;
  };
  const closePatch = (): void => {
    frameInPatch = 0;
    if (++inBatch === batchSize) flush();
  };
  const resampler = createResampler((sample) => {
    const frame = logMel.push(sample);
    if (!frame) return;
    batch.set(frame, inBatch * patchValues + frameInPatch * AUDIO_MEL_BANDS);
    if (++frameInPatch === PATCH_FRAMES) closePatch();
  });

  const timeline = () => ({
    startTimes: Float32Array.from(vectors, (_, i) => i * PATCH_SEC),
    spanSec: new Float32Array(vectors.length).fill(PATCH_SPAN_SEC),
    vectors,
  });

  return {
    push(chunk) {
      if (state !== 'open') throw new Error('audio embedder: push() after finish()');
      resampler.push(chunk);
    },
    finish() {
      if (state !== 'open') throw new Error('audio embedder: finish() called twice');
      state = 'finished';
      resampler.finish();
      const patchesSoFar = vectors.length + inBatch;
      if (frameInPatch >= MIN_TAIL_FRAMES || (frameInPatch > 0 && patchesSoFar === 0)) {
        batch.fill(Math.log(LOG_OFFSET), inBatch * patchValues + frameInPatch * AUDIO_MEL_BANDS, (inBatch + 1) * patchValues);
        closePatch();
      }
      flush();
      const { startTimes } = timeline();
      return { frameTimes: startTimes, vectors };
    },
    pool(startSec, endSec) {
      if (state !== 'finished') throw new Error('audio embedder: pool() before finish()');
      return poolTimeline(timeline(), startSec, endSec, true, `audio embedding (${model.name})`);
    },
  };
}

/** Feeds 16 kHz samples one at a time; returns the next 64 log-mel values whenever a frame completes (a reused buffer). */
export function createLogMelFramer(): { push(sample: number): Float32Array | null } {
  const fft = createRealFft(FFT_SIZE);
  const window = Float64Array.from({ length: WINDOW }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / WINDOW));
  const melWeights = melMatrix(FFT_SIZE / 2 + 1);
  const frame = new Float64Array(WINDOW);
  const input = new Float64Array(FFT_SIZE);
  const re = new Float64Array(FFT_SIZE / 2 + 1);
  const im = new Float64Array(FFT_SIZE / 2 + 1);
  const magnitude = new Float64Array(FFT_SIZE / 2 + 1);
  const out = new Float32Array(AUDIO_MEL_BANDS);
  let filled = 0;
  return {
    push(sample) {
      frame[filled++] = sample;
      if (filled < WINDOW) return null;
      for (let n = 0; n < WINDOW; n++) input[n] = frame[n] * window[n];
      fft.forward(input, re, im);
      for (let k = 0; k < magnitude.length; k++) magnitude[k] = Math.hypot(re[k], im[k]);
      for (let b = 0; b < AUDIO_MEL_BANDS; b++) {
        const { first, weights } = melWeights[b];
        let energy = 0;
        for (let j = 0; j < weights.length; j++) energy += weights[j] * magnitude[first + j];
        out[b] = Math.log(energy + LOG_OFFSET);
      }
      frame.copyWithin(0, HOP);
      filled = WINDOW - HOP;
      return out;
    },
  };
}

const hzToMel = (hz: number): number => 1127 * Math.log(1 + hz / 700);

/** mel_features.spectrogram_to_mel_matrix, stored sparsely: each band's non-zero run of bins. */
function melMatrix(bins: number): { first: number; weights: Float64Array }[] {
  const nyquist = RESAMPLER_OUTPUT_RATE / 2;
  const binMel = Float64Array.from({ length: bins }, (_, k) => hzToMel((nyquist * k) / (bins - 1)));
  const lo = hzToMel(MEL_LOW_HZ);
  const step = (hzToMel(MEL_HIGH_HZ) - lo) / (AUDIO_MEL_BANDS + 1);
  return Array.from({ length: AUDIO_MEL_BANDS }, (_, b) => {
    const [left, centre, right] = [lo + b * step, lo + (b + 1) * step, lo + (b + 2) * step];
    // Bin 0 (DC) is excluded, as in VGGish.
    const w = Array.from(binMel, (m, k) => (k === 0 ? 0 : Math.max(0, Math.min((m - left) / (centre - left), (right - m) / (right - centre)))));
    const first = w.findIndex((x) => x > 0);
    if (first < 0) return { first: 0, weights: new Float64Array(0) };
    const last = w.length - 1 - [...w].reverse().findIndex((x) => x > 0);
    return { first, weights: Float64Array.from(w.slice(first, last + 1)) };
  });
}
