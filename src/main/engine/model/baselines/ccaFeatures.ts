import { fitStandardizer, matrix, selectRows, standardize, type Matrix, type Standardizer } from '../matrix';
import { MATCHED_TARGET } from '../metrics';
import { fitCca, projectCca, type CcaModel, type CcaOptions } from './cca';
import type { LabelledPairs, PairFeatures } from './types';

/**
 * CCA fusion of the music and video features, as the CCA-based baselines use it. Following the
 * predecessor's refinement with matched/unmatched pairs, the canonical directions are fitted on the
 * matched training pairs only (whose audio belongs with the picture); the fused vector is
 * [u, v, u⊙v], where u⊙v carries the per-component agreement that separates matched from
 * mismatched pairs.
 */

export const CCA_DEFAULTS: CcaOptions = { components: 16, regularization: 0.1 };
/** Below this many matched pairs the fit falls back to all training pairs. */
const MIN_MATCHED = 30;

export class CcaFusion {
  private constructor(
    private readonly scaleA: Standardizer,
    private readonly scaleV: Standardizer,
    private readonly cca: CcaModel,
  ) {}

  static fit(train: LabelledPairs, options: CcaOptions = CCA_DEFAULTS): CcaFusion {
    const scaleA = fitStandardizer(train.xa);
    const scaleV = fitStandardizer(train.xv);
    const matched = train.y.reduce<number[]>((acc, y, i) => (y >= MATCHED_TARGET ? (acc.push(i), acc) : acc), []);
    const rows = matched.length >= MIN_MATCHED ? matched : Array.from(train.y, (_, i) => i);
    const a = standardize(selectRows(train.xa, rows), scaleA);
    const v = standardize(selectRows(train.xv, rows), scaleV);
    return new CcaFusion(scaleA, scaleV, fitCca(a, v, options));
  }

  get correlations(): number[] {
    return this.cca.correlations;
  }

  /** n×3k fused features. */
  transform(data: PairFeatures): Matrix {
    const { u, v } = projectCca(this.cca, standardize(data.xa, this.scaleA), standardize(data.xv, this.scaleV));
    const k = u.cols;
    const out = matrix(u.rows, 3 * k);
    for (let i = 0; i < u.rows; i++) {
      for (let c = 0; c < k; c++) {
        const a = u.data[i * k + c];
        const b = v.data[i * k + c];
        out.data[i * 3 * k + c] = a;
        out.data[i * 3 * k + k + c] = b;
        out.data[i * 3 * k + 2 * k + c] = a * b;
      }
    }
    return out;
  }
}
