import { AFFECT_DIM } from '../../../shared/affect';
import { matrix, type Matrix } from '../model/matrix';

/**
 * The first-stage space. A segment's (or scene's) retrieval vector is
 * [w_p · unit(DCCA projection), w_a · unit(affect − mean(affect))], so the inner product of a scene
 * and a segment vector is w_p²·cos(projections) + w_a²·corr(affect profiles): a weighted cosine
 * that an inner-product index can search. Segment vectors are built once at indexing time from the
 * stored projection and predicted affect; scene vectors once per analysed scene.
 *
 * Affect is compared by profile (each vector minus its own mean), not around 0.5: predicted affect
 * shrinks toward the training mean, so centring at 0.5 would make every pair look alike.
 */
export interface RetrievalWeights {
  projection: number;
  affect: number;
}

/** Equal shares (w_p² = w_a² = ½), so a vector has unit norm and scores lie in [−1, 1]. */
export const DEFAULT_RETRIEVAL_WEIGHTS: RetrievalWeights = { projection: Math.SQRT1_2, affect: Math.SQRT1_2 };

export function retrievalVector(
  projection: ArrayLike<number>,
  affect: ArrayLike<number>,
  weights: RetrievalWeights = DEFAULT_RETRIEVAL_WEIGHTS,
): Float32Array {
  if (affect.length !== AFFECT_DIM) throw new Error(`affect must have ${AFFECT_DIM} values (got ${affect.length})`);
  const out = new Float32Array(projection.length + AFFECT_DIM);
  writeUnit(projection, 0, weights.projection, out, 0);
  let mean = 0;
  for (let i = 0; i < AFFECT_DIM; i++) mean += affect[i] / AFFECT_DIM;
  writeUnit(affect, mean, weights.affect, out, projection.length);
  return out;
}

/** Retrieval vectors for many rows at once (row i of `projections` pairs with row i of `affects`). */
export function retrievalMatrix(projections: Matrix, affects: Matrix, weights = DEFAULT_RETRIEVAL_WEIGHTS): Matrix {
  if (projections.rows !== affects.rows) {
    throw new Error(`retrievalMatrix: ${projections.rows} projection rows but ${affects.rows} affect rows`);
  }
  const cols = projections.cols + AFFECT_DIM;
  const out = matrix(projections.rows, cols);
  for (let i = 0; i < projections.rows; i++) {
    const p = projections.data.subarray(i * projections.cols, (i + 1) * projections.cols);
    const a = affects.data.subarray(i * affects.cols, (i + 1) * affects.cols);
    out.data.set(retrievalVector(p, a, weights), i * cols);
  }
  return out;
}

/** Writes weight · (x − centre)/‖x − centre‖ into out at offset; a zero vector stays zero (no direction to match). */
function writeUnit(x: ArrayLike<number>, centre: number, weight: number, out: Float32Array, offset: number): void {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] - centre;
    if (!Number.isFinite(v)) throw new Error(`retrieval input has a non-finite value at ${i}`);
    norm += v * v;
  }
  if (norm < 1e-24) return;
  const scale = weight / Math.sqrt(norm);
  for (let i = 0; i < x.length; i++) out[offset + i] = (x[i] - centre) * scale;
}
