import { splitTwiddles, stockhamTwiddles } from './fft';
import { createFrameKernel, createNoveltyKernel, type FrameKernelTables } from './kernel/frameKernel';

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
// The power floor, roll-off fraction, chroma peak thresholds and flatness grouping are in kernel/frameKernel.c.
/** Octave bands of the spectral contrast, as in Jiang et al. (2002); the last one runs to Nyquist. */
const CONTRAST_EDGES_HZ = [0, 200, 400, 800, 1600, 3200, 6400, SAMPLE_RATE / 2];
const CONTRAST_QUANTILE = 0.02;
const CHROMA_MIN_HZ = 80;
const CHROMA_MAX_HZ = 5000;
const C0_HZ = 440 * Math.pow(2, -57 / 12);
/** The zero-crossing rate is taken over each frame's central hop, so successive frames tile the signal. */
const ZCR_FROM = (FRAME_SIZE - HOP_SIZE) >> 1;

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
  /** The frame the next analyse() describes: FRAME_SIZE raw samples, filled in place by the caller. */
  readonly frame: Float64Array;
  /** Describes `frame`; `out` is overwritten and may be reused. */
  analyse(out: FrameDescriptors): void;
  /**
   * Zeroes what no real PCM holds in frame[from, to): NaN, ±Infinity, magnitudes over 16 (corrupt
   * packets decode to them); returns the sum of the run's squares, as sanitised.
   */
  sanitise(from: number, to: number): number;
  /** Ends the stream: the kernel goes back for another; nothing may be read from `frame` afterwards. */
  release(): void;
}

export function createFrameDescriptors(): FrameDescriptors {
  return {
    descriptors: new Float64Array(FRAME_DESCRIPTOR_COUNT),
    chroma: new Float64Array(CHROMA_BINS),
    melPower: new Float64Array(MEL_BANDS),
    onsetStrength: 0,
  };
}

/**
 * Per frame: Hann window, FFT, and from the spectrum zero-crossing rate, centroid, bandwidth,
 * roll-off, flatness, flux, contrast, mel powers, the onset strength, MFCCs and peak chroma.
 * The arithmetic runs in WebAssembly (kernel/frameKernel.c, the same operations in the same
 * order as the TypeScript it replaced); the tables it reads are made here.
 */
/** The tables the kernel reads: the same for every stream, made once per process. */
let kernelTables: FrameKernelTables | undefined;

function frameKernelTables(): FrameKernelTables {
  if (kernelTables) return kernelTables;
  const window = periodicHann(FRAME_SIZE);
  let windowSum = 0;
  for (const w of window) windowSum += w;
  const { cosFull, sinFull } = splitTwiddles(FRAME_SIZE);
  kernelTables = {
    frameSize: FRAME_SIZE,
    melBands: MEL_BANDS,
    mfccCount: MFCC_COUNT,
    chromaBins: CHROMA_BINS,
    descriptorSlots: AT.mfccDelta,
    window,
    cosFull,
    sinFull,
    stockhamTwiddles: stockhamTwiddles(FRAME_SIZE / 2),
    mel: melFilterbank(),
    dctRows: dctMatrix(MFCC_COUNT, MEL_BANDS),
    contrastBands: contrastBandBins(),
    // A full-scale sine at a bin centre then has magnitude 1.
    magnitudeScale: 2 / windowSum,
    binHz: BIN_HZ,
    c0Hz: C0_HZ,
    chromaMinBin: Math.ceil(CHROMA_MIN_HZ / BIN_HZ),
    chromaMaxBin: Math.min(SPECTRUM_BINS - 2, Math.floor(CHROMA_MAX_HZ / BIN_HZ)),
    zcrFrom: ZCR_FROM,
    zcrTo: ZCR_FROM + HOP_SIZE,
  };
  return kernelTables;
}

export function createSpectralFrameAnalyzer(): SpectralFrameAnalyzer {
  const kernel = createFrameKernel(frameKernelTables());

  return {
    frame: kernel.frame,
    sanitise: kernel.sanitise,
    release: kernel.release,
    analyse(out) {
      out.onsetStrength = kernel.analyse();
      out.descriptors.set(kernel.descriptors);
      out.chroma.set(kernel.chroma);
      out.melPower.set(kernel.melPower);
    },
  };
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

/**
 * Harmonic change at each frame: cosine distance between the chroma summed over the preceding
 * and the following half second (Davies & Plumbley's downbeat cue). Needs half a second of
 * look-ahead, so frames come out late; 0 where either side is silent. The arithmetic is in
 * kernel/frameKernel.c.
 */
export interface ChromaNoveltyStage {
  push(chroma: Float64Array): void;
  /** Emits the frames still held back (look-ahead cut at the end); call once at the end. */
  flush(): void;
  /** Ends the stream: the kernel goes back for another. */
  release(): void;
}

export function createChromaNoveltyStage(onFrame: (frameIndex: number, novelty: number) => void): ChromaNoveltyStage {
  const kernel = createNoveltyKernel(CHROMA_BINS);
  const { input, output } = kernel;
  return {
    push(chroma) {
      input.set(chroma);
      if (kernel.push()) onFrame(output[0], output[1]);
    },
    flush() {
      while (kernel.flush()) onFrame(output[0], output[1]);
    },
    release: kernel.release,
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
