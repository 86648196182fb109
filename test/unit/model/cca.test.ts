import { describe, expect, it } from 'vitest';
import { canonicalCorrelations, ccaObjective, fitLinearCca } from '../../../src/main/engine/model/cca';
import { fromEigen, mat, multiply, symmetricEigen, transpose, type Mat } from '../../../src/main/engine/model/linalg';
import { createRng } from '../../../src/main/engine/model/rng';

function randomMat(rows: number, cols: number, seed: number): Mat {
  const rng = createRng(seed);
  return mat(rows, cols, Float64Array.from({ length: rows * cols }, () => rng.next() * 2 - 1));
}

/**
 * Two views sharing one latent direction plus independent noise; their only canonical correlation is
 * cov(2z₀+u, 2z₀−z₁+w)/σσ = (4/3)/√(5/3·2) ≈ 0.730 for uniform(−1, 1) draws.
 */
const TRUE_CORRELATION = 4 / 3 / Math.sqrt((5 / 3) * 2);
function correlatedViews(rows: number, o1: number, o2: number, seed: number): [Mat, Mat] {
  const z = randomMat(rows, 2, seed);
  const a = randomMat(rows, o1, seed + 1);
  const b = randomMat(rows, o2, seed + 2);
  for (let i = 0; i < rows; i++) {
    a.data[i * o1] += 2 * z.data[i * 2];
    b.data[i * o2 + 1] += 2 * z.data[i * 2] - z.data[i * 2 + 1];
  }
  return [a, b];
}

describe('symmetricEigen', () => {
  it('reconstructs a symmetric matrix from orthonormal eigenvectors with sorted eigenvalues', () => {
    const r = randomMat(9, 9, 3);
    const a = multiply(transpose(r), r);
    const { values, vectors } = symmetricEigen(a);
    const back = fromEigen(vectors, values);
    const vtv = multiply(transpose(vectors), vectors);
    for (let i = 0; i < a.data.length; i++) expect(back.data[i]).toBeCloseTo(a.data[i], 10);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(vtv.data[i * 9 + j]).toBeCloseTo(i === j ? 1 : 0, 10);
    for (let i = 1; i < 9; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  });
});

describe('ccaObjective', () => {
  it('has an analytic gradient that matches central finite differences', () => {
    const [h1, h2] = correlatedViews(14, 3, 4, 11);
    const { grad1, grad2 } = ccaObjective(h1, h2);
    const step = 1e-6;
    let worst = 0;
    for (const [view, grad, which] of [[h1, grad1, 0], [h2, grad2, 1]] as const) {
      for (let idx = 0; idx < view.data.length; idx++) {
        const plus = Float64Array.from(view.data);
        const minus = Float64Array.from(view.data);
        plus[idx] += step;
        minus[idx] -= step;
        const f = (d: Float64Array) => {
          const v = mat(view.rows, view.cols, d);
          return which === 0 ? ccaObjective(v, h2).corr : ccaObjective(h1, v).corr;
        };
        const numeric = (f(plus) - f(minus)) / (2 * step);
        worst = Math.max(worst, Math.abs(numeric - grad.data[idx]));
      }
    }
    const scale = Math.max(...Array.from(grad1.data, Math.abs), ...Array.from(grad2.data, Math.abs));
    expect(scale).toBeGreaterThan(1e-3);
    expect(worst / scale).toBeLessThan(1e-5);
  });

  it('reaches a correlation near 1 on every component for two linearly related views', () => {
    const a = randomMat(2000, 3, 11);
    const mix = randomMat(3, 3, 12);
    const noise = randomMat(2000, 3, 13);
    const b = multiply(a, mix);
    for (let i = 0; i < b.data.length; i++) b.data[i] += 1e-3 * noise.data[i];
    // Three components, each with canonical correlation ≈ 1.
    expect(ccaObjective(a, b).corr / 3).toBeGreaterThan(0.99);
  });

  it('sums the canonical correlations: the true one for shared structure, near 0 for independent views', () => {
    const [a, b] = correlatedViews(4000, 3, 3, 5);
    // The two spurious components add about √(1/n) each.
    expect(ccaObjective(a, b).corr).toBeGreaterThan(TRUE_CORRELATION - 0.03);
    expect(ccaObjective(a, b).corr).toBeLessThan(TRUE_CORRELATION + 0.1);
    expect(ccaObjective(randomMat(4000, 3, 1), randomMat(4000, 3, 2)).corr).toBeLessThan(0.15);
  });
});

describe('fitLinearCca', () => {
  it('recovers the true canonical correlation and keeps it on held-out data', () => {
    const [a, b] = correlatedViews(3000, 4, 3, 7);
    const [ta, tb] = correlatedViews(1000, 4, 3, 8);
    const cca = fitLinearCca(a, b);
    expect(cca.k).toBe(3);
    const held = canonicalCorrelations(cca, ta, tb);
    expect(Math.abs(cca.correlations[0] - TRUE_CORRELATION)).toBeLessThan(0.03);
    expect(Math.abs(held[0] - TRUE_CORRELATION)).toBeLessThan(0.05);
    expect(Math.abs(held[2])).toBeLessThan(0.15);
  });
});
