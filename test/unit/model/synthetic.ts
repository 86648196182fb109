import { matrix, type Matrix } from '../../../src/main/engine/model/matrix';
import { createRng, type Rng } from '../../../src/main/engine/model/rng';

/** Synthetic data for the model tests, generated from a seed (no files, no downloads). */

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** A random orthogonal-ish mixing: each output column is a random combination of the inputs. */
function randomMixing(rng: Rng, inDim: number, outDim: number): Float64Array {
  return Float64Array.from({ length: inDim * outDim }, () => gaussian(rng) / Math.sqrt(inDim));
}

function mix(values: ArrayLike<number>, weights: Float64Array, inDim: number, outDim: number, out: Float32Array, offset: number): void {
  for (let j = 0; j < outDim; j++) {
    let s = 0;
    for (let i = 0; i < inDim; i++) s += values[i] * weights[i * outDim + j];
    out[offset + j] = s;
  }
}

/**
 * Two views of a shared 2-d latent z ∈ U(−1, 1)²: view A carries only odd functions of z (z, z³),
 * view B only even ones (z², cos πz), both mixed into `dim` columns with noise. Linear CCA finds
 * (almost) nothing because odd and even functions are uncorrelated; a nonlinear map of each view to
 * z² recovers two strongly correlated components.
 */
export function oddEvenViews(rows: number, dim: number, seed: number, noise = 0.05): { a: Matrix; b: Matrix } {
  const structure = createRng(1234);
  const wa = randomMixing(structure, 4, dim);
  const wb = randomMixing(structure, 4, dim);
  const rng = createRng(seed);
  const a = matrix(rows, dim);
  const b = matrix(rows, dim);
  for (let r = 0; r < rows; r++) {
    const z1 = rng.next() * 2 - 1;
    const z2 = rng.next() * 2 - 1;
    mix([z1, z2, z1 ** 3, z2 ** 3], wa, 4, dim, a.data, r * dim);
    mix([z1 * z1, z2 * z2, Math.cos(Math.PI * z1), Math.cos(Math.PI * z2)], wb, 4, dim, b.data, r * dim);
    for (let j = 0; j < dim; j++) {
      a.data[r * dim + j] += noise * gaussian(rng);
      b.data[r * dim + j] += noise * gaussian(rng);
    }
  }
  return { a, b };
}

export interface MatchingSample {
  readonly xa: Matrix;
  readonly xv: Matrix;
  readonly p: Matrix;
  readonly affect: Matrix;
  /** Raw 1–5 matching scores. */
  readonly score: Float32Array;
}

/**
 * A matching task with a known rule. Each pair has a hidden music affect a_m and video affect a_v in
 * [0, 1]^16; the video's affect is partly copied into the music's by a random amount. The objective
 * features x_a, x_v are noisy nonlinear encodings (80-d) of a_m and a_v; the perceptual input p is
 * the fused affect (a_m + a_v)/2, which is also the auxiliary target. The score rises as the two
 * hidden affects agree: s = 1 + 4·clip(1 − 3·mean|a_m − a_v|, 0, 1). Predicting it needs both modalities.
 */
export function matchingTask(rows: number, seed: number, featureDim = 80): MatchingSample {
  const structure = createRng(777);
  const wa = randomMixing(structure, 16, featureDim);
  const wv = randomMixing(structure, 16, featureDim);
  const rng = createRng(seed);
  const xa = matrix(rows, featureDim);
  const xv = matrix(rows, featureDim);
  const p = matrix(rows, 16);
  const score = new Float32Array(rows);
  const am = new Float64Array(16);
  const av = new Float64Array(16);
  for (let r = 0; r < rows; r++) {
    const agreement = rng.next();
    let diff = 0;
    for (let j = 0; j < 16; j++) {
      av[j] = rng.next();
      am[j] = agreement * av[j] + (1 - agreement) * rng.next();
      diff += Math.abs(am[j] - av[j]) / 16;
      p.data[r * 16 + j] = (am[j] + av[j]) / 2;
    }
    score[r] = 1 + 4 * Math.min(1, Math.max(0, 1 - 3 * diff));
    mix(am.map((x) => 2 * x - 1), wa, 16, featureDim, xa.data, r * featureDim);
    mix(av.map((x) => 2 * x - 1), wv, 16, featureDim, xv.data, r * featureDim);
    for (let j = 0; j < featureDim; j++) {
      xa.data[r * featureDim + j] = Math.tanh(2 * xa.data[r * featureDim + j]) + 0.05 * gaussian(rng);
      xv.data[r * featureDim + j] = Math.tanh(2 * xv.data[r * featureDim + j]) + 0.05 * gaussian(rng);
    }
  }
  return { xa, xv, p, affect: p, score };
}
