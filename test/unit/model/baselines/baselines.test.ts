import { describe, expect, it } from 'vitest';
import { BASELINES, type BaselineName } from '../../../../src/main/engine/model/baselines';
import { CcaXgboostFusionBaseline } from '../../../../src/main/engine/model/baselines/treeBaselines';
import { mse } from '../../../../src/main/engine/model/metrics';
import { task } from './syntheticPairs';

const { train, val, test } = task;
const trainMean = train.y.reduce((s, v) => s + v, 0) / train.y.length;
const meanMse = mse(test.y, new Float32Array(test.y.length).fill(trainMean));

// Stacking has its own file (stacking.test.ts): it takes as long as all the others together.
const names = (Object.keys(BASELINES) as BaselineName[]).filter((name) => name !== 'stacking');

describe.each(names)('baseline %s', (name) => {
  it('beats predicting the training mean on held-out pairs, with outputs in [0, 1]', async () => {
    const baseline = BASELINES[name]({ seed: 3 });
    expect(baseline.name).toBe(name);
    const started = performance.now();
    await baseline.fit(train, val);
    const predicted = await baseline.predict(test);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${name}: test MSE ${mse(test.y, predicted).toFixed(4)} vs mean ${meanMse.toFixed(4)} in ${seconds.toFixed(1)} s`);
    expect(predicted).toHaveLength(test.y.length);
    expect(predicted.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(mse(test.y, predicted)).toBeLessThan(0.8 * meanMse);
  });

  it('refuses to predict before fitting, and names misaligned inputs', async () => {
    const baseline = BASELINES[name]();
    await expect(baseline.predict(test)).rejects.toThrow(new RegExp(`${name}: predict called before fit`));
    await expect(baseline.fit({ ...train, y: train.y.subarray(1) })).rejects.toThrow(/800 pairs but 799 labels/);
  });
});

describe('baseline details', () => {
  it('the fusion baseline picks a weight that actually mixes in the affect similarity', async () => {
    const fusion = new CcaXgboostFusionBaseline({ seed: 3 });
    await fusion.fit(train, val);
    expect(fusion.fusionWeight).toBeGreaterThan(0);
    expect(fusion.fusionWeight).toBeLessThan(1);
  });

  it('the similarity baselines say which affect input is missing', async () => {
    const { pMusic: _, ...withoutMusic } = train;
    await expect(BASELINES['affect-similarity']().fit(withoutMusic)).rejects.toThrow(/needs pMusic/);
  });

  it('is reproducible from its seed', async () => {
    const a = BASELINES['cca-bpnn']({ seed: 5 });
    const b = BASELINES['cca-bpnn']({ seed: 5 });
    await a.fit(train, val);
    await b.fit(train, val);
    expect(Array.from(await a.predict(test))).toEqual(Array.from(await b.predict(test)));
  });
});
