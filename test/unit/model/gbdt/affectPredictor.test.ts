import { describe, expect, it } from 'vitest';
import { AFFECT_DIM } from '../../../../src/shared/affect';
import { matrix, type Matrix } from '../../../../src/main/engine/model/matrix';
import { createRng } from '../../../../src/main/engine/model/rng';
import { r2 } from '../../../../src/main/engine/model/metrics';
import { AffectPredictor } from '../../../../src/main/engine/model/gbdt/affectPredictor';
import { trainAffectPredictor } from '../../../../src/main/engine/model/gbdt/affectTrainer';

const FEATURES = 12;

/** Each affect dimension is a squashed nonlinear function of a few features, so it lies in (0, 1). */
function affectData(n: number, seed: number): { x: Matrix; y: Matrix } {
  const rng = createRng(seed);
  const x = matrix(n, FEATURES);
  const y = matrix(n, AFFECT_DIM);
  for (let i = 0; i < n; i++) {
    const r = x.data.subarray(i * FEATURES, (i + 1) * FEATURES);
    for (let j = 0; j < FEATURES; j++) r[j] = rng.next() * 2 - 1;
    for (let d = 0; d < AFFECT_DIM; d++) {
      const z = 2 * r[d % FEATURES] + Math.sin(3 * r[(d + 1) % FEATURES]) + r[(d + 2) % FEATURES] ** 2;
      y.data[i * AFFECT_DIM + d] = 1 / (1 + Math.exp(-z));
    }
  }
  return { x, y };
}

function column(m: Matrix, j: number): Float32Array {
  return Float32Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + j]);
}

const train = affectData(400, 1);
const val = affectData(150, 2);
const test = affectData(300, 3);
const progress: number[] = [];
const predictor = await trainAffectPredictor(train.x, train.y, val.x, val.y, {
  params: { rounds: 200, earlyStoppingRounds: 20 },
  onProgress: (done) => progress.push(done),
});

describe('affect predictor', () => {
  it('predicts all 16 dimensions, each within [0, 1] and well above the mean baseline', () => {
    const out = predictor.predict(test.x);
    expect(out.rows).toBe(300);
    expect(out.cols).toBe(AFFECT_DIM);
    expect(out.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    for (let d = 0; d < AFFECT_DIM; d++) expect(r2(column(test.y, d), column(out, d))).toBeGreaterThan(0.7);
    expect(progress).toEqual(Array.from({ length: AFFECT_DIM }, (_, i) => i + 1));
  });

  it('clips extrapolating trees to [0, 1] on out-of-range inputs', () => {
    const far = matrix(2, FEATURES, new Float32Array(2 * FEATURES).fill(50));
    far.data.fill(-50, FEATURES);
    const out = predictor.predict(far);
    expect(out.data.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('survives a JSON round trip with identical predictions', () => {
    const restored = AffectPredictor.fromJSON(predictor.toJSON());
    expect(restored.engine).toBe(predictor.engine);
    expect(restored.rounds).toEqual(predictor.rounds);
    expect(Array.from(restored.predict(test.x).data)).toEqual(Array.from(predictor.predict(test.x).data));
  });

  it('explains unusable targets and model files', async () => {
    const bad = matrix(train.y.rows, AFFECT_DIM, train.y.data.slice());
    bad.data[3 * AFFECT_DIM + 5] = 3;
    await expect(trainAffectPredictor(train.x, bad, val.x, val.y)).rejects.toThrow(/training target at row 3, dimension 5 is 3/);
    await expect(trainAffectPredictor(train.x, val.y, val.x, val.y)).rejects.toThrow(/150 rows but features have 400/);
    const doc = JSON.parse(predictor.toJSON());
    doc.regressors.pop();
    expect(() => AffectPredictor.fromJSON(JSON.stringify(doc), 'bundle/affect-gbdt.json')).toThrow(
      /bundle\/affect-gbdt.json: affect predictor needs 16 regressors, got 15/,
    );
    expect(() => AffectPredictor.fromJSON('{}', 'bundle/affect-gbdt.json')).toThrow(/bundle\/affect-gbdt.json: not an affect predictor/);
    expect(() => predictor.predict(matrix(1, 3))).toThrow(/expects 12 features, got 3/);
  });
});
