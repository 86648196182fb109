import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTf } from '../model/tfBackend';
import {
  MUSICNN_MEL_BANDS,
  MUSICNN_PATCH_FRAMES,
  createMusicnnFrontEnd,
  musicnnFrameCount,
} from './musicnnFrontEnd';

/**
 * The pretrained musicnn taggers (Pons & Serra, musicnn 0.1.0 from PyPI, ISC licence) in TensorFlow.js:
 * MTT_musicnn (MagnaTagATune, 50 tags) and MSD_musicnn (Million Song Dataset, 50 tags), converted by
 * scripts/convert-musicnn.py into resources/encoders/musicnn-{mtt,msd}/. The network follows
 * musicnn/models.py `build_musicnn` in inference mode (batch norm with moving statistics, no dropout):
 * input batch norm; timbral convs 7×38 and 7×67 (204 filters) and temporal convs 128/64/32×1 (51
 * filters), each ReLU → batch norm → max over frequency; three 7-tap dense mid-end convs (64 filters,
 * the 2nd and 3rd residual); max and mean over time of [front end, mid-end 1–3] (753 channels,
 * interleaved max/mean); batch norm → dense 200 ReLU → batch norm (the penultimate layer, the
 * embedding) → dense 50 → sigmoid (the taggram).
 */
export type MusicnnKind = 'mtt' | 'msd';

export interface MusicnnResult {
  /** Patches analysed (rows of `tags` and `embedding`). */
  readonly patches: number;
  /** First frame of each patch (frame t is centred on sample t·256 at 16 kHz). */
  readonly patchStarts: readonly number[];
  /** Tag probabilities (sigmoid), patches × tagNames.length, row-major: the package's taggram. */
  readonly tags: Float32Array;
  /** Penultimate layer (after its batch norm), patches × embeddingDim, row-major: the package's 'penultimate' feature. */
  readonly embedding: Float32Array;
}

export interface MusicnnAnalyzeOptions {
  /**
   * First mel frame of each patch (187 frames each, so a patch covers samples [256·s − 256, 256·(s + 186) + 256)).
   * Default: the package's own layout, patches at 0, 187, 374, … while a whole patch fits (none when the
   * signal is shorter than 187 frames ≈ 2.99 s). Starts must be integers with s + 187 ≤ musicnnFrameCount(samples).
   */
  readonly patchStarts?: readonly number[];
}

export interface MusicnnModel {
  readonly kind: MusicnnKind;
  /** `musicnn-mtt@0.1.0+<first 12 hex of the weights' sha256>`: changes whenever the weights or the model do. */
  readonly version: string;
  readonly tagNames: readonly string[];
  readonly embeddingDim: number;
  /**
   * Runs the model on patches of a 16 kHz mono signal. Frames are computed as in the package's spectrogram
   * of the whole signal (zero padding only at the signal's own ends), so a patch cut from a long
   * track sees the same input as the package's patch of that track at that frame.
   */
  analyze(pcm16k: Float32Array, opts?: MusicnnAnalyzeOptions): MusicnnResult;
  /** Frees the weight tensors. */
  dispose(): void;
}

/** The package's patch layout for a signal of `samples` samples: 0, 187, … while a whole patch fits. */
export function musicnnDefaultPatchStarts(samples: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s + MUSICNN_PATCH_FRAMES <= musicnnFrameCount(samples); s += MUSICNN_PATCH_FRAMES) starts.push(s);
  return starts;
}

/** The patch start whose 187 frames are centred on sample `centreSample` (clamped into the signal). */
export function musicnnCentredPatchStart(centreSample: number, samples: number): number {
  const last = musicnnFrameCount(samples) - MUSICNN_PATCH_FRAMES;
  if (last < 0) throw new RangeError(`a musicnn patch needs ${MUSICNN_PATCH_FRAMES} frames; ${samples} samples give ${last + MUSICNN_PATCH_FRAMES}`);
  const start = Math.round(centreSample / 256 - (MUSICNN_PATCH_FRAMES - 1) / 2);
  return Math.min(last, Math.max(0, start));
}

