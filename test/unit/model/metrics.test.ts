import { describe, expect, it } from 'vitest';
import {
  bootstrapCI,
  evaluateRegression,
  mae,
  matchClassification,
  MATCHED_TARGET,
  mse,
  pearson,
  r2,
  rmse,
  spearman,
} from '../../../src/main/engine/model/metrics';
import { createRng } from '../../../src/main/engine/model/rng';

// Scores 1, 2, 3, 5 on the paper's scale → y = (s − 1)/4.
const truth = [0, 0.25, 0.5, 1];
// A biased but perfectly linear prediction (p = 0.1 + 0.6·y): errors 0.1, 0, −0.1, −0.3.
const predicted = [0.1, 0.25, 0.4, 0.7];

describe('regression metrics on the normalised scale', () => {
  it('match hand-computed values', () => {
    expect(mae(truth, predicted)).toBeCloseTo(0.125, 12);
    expect(mse(truth, predicted)).toBeCloseTo(0.0275, 12);
    expect(rmse(truth, predicted)).toBeCloseTo(Math.sqrt(0.0275), 12);
    // SST = 0.546875 around the mean 0.4375, SSE = 0.11.
    expect(r2(truth, predicted)).toBeCloseTo(1 - 0.11 / 0.546875, 12);
    // Linear in the truth: perfectly correlated even though R² is only ~0.8.
    expect(pearson(truth, predicted)).toBeCloseTo(1, 12);
    expect(spearman(truth, predicted)).toBeCloseTo(1, 12);
  });

  it('gives tied values their average rank in Spearman', () => {
    // Ranks [1, 2.5, 2.5, 4] vs [1, 2, 3, 4]: r = 4.5 / √(4.5·5).
    expect(spearman([1, 2, 2, 3], [10, 20, 30, 40])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('reports R² below zero for predictions worse than the mean, and NaN for undefined cases', () => {
    expect(r2([0, 1], [1, 0])).toBeCloseTo(-3, 12);
    expect(r2([0.5, 0.5], [0.4, 0.6])).toBeNaN();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('refuses unpaired inputs', () => {
    expect(() => mae([1, 2], [1])).toThrow(/2 true values but 1 predictions/);
    expect(() => mse([], [])).toThrow(/no values/);
  });
});

describe('matched/unmatched classification', () => {
  it('reads y ≥ 0.5 (score ≥ 3) as matched', () => {
    expect(MATCHED_TARGET).toBe(0.5);
    const c = matchClassification(truth, predicted);
    // Actual matched: 0.5, 1; predicted matched: only 0.7.
    expect(c).toMatchObject({ truePositives: 1, falseNegatives: 1, trueNegatives: 2, falsePositives: 0 });
    expect(c.accuracy).toBeCloseTo(0.75, 12);
    expect(c.precision).toBeCloseTo(1, 12);
    expect(c.recall).toBeCloseTo(0.5, 12);
    expect(c.f1).toBeCloseTo(2 / 3, 12);
  });

  it('bundles everything in one report', () => {
    const report = evaluateRegression(truth, predicted);
    expect(report).toMatchObject({ n: 4, accuracy: 0.75 });
    expect(report.mae).toBeCloseTo(0.125, 12);
    expect(report.f1).toBeCloseTo(2 / 3, 12);
  });
});

describe('bootstrap confidence intervals', () => {
  function noisy(n: number, seed: number): { t: number[]; p: number[] } {
    const rng = createRng(seed);
    const t = Array.from({ length: n }, () => rng.next());
    return { t, p: t.map((v) => v + (rng.next() - 0.5) * 0.4) };
  }

  it('brackets the estimate, narrows with more pairs and is reproducible from its seed', () => {
    const small = noisy(50, 1);
    const large = noisy(2000, 2);
    const a = bootstrapCI(small.t, small.p, mae, { resamples: 500 });
    const b = bootstrapCI(large.t, large.p, mae, { resamples: 500 });
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    // Half-width shrinks roughly with √n: √(2000/50) ≈ 6.3.
    expect((a.upper - a.lower) / (b.upper - b.lower)).toBeGreaterThan(3);
    expect(bootstrapCI(small.t, small.p, mae, { resamples: 500 })).toEqual(a);
    expect(bootstrapCI(small.t, small.p, mae, { resamples: 500, seed: 7 })).not.toEqual(a);
  });

  it('collapses to a point for perfect predictions and skips undefined resamples', () => {
    const perfect = bootstrapCI(truth, truth, mae, { resamples: 200 });
    expect([perfect.lower, perfect.estimate, perfect.upper]).toEqual([0, 0, 0]);
    // With 3 pairs, some resamples repeat one pair and have no variance: R² is undefined there.
    const tiny = bootstrapCI([0, 0.5, 1], [0.1, 0.5, 0.9], r2, { resamples: 200 });
    expect(tiny.resamples).toBeLessThan(200);
    expect(tiny.resamples).toBeGreaterThan(100);
  });
});
