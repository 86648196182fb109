import { describe, expect, it } from 'vitest';
import { BASELINES } from '../../../../src/main/engine/model/baselines';
import { mse } from '../../../../src/main/engine/model/metrics';
import { task } from './syntheticPairs';

const { train, val, test } = task;
const trainMean = train.y.reduce((s, v) => s + v, 0) / train.y.length;
const meanMse = mse(test.y, new Float32Array(test.y.length).fill(trainMean));

describe('stacking baseline (4 forests + SVR → SVR)', () => {
  const stacking = BASELINES.stacking({ seed: 3 });

  it('beats predicting the training mean on held-out pairs, with outputs in [0, 1]', async () => {
    const started = performance.now();
    await stacking.fit(train, val);
    const predicted = await stacking.predict(test);
    const seconds = (performance.now() - started) / 1000;
    console.log(`stacking: test MSE ${mse(test.y, predicted).toFixed(4)} vs mean ${meanMse.toFixed(4)} in ${seconds.toFixed(1)} s`);
    expect(predicted).toHaveLength(test.y.length);
    expect(predicted.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(mse(test.y, predicted)).toBeLessThan(0.8 * meanMse);
  });

  it('insists on the same affect input at prediction as at fitting', async () => {
    const { pPred: _, ...withoutAffect } = test;
    await expect(stacking.predict(withoutAffect)).rejects.toThrow(/stacking was fitted with pPred/);
  });

  it('refuses to predict before fitting, and names misaligned inputs', async () => {
    const fresh = BASELINES.stacking();
    await expect(fresh.predict(test)).rejects.toThrow(/stacking: predict called before fit/);
    await expect(fresh.fit({ ...train, y: train.y.subarray(1) })).rejects.toThrow(/800 pairs but 799 labels/);
  });
});
