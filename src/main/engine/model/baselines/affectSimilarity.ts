import type { Matrix } from '../matrix';
import { checkPairs, clip01, requireAffect } from './pairs';
import type { Baseline, LabelledPairs, PairFeatures } from './types';

/**
 * Affective similarity: the cosine between a pair's music and video affect vectors. Vectors are
 * centred on the mean training affect first (raw intensities are all positive, so raw cosines
 * crowd near 1), and the cosine is mapped to y by a least-squares line fitted on training pairs;
 * those three statistics are all it learns.
 */

export class AffectSimilarityScore {
  private constructor(
    private readonly centre: Float64Array,
    private readonly intercept: number,
    private readonly slope: number,
  ) {}

  static fit(train: LabelledPairs, who: string): AffectSimilarityScore {
    const music = requireAffect(train, 'pMusic', who);
    const video = requireAffect(train, 'pVideo', who);
    if (music.cols !== video.cols) throw new Error(`${who}: pMusic has ${music.cols} dimensions, pVideo ${video.cols}`);
    const centre = new Float64Array(music.cols);
    for (const m of [music, video]) {
      for (let i = 0; i < m.data.length; i++) centre[i % m.cols] += m.data[i] / (2 * m.rows);
    }
    const s = centredCosines(music, video, centre);
    const { intercept, slope } = leastSquaresLine(s, train.y);
    return new AffectSimilarityScore(centre, intercept, slope);
  }

  /** Calibrated score per pair, in [0, 1]. */
  score(data: PairFeatures, who: string): Float32Array {
    const music = requireAffect(data, 'pMusic', who);
    const video = requireAffect(data, 'pVideo', who);
    if (music.cols !== this.centre.length || video.cols !== this.centre.length) {
      throw new Error(`${who}: affect vectors must have ${this.centre.length} dimensions`);
    }
    return clip01(centredCosines(music, video, this.centre).map((c) => this.intercept + this.slope * c));
  }
}

function centredCosines(music: Matrix, video: Matrix, centre: Float64Array): Float32Array {
  const d = centre.length;
  const out = new Float32Array(music.rows);
  for (let i = 0; i < music.rows; i++) {
    let dot = 0;
    let nm = 0;
    let nv = 0;
    for (let j = 0; j < d; j++) {
      const a = music.data[i * d + j] - centre[j];
      const b = video.data[i * d + j] - centre[j];
      dot += a * b;
      nm += a * a;
      nv += b * b;
    }
    out[i] = nm > 0 && nv > 0 ? dot / Math.sqrt(nm * nv) : 0;
  }
  return out;
}

function leastSquaresLine(x: Float32Array, y: Float32Array): { intercept: number; slope: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: my - slope * mx, slope };
}

/** Zero-training baseline: predicted-affect similarity alone. */
export class AffectSimilarityBaseline implements Baseline {
  readonly name = 'affect-similarity';
  private scorer: AffectSimilarityScore | null = null;

  async fit(train: LabelledPairs): Promise<void> {
    checkPairs(train, this.name, train.y);
    this.scorer = AffectSimilarityScore.fit(train, this.name);
  }

  async predict(data: PairFeatures): Promise<Float32Array> {
    if (!this.scorer) throw new Error(`${this.name}: predict called before fit`);
    checkPairs(data, this.name);
    return this.scorer.score(data, this.name);
  }
}