export const MUSICNN_DIRS: Record<MusicnnKind, string> = { mtt: 'musicnn-mtt', msd: 'musicnn-msd' };
/**
 * Patches per network call. One: batches of 8 ran no faster per patch (141.6 vs 141.7 CPU ms here),
 * and the wasm heap keeps its peak, which a batch multiplies (a 7×38 conv output alone is 9 MB a patch).
 */
const BATCH = 1;

interface Manifest {
  format: string;
  model: string;
  source: { package: string; version: string };
  weights: string;
  weightsSha256: string;
  batchNormEpsilon: number;
  tags: string[];
  tensors: { role: string; shape: number[]; offset: number; length: number }[];
}

/** Per-channel affine form of an inference-mode batch norm: y = x·scale + shift. */
interface Affine {
  scale: Float32Array;
  shift: Float32Array;
}

/**
 * Loads one tagger from `encodersDir` (resources/encoders). Throws an error naming the file when the
 * manifest or weights are missing, of another format, of unexpected shapes, or fail their sha256.
 */
export async function loadMusicnn(kind: MusicnnKind, encodersDir: string): Promise<MusicnnModel> {
  await initTf();
  const { manifest, manifestPath, bytes, version } = readMusicnnFiles(kind, encodersDir);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const tensor = (role: string, shape: number[]): Float32Array => {
    const t = manifest.tensors.find((x) => x.role === role);
    if (!t) throw new Error(`${manifestPath}: tensor ${role} missing`);
    if (t.shape.join('x') !== shape.join('x')) throw new Error(`${manifestPath}: ${role} has shape ${t.shape.join('x')}, expected ${shape.join('x')}`);
    return floats.subarray(t.offset / 4, t.offset / 4 + t.length);
  };
  const eps = manifest.batchNormEpsilon;
  const bn = (role: string, n: number): Affine => {
    const gamma = tensor(`${role}/gamma`, [n]);
    const beta = tensor(`${role}/beta`, [n]);
    const mean = tensor(`${role}/moving_mean`, [n]);
    const variance = tensor(`${role}/moving_variance`, [n]);
    const scale = new Float32Array(n);
    const shift = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      scale[i] = gamma[i] / Math.sqrt(variance[i] + eps);
      shift[i] = beta[i] - mean[i] * scale[i];
    }
    return { scale, shift };
  };
  const tags = manifest.tags;
  if (tags.length !== 50) throw new Error(`${manifestPath}: expected 50 tags, got ${tags.length}`);
  return createModel(kind, version, tags, tensor, bn);
}

/** The tagger's version (as `MusicnnModel.version`) from its files alone, without TensorFlow.js. */
export function musicnnVersion(kind: MusicnnKind, encodersDir: string): string {
  return readMusicnnFiles(kind, encodersDir).version;
}

function readMusicnnFiles(kind: MusicnnKind, encodersDir: string): { manifest: Manifest; manifestPath: string; bytes: Buffer; version: string } {
  const dir = join(encodersDir, MUSICNN_DIRS[kind]);
  const manifestPath = join(dir, 'manifest.json');
  let manifest: Manifest;
  let bytes: Buffer;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    bytes = readFileSync(join(dir, manifest.weights));
  } catch (err) {
    throw new Error(`musicnn ${kind}: cannot read ${manifestPath} or its weights: ${(err as Error).message}`, { cause: err });
  }
  if (manifest.format !== 'cuefinder-tensors-1') throw new Error(`${manifestPath}: unknown format ${manifest.format}`);
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== manifest.weightsSha256) throw new Error(`${join(dir, manifest.weights)}: sha256 ${digest} differs from the manifest's`);
  return { manifest, manifestPath, bytes, version: `${MUSICNN_DIRS[kind]}@${manifest.source.version}+${digest.slice(0, 12)}` };
}

type TensorReader = (role: string, shape: number[]) => Float32Array;

