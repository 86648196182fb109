import { createRealFft } from './fft';

/**
 * Frame geometry and the per-frame descriptors every other audio feature is built from.
 * Frames are centred: frame j covers samples [j·HOP − FRAME/2, j·HOP + FRAME/2) of the signal,
 * zero outside it, so frame j describes time j·HOP/SAMPLE_RATE = j / 50 s.
 */
export const SAMPLE_RATE = 22050;
export const FRAME_SIZE = 2048;
export const HOP_SIZE = 441;
export const FRAMES_PER_SECOND = SAMPLE_RATE / HOP_SIZE;
export const MEL_BANDS = 64;
const MFCC_COUNT = 13;
export const CHROMA_BINS = 12;

const BIN_HZ = SAMPLE_RATE / FRAME_SIZE;
const SPECTRUM_BINS = FRAME_SIZE / 2 + 1;
/** Power floor (−100 dB re a full-scale sine) so logs of silence stay finite. */
const POWER_FLOOR = 1e-10;
const ROLLOFF_FRACTION = 0.85;
/** Octave bands of the spectral contrast, as in Jiang et al. (2002); the last one runs to Nyquist. */
const CONTRAST_EDGES_HZ = [0, 200, 400, 800, 1600, 3200, 6400, SAMPLE_RATE / 2];
const CONTRAST_QUANTILE = 0.02;
const CHROMA_MIN_HZ = 80;
const CHROMA_MAX_HZ = 5000;
/** Spectral peaks more than 40 dB under the frame's strongest one do not count towards chroma. */
const CHROMA_PEAK_RELATIVE = 0.01;
const CHROMA_PEAK_ABSOLUTE = 1e-5;
const C0_HZ = 440 * Math.pow(2, -57 / 12);
/** The zero-crossing rate is taken over each frame's central hop, so successive frames tile the signal. */
const ZCR_FROM = (FRAME_SIZE - HOP_SIZE) >> 1;
/** Bins multiplied together before one log in the geometric mean (products stay within double range). */
const FLATNESS_GROUP = 16;

const CONTRAST_BANDS = CONTRAST_EDGES_HZ.length - 1;

/** Per-frame scalar descriptors summarised by mean and standard deviation, in this order. */
export const FRAME_DESCRIPTOR_NAMES: readonly string[] = [
  'zcr',
  'spectral_centroid',
  'spectral_bandwidth',
  'spectral_rolloff',
  'spectral_flatness',
  'spectral_flux',
  ...range(CONTRAST_BANDS).map((b) => `spectral_contrast_${b + 1}`),
  ...range(MFCC_COUNT).map((i) => `mfcc_${i}`),
  ...range(MFCC_COUNT).map((i) => `mfcc_delta_${i}`),
];
export const FRAME_DESCRIPTOR_COUNT = FRAME_DESCRIPTOR_NAMES.length;
const AT = {
  zcr: 0,
  centroid: 1,
  bandwidth: 2,
  rolloff: 3,
  flatness: 4,
  flux: 5,
  contrast: 6,
  mfcc: 6 + CONTRAST_BANDS,
  mfccDelta: 6 + CONTRAST_BANDS + MFCC_COUNT,
};

export interface FrameDescriptors {
  /** FRAME_DESCRIPTOR_NAMES order; the mfcc_delta slots are filled by the delta stage. */
  descriptors: Float64Array;
  /** Spectral-peak magnitude per pitch class (0 = C), not normalised: louder frames weigh more. */
  chroma: Float64Array;
  /** Power per mel band (linear). */
  melPower: Float64Array;
  /** Mean positive rise of the mel bands in dB since the previous frame (the onset envelope). */
  onsetStrength: number;
}

export interface SpectralFrameAnalyzer {
  /** Describes one frame of FRAME_SIZE raw samples; `out` is overwritten and may be reused. */
  analyse(frame: Float64Array, out: FrameDescriptors): void;
}

export function createFrameDescriptors(): FrameDescriptors {
  return {
    descriptors: new Float64Array(FRAME_DESCRIPTOR_COUNT),
    chroma: new Float64Array(CHROMA_BINS),
    melPower: new Float64Array(MEL_BANDS),
    onsetStrength: 0,
  };
}

