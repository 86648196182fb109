import * as tf from '@tensorflow/tfjs-core';
import { crossProduct, fromEigen, identity, mat, multiply, symmetricEigen, transpose, add, scale, type Mat } from './linalg';

/**
 * Canonical correlation analysis as used by DCCA (Andrew et al. 2013; spec §5): the objective is the
 * sum of the canonical correlations of two views (the trace norm of T = Σ11^-½ Σ12 Σ22^-½), with the
 * closed-form gradient from the reference implementation. Rows are samples.
 */
export interface CcaRegularisation {
  /** Ridge added to each view's covariance (r1, r2 in the spec). */
  readonly r1: number;
  readonly r2: number;
  /** Eigenvalues at or below this are dropped when forming Σ^-½. */
  readonly eps: number;
}

export const DEFAULT_CCA_REGULARISATION: CcaRegularisation = { r1: 1e-3, r2: 1e-3, eps: 1e-9 };

/** Singular values below this count as zero: their singular vectors are undefined and left out. */
const SINGULAR_TOL = 1e-12;

interface CcaSolution {
  readonly mean1: Float64Array;
  readonly mean2: Float64Array;
  readonly centered1: Mat;
  readonly centered2: Mat;
  readonly k11: Mat;
  readonly k22: Mat;
  /** Left/right singular vectors of T (columns), descending singular values d. */
  readonly u: Mat;
  readonly v: Mat;
  readonly d: Float64Array;
}

function centre(h: Mat): { mean: Float64Array; centered: Mat } {
  const mean = new Float64Array(h.cols);
  for (let i = 0; i < h.rows; i++) for (let j = 0; j < h.cols; j++) mean[j] += h.data[i * h.cols + j];
  mean.forEach((s, j) => (mean[j] = s / h.rows));
  const centered = mat(h.rows, h.cols, h.data.map((x, idx) => x - mean[idx % h.cols]));
  return { mean, centered };
}

function inverseSqrt(sigma: Mat, eps: number): Mat {
  const { values, vectors } = symmetricEigen(sigma);
  const d = values.map((l) => (l > eps ? 1 / Math.sqrt(l) : 0));
  return fromEigen(vectors, d, (k) => values[k] > eps);
}

function solve(h1: Mat, h2: Mat, reg: CcaRegularisation): CcaSolution {
  if (h1.rows !== h2.rows) throw new Error(`CCA views have ${h1.rows} and ${h2.rows} samples`);
  if (h1.rows < 2) throw new Error(`CCA needs at least 2 samples, got ${h1.rows}`);
  const m = h1.rows;
  const { mean: mean1, centered: centered1 } = centre(h1);
  const { mean: mean2, centered: centered2 } = centre(h2);
  const s11 = add(scale(crossProduct(centered1, centered1), 1 / (m - 1)), identity(h1.cols, reg.r1));
  const s22 = add(scale(crossProduct(centered2, centered2), 1 / (m - 1)), identity(h2.cols, reg.r2));
  const s12 = scale(crossProduct(centered1, centered2), 1 / (m - 1));
  const k11 = inverseSqrt(s11, reg.eps);
  const k22 = inverseSqrt(s22, reg.eps);
  const t = multiply(multiply(k11, s12), k22);
  // SVD of T from the eigen-decomposition of TᵀT: V and D², then U = T·V·D⁻¹.
  const k = Math.min(h1.cols, h2.cols);
  const { values, vectors } = symmetricEigen(multiply(transpose(t), t));
  const d = new Float64Array(k);
  const v = mat(h2.cols, k);
  for (let c = 0; c < k; c++) {
    d[c] = Math.sqrt(Math.max(values[c], 0));
    for (let i = 0; i < h2.cols; i++) v.data[i * k + c] = vectors.data[i * h2.cols + c];
  }
  const tv = multiply(t, v);
  const u = mat(h1.cols, k);
  for (let c = 0; c < k; c++) {
    if (d[c] <= SINGULAR_TOL) continue;
    for (let i = 0; i < h1.cols; i++) u.data[i * k + c] = tv.data[i * k + c] / d[c];
  }
  return { mean1, mean2, centered1, centered2, k11, k22, u, v, d };
}

export interface CcaObjective {
  /** Sum of the canonical correlations (the DCCA objective to maximise). */
  readonly corr: number;
  /** ∂corr/∂H1 and ∂corr/∂H2, same shapes as the views. */
  readonly grad1: Mat;
  readonly grad2: Mat;
}

