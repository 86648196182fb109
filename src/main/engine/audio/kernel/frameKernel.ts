import { FRAME_KERNEL_WASM_BASE64 } from './frameKernel.wasm';

/**
 * Loader of the audio frame kernel (frameKernel.c, compiled to WebAssembly by
 * scripts/build-frame-kernel.sh): the spectral analysis of a frame, the harmonic/percussive split
 * and the harmonic-change stage. The module is compiled once per process. Each stage of a stream
 * holds an instance (the kernel keeps the frames it needs as state) and gives it back when the
 * stream ends, so a worker indexing a library reuses a few instances instead of allocating three
 * memories per track.
 */

/** What spectralFrames.ts computes once and the kernel reads every frame. */
export interface FrameKernelTables {
  frameSize: number;
  melBands: number;
  mfccCount: number;
  chromaBins: number;
  descriptorSlots: number;
  window: Float64Array;
  /** Split-step twiddles of the real FFT: e^{-2πik/frameSize}, k <= frameSize/2. */
  cosFull: Float64Array;
  sinFull: Float64Array;
  /** Twiddles of the Stockham passes over frameSize/2 points (fft.ts, stockhamTwiddles). */
  stockhamTwiddles: Float64Array;
  mel: readonly { start: number; weights: Float64Array }[];
  dctRows: readonly Float64Array[];
  contrastBands: readonly { from: number; to: number; count: number }[];
  magnitudeScale: number;
  binHz: number;
  c0Hz: number;
  chromaMinBin: number;
  chromaMaxBin: number;
  zcrFrom: number;
  zcrTo: number;
}

export interface FrameKernel {
  /** The frame the next analyse() reads: FRAME_SIZE samples, written in place by the caller. */
  readonly frame: Float64Array;
  /** Written by analyse(): the descriptor slots before mfcc_delta. */
  readonly descriptors: Float64Array;
  readonly chroma: Float64Array;
  readonly melPower: Float64Array;
  /** Analyses `frame`; returns its onset strength (0 for the stream's first frame). */
  analyse(): number;
  /** Sets frame[from, to) outside ±16 (far beyond any real overshoot of float PCM; NaN too) to 0; returns the sum of its squares. */
  sanitise(from: number, to: number): number;
  /** Gives the instance back for another stream; nothing may be read from this kernel afterwards. */
  release(): void;
}

interface KernelExports {
  memory: { buffer: ArrayBuffer };
  analyse(): number;
  sanitise(from: number, to: number): number;
  spectral_begin(): void;
  novelty_begin(): void;
  hpss_begin(bands: number): number;
  hpss_push(): number;
  hpss_flush(): number;
  novelty_push(): number;
  novelty_flush(): number;
  kernel_geometry(): number;
  kernel_addresses(): number;
}

/** The kernel's shared arrays, in kernel_addresses() order. */
const ADDRESS_COUNT = 20;

/** The part of the WebAssembly API used here (Node's typings of this version do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let compiled: object | undefined;

function kernelModule(): object {
  compiled ??= new wasm.Module(Buffer.from(FRAME_KERNEL_WASM_BASE64, 'base64'));
  return compiled;
}

interface KernelInstance {
  exports: KernelExports;
  /** The spectral tables written into this instance, if any. */
  tables?: FrameKernelTables;
  /** Byte addresses of the shared arrays. */
  at: Uint32Array;
  u32(address: number, length: number): Uint32Array;
  f64(address: number, length: number): Float64Array;
}

function instantiate(): KernelInstance {
  const exports = new wasm.Instance(kernelModule(), {}).exports as unknown as KernelExports;
  // The memory never grows (the kernel allocates nothing), so views on its buffer stay valid.
  const buffer = exports.memory.buffer;
  const u32 = (address: number, length: number): Uint32Array => new Uint32Array(buffer, address, length);
  const f64 = (address: number, length: number): Float64Array => new Float64Array(buffer, address, length);
  return { exports, at: u32(exports.kernel_addresses(), ADDRESS_COUNT), u32, f64 };
}

/** Instances given back by ended streams, ready for the next (a few per worker thread). */
const idle: KernelInstance[] = [];
const MAX_IDLE = 8;

function acquire(): KernelInstance {
  return idle.pop() ?? instantiate();
}

function releaser(instance: KernelInstance): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (idle.length < MAX_IDLE) idle.push(instance);
  };
}

export function createFrameKernel(tables: FrameKernelTables): FrameKernel {
  const instance = acquire();
  const { exports, at, f64 } = instance;
  if (instance.tables !== tables) writeTables(instance, tables);
  exports.spectral_begin();
  const [frameSize, melBands, chromaBins, descriptorSlots] = [tables.frameSize, tables.melBands, tables.chromaBins, tables.descriptorSlots];
  return {
    frame: f64(at[0], frameSize),
    descriptors: f64(at[1], descriptorSlots),
    chroma: f64(at[2], chromaBins),
    melPower: f64(at[3], melBands),
    analyse: () => exports.analyse(),
    sanitise: (from, to) => exports.sanitise(from, to),
    release: releaser(instance),
  };
}

