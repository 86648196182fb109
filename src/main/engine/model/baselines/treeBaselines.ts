import { fitGbdt, loadGbdtEngine, randomForestParams, type GbdtEngine, type GbdtParams, type GradientBoostedRegressor } from '../gbdt/gbdt';
import { matrix, selectRows, type Matrix } from '../matrix';
import { mse } from '../metrics';
import { deriveSeed } from '../rng';
import { AffectSimilarityScore } from './affectSimilarity';
import { CcaFusion } from './ccaFeatures';
import { BlockScaler, checkPairs, clip01, kFolds, withValidation } from './pairs';
import { fitSvr, type SvrModel, type SvrOptions } from './svr';
import type { Baseline, BaselineOptions, LabelledPairs, PairFeatures } from './types';

/** The two tree-based baselines: CCA + XGBoost fused with affective similarity, and stacking. */

/** Boosting on the 48 CCA-fused features. */
export const FUSION_GBDT: Partial<GbdtParams> = { rounds: 500, learningRate: 0.05, maxLeaves: 31, earlyStoppingRounds: 50 };
/** Candidate weights of the XGBoost score in the fusion; the best on validation MSE is used. */
const FUSION_WEIGHTS = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * The 2024 predecessor's hybrid: score x from XGBoost on CCA-fused features, score s from the
 * affective similarity of the music and video affect, final = w·x + (1 − w)·s.
 */
export class CcaXgboostFusionBaseline implements Baseline {
  readonly name = 'cca-xgboost-affect';
  private readonly seed: number;
  private fitted: { fusion: CcaFusion; booster: GradientBoostedRegressor; similarity: AffectSimilarityScore; weight: number } | null =
    null;

  constructor(private readonly options: BaselineOptions = {}) {
    this.seed = options.seed ?? 42;
  }

  /** Weight of the XGBoost score chosen on validation (1 = similarity unused). */
  get fusionWeight(): number | undefined {
    return this.fitted?.weight;
  }

  async fit(train: LabelledPairs, val?: LabelledPairs): Promise<void> {
    checkPairs(train, this.name, train.y);
    if (val) checkPairs(val, this.name, val.y);
    const engine = this.options.engine ?? (await loadGbdtEngine());
    const { fit, check } = withValidation(train, val, deriveSeed(this.seed, 'fusion.holdout'));
    const similarity = AffectSimilarityScore.fit(fit, this.name);
    const fusion = CcaFusion.fit(fit);
    const checkFeatures = fusion.transform(check);
    const booster = fitGbdt(
      engine,
      { x: fusion.transform(fit), y: fit.y },
      { x: checkFeatures, y: check.y },
      { ...FUSION_GBDT, seed: deriveSeed(this.seed, 'fusion.gbdt') },
    );
    const x = booster.predict(checkFeatures);
    const s = similarity.score(check, this.name);
    let best = { weight: 1, loss: Infinity };
    for (const weight of FUSION_WEIGHTS) {
      const loss = mse(check.y, blend(x, s, weight));
      if (loss < best.loss) best = { weight, loss };
    }
    this.fitted = { fusion, booster, similarity, weight: best.weight };
  }

  async predict(data: PairFeatures): Promise<Float32Array> {
    if (!this.fitted) throw new Error(`${this.name}: predict called before fit`);
    checkPairs(data, this.name);
    const { fusion, booster, similarity, weight } = this.fitted;
    return clip01(blend(booster.predict(fusion.transform(data)), similarity.score(data, this.name), weight));
  }
}

function blend(x: Float32Array, s: Float32Array, weight: number): Float32Array {
  return x.map((v, i) => weight * v + (1 - weight) * s[i]);
}

/** Four forests that differ in depth, feature sampling and seed (the paper gives no settings). */
export const STACKING_FORESTS = [
  { trees: 100, maxDepth: 6, colsampleByNode: 0.33 },
  { trees: 100, maxDepth: 8, colsampleByNode: 0.5 },
  { trees: 100, maxDepth: 10, colsampleByNode: 0.33 },
  { trees: 100, maxDepth: 12, colsampleByNode: 0.2 },
] as const;
export const STACKING_BASE_SVR: SvrOptions = { cost: 1, epsilon: 0.05 };
export const STACKING_META_SVR: SvrOptions = { cost: 1, epsilon: 0.02 };
export const STACKING_FOLDS = 5;

