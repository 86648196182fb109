import type { Matrix } from '../matrix';
import { rmse } from '../metrics';
import { regressorFromDocument, type GbdtDocument, type GbdtEngineName, type GradientBoostedRegressor, type TreeDocument } from './treeEnsemble';

export type { GbdtDocument, GbdtEngineName, GradientBoostedRegressor } from './treeEnsemble';
export { regressorFromDocument, regressorFromJSON } from './treeEnsemble';

/**
 * Gradient-boosted regression trees behind one interface, with two engines:
 * - `libxgboost`: Debian's libxgboost (1.7) through koffi; `hist` + `lossguide` growth with a leaf
 *   budget, the closest available stand-in for the paper's LightGBM (which cannot be installed here).
 * - `ml-xgboost`: a 2018 XGBoost compiled to wasm; pure fallback where the shared library is absent.
 *   It grows depth-wise with the exact algorithm (its `hist` runs but is ~2× slower).
 */

export interface GbdtParams {
  /** Maximum boosting rounds. */
  readonly rounds: number;
  readonly learningRate: number;
  /** Leaf budget per tree (libxgboost lossguide); 0 = no budget. ml-xgboost uses a depth of ⌈log2 maxLeaves⌉ instead. */
  readonly maxLeaves: number;
  /** 0 = unlimited (libxgboost only; ml-xgboost needs a depth and derives it from maxLeaves). */
  readonly maxDepth: number;
  /** Minimum hessian sum per leaf; with squared error that is a sample count (LightGBM's min_data_in_leaf). */
  readonly minChildWeight: number;
  /** L2 penalty on leaf weights. */
  readonly lambda: number;
  /** Row fraction sampled per tree. */
  readonly subsample: number;
  /** Feature fraction sampled per split (ml-xgboost: per tree level, the closest it has). */
  readonly colsampleByNode: number;
  /** Trees grown per round; with rounds = 1 and learningRate = 1 this is a random forest. */
  readonly parallelTrees: number;
  /** Stop when validation RMSE has not improved for this many rounds (needs a validation set). */
  readonly earlyStoppingRounds: number;
  readonly seed: number;
  readonly threads: number;
}

/** LightGBM's defaults as far as XGBoost can express them (num_leaves 31, min_data_in_leaf 20, no L2), lr 0.05. */
export const LIGHTGBM_LIKE: GbdtParams = {
  rounds: 500,
  learningRate: 0.05,
  maxLeaves: 31,
  maxDepth: 0,
  minChildWeight: 20,
  lambda: 0,
  subsample: 1,
  colsampleByNode: 1,
  parallelTrees: 1,
  earlyStoppingRounds: 50,
  seed: 42,
  threads: 2,
};

/** A random forest in XGBoost's random-forest mode: one round of bagged, feature-subsampled full trees. */
export function randomForestParams(trees: number, maxDepth: number, seed: number, colsampleByNode = 1 / 3): GbdtParams {
  return {
    ...LIGHTGBM_LIKE,
    rounds: 1,
    learningRate: 1,
    maxLeaves: 0,
    maxDepth,
    minChildWeight: 5,
    subsample: 0.632,
    colsampleByNode,
    parallelTrees: trees,
    earlyStoppingRounds: 0,
    seed,
  };
}

export interface LabelledRows {
  readonly x: Matrix;
  readonly y: Float32Array;
}

/**
 * One training run inside an engine. It owns native or wasm memory until `free()`; `fitGbdt` is
 * the only caller and always frees it.
 */
export interface BoostingSession {
  boostOneRound(iteration: number): void;
  /** Predictions for the validation rows with every tree grown so far. */
  predictValidation(): Float32Array;
  exportTrees(): { baseScore: number; trees: TreeDocument[] };
  free(): void;
}

export interface GbdtEngine {
  readonly name: GbdtEngineName;
  /** The settings actually sent to the engine, recorded in the model document. */
  engineSettings(params: GbdtParams, baseScore: number): Record<string, number | string>;
  openSession(train: LabelledRows, validation: LabelledRows | undefined, settings: Record<string, number | string>): BoostingSession;
}

/**
 * Fits one regressor. With a validation set, training stops `earlyStoppingRounds` after the best
 * validation RMSE and keeps the trees up to that round.
 */
