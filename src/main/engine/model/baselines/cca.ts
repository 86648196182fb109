import { EigenvalueDecomposition, Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { matrix, type Matrix } from '../matrix';

/**
 * Regularised linear CCA in closed form. With ridge-regularised covariances Caa, Cvv and the
 * cross-covariance Cav, the SVD of T = Caa^{-1/2} Cav Cvv^{-1/2} = U S Vᵀ gives the canonical
 * correlations S and the projections Wa = Caa^{-1/2} U, Wv = Cvv^{-1/2} V (unit-variance variates).
 */

export interface CcaOptions {
  /** Number of canonical pairs kept (capped by both input widths). */
  readonly components: number;
  /** Ridge added to each covariance, as a fraction of its mean variance (scale-free). */
  readonly regularization: number;
}

export interface CcaModel {
  readonly meanA: Float64Array;
  readonly meanV: Float64Array;
  /** da×k and dv×k. */
  readonly weightsA: MlMatrix;
  readonly weightsV: MlMatrix;
  /** Canonical correlations on the fitting data, descending. */
  readonly correlations: number[];
}

export function fitCca(a: Matrix, v: Matrix, { components, regularization }: CcaOptions): CcaModel {
  if (a.rows !== v.rows) throw new Error(`CCA: ${a.rows} rows in the first view, ${v.rows} in the second`);
  if (a.rows < 3) throw new Error(`CCA: ${a.rows} rows are too few`);
  if (!(regularization >= 0)) throw new Error(`CCA: regularization must be ≥ 0, got ${regularization}`);
  const k = Math.min(components, a.cols, v.cols);
  const { centred: ac, mean: meanA } = centre(a);
  const { centred: vc, mean: meanV } = centre(v);
  const scale = 1 / (a.rows - 1);
  const caa = ridge(ac.transpose().mmul(ac).mul(scale), regularization);
  const cvv = ridge(vc.transpose().mmul(vc).mul(scale), regularization);
  const cav = ac.transpose().mmul(vc).mul(scale);
  const isqA = inverseSqrt(caa);
  const isqV = inverseSqrt(cvv);
  const t = isqA.mmul(cav).mmul(isqV);
  // ml-matrix's SVD wants at least as many rows as columns: decompose Tᵀ when T is wide.
  const wide = t.rows < t.columns;
  const svd = new SingularValueDecomposition(wide ? t.transpose() : t);
  const u = wide ? svd.rightSingularVectors : svd.leftSingularVectors;
  const w = wide ? svd.leftSingularVectors : svd.rightSingularVectors;
  const firstK = (m: MlMatrix) => m.subMatrix(0, m.rows - 1, 0, k - 1);
  return {
    meanA,
    meanV,
    weightsA: isqA.mmul(firstK(u)),
    weightsV: isqV.mmul(firstK(w)),
    correlations: svd.diagonal.slice(0, k),
  };
}

/** Canonical variates of each view, n×k. */
export function projectCca(model: CcaModel, a: Matrix, v: Matrix): { u: Matrix; v: Matrix } {
  if (a.cols !== model.weightsA.rows || v.cols !== model.weightsV.rows) {
    throw new Error(`CCA was fitted on ${model.weightsA.rows}+${model.weightsV.rows} features, got ${a.cols}+${v.cols}`);
  }
  return { u: project(a, model.meanA, model.weightsA), v: project(v, model.meanV, model.weightsV) };
}

function centre(m: Matrix): { centred: MlMatrix; mean: Float64Array } {
  const mean = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) mean[j] += m.data[i * m.cols + j];
  mean.forEach((s, j) => (mean[j] = s / m.rows));
  const centred = new MlMatrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) centred.set(i, j, m.data[i * m.cols + j] - mean[j]);
  return { centred, mean };
}

function ridge(cov: MlMatrix, fraction: number): MlMatrix {
  const meanVariance = cov.trace() / cov.rows;
  const add = fraction * (meanVariance > 0 ? meanVariance : 1);
  for (let j = 0; j < cov.rows; j++) cov.set(j, j, cov.get(j, j) + add);
  return cov;
}

/** C^{-1/2} of a symmetric positive semi-definite matrix; null directions are dropped, not inverted. */
function inverseSqrt(c: MlMatrix): MlMatrix {
  const evd = new EigenvalueDecomposition(c, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const floor = Math.max(...values) * 1e-10;
  const vecs = evd.eigenvectorMatrix;
  const scaled = vecs.clone();
  for (let j = 0; j < values.length; j++) {
    const s = values[j] > floor ? 1 / Math.sqrt(values[j]) : 0;
    for (let i = 0; i < scaled.rows; i++) scaled.set(i, j, scaled.get(i, j) * s);
  }
  return scaled.mmul(vecs.transpose());
}

function project(m: Matrix, mean: Float64Array, weights: MlMatrix): Matrix {
  const k = weights.columns;
  const w = weights.to1DArray();
  const out = matrix(m.rows, k);
  const acc = new Float64Array(k);
  for (let i = 0; i < m.rows; i++) {
    acc.fill(0);
    for (let j = 0; j < m.cols; j++) {
      const x = m.data[i * m.cols + j] - mean[j];
      for (let c = 0; c < k; c++) acc[c] += x * w[j * k + c];
    }
    out.data.set(acc, i * k);
  }
  return out;
}