export function createSpectralFrameAnalyzer(): SpectralFrameAnalyzer {
  const fft = createRealFft(FRAME_SIZE);
  const window = periodicHann(FRAME_SIZE);
  let windowSum = 0;
  for (const w of window) windowSum += w;
  // A full-scale sine at a bin centre then has magnitude 1.
  const magnitudeScale = 2 / windowSum;
  const windowed = new Float64Array(FRAME_SIZE);
  const re = new Float64Array(SPECTRUM_BINS);
  const im = new Float64Array(SPECTRUM_BINS);
  const magnitude = new Float64Array(SPECTRUM_BINS);
  const power = new Float64Array(SPECTRUM_BINS);
  const prevUnitMagnitude = new Float64Array(SPECTRUM_BINS);
  const melDb = new Float64Array(MEL_BANDS);
  const prevMelDb = new Float64Array(MEL_BANDS);
  let firstFrame = true;
  const mel = melFilterbank();
  const dct = dctMatrix(MFCC_COUNT, MEL_BANDS);
  const contrastBands = contrastBandBins();
  const chromaMinBin = Math.ceil(CHROMA_MIN_HZ / BIN_HZ);
  const chromaMaxBin = Math.min(SPECTRUM_BINS - 2, Math.floor(CHROMA_MAX_HZ / BIN_HZ));
  const largest = new Float64Array(16);
  const smallest = new Float64Array(16);

  function analyse(frame: Float64Array, out: FrameDescriptors): void {
    const d = out.descriptors;
    d[AT.zcr] = zeroCrossingRate(frame, ZCR_FROM, ZCR_FROM + HOP_SIZE);
    for (let i = 0; i < FRAME_SIZE; i++) windowed[i] = frame[i] * window[i];
    fft.forward(windowed, re, im);

    let magSum = 0;
    let magSqSum = 0;
    let weightedHz = 0;
    let weightedHzSq = 0;
    let logPowerSum = 0;
    let powerSum = 0;
    let product = 1;
    for (let k = 0; k < SPECTRUM_BINS; k++) {
      const p = (re[k] * re[k] + im[k] * im[k]) * magnitudeScale * magnitudeScale;
      const m = Math.sqrt(p);
      const hz = k * BIN_HZ;
      power[k] = p;
      magnitude[k] = m;
      magSum += m;
      magSqSum += p;
      weightedHz += hz * m;
      weightedHzSq += hz * hz * m;
      product *= p + POWER_FLOOR;
      if ((k + 1) % FLATNESS_GROUP === 0) {
        logPowerSum += Math.log(product);
        product = 1;
      }
      powerSum += p + POWER_FLOOR;
    }
    logPowerSum += Math.log(product);
    const centroid = magSum > 0 ? weightedHz / magSum : 0;
    d[AT.centroid] = centroid;
    d[AT.bandwidth] = magSum > 0 ? Math.sqrt(Math.max(0, weightedHzSq / magSum - centroid * centroid)) : 0;
    d[AT.rolloff] = rolloffHz(magnitude, magSum);
    d[AT.flatness] = Math.exp(logPowerSum / SPECTRUM_BINS) / (powerSum / SPECTRUM_BINS);

    // Flux between unit-norm magnitude spectra: spectral change independent of loudness.
    const norm = Math.sqrt(magSqSum);
    const inverseNorm = norm > 0 ? 1 / norm : 0;
    let flux = 0;
    for (let k = 0; k < SPECTRUM_BINS; k++) {
      const unit = magnitude[k] * inverseNorm;
      const diff = unit - prevUnitMagnitude[k];
      flux += diff * diff;
      prevUnitMagnitude[k] = unit;
    }
    d[AT.flux] = Math.sqrt(flux);

    for (let b = 0; b < CONTRAST_BANDS; b++) {
      const { from, to, count } = contrastBands[b];
      collectExtremes(power, from, to, count, largest, smallest);
      let peak = 0;
      let valley = 0;
      for (let i = 0; i < count; i++) {
        peak += largest[i];
        valley += smallest[i];
      }
      d[AT.contrast + b] = 10 * Math.log10((peak / count + POWER_FLOOR) / (valley / count + POWER_FLOOR));
    }

    let onset = 0;
    for (let m = 0; m < MEL_BANDS; m++) {
      const { start, weights } = mel[m];
      let acc = 0;
      for (let i = 0; i < weights.length; i++) acc += weights[i] * power[start + i];
      out.melPower[m] = acc;
      const db = 10 * Math.log10(acc + POWER_FLOOR);
      melDb[m] = db;
      if (db > prevMelDb[m]) onset += db - prevMelDb[m];
      prevMelDb[m] = db;
    }
    // The first frame has nothing to rise from: the track's start is not an onset.
    out.onsetStrength = firstFrame ? 0 : onset / MEL_BANDS;
    firstFrame = false;
    for (let i = 0; i < MFCC_COUNT; i++) {
      const row = dct[i];
      let acc = 0;
      for (let m = 0; m < MEL_BANDS; m++) acc += row[m] * melDb[m];
      d[AT.mfcc + i] = acc;
    }

    peakChroma(magnitude, chromaMinBin, chromaMaxBin, out.chroma);
  }

  return { analyse };
}

