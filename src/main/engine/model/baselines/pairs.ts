import { fitStandardizer, hconcat, selectRows, standardize, type Matrix, type Standardizer } from '../matrix';
import { createRng, permutation } from '../rng';
import type { LabelledPairs, PairFeatures } from './types';

/** Data plumbing shared by the baselines: validation, splits, scaling. */

type AffectField = 'pPred' | 'pMusic' | 'pVideo';

/** Throws a message naming the baseline and the problem when the fields are not row-aligned. */
export function checkPairs(data: PairFeatures, who: string, labels?: Float32Array): void {
  const n = data.xa.rows;
  if (n === 0) throw new Error(`${who}: no pairs`);
  if (data.xv.rows !== n) throw new Error(`${who}: xa has ${n} rows but xv has ${data.xv.rows}`);
  for (const field of ['pPred', 'pMusic', 'pVideo'] as const) {
    const m = data[field];
    if (m && m.rows !== n) throw new Error(`${who}: ${field} has ${m.rows} rows, expected ${n}`);
  }
  if (labels) {
    if (labels.length !== n) throw new Error(`${who}: ${n} pairs but ${labels.length} labels`);
    const bad = labels.findIndex((v) => !(v >= 0 && v <= 1));
    if (bad >= 0) throw new Error(`${who}: label at row ${bad} is ${labels[bad]} (expected y in [0, 1])`);
  }
}

export function requireAffect(data: PairFeatures, field: AffectField, who: string): Matrix {
  const m = data[field];
  if (!m) throw new Error(`${who} needs ${field} (16-d affect per pair), which was not given`);
  return m;
}

function selectPairs(data: LabelledPairs, indices: ArrayLike<number>): LabelledPairs {
  const pick = (m: Matrix | undefined) => (m ? selectRows(m, indices) : undefined);
  return {
    xa: selectRows(data.xa, indices),
    xv: selectRows(data.xv, indices),
    pPred: pick(data.pPred),
    pMusic: pick(data.pMusic),
    pVideo: pick(data.pVideo),
    y: Float32Array.from(indices, (i) => data.y[i]),
  };
}

/** The given validation set, or a seeded `fraction` of the training pairs held out as one. */
export function withValidation(
  train: LabelledPairs,
  val: LabelledPairs | undefined,
  seed: number,
  fraction = 0.15,
): { fit: LabelledPairs; check: LabelledPairs } {
  if (val) return { fit: train, check: val };
  const order = permutation(createRng(seed), train.y.length);
  const cut = Math.max(2, Math.round(train.y.length * fraction));
  return { fit: selectPairs(train, order.subarray(cut)), check: selectPairs(train, order.subarray(0, cut)) };
}

/** k disjoint folds of 0..n-1 in a seeded random order. */
export function kFolds(n: number, k: number, seed: number): Int32Array[] {
  if (n < k) throw new Error(`cannot make ${k} folds from ${n} pairs`);
  const order = permutation(createRng(seed), n);
  return Array.from({ length: k }, (_, f) => order.filter((_, i) => i % k === f));
}

/** z-scores a fixed concatenation of feature blocks with statistics from the fitting rows. */
export class BlockScaler {
  private constructor(
    private readonly widths: number[],
    private readonly standardizer: Standardizer,
  ) {}

  static fit(blocks: Matrix[]): BlockScaler {
    return new BlockScaler(
      blocks.map((b) => b.cols),
      fitStandardizer(hconcat(...blocks)),
    );
  }

  apply(blocks: Matrix[], who: string): Matrix {
    const widths = blocks.map((b) => b.cols);
    if (widths.join() !== this.widths.join()) {
      throw new Error(`${who}: feature widths [${widths.join(', ')}] differ from the fitted [${this.widths.join(', ')}]`);
    }
    return standardize(hconcat(...blocks), this.standardizer);
  }
}

export function clip01(v: Float32Array): Float32Array {
  return v.map((x) => Math.min(1, Math.max(0, x)));
}