/** The DCCA objective and its closed-form gradient (spec §5, DCCA_corr.m). */
export function ccaObjective(h1: Mat, h2: Mat, reg: CcaRegularisation = DEFAULT_CCA_REGULARISATION): CcaObjective {
  const s = solve(h1, h2, reg);
  const m = h1.rows;
  const k = s.d.length;
  const valid = (c: number) => s.d[c] > SINGULAR_TOL;
  const corr = s.d.reduce((a, b) => a + b, 0);
  // U·Vᵀ over the defined singular pairs; U·D·Uᵀ and V·D·Vᵀ.
  const uvt = mat(s.u.rows, s.v.rows);
  for (let c = 0; c < k; c++) {
    if (!valid(c)) continue;
    for (let i = 0; i < s.u.rows; i++) {
      const uic = s.u.data[i * k + c];
      for (let j = 0; j < s.v.rows; j++) uvt.data[i * s.v.rows + j] += uic * s.v.data[j * k + c];
    }
  }
  const udu = fromEigen(s.u, s.d);
  const vdv = fromEigen(s.v, s.d);
  const delta12 = multiply(multiply(s.k11, uvt), s.k22);
  const delta11 = scale(multiply(multiply(s.k11, udu), s.k11), -0.5);
  const delta22 = scale(multiply(multiply(s.k22, vdv), s.k22), -0.5);
  const grad1 = scale(add(scale(multiply(s.centered1, delta11), 2), multiply(s.centered2, transpose(delta12))), 1 / (m - 1));
  const grad2 = scale(add(multiply(s.centered1, delta12), scale(multiply(s.centered2, delta22), 2)), 1 / (m - 1));
  return { corr, grad1, grad2 };
}

/**
 * A linear CCA fitted on one sample: maps each view to unit-variance canonical variates, component c
 * of view 1 paired with component c of view 2, in order of decreasing correlation.
 */
export interface LinearCca {
  readonly mean1: Float32Array;
  readonly mean2: Float32Array;
  /** o1×k and o2×k projections (Σ11^-½·U and Σ22^-½·V), row-major. */
  readonly proj1: Float32Array;
  readonly proj2: Float32Array;
  readonly k: number;
  /** Canonical correlations on the fitting sample. */
  readonly correlations: number[];
}

export function fitLinearCca(h1: Mat, h2: Mat, reg: CcaRegularisation = DEFAULT_CCA_REGULARISATION): LinearCca {
  const s = solve(h1, h2, reg);
  return {
    mean1: Float32Array.from(s.mean1),
    mean2: Float32Array.from(s.mean2),
    proj1: Float32Array.from(multiply(s.k11, s.u).data),
    proj2: Float32Array.from(multiply(s.k22, s.v).data),
    k: s.d.length,
    correlations: Array.from(s.d),
  };
}

/** Applies one side of a fitted linear CCA: (h − mean)·proj. */
function projectLinear(h: Mat, mean: Float32Array, proj: Float32Array, k: number): Mat {
  const centered = mat(h.rows, h.cols, h.data.map((x, idx) => x - mean[idx % h.cols]));
  return multiply(centered, mat(h.cols, k, Float64Array.from(proj)));
}

/** Pearson correlation of each pair of canonical variates of a fitted CCA on (new) data. */
export function canonicalCorrelations(cca: LinearCca, h1: Mat, h2: Mat): number[] {
  const f1 = projectLinear(h1, cca.mean1, cca.proj1, cca.k);
  const f2 = projectLinear(h2, cca.mean2, cca.proj2, cca.k);
  return Array.from({ length: cca.k }, (_, c) => pearson(f1, f2, c));
}

function pearson(a: Mat, b: Mat, c: number): number {
  const n = a.rows;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a.data[i * a.cols + c];
    mb += b.data[i * b.cols + c];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a.data[i * a.cols + c] - ma;
    const y = b.data[i * b.cols + c] - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

export const toMat = (data: ArrayLike<number>, rows: number, cols: number): Mat => mat(rows, cols, Float64Array.from(data));

/**
 * The negative DCCA objective as a tf scalar whose gradient is the closed form above. The CCA runs
 * in float64 JS on the (small) network outputs; only the outputs and their gradients cross over.
 */
export function ccaLoss(reg: CcaRegularisation): (h1: tf.Tensor2D, h2: tf.Tensor2D) => tf.Scalar {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [h1, h2] = args as [tf.Tensor2D, tf.Tensor2D];
    const [m, o1] = h1.shape;
    const o2 = h2.shape[1];
    const { corr, grad1, grad2 } = ccaObjective(toMat(h1.dataSync(), m, o1), toMat(h2.dataSync(), m, o2), reg);
    return {
      value: tf.scalar(-corr),
      gradFunc: (dy: tf.Tensor) => {
        const minusDy = tf.neg(dy);
        return [
          tf.mul(tf.tensor2d(Float32Array.from(grad1.data), [m, o1]), minusDy),
          tf.mul(tf.tensor2d(Float32Array.from(grad2.data), [m, o2]), minusDy),
        ];
      },
    };
  }) as unknown as (h1: tf.Tensor2D, h2: tf.Tensor2D) => tf.Scalar;
}
