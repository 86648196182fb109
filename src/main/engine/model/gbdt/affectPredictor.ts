import { AFFECT_DIM } from '../../../../shared/affect';
import { matrix, type Matrix } from '../matrix';
import {
  fitGbdt,
  loadGbdtEngine,
  regressorFromDocument,
  type GbdtDocument,
  type GbdtEngine,
  type GbdtEngineName,
  type GbdtParams,
  type GradientBoostedRegressor,
} from './gbdt';

/**
 * Predicts the 16 perceptual affect intensities from objective features, one boosted regressor per
 * dimension (the paper's per-dimension LightGBM; here XGBoost with LightGBM-like settings). At
 * inference these predictions replace the ground-truth affect that AFCLNet was trained with.
 */

export interface AffectPredictorOptions {
  /** Defaults to `loadGbdtEngine()` (libxgboost, else ml-xgboost). */
  readonly engine?: GbdtEngine;
  readonly params?: Partial<GbdtParams>;
  /** Called after each dimension is fitted (1-based `done`). */
  readonly onProgress?: (done: number, total: number) => void;
}

interface AffectPredictorDocument {
  readonly format: 'cuefinder-affect-gbdt';
  readonly version: 1;
  readonly numFeatures: number;
  readonly regressors: GbdtDocument[];
}

export class AffectPredictor {
  /** One regressor per affect dimension, in AFFECT_DIMENSIONS order, all on the same features. */
  constructor(private readonly regressors: GradientBoostedRegressor[]) {
    if (regressors.length !== AFFECT_DIM) throw new Error(`affect predictor needs ${AFFECT_DIM} regressors, got ${regressors.length}`);
    if (regressors.some((r) => r.numFeatures !== regressors[0].numFeatures)) {
      throw new Error('affect predictor: dimensions disagree on the number of features');
    }
  }

  get engine(): GbdtEngineName {
    return this.regressors[0].engine;
  }

  get numFeatures(): number {
    return this.regressors[0].numFeatures;
  }

  /** Rounds kept per dimension after early stopping. */
  get rounds(): number[] {
    return this.regressors.map((r) => r.rounds);
  }

  /** n×16 affect intensities, clipped to [0, 1] (trees can extrapolate slightly past the labels). */
  predict(x: Matrix): Matrix {
    if (x.cols !== this.numFeatures) {
      throw new Error(`affect predictor expects ${this.numFeatures} features, got ${x.cols}`);
    }
    const out = matrix(x.rows, this.regressors.length);
    this.regressors.forEach((regressor, d) => {
      const column = regressor.predict(x);
      for (let i = 0; i < x.rows; i++) out.data[i * out.cols + d] = Math.min(1, Math.max(0, column[i]));
    });
    return out;
  }

  toJSON(): string {
    const doc: AffectPredictorDocument = {
      format: 'cuefinder-affect-gbdt',
      version: 1,
      numFeatures: this.numFeatures,
      regressors: this.regressors.map((r) => r.toDocument()),
    };
    return JSON.stringify(doc);
  }

  /** Reads what `toJSON()` wrote; `source` (e.g. the file path) names the model in errors. */
  static fromJSON(json: string, source = 'affect predictor'): AffectPredictor {
    let doc: AffectPredictorDocument;
    try {
      doc = JSON.parse(json) as AffectPredictorDocument;
    } catch (err) {
      throw new Error(`${source}: not valid JSON (${(err as Error).message})`, { cause: err });
    }
    if (doc?.format !== 'cuefinder-affect-gbdt') throw new Error(`${source}: not an affect predictor (format ${JSON.stringify(doc?.format)})`);
    if (doc.version !== 1) throw new Error(`${source}: version ${doc.version} is not supported (this build reads version 1)`);
    if (!Array.isArray(doc.regressors)) throw new Error(`${source}: regressors are missing`);
    try {
      return new AffectPredictor(
        doc.regressors.map((r, d) => {
          try {
            return regressorFromDocument(r);
          } catch (err) {
            throw new Error(`dimension ${d}: ${(err as Error).message}`, { cause: err });
          }
        }),
      );
    } catch (err) {
      throw new Error(`${source}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/**
 * Fits one regressor per affect dimension on the training rows, early-stopped on the validation
 * rows. `y`/`yVal` are n×16 intensities in [0, 1] in AFFECT_DIMENSIONS order.
 */
export async function trainAffectPredictor(
  x: Matrix,
  y: Matrix,
  xVal: Matrix,
  yVal: Matrix,
  options: AffectPredictorOptions = {},
): Promise<AffectPredictor> {
  checkTargets(y, x.rows, 'training');
  checkTargets(yVal, xVal.rows, 'validation');
  const engine = options.engine ?? (await loadGbdtEngine());
  const regressors: GradientBoostedRegressor[] = [];
  for (let d = 0; d < AFFECT_DIM; d++) {
    regressors.push(fitGbdt(engine, { x, y: column(y, d) }, { x: xVal, y: column(yVal, d) }, options.params));
    options.onProgress?.(d + 1, AFFECT_DIM);
  }
  return new AffectPredictor(regressors);
}

function checkTargets(y: Matrix, rows: number, role: string): void {
  if (y.cols !== AFFECT_DIM) throw new Error(`affect predictor: ${role} targets have ${y.cols} columns, expected ${AFFECT_DIM}`);
  if (y.rows !== rows) throw new Error(`affect predictor: ${role} targets have ${y.rows} rows but features have ${rows}`);
  const bad = y.data.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new Error(
      `affect predictor: ${role} target at row ${Math.floor(bad / y.cols)}, dimension ${bad % y.cols} is ${y.data[bad]} (expected [0, 1])`,
    );
  }
}

function column(m: Matrix, j: number): Float32Array {
  const out = new Float32Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j];
  return out;
}