export function fitGbdt(
  engine: GbdtEngine,
  train: LabelledRows,
  validation?: LabelledRows,
  overrides: Partial<GbdtParams> = {},
): GradientBoostedRegressor {
  const params = { ...LIGHTGBM_LIKE, ...overrides };
  checkParams(params);
  checkRows(train, 'training', train.x.cols);
  if (validation) checkRows(validation, 'validation', train.x.cols);
  const baseScore = mean(train.y);
  const settings = engine.engineSettings(params, baseScore);
  const session = engine.openSession(train, validation, settings);
  try {
    const kept = boost(session, params, validation?.y);
    const { baseScore: exportedBase, trees } = session.exportTrees();
    const doc: GbdtDocument = {
      format: 'cuefinder-gbdt',
      version: 1,
      engine: engine.name,
      numFeatures: train.x.cols,
      baseScore: exportedBase,
      rounds: kept,
      params: settings,
      trees: trees.slice(0, kept * params.parallelTrees),
    };
    return regressorFromDocument(doc);
  } finally {
    session.free();
  }
}

/** Runs the boosting rounds; returns how many to keep. */
function boost(session: BoostingSession, params: GbdtParams, validationY: Float32Array | undefined): number {
  const watch = validationY !== undefined && params.earlyStoppingRounds > 0;
  let bestLoss = Infinity;
  let bestRound = 0;
  for (let round = 1; round <= params.rounds; round++) {
    session.boostOneRound(round - 1);
    if (!watch) continue;
    const loss = rmse(validationY, session.predictValidation());
    if (loss < bestLoss) {
      bestLoss = loss;
      bestRound = round;
    } else if (round - bestRound >= params.earlyStoppingRounds) {
      break;
    }
  }
  return watch ? bestRound : params.rounds;
}

const ENGINE_VAR = 'CUEFINDER_GBDT';
const engines = new Map<GbdtEngineName, Promise<GbdtEngine>>();

function loadNamed(name: GbdtEngineName): Promise<GbdtEngine> {
  let pending = engines.get(name);
  if (!pending) {
    pending =
      name === 'libxgboost'
        ? import('./libxgboostEngine').then((m) => m.loadLibxgboostEngine())
        : import('./mlXgboostEngine').then((m) => m.loadMlXgboostEngine());
    // A failed load is not cached, so a later call can retry (e.g. after installing the library).
    pending.catch(() => engines.delete(name));
    engines.set(name, pending);
  }
  return pending;
}

/**
 * The engine to train with: libxgboost when the shared library loads, else ml-xgboost.
 * `CUEFINDER_GBDT=ml-xgboost|libxgboost` pins one (a pinned engine that fails to load throws).
 */
export async function loadGbdtEngine(env: Record<string, string | undefined> = process.env): Promise<GbdtEngine> {
  const pinned = env[ENGINE_VAR];
  if (pinned === 'ml-xgboost' || pinned === 'libxgboost') return loadNamed(pinned);
  if (pinned) throw new Error(`${ENGINE_VAR}=${pinned} is not supported; use "libxgboost" or "ml-xgboost" (or leave it unset)`);
  try {
    return await loadNamed('libxgboost');
  } catch {
    return loadNamed('ml-xgboost');
  }
}

function checkParams(p: GbdtParams): void {
  const positiveInts: (keyof GbdtParams)[] = ['rounds', 'parallelTrees', 'threads'];
  for (const key of positiveInts) {
    if (!Number.isInteger(p[key]) || (p[key] as number) < 1) throw new Error(`gbdt: ${key} must be a positive integer, got ${p[key]}`);
  }
  if (!(p.learningRate > 0)) throw new Error(`gbdt: learningRate must be > 0, got ${p.learningRate}`);
  for (const key of ['subsample', 'colsampleByNode'] as const) {
    if (!(p[key] > 0 && p[key] <= 1)) throw new Error(`gbdt: ${key} must be in (0, 1], got ${p[key]}`);
  }
  if (p.maxLeaves === 0 && p.maxDepth === 0) throw new Error('gbdt: set maxLeaves or maxDepth (both 0 grows unbounded trees)');
}

function checkRows(rows: LabelledRows, role: string, cols: number): void {
  const { x, y } = rows;
  if (x.rows < 2) throw new Error(`gbdt: ${role} set has ${x.rows} rows; at least 2 are needed`);
  if (x.cols !== cols) throw new Error(`gbdt: ${role} set has ${x.cols} features, expected ${cols}`);
  if (y.length !== x.rows) throw new Error(`gbdt: ${role} set has ${x.rows} rows but ${y.length} labels`);
  const bad = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`gbdt: ${role} label at row ${bad} is ${y[bad]}`);
  const inf = x.data.findIndex((v) => v === Infinity || v === -Infinity);
  if (inf >= 0) throw new Error(`gbdt: ${role} feature at row ${Math.floor(inf / x.cols)}, column ${inf % x.cols} is infinite`);
}

function mean(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}
