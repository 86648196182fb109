/**
 * Streaming 22050 → 16000 Hz resampler: a polyphase Kaiser-windowed sinc (320 phases, since
 * 16000/22050 = 320/441) low-passed below 16 kHz's Nyquist so the 8–11 kHz band does not fold
 * back into the 125–7500 Hz mel range. Output n is centred on input time n·441/320 (no delay),
 * and depends only on the input samples, never on how they were chunked.
 */
export interface StreamingResampler {
  /** Next input samples, any length; resampled output goes to the sink given at creation. */
  push(samples: Float32Array): void;
  /** Flushes the tail so ceil(inputs · 320/441) samples have been emitted in all. */
  finish(): void;
}

export const RESAMPLER_INPUT_RATE = 22050;
export const RESAMPLER_OUTPUT_RATE = 16000;
const UP = 320;
const DOWN = 441;
/** Taps each side of the centre, in input samples; 2·HALF taps per output sample. */
const HALF = 24;
/** Pass band edge: just above the 7500 Hz top mel band, below the 8000 Hz output Nyquist. */
const CUTOFF_HZ = 7800;
const KAISER_BETA = 8;
/** Out-of-range samples (corrupt packets) count as silence, as in the audio analyzer. */
const SAMPLE_LIMIT = 16;

export function createResampler(sink: (sample: number) => void): StreamingResampler {
  const phases = phaseTable();
  // Input samples from absolute index bufStart on; index -HALF.. -1 are the leading zeros.
  let buf = new Float32Array(1 << 14);
  let bufStart = -HALF;
  let bufLen = HALF;
  let inputs = 0;
  let next = 0;

  const emitReady = (available: number, limit: number): void => {
    while (next < limit) {
      const base = Math.floor((next * DOWN) / UP);
      if (base + HALF >= available) break;
      const taps = phases[next % UP];
      const from = base - HALF + 1 - bufStart;
      let acc = 0;
      for (let j = 0; j < taps.length; j++) acc += taps[j] * buf[from + j];
      sink(acc);
      next++;
    }
    // Keep only what the next output still reads.
    const keepFrom = Math.floor((next * DOWN) / UP) - HALF + 1 - bufStart;
    if (keepFrom > 0) {
      buf.copyWithin(0, keepFrom, bufLen);
      bufLen -= keepFrom;
      bufStart += keepFrom;
    }
  };

  const append = (samples: ArrayLike<number>): void => {
    if (bufLen + samples.length > buf.length) {
      const grown = new Float32Array(Math.max(buf.length * 2, bufLen + samples.length));
      grown.set(buf.subarray(0, bufLen));
      buf = grown;
    }
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      buf[bufLen++] = x >= -SAMPLE_LIMIT && x <= SAMPLE_LIMIT ? x : 0;
    }
  };

  return {
    push(samples) {
      // Bounded working set: feed long chunks through in slices.
      for (let at = 0; at < samples.length; at += 1 << 13) {
        append(samples.subarray(at, Math.min(samples.length, at + (1 << 13))));
        emitReady(bufStart + bufLen, Infinity);
      }
      inputs += samples.length;
    },
    finish() {
      const total = Math.ceil((inputs * UP) / DOWN);
      // Trailing zeros stand in for the samples after the end, as the leading ones do before it.
      append(new Float32Array(2 * HALF));
      emitReady(bufStart + bufLen, total);
    },
  };
}

/** taps[p][j] weighs input base−HALF+1+j for the outputs whose position has fraction p/UP. */
function phaseTable(): Float64Array[] {
  const fc = CUTOFF_HZ / RESAMPLER_INPUT_RATE;
  return Array.from({ length: UP }, (_, p) => {
    const frac = ((p * DOWN) % UP) / UP;
    const taps = new Float64Array(2 * HALF);
    let sum = 0;
    for (let j = 0; j < taps.length; j++) {
      const t = j - HALF + 1 - frac;
      const sinc = t === 0 ? 1 : Math.sin(2 * Math.PI * fc * t) / (2 * Math.PI * fc * t);
      taps[j] = sinc * kaiser(t / HALF);
      sum += taps[j];
    }
    // Unit gain at DC for every phase, so a constant stays constant.
    for (let j = 0; j < taps.length; j++) taps[j] /= sum;
    return taps;
  });
}

function kaiser(x: number): number {
  if (Math.abs(x) >= 1) return 0;
  return besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
}

function besselI0(x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 50 && term > 1e-12 * sum; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}