/** Sign changes per sample over frame[from, to); exact zeros count as positive. */
function zeroCrossingRate(frame: Float64Array, from: number, to: number): number {
  let crossings = 0;
  let prevNegative = frame[from - 1] < 0;
  for (let i = from; i < to; i++) {
    const negative = frame[i] < 0;
    if (negative !== prevNegative) crossings++;
    prevNegative = negative;
  }
  return crossings / (to - from);
}

function rolloffHz(magnitude: Float64Array, magSum: number): number {
  if (!(magSum > 0)) return 0;
  const target = ROLLOFF_FRACTION * magSum;
  let acc = 0;
  for (let k = 0; k < magnitude.length; k++) {
    acc += magnitude[k];
    if (acc >= target) return k * BIN_HZ;
  }
  return (magnitude.length - 1) * BIN_HZ;
}

/**
 * The `count` largest and `count` smallest values of values[from, to) into largest/smallest.
 * count is small (≤ 16), so two insertion-sorted scratch lists beat sorting the band.
 */
function collectExtremes(
  values: Float64Array,
  from: number,
  to: number,
  count: number,
  largest: Float64Array,
  smallest: Float64Array,
): void {
  largest.fill(-Infinity, 0, count);
  smallest.fill(Infinity, 0, count);
  const last = count - 1;
  for (let k = from; k < to; k++) {
    const v = values[k];
    if (v > largest[last]) {
      let i = last;
      while (i > 0 && largest[i - 1] < v) {
        largest[i] = largest[i - 1];
        i--;
      }
      largest[i] = v;
    }
    if (v < smallest[last]) {
      let i = last;
      while (i > 0 && smallest[i - 1] > v) {
        smallest[i] = smallest[i - 1];
        i--;
      }
      smallest[i] = v;
    }
  }
}

/**
 * Pitch-class profile from spectral peaks: each local maximum of the magnitude spectrum gets a
 * sub-bin frequency by parabolic interpolation (within ~0.1 bin for a Hann window), and its magnitude is shared
 * between the two nearest pitch classes. Peaks avoid the semitone smear a 10.8 Hz bin spacing
 * gives a plain bin-to-pitch mapping at low frequencies.
 */
function peakChroma(magnitude: Float64Array, minBin: number, maxBin: number, chroma: Float64Array): void {
  chroma.fill(0);
  let strongest = 0;
  for (let k = minBin; k <= maxBin; k++) if (magnitude[k] > strongest) strongest = magnitude[k];
  const threshold = Math.max(CHROMA_PEAK_ABSOLUTE, strongest * CHROMA_PEAK_RELATIVE);
  for (let k = minBin; k <= maxBin; k++) {
    const m = magnitude[k];
    if (m < threshold || m <= magnitude[k - 1] || m < magnitude[k + 1]) continue;
    const a = magnitude[k - 1];
    const b = m;
    const c = magnitude[k + 1];
    const curvature = a - 2 * b + c;
    const offset = curvature < 0 ? (0.5 * (a - c)) / curvature : 0;
    const hz = (k + offset) * BIN_HZ;
    const pitch = 12 * Math.log2(hz / C0_HZ);
    const lower = Math.floor(pitch);
    const frac = pitch - lower;
    const pc = ((lower % 12) + 12) % 12;
    chroma[pc] += m * (1 - frac);
    chroma[(pc + 1) % 12] += m * frac;
  }
}

function periodicHann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number): number => 700 * (Math.pow(10, mel / 2595) - 1);

/** Triangular filters equally spaced on the HTK mel scale from 0 Hz to Nyquist, area-normalised. */
function melFilterbank(): { start: number; weights: Float64Array }[] {
  const maxMel = hzToMel(SAMPLE_RATE / 2);
  const edgesHz = range(MEL_BANDS + 2).map((i) => melToHz((maxMel * i) / (MEL_BANDS + 1)));
  return range(MEL_BANDS).map((m) => {
    const [lo, centre, hi] = [edgesHz[m], edgesHz[m + 1], edgesHz[m + 2]];
    const start = Math.ceil(lo / BIN_HZ);
    const end = Math.min(SPECTRUM_BINS - 1, Math.floor(hi / BIN_HZ));
    const weights = new Float64Array(Math.max(0, end - start + 1));
    const area = 2 / (hi - lo);
    for (let k = start; k <= end; k++) {
      const hz = k * BIN_HZ;
      const w = hz <= centre ? (hz - lo) / (centre - lo) : (hi - hz) / (hi - centre);
      weights[k - start] = Math.max(0, w) * area;
    }
    return { start, weights };
  });
}

