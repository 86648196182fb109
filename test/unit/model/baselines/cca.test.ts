import { describe, expect, it } from 'vitest';
import { fitCca, projectCca } from '../../../../src/main/engine/model/baselines/cca';
import { matrix, type Matrix } from '../../../../src/main/engine/model/matrix';
import { pearson } from '../../../../src/main/engine/model/metrics';
import { createRng, type Rng } from '../../../../src/main/engine/model/rng';

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * One shared signal z hidden in both views: a = Ma·[z + e, noise…], v = Mv·[noise…, z + e] with
 * fixed random mixing Ma, Mv and var(e) = 0.25, so the best linear correlation between the views
 * is corr(z + e1, z + e2) = 1 / 1.25 = 0.8, and every other direction is independent noise.
 */
const mixA = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 2 : 0) + Math.sin(7 * i + 3 * j)));
const mixV = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i === j ? 2 : 0) + Math.cos(5 * i + 2 * j)));

function views(n: number, seed: number): { a: Matrix; v: Matrix } {
  const rng = createRng(seed);
  const a = matrix(n, 6);
  const v = matrix(n, 5);
  for (let i = 0; i < n; i++) {
    const z = gaussian(rng);
    const la = [z + 0.5 * gaussian(rng), ...Array.from({ length: 5 }, () => gaussian(rng))];
    const lv = [...Array.from({ length: 4 }, () => gaussian(rng)), z + 0.5 * gaussian(rng)];
    mixA.forEach((w, r) => (a.data[i * 6 + r] = w.reduce((s, wk, k) => s + wk * la[k], 0) + 10));
    mixV.forEach((w, r) => (v.data[i * 5 + r] = w.reduce((s, wk, k) => s + wk * lv[k], 0) - 3));
  }
  return { a, v };
}

function column(m: Matrix, j: number): Float32Array {
  return Float32Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
}

describe('linear CCA', () => {
  const fitted = views(4000, 1);
  const model = fitCca(fitted.a, fitted.v, { components: 3, regularization: 1e-4 });

  it('recovers the planted correlation and finds nothing else', () => {
    expect(model.correlations).toHaveLength(3);
    expect(model.correlations[0]).toBeGreaterThan(0.77);
    expect(model.correlations[0]).toBeLessThan(0.83);
    expect(model.correlations[1]).toBeLessThan(0.1);
  });

  it('projects unseen pairs onto variates that keep that correlation, with unit variance', () => {
    const heldOut = views(2000, 2);
    const { u, v } = projectCca(model, heldOut.a, heldOut.v);
    expect(u.cols).toBe(3);
    const r = pearson(column(u, 0), column(v, 0));
    expect(Math.abs(r)).toBeGreaterThan(0.76);
    expect(Math.abs(r)).toBeLessThan(0.84);
    const u0 = column(u, 0);
    const variance = u0.reduce((s, x) => s + x * x, 0) / u0.length;
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
  });

  it('stays finite when a view has more features than pairs, thanks to the ridge', () => {
    const few = views(4, 3);
    const wide = fitCca(few.a, few.v, { components: 2, regularization: 0.1 });
    expect(wide.correlations.every(Number.isFinite)).toBe(true);
    expect(Array.from(projectCca(wide, few.a, few.v).u.data).every(Number.isFinite)).toBe(true);
  });

  it('rejects views of different lengths or widths', () => {
    expect(() => fitCca(fitted.a, views(10, 4).v, { components: 1, regularization: 0 })).toThrow(/4000 rows in the first view, 10 in the second/);
    expect(() => projectCca(model, fitted.v, fitted.v)).toThrow(/fitted on 6\+5 features, got 5\+5/);
  });
});
