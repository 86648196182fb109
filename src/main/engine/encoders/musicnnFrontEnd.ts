import { createRealFft } from '../audio/fft';

/**
 * The musicnn front end exactly as musicnn 0.1.0 computes it (`extractor.batch_data` with librosa
 * ≥ 0.9 defaults): 16 kHz mono; periodic Hann window of 512 samples; frames centred on sample t·256,
 * the signal zero-padded by 256 at both ends (`center=True, pad_mode='constant'`; the librosa 0.7 of
 * 2019 reflect-padded instead, which changes a signal's first and last frame only); power spectrum
 * |X|²; 96 Slaney-scale mel bands (librosa `filters.mel`, norm='slaney', 0–8 kHz, float32 weights);
 * the mel power rounded to float16 (the package's `astype(np.float16)`), then log10(1 + 10000·x) in
 * float32. A patch is 187 consecutive frames (3 s; the package's `time_to_frames(3) + 1`).
 */
export const MUSICNN_SAMPLE_RATE = 16000;
export const MUSICNN_FFT_SIZE = 512;
export const MUSICNN_HOP = 256;
export const MUSICNN_MEL_BANDS = 96;
export const MUSICNN_PATCH_FRAMES = 187;

/** Number of centred frames librosa computes for a signal of `samples` samples: 1 + ⌊samples/256⌋. */
export function musicnnFrameCount(samples: number): number {
  return 1 + Math.floor(samples / MUSICNN_HOP);
}

/** librosa.filters.mel(sr=16000, n_fft=512, n_mels=96) (Slaney scale and area norm), rows of 257 bins, float32-rounded. */
export function musicnnMelFilterbank(): Float32Array[] {
  const bins = MUSICNN_FFT_SIZE / 2 + 1;
  const melPoints = Array.from({ length: MUSICNN_MEL_BANDS + 2 }, (_, i) =>
    melToHz((hzToMel(MUSICNN_SAMPLE_RATE / 2) * i) / (MUSICNN_MEL_BANDS + 1)),
  );
  const rows: Float32Array[] = [];
  for (let m = 0; m < MUSICNN_MEL_BANDS; m++) {
    const row = new Float32Array(bins);
    const lowDiff = melPoints[m + 1] - melPoints[m];
    const highDiff = melPoints[m + 2] - melPoints[m + 1];
    const enorm = 2 / (melPoints[m + 2] - melPoints[m]);
    for (let k = 0; k < bins; k++) {
      const f = (k * (MUSICNN_SAMPLE_RATE / 2)) / (bins - 1);
      const lower = (f - melPoints[m]) / lowDiff;
      const upper = (melPoints[m + 2] - f) / highDiff;
      row[k] = Math.max(0, Math.min(lower, upper)) * enorm;
    }
    rows.push(row);
  }
  return rows;
}

// librosa's Slaney mel scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above.
const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;

function hzToMel(hz: number): number {
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
}

function melToHz(mel: number): number {
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

const F16_MIN_NORMAL = 2 ** -14;
const F16_SUBNORMAL_STEP = 2 ** -24;
const F16_OVERFLOW = 65520; // values from here on round to +Infinity

/** Rounds a non-negative number to the nearest float16 value (ties to even), as NumPy's astype(float16). */
export function roundToFloat16(x: number): number {
  if (!(x > 0)) return x === 0 ? 0 : x;
  if (x >= F16_OVERFLOW) return Infinity;
  let quantum = F16_SUBNORMAL_STEP;
  if (x >= F16_MIN_NORMAL) {
    let e = Math.floor(Math.log2(x));
    if (2 ** e > x) e--;
    else if (2 ** (e + 1) <= x) e++;
    quantum = 2 ** (e - 10);
  }
  const r = x / quantum;
  let n = Math.floor(r);
  const frac = r - n;
  if (frac > 0.5 || (frac === 0.5 && n % 2 === 1)) n++;
  return n * quantum;
}

/**
 * Computes log-mel frames of a 16 kHz signal, frame by frame, so a caller can take a few patches
 * out of a long track without computing the whole spectrogram. Frame t equals row t of the package's
 * spectrogram of the whole signal.
 */
export interface MusicnnFrontEnd {
  /** Frames [first, first + count) into out (count × 96, row-major), each frame's bands contiguous. */
  frames(pcm: Float32Array, first: number, count: number, out: Float32Array, outOffset?: number): void;
}

export function createMusicnnFrontEnd(): MusicnnFrontEnd {
  const fft = createRealFft(MUSICNN_FFT_SIZE);
  const half = MUSICNN_FFT_SIZE / 2;
  const bins = half + 1;
  const window = new Float64Array(MUSICNN_FFT_SIZE);
  for (let n = 0; n < MUSICNN_FFT_SIZE; n++) window[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / MUSICNN_FFT_SIZE);
  // Each band's non-zero bin range, so the mel product skips the zeros.
  const filters = musicnnMelFilterbank().map((row) => {
    let lo = 0;
    while (lo < bins && row[lo] === 0) lo++;
    let hi = bins;
    while (hi > lo && row[hi - 1] === 0) hi--;
    return { lo, hi, weights: row };
  });
  const frame = new Float64Array(MUSICNN_FFT_SIZE);
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  const power = new Float64Array(bins);

  function frames(pcm: Float32Array, first: number, count: number, out: Float32Array, outOffset = 0): void {
    const n = pcm.length;
    const total = musicnnFrameCount(n);
    if (!Number.isInteger(first) || first < 0 || count < 0 || first + count > total) {
      throw new RangeError(`musicnn frames [${first}, ${first + count}) outside the ${total} frames of ${n} samples`);
    }
    for (let f = 0; f < count; f++) {
      const start = (first + f) * MUSICNN_HOP - half;
      for (let i = 0; i < MUSICNN_FFT_SIZE; i++) {
        const idx = start + i;
        frame[i] = idx >= 0 && idx < n ? pcm[idx] * window[i] : 0;
      }
      fft.forward(frame, re, im);
      for (let k = 0; k < bins; k++) power[k] = Math.fround(re[k] * re[k] + im[k] * im[k]);
      const row = outOffset + f * MUSICNN_MEL_BANDS;
      for (let m = 0; m < MUSICNN_MEL_BANDS; m++) {
        const { lo, hi, weights } = filters[m];
        let acc = 0;
        for (let k = lo; k < hi; k++) acc += weights[k] * power[k];
        const mel16 = roundToFloat16(Math.fround(acc));
        out[row + m] = Math.log10(Math.fround(Math.fround(10000 * mel16) + 1));
      }
    }
  }

  return { frames };
}
