import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../../../../src/main/engine/model/matrix';
import { createRng } from '../../../../src/main/engine/model/rng';
import { r2 } from '../../../../src/main/engine/model/metrics';
import {
  fitGbdt,
  loadGbdtEngine,
  randomForestParams,
  regressorFromDocument,
  regressorFromJSON,
  type GbdtEngine,
  type LabelledRows,
} from '../../../../src/main/engine/model/gbdt/gbdt';
import { loadLibxgboostEngine } from '../../../../src/main/engine/model/gbdt/libxgboostEngine';
import { loadMlXgboostEngine } from '../../../../src/main/engine/model/gbdt/mlXgboostEngine';

/** y = sin(3·x0) + x1² + 0.5·x2·x3 + small noise; x4..x7 are distractors. */
function nonlinear(n: number, seed: number, noise = 0.05): LabelledRows {
  const rng = createRng(seed);
  const cols = 8;
  const x = matrix(n, cols);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) x.data[i * cols + j] = rng.next() * 2 - 1;
    const r = x.data.subarray(i * cols, (i + 1) * cols);
    y[i] = Math.sin(3 * r[0]) + r[1] ** 2 + 0.5 * r[2] * r[3] + noise * (rng.next() - 0.5);
  }
  return { x, y };
}

const libxgboost = await loadLibxgboostEngine().catch(() => null);
const mlXgboost = await loadMlXgboostEngine();
const engines: [string, GbdtEngine | null][] = [
  ['libxgboost', libxgboost],
  ['ml-xgboost', mlXgboost],
];

const train = nonlinear(600, 1);
const val = nonlinear(200, 2);
const test = nonlinear(400, 3);

describe.each(engines)('gbdt engine %s', (name, engine) => {
  it.skipIf(!engine)('fits a nonlinear function and stops early on the validation set', () => {
    const model = fitGbdt(engine!, train, val, { rounds: 400, earlyStoppingRounds: 20 });
    expect(model.engine).toBe(name);
    const score = r2(test.y, model.predict(test.x));
    expect(score).toBeGreaterThan(0.8);
    expect(model.rounds).toBeGreaterThan(10);
    expect(model.toDocument().trees).toHaveLength(model.rounds);
  });

  it.skipIf(!engine)('round-trips through JSON with identical predictions', () => {
    const model = fitGbdt(engine!, train, val, { rounds: 60 });
    const restored = regressorFromJSON(model.toJSON());
    expect(restored.engine).toBe(name);
    expect(Array.from(restored.predict(test.x))).toEqual(Array.from(model.predict(test.x)));
  });

  it.skipIf(!engine)('exports trees that predict what the engine itself predicts', () => {
    const settings = engine!.engineSettings({ ...randomForestParams(1, 4, 1), rounds: 30, learningRate: 0.1, subsample: 1, colsampleByNode: 1 }, 0.3);
    const session = engine!.openSession(train, val, settings);
    try {
      for (let i = 0; i < 30; i++) session.boostOneRound(i);
      const native = session.predictValidation();
      const { baseScore, trees } = session.exportTrees();
      const model = regressorFromDocument({
        format: 'cuefinder-gbdt', version: 1, engine: engine!.name, numFeatures: 8, baseScore, rounds: 30, params: settings, trees,
      });
      const ours = model.predict(val.x);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - native[i]));
      expect(worst).toBeLessThan(1e-5);
    } finally {
      session.free();
    }
  });

  it.skipIf(!engine)('keeps few rounds when the labels are pure noise', () => {
    const noise = (n: number, seed: number): LabelledRows => {
      const rng = createRng(seed);
      return { x: nonlinear(n, seed).x, y: Float32Array.from({ length: n }, () => rng.next()) };
    };
    const model = fitGbdt(engine!, noise(400, 5), noise(200, 6), { rounds: 300, earlyStoppingRounds: 20 });
    expect(model.rounds).toBeLessThan(100);
  });

  it.skipIf(!engine)('takes any uint32 seed (deriveSeed gives seeds above 2^31) and is reproducible from it', () => {
    const seed = 0xf1234567;
    const a = fitGbdt(engine!, train, val, { rounds: 20, subsample: 0.7, seed });
    const b = fitGbdt(engine!, train, val, { rounds: 20, subsample: 0.7, seed });
    expect(Array.from(a.predict(test.x))).toEqual(Array.from(b.predict(test.x)));
  });

  it.skipIf(!engine)('grows a random forest in one round of parallel trees', () => {
    const forest = fitGbdt(engine!, train, undefined, randomForestParams(30, 6, 7));
    expect(forest.toDocument().trees).toHaveLength(30);
    expect(r2(test.y, forest.predict(test.x))).toBeGreaterThan(0.5);
  });
});

describe('engine selection', () => {
  it('uses the wasm fallback when CUEFINDER_GBDT=ml-xgboost', async () => {
    expect((await loadGbdtEngine({ CUEFINDER_GBDT: 'ml-xgboost' })).name).toBe('ml-xgboost');
  });

  it('prefers libxgboost when the shared library loads', async () => {
    expect((await loadGbdtEngine({})).name).toBe(libxgboost ? 'libxgboost' : 'ml-xgboost');
  });

  it('rejects an unknown engine name instead of silently falling back', async () => {
    await expect(loadGbdtEngine({ CUEFINDER_GBDT: 'lightgbm' })).rejects.toThrow(/CUEFINDER_GBDT=lightgbm is not supported/);
  });
});

describe('bad input', () => {
  it.skipIf(!libxgboost)('reports libxgboost errors with XGBoost\'s own reason', () => {
    const session = libxgboost!.openSession(train, undefined, { objective: 'no-such-objective' });
    try {
      expect(() => session.boostOneRound(0)).toThrow(/libxgboost XGBoosterUpdateOneIter failed: .*no-such-objective/);
    } finally {
      session.free();
    }
  });

  const tiny: Matrix = matrix(3, 2, Float32Array.from([0, 1, 2, 3, 4, 5]));

  it('names the row of a non-finite label', () => {
    expect(() => fitGbdt(mlXgboost, { x: tiny, y: Float32Array.from([0, NaN, 1]) })).toThrow(/training label at row 1 is NaN/);
  });

  it('refuses a feature matrix of the wrong width at prediction time', () => {
    const model = fitGbdt(mlXgboost, train, undefined, { rounds: 5 });
    expect(() => model.predict(tiny)).toThrow(/expects 8 features, got 2/);
  });

  it('explains why a damaged model file cannot be used', () => {
    const doc = JSON.parse(fitGbdt(mlXgboost, train, undefined, { rounds: 3 }).toJSON());
    doc.trees[1].left[0] = 999;
    expect(() => regressorFromJSON(JSON.stringify(doc))).toThrow(/tree 1 node 0 has child 999/);
    expect(() => regressorFromJSON('{"format":"something-else"')).toThrow(/not valid JSON/);
    expect(() => regressorFromJSON('{"format":"something-else"}')).toThrow(/format is "something-else"/);
  });
});