function createModel(kind: MusicnnKind, version: string, tagNames: string[], read: TensorReader, bn: (role: string, n: number) => Affine): MusicnnModel {
  const F = MUSICNN_MEL_BANDS;
  const T = MUSICNN_PATCH_FRAMES;
  const EMB = 200;
  const inputBn = bn('input_bn', 1);
  const inputScale = inputBn.scale[0];
  const inputShift = inputBn.shift[0];
  // Timbral convs (7 frames × kf bands, one input channel) run with the 7 time taps as input
  // channels, [1, kf, 7, filters]: the same sums, but a shape XNNPACK's conv runs ~2.5× faster.
  const timbralConv = (name: string, kf: number) => {
    const k = read(`${name}_conv/kernel`, [7, kf, 1, 204]);
    const kernel = new Float32Array(k.length);
    for (let dt = 0; dt < 7; dt++) {
      for (let df = 0; df < kf; df++) kernel.set(k.subarray((dt * kf + df) * 204, (dt * kf + df + 1) * 204), (df * 7 + dt) * 204);
    }
    return {
      kernel: tf.tensor4d(kernel, [1, kf, 7, 204]),
      bias: tf.tensor1d(read(`${name}_conv/bias`, [204])),
      post: affineTensors(bn(`${name}_bn`, 204)),
    };
  };
  const temporalConv = (name: string, kt: number) => ({
    kernel: tf.tensor4d(read(`${name}_conv/kernel`, [kt, 1, 1, 51]), [kt, 1, 1, 51]),
    bias: tf.tensor1d(read(`${name}_conv/bias`, [51])),
    post: affineTensors(bn(`${name}_bn`, 51)),
  });
  const timbral = [timbralConv('timbral74', 38), timbralConv('timbral77', 67)];
  const temporal = [temporalConv('temporal128', 128), temporalConv('temporal64', 64), temporalConv('temporal32', 32)];
  const FRONT = 2 * 204 + 3 * 51;
  const midConv = (name: string, inCh: number) => ({
    kernel: tf.tensor3d(read(`${name}_conv/kernel`, [7, inCh, 1, 64]), [7, inCh, 64]),
    bias: tf.tensor1d(read(`${name}_conv/bias`, [64])),
    post: affineTensors(bn(`${name}_bn`, 64)),
  });
  const mid = [midConv('midend1', FRONT), midConv('midend2', 64), midConv('midend3', 64)];
  const POOLED = 2 * (FRONT + 3 * 64);
  // The batch norm on the pooled features folds into the dense layer that follows it.
  const poolBn = bn('pool_bn', POOLED);
  const denseW = read('penultimate_dense/kernel', [POOLED, EMB]);
  const denseB = read('penultimate_dense/bias', [EMB]);
  const foldedW = new Float32Array(POOLED * EMB);
  const foldedB = Float32Array.from(denseB);
  for (let i = 0; i < POOLED; i++) {
    for (let j = 0; j < EMB; j++) {
      foldedW[i * EMB + j] = poolBn.scale[i] * denseW[i * EMB + j];
      foldedB[j] += poolBn.shift[i] * denseW[i * EMB + j];
    }
  }
  const dense = { w: tf.tensor2d(foldedW, [POOLED, EMB]), b: tf.tensor1d(foldedB), post: affineTensors(bn('penultimate_bn', EMB)) };
  const output = { w: tf.tensor2d(read('output_dense/kernel', [EMB, 50]), [EMB, 50]), b: tf.tensor1d(read('output_dense/bias', [50])) };
  const weights: tf.Tensor[] = [
    ...[...timbral, ...temporal, ...mid].flatMap((l) => [l.kernel, l.bias, l.post.scale, l.post.shift]),
    dense.w, dense.b, dense.post.scale, dense.post.shift, output.w, output.b,
  ];
  const frontEnd = createMusicnnFrontEnd();

  /** ReLU conv output → batch norm → max over frequency (axis 2): [B, T, F', C] → [B, T, C]. */
  const bnMaxOverFreq = (y: tf.Tensor4D, post: AffineTensors): tf.Tensor3D =>
    tf.tidy(() => (post.allNonNegative ? tf.add(tf.mul(tf.max(y, 2), post.scale), post.shift) : tf.max(tf.add(tf.mul(y, post.scale), post.shift), 2)) as tf.Tensor3D);

  /**
   * `input`: normalised log-mel patches (input batch norm applied), [B, 187, 96, 1]; `taps`: the same with
   * frames t−3 … t+3 (zero outside the patch, the package's time padding) as 7 channels, [B, 187, 96, 7].
   */
  function network(input: tf.Tensor4D, taps: tf.Tensor4D): { tags: tf.Tensor2D; embedding: tf.Tensor2D } {
    return tf.tidy(() => {
      const b = input.shape[0];
      const front = [
        ...timbral.map((l) => bnMaxOverFreq(tf.fused.conv2d({ x: taps, filter: l.kernel, bias: l.bias, strides: 1, pad: 'valid', activation: 'relu' }), l.post)),
        ...temporal.map((l) => bnMaxOverFreq(tf.fused.conv2d({ x: input, filter: l.kernel, bias: l.bias, strides: 1, pad: 'same', activation: 'relu' }), l.post)),
      ];
      const frontFeatures = tf.concat(front, 2);
      const m1 = midBlock(frontFeatures, mid[0]);
      const m2 = tf.add(midBlock(m1, mid[1]), m1) as tf.Tensor3D;
      const m3 = tf.add(midBlock(m2, mid[2]), m2) as tf.Tensor3D;
      const features = tf.concat([frontFeatures, m1, m2, m3], 2);
      const pooled = tf.reshape(tf.stack([tf.max(features, 1), tf.mean(features, 1)], 2), [b, POOLED]) as tf.Tensor2D;
      const hidden = tf.relu(tf.add(tf.matMul(pooled, dense.w), dense.b));
      const embedding = tf.add(tf.mul(hidden, dense.post.scale), dense.post.shift) as tf.Tensor2D;
      const tags = tf.sigmoid(tf.add(tf.matMul(embedding, output.w), output.b)) as tf.Tensor2D;
      return { tags, embedding };
    });
  }

  function analyze(pcm16k: Float32Array, opts: MusicnnAnalyzeOptions = {}): MusicnnResult {
    const starts = opts.patchStarts ? [...opts.patchStarts] : musicnnDefaultPatchStarts(pcm16k.length);
    const tags = new Float32Array(starts.length * tagNames.length);
    const embedding = new Float32Array(starts.length * EMB);
    for (let from = 0; from < starts.length; from += BATCH) {
      const chunk = starts.slice(from, from + BATCH);
      const mel = new Float32Array(chunk.length * T * F);
      chunk.forEach((s, i) => frontEnd.frames(pcm16k, s, T, mel, i * T * F));
      for (let i = 0; i < mel.length; i++) mel[i] = mel[i] * inputScale + inputShift;
      const taps = new Float32Array(mel.length * 7);
      for (let p = 0; p < chunk.length; p++) {
        for (let t = 0; t < T; t++) {
          for (let dt = 0; dt < 7; dt++) {
            const src = t + dt - 3;
            if (src < 0 || src >= T) continue;
            const from = (p * T + src) * F;
            const to = (p * T + t) * F * 7 + dt;
            for (let f = 0; f < F; f++) taps[to + f * 7] = mel[from + f];
          }
        }
      }
      const input = tf.tensor4d(mel, [chunk.length, T, F, 1]);
      const tapTensor = tf.tensor4d(taps, [chunk.length, T, F, 7]);
      const out = network(input, tapTensor);
      tags.set(out.tags.dataSync(), from * tagNames.length);
      embedding.set(out.embedding.dataSync(), from * EMB);
      tf.dispose([input, tapTensor, out.tags, out.embedding]);
    }
    return { patches: starts.length, patchStarts: starts, tags, embedding };
  }

  return {
    kind,
    version,
    tagNames,
    embeddingDim: EMB,
    analyze,
    dispose: () => tf.dispose(weights),
  };
}

interface AffineTensors {
  scale: tf.Tensor1D;
  shift: tf.Tensor1D;
  /** Batch norm commutes with the max over frequency when no scale is negative. */
  allNonNegative: boolean;
}

function affineTensors(a: Affine): AffineTensors {
  return { scale: tf.tensor1d(a.scale), shift: tf.tensor1d(a.shift), allNonNegative: a.scale.every((s) => s >= 0) };
}

/** Mid-end layer: 7-tap conv over all channels ('same' = the package's 3+3 zero padding) → ReLU → batch norm. */
function midBlock(x: tf.Tensor3D, layer: { kernel: tf.Tensor3D; bias: tf.Tensor1D; post: AffineTensors }): tf.Tensor3D {
  const y = tf.relu(tf.add(tf.conv1d(x, layer.kernel, 1, 'same'), layer.bias));
  return tf.add(tf.mul(y, layer.post.scale), layer.post.shift) as tf.Tensor3D;
}
