import { MATCHED_THRESHOLD, scoreToTarget } from '../../../shared/affect';
import { createRng } from './rng';

/**
 * Evaluation metrics on the normalised target y = (s − 1)/4 ∈ [0, 1], the scale the paper reports
 * MAE/MSE/R² on. `truth` and `predicted` are paired by index.
 */

type Values = ArrayLike<number>;

/** Matched ⇔ score ≥ 3 ⇔ y ≥ 0.5. */
export const MATCHED_TARGET = scoreToTarget(MATCHED_THRESHOLD);

function checkPaired(truth: Values, predicted: Values, what: string): void {
  if (truth.length !== predicted.length) {
    throw new Error(`${what}: ${truth.length} true values but ${predicted.length} predictions`);
  }
  if (truth.length === 0) throw new Error(`${what}: no values`);
}

function mean(v: Values): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

export function mae(truth: Values, predicted: Values): number {
  checkPaired(truth, predicted, 'MAE');
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(predicted[i] - truth[i]);
  return s / truth.length;
}

export function mse(truth: Values, predicted: Values): number {
  checkPaired(truth, predicted, 'MSE');
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += (predicted[i] - truth[i]) ** 2;
  return s / truth.length;
}

export function rmse(truth: Values, predicted: Values): number {
  return Math.sqrt(mse(truth, predicted));
}

/** Coefficient of determination 1 − SSE/SST (negative when worse than predicting the mean); NaN when truth is constant. */
export function r2(truth: Values, predicted: Values): number {
  checkPaired(truth, predicted, 'R²');
  const mu = mean(truth);
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < truth.length; i++) {
    sse += (predicted[i] - truth[i]) ** 2;
    sst += (truth[i] - mu) ** 2;
  }
  return sst > 0 ? 1 - sse / sst : NaN;
}

/** Pearson correlation; NaN when either side is constant. */
export function pearson(a: Values, b: Values): number {
  checkPaired(a, b, 'Pearson r');
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Ranks starting at 1; ties share their average rank. */
export function averageRanks(v: Values): Float64Array {
  const order = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i] - v[j]);
  const ranks = new Float64Array(v.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && v[order[end]] === v[order[start]]) end++;
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman's rank correlation (Pearson on average ranks, so ties are handled). */
export function spearman(a: Values, b: Values): number {
  checkPaired(a, b, 'Spearman ρ');
  return pearson(averageRanks(a), averageRanks(b));
}

export interface MatchClassification {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

/**
 * The regression output read as a matched/unmatched decision (y ≥ 0.5 ⇔ score ≥ 3), "matched"
 * being the positive class. Precision/recall/F1 are 0 when undefined (no predicted or no true positives).
 */
export function matchClassification(truth: Values, predicted: Values, threshold = MATCHED_TARGET): MatchClassification {
  checkPaired(truth, predicted, 'match classification');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < truth.length; i++) {
    const actual = truth[i] >= threshold;
    const guess = predicted[i] >= threshold;
    if (actual && guess) tp++;
    else if (guess) fp++;
    else if (actual) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    accuracy: (tp + tn) / truth.length,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
  };
}

export interface RegressionReport {
  readonly n: number;
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly r2: number;
  readonly pearson: number;
  readonly spearman: number;
  readonly accuracy: number;
  readonly f1: number;
}

/** Every metric the comparison tables use, for one set of predictions. */
export function evaluateRegression(truth: Values, predicted: Values): RegressionReport {
  const cls = matchClassification(truth, predicted);
  return {
    n: truth.length,
    mae: mae(truth, predicted),
    mse: mse(truth, predicted),
    rmse: rmse(truth, predicted),
    r2: r2(truth, predicted),
    pearson: pearson(truth, predicted),
    spearman: spearman(truth, predicted),
    accuracy: cls.accuracy,
    f1: cls.f1,
  };
}

export interface ConfidenceInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  /** Resamples whose statistic was defined (e.g. R² needs a non-constant resample). */
  readonly resamples: number;
}

export interface BootstrapOptions {
  readonly resamples?: number;
  readonly level?: number;
  readonly seed?: number;
}

/**
 * Percentile bootstrap over pairs: resamples (truth, predicted) pairs with replacement and reports
 * the statistic on the full data plus the central `level` interval of the resampled statistics.
 * Seeded, so a report is reproducible.
 */
export function bootstrapCI(
  truth: Values,
  predicted: Values,
  statistic: (truth: Values, predicted: Values) => number,
  { resamples = 1000, level = 0.95, seed = 42 }: BootstrapOptions = {},
): ConfidenceInterval {
  checkPaired(truth, predicted, 'bootstrap');
  if (!(level > 0 && level < 1)) throw new Error(`bootstrap: level must be in (0, 1), got ${level}`);
  const rng = createRng(seed);
  const n = truth.length;
  const t = new Float64Array(n);
  const p = new Float64Array(n);
  const stats: number[] = [];
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rng.next() * n);
      t[i] = truth[k];
      p[i] = predicted[k];
    }
    const s = statistic(t, p);
    if (Number.isFinite(s)) stats.push(s);
  }
  stats.sort((a, b) => a - b);
  const quantile = (q: number): number => {
    if (!stats.length) return NaN;
    const pos = q * (stats.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return stats[lo] + (stats[hi] - stats[lo]) * (pos - lo);
  };
  const tail = (1 - level) / 2;
  return {
    estimate: statistic(truth, predicted),
    lower: quantile(tail),
    upper: quantile(1 - tail),
    level,
    resamples: stats.length,
  };
}
