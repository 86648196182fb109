import { CHROMA_BINS, FRAME_DESCRIPTOR_COUNT } from './spectralFrames';

/**
 * Compact, additive summaries that replace the signal: per block of frames the count, mean and
 * sum of squared deviations of every frame descriptor, the chroma sum and the harmonic and
 * percussive energy; and a 10 Hz power envelope. Any time range (a segment, the whole track)
 * is summarised from these, with the blocks at its edges weighted by their overlap.
 */
export const FRAMES_PER_BLOCK = 50;
const AT_COUNT = 0;
const AT_MEAN = 1;
const AT_M2 = AT_MEAN + FRAME_DESCRIPTOR_COUNT;
const AT_CHROMA = AT_M2 + FRAME_DESCRIPTOR_COUNT;
const AT_HARMONIC = AT_CHROMA + CHROMA_BINS;
const AT_PERCUSSIVE = AT_HARMONIC + 1;
/** Floats stored per block (~1 s of audio). */
const BLOCK_STRIDE = AT_PERCUSSIVE + 1;

export interface RangeSummary {
  /** Frames covered (fractional at the edges). */
  frames: number;
  descriptorMean: Float64Array;
  descriptorStd: Float64Array;
  chroma: Float64Array;
  harmonicEnergy: number;
  percussiveEnergy: number;
}

/** Per-block statistics. Descriptors must arrive in frame order; chroma and energies in any order. */
export class BlockStore {
  #data = new Float32Array(64 * BLOCK_STRIDE);
  #blocks = 0;
  #openBlock = -1;
  #openCount = 0;
  readonly #sum = new Float64Array(FRAME_DESCRIPTOR_COUNT);
  readonly #sumSq = new Float64Array(FRAME_DESCRIPTOR_COUNT);

  get blockCount(): number {
    return this.#blocks;
  }

  addDescriptors(frameIndex: number, descriptors: Float64Array): void {
    const block = Math.floor(frameIndex / FRAMES_PER_BLOCK);
    if (block !== this.#openBlock) {
      this.#closeOpenBlock();
      this.#openBlock = block;
    }
    for (let i = 0; i < FRAME_DESCRIPTOR_COUNT; i++) {
      const v = descriptors[i];
      this.#sum[i] += v;
      this.#sumSq[i] += v * v;
    }
    this.#openCount++;
  }

  addChroma(frameIndex: number, chroma: Float64Array): void {
    const at = this.#row(Math.floor(frameIndex / FRAMES_PER_BLOCK)) + AT_CHROMA;
    for (let i = 0; i < CHROMA_BINS; i++) this.#data[at + i] += chroma[i];
  }

  addEnergies(frameIndex: number, harmonic: number, percussive: number): void {
    const at = this.#row(Math.floor(frameIndex / FRAMES_PER_BLOCK));
    this.#data[at + AT_HARMONIC] += harmonic;
    this.#data[at + AT_PERCUSSIVE] += percussive;
  }

  /** Closes the last block; call once after the last addDescriptors. */
  finish(): void {
    this.#closeOpenBlock();
  }

