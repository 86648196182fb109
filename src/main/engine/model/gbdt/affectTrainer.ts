import { AFFECT_DIM } from '../../../../shared/affect';
import type { Matrix } from '../matrix';
import { AffectPredictor } from './affectPredictor';
import { fitGbdt, loadGbdtEngine, type GbdtEngine, type GbdtParams, type GradientBoostedRegressor } from './gbdt';

/** Fitting the affect predictors with XGBoost: the lab's side of affectPredictor.ts. */

export interface AffectPredictorOptions {
  /** Defaults to `loadGbdtEngine()` (libxgboost, else ml-xgboost). */
  readonly engine?: GbdtEngine;
  readonly params?: Partial<GbdtParams>;
  /** Called after each dimension is fitted (1-based `done`). */
  readonly onProgress?: (done: number, total: number) => void;
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
