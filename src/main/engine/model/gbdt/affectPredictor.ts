import { AFFECT_DIM } from '../../../../shared/affect';
import { matrix, type Matrix } from '../matrix';
import { regressorFromDocument, type GbdtDocument, type GbdtEngineName, type GradientBoostedRegressor } from './treeEnsemble';

/**
 * Predicts the 16 perceptual affect intensities from objective features, one boosted regressor per
 * dimension (the paper's per-dimension LightGBM; here XGBoost with LightGBM-like settings). At
 * inference these predictions replace the ground-truth affect that AFCLNet was trained with.
 * Inference only (the product's side): the trees are evaluated in plain TypeScript; fitting them
 * with XGBoost is the lab's (affectTrainer.ts).
 */

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
