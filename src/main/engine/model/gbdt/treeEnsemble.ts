import type { Matrix } from '../matrix';

/**
 * A trained ensemble of regression trees in an engine-independent form. Both engines export their
 * trees into it, so prediction is plain JS: a model trained with libxgboost runs on a machine
 * without the shared library, and no native handle outlives training.
 */

export type GbdtEngineName = 'libxgboost' | 'ml-xgboost';

/** One tree as parallel node arrays; node 0 is the root. */
export interface TreeDocument {
  /** Child node indices; -1 on both marks a leaf. */
  readonly left: number[];
  readonly right: number[];
  readonly feature: number[];
  /** Split threshold for internal nodes (`x < value` goes left), leaf weight for leaves; float32 values. */
  readonly value: number[];
  /** 1 where a missing (NaN) feature goes left. */
  readonly defaultLeft: number[];
}

export interface GbdtDocument {
  readonly format: 'cuefinder-gbdt';
  readonly version: 1;
  readonly engine: GbdtEngineName;
  readonly numFeatures: number;
  readonly baseScore: number;
  /** Boosting rounds kept (the best validation round under early stopping). */
  readonly rounds: number;
  /** Engine settings it was trained with, for the record; prediction does not read them. */
  readonly params: Readonly<Record<string, number | string>>;
  readonly trees: TreeDocument[];
}

/** A fitted regressor: pure JS, safe to keep, copy and serialise. */
export interface GradientBoostedRegressor {
  readonly engine: GbdtEngineName;
  readonly numFeatures: number;
  readonly rounds: number;
  predict(x: Matrix): Float32Array;
  toDocument(): GbdtDocument;
  toJSON(): string;
}

const FORMAT = 'cuefinder-gbdt';

/** Builds a regressor from a document, validating it so corrupt files fail here, not mid-prediction. */
export function regressorFromDocument(doc: GbdtDocument): GradientBoostedRegressor {
  validateDocument(doc);
  return new TreeEnsemble(doc);
}

/** Parses what `toJSON()` wrote (e.g. a bundle's affect-gbdt.json). */
export function regressorFromJSON(json: string): GradientBoostedRegressor {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new Error(`gbdt model is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return regressorFromDocument(doc as GbdtDocument);
}

class TreeEnsemble implements GradientBoostedRegressor {
  readonly engine: GbdtEngineName;
  readonly numFeatures: number;
  readonly rounds: number;
  // All trees' nodes flattened; child indices are global.
  private readonly roots: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly feature: Int32Array;
  private readonly value: Float32Array;
  private readonly defaultLeft: Uint8Array;

  constructor(private readonly doc: GbdtDocument) {
    this.engine = doc.engine;
    this.numFeatures = doc.numFeatures;
    this.rounds = doc.rounds;
    const total = doc.trees.reduce((s, t) => s + t.left.length, 0);
    this.roots = new Int32Array(doc.trees.length);
    this.left = new Int32Array(total);
    this.right = new Int32Array(total);
    this.feature = new Int32Array(total);
    this.value = new Float32Array(total);
    this.defaultLeft = new Uint8Array(total);
    let offset = 0;
    doc.trees.forEach((tree, t) => {
      this.roots[t] = offset;
      for (let k = 0; k < tree.left.length; k++) {
        const leaf = tree.left[k] < 0;
        this.left[offset + k] = leaf ? -1 : offset + tree.left[k];
        this.right[offset + k] = leaf ? -1 : offset + tree.right[k];
        this.feature[offset + k] = tree.feature[k];
        this.value[offset + k] = tree.value[k];
        this.defaultLeft[offset + k] = tree.defaultLeft[k];
      }
      offset += tree.left.length;
    });
  }

  predict(x: Matrix): Float32Array {
    if (x.cols !== this.numFeatures) {
      throw new Error(`gbdt model expects ${this.numFeatures} features, got ${x.cols}`);
    }
    const out = new Float32Array(x.rows);
    const { roots, left, right, feature, value, defaultLeft } = this;
    const base = Math.fround(this.doc.baseScore);
    for (let i = 0; i < x.rows; i++) {
      const rowOffset = i * x.cols;
      // Accumulated in float32, tree by tree, as XGBoost's CPU predictor does.
      let sum = base;
      for (let t = 0; t < roots.length; t++) {
        let k = roots[t];
        while (left[k] >= 0) {
          const v = x.data[rowOffset + feature[k]];
          k = Number.isNaN(v) ? (defaultLeft[k] ? left[k] : right[k]) : v < value[k] ? left[k] : right[k];
        }
        sum = Math.fround(sum + value[k]);
      }
      out[i] = sum;
    }
    return out;
  }

  toDocument(): GbdtDocument {
    return this.doc;
  }

  toJSON(): string {
    return JSON.stringify(this.doc);
  }
}

function validateDocument(doc: GbdtDocument): void {
  const fail = (reason: string): never => {
    throw new Error(`gbdt model is unusable: ${reason}`);
  };
  if (!doc || typeof doc !== 'object') fail('not an object');
  if (doc.format !== FORMAT) fail(`format is ${JSON.stringify(doc.format)}, expected "${FORMAT}"`);
  if (doc.version !== 1) fail(`version ${doc.version} is not supported (this build reads version 1)`);
  if (!Number.isInteger(doc.numFeatures) || doc.numFeatures < 1) fail('numFeatures must be a positive integer');
  if (!Number.isFinite(doc.baseScore)) fail('baseScore is not a finite number');
  if (!Array.isArray(doc.trees)) fail('trees is missing');
  doc.trees.forEach((tree, t) => {
    const n = tree?.left?.length ?? 0;
    if (n === 0) fail(`tree ${t} has no nodes`);
    for (const key of ['right', 'feature', 'value', 'defaultLeft'] as const) {
      if (!Array.isArray(tree[key]) || tree[key].length !== n) fail(`tree ${t}: ${key} does not have ${n} entries`);
    }
    // Walk from the root: every reachable node is visited once, so a cycle or a dangling child is caught.
    const seen = new Uint8Array(n);
    const stack = [0];
    while (stack.length) {
      const k = stack.pop()!;
      if (seen[k]) fail(`tree ${t} node ${k} is reached twice`);
      seen[k] = 1;
      if (tree.left[k] < 0) {
        if (!Number.isFinite(tree.value[k])) fail(`tree ${t} leaf ${k} has a non-finite weight`);
        continue;
      }
      const f = tree.feature[k];
      if (!Number.isInteger(f) || f < 0 || f >= doc.numFeatures) fail(`tree ${t} node ${k} splits on feature ${f}`);
      for (const child of [tree.left[k], tree.right[k]]) {
        if (!Number.isInteger(child) || child < 0 || child >= n) fail(`tree ${t} node ${k} has child ${child}`);
        stack.push(child);
      }
    }
  });
}