interface BaseLearners {
  forests: GradientBoostedRegressor[];
  svr: SvrModel;
}

/**
 * Stacking: four random forests and an RBF ε-SVR on the standardised [xa, xv, pPred], combined by
 * an RBF ε-SVR meta-learner trained on their out-of-fold predictions (k-fold), so the meta-learner
 * never sees a base prediction made on the base learner's own training rows.
 */
export class StackingBaseline implements Baseline {
  readonly name = 'stacking';
  private readonly seed: number;
  private fitted: { usesAffect: boolean; scaler: BlockScaler; base: BaseLearners; metaScaler: BlockScaler; meta: SvrModel } | null = null;

  constructor(private readonly options: BaselineOptions = {}) {
    this.seed = options.seed ?? 42;
  }

  async fit(train: LabelledPairs): Promise<void> {
    checkPairs(train, this.name, train.y);
    const engine = this.options.engine ?? (await loadGbdtEngine());
    const scaler = BlockScaler.fit(this.blocks(train));
    const x = scaler.apply(this.blocks(train), this.name);
    const outOfFold = matrix(train.y.length, STACKING_FORESTS.length + 1);
    for (const [f, rows] of kFolds(train.y.length, STACKING_FOLDS, deriveSeed(this.seed, 'stacking.folds')).entries()) {
      const inFold = new Uint8Array(train.y.length);
      rows.forEach((i) => (inFold[i] = 1));
      const others = Int32Array.from({ length: train.y.length }, (_, i) => i).filter((i) => !inFold[i]);
      const base = await this.fitBase(engine, selectRows(x, others), Float32Array.from(others, (i) => train.y[i]), f);
      const preds = await predictBase(base, selectRows(x, rows));
      rows.forEach((row, k) => preds.forEach((column, j) => (outOfFold.data[row * outOfFold.cols + j] = column[k])));
    }
    const metaScaler = BlockScaler.fit([outOfFold]);
    const meta = await fitSvr(metaScaler.apply([outOfFold], this.name), train.y, STACKING_META_SVR);
    const base = await this.fitBase(engine, x, train.y, STACKING_FOLDS);
    this.fitted = { usesAffect: Boolean(train.pPred), scaler, base, metaScaler, meta };
  }

  async predict(data: PairFeatures): Promise<Float32Array> {
    if (!this.fitted) throw new Error(`${this.name}: predict called before fit`);
    checkPairs(data, this.name);
    const { usesAffect, scaler, base, metaScaler, meta } = this.fitted;
    if (usesAffect !== Boolean(data.pPred)) {
      throw new Error(`${this.name} was fitted ${usesAffect ? 'with' : 'without'} pPred; predict must get the same inputs`);
    }
    const preds = await predictBase(base, scaler.apply(this.blocks(data), this.name));
    const stacked = matrix(data.xa.rows, preds.length);
    preds.forEach((column, j) => column.forEach((v, i) => (stacked.data[i * stacked.cols + j] = v)));
    return clip01(await meta.predict(metaScaler.apply([stacked], this.name)));
  }

  /** The affect block is used when given, as in the paper (ground truth to fit, predicted to test). */
  private blocks(data: PairFeatures): Matrix[] {
    return data.pPred ? [data.xa, data.xv, data.pPred] : [data.xa, data.xv];
  }

  private async fitBase(engine: GbdtEngine, x: Matrix, y: Float32Array, round: number): Promise<BaseLearners> {
    const forests = STACKING_FORESTS.map((forest, j) =>
      fitGbdt(
        engine,
        { x, y },
        undefined,
        randomForestParams(forest.trees, forest.maxDepth, deriveSeed(this.seed, `stacking.rf${j}.${round}`), forest.colsampleByNode),
      ),
    );
    return { forests, svr: await fitSvr(x, y, STACKING_BASE_SVR) };
  }
}

async function predictBase(base: BaseLearners, x: Matrix): Promise<Float32Array[]> {
  return [...base.forests.map((forest) => forest.predict(x)), await base.svr.predict(x)];
}