/** Checks the kernel's sizes against the analyzer's and writes the tables it reads into its memory. */
function writeTables(instance: KernelInstance, tables: FrameKernelTables): void {
  const { exports, at, u32, f64 } = instance;
  const [frameSize, melBands, mfccCount, chromaBins, contrastBands, descriptorSlots, melWeightsMax] = u32(exports.kernel_geometry(), 7);
  const expected = [tables.frameSize, tables.melBands, tables.mfccCount, tables.chromaBins, tables.contrastBands.length, tables.descriptorSlots];
  const actual = [frameSize, melBands, mfccCount, chromaBins, contrastBands, descriptorSlots];
  if (expected.some((v, i) => v !== actual[i])) {
    throw new Error(`frame kernel built for frame/mel/mfcc/chroma/contrast/slots ${actual.join('/')}, the analyzer needs ${expected.join('/')}: run scripts/build-frame-kernel.sh`);
  }
  const melWeightCount = tables.mel.reduce((n, band) => n + band.weights.length, 0);
  if (melWeightCount > melWeightsMax || tables.stockhamTwiddles.length > frameSize) throw new Error('frame kernel tables exceed its arrays: run scripts/build-frame-kernel.sh');

  const half = frameSize / 2;
  f64(at[4], frameSize).set(tables.window);
  f64(at[5], half + 1).set(tables.cosFull);
  f64(at[6], half + 1).set(tables.sinFull);
  f64(at[7], tables.stockhamTwiddles.length).set(tables.stockhamTwiddles);
  let offset = 0;
  tables.mel.forEach((band, m) => {
    u32(at[8], melBands)[m] = band.start;
    u32(at[9], melBands)[m] = band.weights.length;
    f64(at[10] + 8 * offset, band.weights.length).set(band.weights);
    offset += band.weights.length;
  });
  tables.dctRows.forEach((row, i) => f64(at[11] + 8 * i * melBands, melBands).set(row));
  tables.contrastBands.forEach((band, b) => {
    u32(at[12], contrastBands)[b] = band.from;
    u32(at[13], contrastBands)[b] = band.to;
    u32(at[14], contrastBands)[b] = band.count;
  });
  f64(at[15], 7).set([tables.magnitudeScale, tables.binHz, tables.c0Hz, tables.chromaMinBin, tables.chromaMaxBin, tables.zcrFrom, tables.zcrTo]);

  instance.tables = tables;
}

/**
 * A stage that holds frames back for look-ahead (the split, the harmonic change): one frame in,
 * at most one frame out, the held ones let out at the end.
 */
export interface LookAheadKernel {
  /** The next frame's values, written in place before push(). */
  readonly input: Float64Array;
  /** After push() or flush() returned true: the frame index, then the stage's values for it. */
  readonly output: Float64Array;
  /** Takes `input`; true when a frame held back is now due, in `output`. */
  push(): boolean;
  /** Puts the next frame still held back at the end of the stream in `output`; false when none is left. */
  flush(): boolean;
  /** Gives the instance back for another stream. */
  release(): void;
}

/**
 * The kernel's harmonic/percussive split for a stream of frames of `bands` values (at most 64):
 * frames come out 8 late; `output` is (frame, harmonic energy, percussive energy).
 */
export function createHpssKernel(bands: number): LookAheadKernel {
  const instance = acquire();
  const { exports, at, f64 } = instance;
  if (!exports.hpss_begin(bands)) {
    releaser(instance)();
    throw new Error(`harmonic/percussive split: ${bands} bands, the kernel takes 1 to 64`);
  }
  return {
    input: f64(at[16], bands),
    output: f64(at[17], 3),
    push: () => exports.hpss_push() === 1,
    flush: () => exports.hpss_flush() === 1,
    release: releaser(instance),
  };
}

/**
 * The kernel's harmonic change (chroma novelty) for a stream of chroma frames of `chromaBins`
 * values: frames come out half a second late; `output` is (frame, harmonic change).
 */
export function createNoveltyKernel(chromaBins: number): LookAheadKernel {
  const instance = acquire();
  const { exports, at, u32, f64 } = instance;
  const kernelBins = u32(exports.kernel_geometry(), 7)[3];
  if (kernelBins !== chromaBins) throw new Error(`frame kernel built for ${kernelBins} chroma bins, the analyzer needs ${chromaBins}: run scripts/build-frame-kernel.sh`);
  exports.novelty_begin();
  return {
    input: f64(at[18], chromaBins),
    output: f64(at[19], 2),
    push: () => exports.novelty_push() === 1,
    flush: () => exports.novelty_flush() === 1,
    release: releaser(instance),
  };
}