  /** Statistics over frames [fromFrame, toFrame), fractional bounds allowed. */
  summarise(fromFrame: number, toFrame: number): RangeSummary {
    const out: RangeSummary = {
      frames: 0,
      descriptorMean: new Float64Array(FRAME_DESCRIPTOR_COUNT),
      descriptorStd: new Float64Array(FRAME_DESCRIPTOR_COUNT),
      chroma: new Float64Array(CHROMA_BINS),
      harmonicEnergy: 0,
      percussiveEnergy: 0,
    };
    const m2 = new Float64Array(FRAME_DESCRIPTOR_COUNT);
    const firstBlock = Math.max(0, Math.floor(fromFrame / FRAMES_PER_BLOCK));
    const lastBlock = Math.min(this.#blocks - 1, Math.floor(toFrame / FRAMES_PER_BLOCK));
    for (let b = firstBlock; b <= lastBlock; b++) {
      const at = b * BLOCK_STRIDE;
      const count = this.#data[at + AT_COUNT];
      const blockStart = b * FRAMES_PER_BLOCK;
      const overlap = Math.min(toFrame, blockStart + count) - Math.max(fromFrame, blockStart);
      if (!(count > 0) || !(overlap > 0)) continue;
      const weight = overlap / count;
      // Chan et al.'s pairwise update, with a partial block taken as `overlap` frames of its mean.
      const total = out.frames + overlap;
      for (let i = 0; i < FRAME_DESCRIPTOR_COUNT; i++) {
        const blockMean = this.#data[at + AT_MEAN + i];
        const delta = blockMean - out.descriptorMean[i];
        out.descriptorMean[i] += (delta * overlap) / total;
        m2[i] += weight * this.#data[at + AT_M2 + i] + (delta * delta * out.frames * overlap) / total;
      }
      out.frames = total;
      for (let i = 0; i < CHROMA_BINS; i++) out.chroma[i] += weight * this.#data[at + AT_CHROMA + i];
      out.harmonicEnergy += weight * this.#data[at + AT_HARMONIC];
      out.percussiveEnergy += weight * this.#data[at + AT_PERCUSSIVE];
    }
    for (let i = 0; i < FRAME_DESCRIPTOR_COUNT; i++) {
      out.descriptorStd[i] = out.frames > 0 ? Math.sqrt(Math.max(0, m2[i] / out.frames)) : 0;
    }
    return out;
  }

  #closeOpenBlock(): void {
    if (this.#openBlock < 0 || this.#openCount === 0) return;
    const at = this.#row(this.#openBlock);
    const n = this.#openCount;
    this.#data[at + AT_COUNT] = n;
    for (let i = 0; i < FRAME_DESCRIPTOR_COUNT; i++) {
      const mean = this.#sum[i] / n;
      this.#data[at + AT_MEAN + i] = mean;
      this.#data[at + AT_M2 + i] = Math.max(0, this.#sumSq[i] - n * mean * mean);
    }
    this.#sum.fill(0);
    this.#sumSq.fill(0);
    this.#openCount = 0;
  }

  /** Offset of a block's row, growing the store (doubling) when needed. */
  #row(block: number): number {
    if (block >= this.#blocks) {
      const needed = (block + 1) * BLOCK_STRIDE;
      if (needed > this.#data.length) {
        const grown = new Float32Array(Math.max(needed, 2 * this.#data.length));
        grown.set(this.#data);
        this.#data = grown;
      }
      this.#blocks = block + 1;
    }
    return block * BLOCK_STRIDE;
  }
}

/** Mean-square power per 100 ms window of the signal, streamed. */
export const ENVELOPE_RATE = 10;

export class PowerEnvelope {
  readonly #windowSamples: number;
  readonly #values = new FloatSeries();
  #acc = 0;
  #filled = 0;

  constructor(sampleRate: number) {
    this.#windowSamples = Math.round(sampleRate / ENVELOPE_RATE);
  }

  /** Samples the current 100 ms window still takes. */
  room(): number {
    return this.#windowSamples - this.#filled;
  }

  /** Adds a run of `count` samples (at most room()) whose squares sum to `sumOfSquares`. */
  add(count: number, sumOfSquares: number): void {
    this.#acc += sumOfSquares;
    this.#filled += count;
    if (this.#filled === this.#windowSamples) this.#close();
  }

  /** Closes a trailing partial window and returns the envelope (power, one value per 100 ms). */
  finish(): Float32Array {
    if (this.#filled > 0) this.#close();
    return this.#values.toArray();
  }

  #close(): void {
    this.#values.push(this.#acc / this.#filled);
    this.#acc = 0;
    this.#filled = 0;
  }
}

/** An append-only float32 sequence (capacity doubles). */
export class FloatSeries {
  #values = new Float32Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(v: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float32Array(2 * this.#values.length);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = v;
  }

  toArray(): Float32Array {
    return this.#values.slice(0, this.#length);
  }
}

export interface LoudnessSummary {
  rmsMean: number;
  rmsStd: number;
  /** dB of the mean power (0 dB = full-scale square wave); −100 for silence. */
  loudnessMeanDb: number;
  loudnessStdDb: number;
  dynamicRangeDb: number;
  lowEnergyRatio: number;
}

const POWER_FLOOR = 1e-10;
const toDb = (power: number): number => 10 * Math.log10(power + POWER_FLOOR);
/** Loudness-range gates, after EBU R128 LRA: absolute −70 dB, then 20 dB under the gated mean. */
const ABSOLUTE_GATE_DB = -70;
const RELATIVE_GATE_DB = -20;
/** Windows averaged (1 s) before the range percentiles, so single transients do not set the range. */
const RANGE_SMOOTHING_WINDOWS = 10;

/** Loudness statistics of envelope windows [from, to) (window indices, clamped). */
export function summariseLoudness(envelope: Float32Array, from: number, to: number): LoudnessSummary {
  const start = Math.max(0, Math.floor(from));
  const end = Math.min(envelope.length, Math.ceil(to));
  const n = end - start;
  if (n <= 0) {
    return { rmsMean: 0, rmsStd: 0, loudnessMeanDb: toDb(0), loudnessStdDb: 0, dynamicRangeDb: 0, lowEnergyRatio: 0 };
  }
  let powerSum = 0;
  let rmsSum = 0;
  let rmsSq = 0;
  let dbSum = 0;
  let dbSq = 0;
  for (let i = start; i < end; i++) {
    const p = envelope[i];
    const rms = Math.sqrt(p);
    const db = toDb(p);
    powerSum += p;
    rmsSum += rms;
    rmsSq += p;
    dbSum += db;
    dbSq += db * db;
  }
  const rmsMean = rmsSum / n;
  let below = 0;
  for (let i = start; i < end; i++) if (Math.sqrt(envelope[i]) < rmsMean) below++;
  const dbMean = dbSum / n;
  return {
    rmsMean,
    rmsStd: Math.sqrt(Math.max(0, rmsSq / n - rmsMean * rmsMean)),
    loudnessMeanDb: toDb(powerSum / n),
    loudnessStdDb: Math.sqrt(Math.max(0, dbSq / n - dbMean * dbMean)),
    dynamicRangeDb: loudnessRange(envelope, start, end),
    lowEnergyRatio: below / n,
  };
}

/** Spread (95th − 10th percentile, dB) of 1 s loudness over the gated, non-silent windows. */
function loudnessRange(envelope: Float32Array, start: number, end: number): number {
  const width = Math.min(RANGE_SMOOTHING_WINDOWS, end - start);
  const smoothed: number[] = [];
  let acc = 0;
  for (let i = start; i < end; i++) {
    acc += envelope[i];
    if (i - start >= width) acc -= envelope[i - width];
    if (i - start + 1 >= width) smoothed.push(toDb(Math.max(0, acc) / width));
  }
  const loud = smoothed.filter((db) => db > ABSOLUTE_GATE_DB);
  if (loud.length === 0) return 0;
  const gatedMeanDb = toDb(loud.reduce((s, db) => s + Math.pow(10, db / 10), 0) / loud.length);
  const kept = loud.filter((db) => db > gatedMeanDb + RELATIVE_GATE_DB).sort((a, b) => a - b);
  if (kept.length < 2) return 0;
  return percentile(kept, 0.95) - percentile(kept, 0.1);
}

function percentile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