/** Orthonormal DCT-II rows, as used for MFCCs. */
function dctMatrix(rows: number, cols: number): Float64Array[] {
  return range(rows).map((i) => {
    const row = new Float64Array(cols);
    const scale = i === 0 ? Math.sqrt(1 / cols) : Math.sqrt(2 / cols);
    for (let m = 0; m < cols; m++) row[m] = scale * Math.cos((Math.PI * i * (m + 0.5)) / cols);
    return row;
  });
}

function contrastBandBins(): { from: number; to: number; count: number }[] {
  return range(CONTRAST_BANDS).map((b) => {
    const from = Math.round(CONTRAST_EDGES_HZ[b] / BIN_HZ);
    const to = b === CONTRAST_BANDS - 1 ? SPECTRUM_BINS : Math.round(CONTRAST_EDGES_HZ[b + 1] / BIN_HZ);
    return { from, to, count: Math.min(16, Math.max(1, Math.round(CONTRAST_QUANTILE * (to - from)))) };
  });
}

/**
 * Fills the mfcc_delta slots with the HTK regression delta over ±2 frames (edges repeat the
 * first/last frame), which needs two frames of look-ahead: frames come out two frames late.
 */
export interface DeltaStage {
  push(descriptors: Float64Array): void;
  /** Emits the frames still held back; call once at the end of the stream. */
  flush(): void;
}

export function createDeltaStage(onFrame: (frameIndex: number, descriptors: Float64Array) => void): DeltaStage {
  const ring = range(5).map(() => new Float64Array(FRAME_DESCRIPTOR_COUNT));
  let received = 0;
  let emitted = 0;

  const mfccAt = (frame: number, i: number): number => {
    const clamped = Math.min(received - 1, Math.max(0, frame));
    return ring[clamped % 5][AT.mfcc + i];
  };
  const emit = (): void => {
    const frame = emitted;
    const d = ring[frame % 5];
    for (let i = 0; i < MFCC_COUNT; i++) {
      const near = mfccAt(frame + 1, i) - mfccAt(frame - 1, i);
      const far = mfccAt(frame + 2, i) - mfccAt(frame - 2, i);
      d[AT.mfccDelta + i] = (near + 2 * far) / 10;
    }
    onFrame(frame, d);
    emitted++;
  };

  return {
    push(descriptors) {
      ring[received % 5].set(descriptors);
      received++;
      if (received - emitted > 2) emit();
    },
    flush() {
      while (emitted < received) emit();
    },
  };
}

/** Frames on each side of the harmonic-change comparison (0.5 s). */
const NOVELTY_HALF_WINDOW = 25;

/**
 * Harmonic change at each frame: cosine distance between the chroma summed over the preceding
 * and the following half second (Davies & Plumbley's downbeat cue). Needs half a second of
 * look-ahead, so frames come out late; 0 where either side is silent.
 */
export interface ChromaNoveltyStage {
  push(chroma: Float64Array): void;
  /** Emits the frames still held back (look-ahead cut at the end); call once at the end. */
  flush(): void;
}

export function createChromaNoveltyStage(onFrame: (frameIndex: number, novelty: number) => void): ChromaNoveltyStage {
  const span = 2 * NOVELTY_HALF_WINDOW;
  const ring = range(span).map(() => new Float64Array(CHROMA_BINS));
  const before = new Float64Array(CHROMA_BINS);
  const after = new Float64Array(CHROMA_BINS);
  let received = 0;
  let emitted = 0;

  const sumInto = (target: Float64Array, from: number, to: number): void => {
    target.fill(0);
    for (let t = Math.max(0, from); t < to; t++) {
      const c = ring[t % span];
      for (let i = 0; i < CHROMA_BINS; i++) target[i] += c[i];
    }
  };
  const emit = (): void => {
    const frame = emitted;
    sumInto(before, frame - NOVELTY_HALF_WINDOW, frame);
    sumInto(after, frame, Math.min(received, frame + NOVELTY_HALF_WINDOW));
    let dot = 0;
    let normBefore = 0;
    let normAfter = 0;
    for (let i = 0; i < CHROMA_BINS; i++) {
      dot += before[i] * after[i];
      normBefore += before[i] * before[i];
      normAfter += after[i] * after[i];
    }
    const norms = Math.sqrt(normBefore * normAfter);
    onFrame(frame, norms > 0 ? Math.max(0, 1 - dot / norms) : 0);
    emitted++;
  };

  return {
    push(chroma) {
      ring[received % span].set(chroma);
      received++;
      if (received - emitted >= NOVELTY_HALF_WINDOW) emit();
    },
    flush() {
      while (emitted < received) emit();
    },
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
