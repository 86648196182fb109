import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreToTarget } from '../../../src/shared/affect';
import { afclnetConfig, afclnetParamSpecs, createAfclnet, forwardAfclnet, predictAfclnet, type AfclnetConfig } from '../../../src/main/engine/model/afclnet';
import { afclnetLoss } from '../../../src/main/engine/model/afclnetLoss';
import { toTensor } from '../../../src/main/engine/model/layers';
import { matrix, selectRows } from '../../../src/main/engine/model/matrix';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { regressionMetrics, trainAfclnet, type AfclnetDataset, type AfclnetTraining, type EpochProgress } from '../../../src/main/engine/model/trainer';
import { matchingTask } from './synthetic';

beforeAll(async () => {
  await initTf();
});

const QUICK: AfclnetTraining = { learningRate: 1e-3, batchSize: 128, maxEpochs: 2, patience: 5 };
const weightCount = (c: AfclnetConfig) => afclnetParamSpecs(c).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
const head = (d: AfclnetDataset, n: number): AfclnetDataset => {
  const rows = Array.from({ length: n }, (_, i) => i);
  return { xa: selectRows(d.xa, rows), xv: selectRows(d.xv, rows), p: selectRows(d.p, rows), affect: selectRows(d.affect, rows), score: d.score.slice(0, n) };
};

describe('AFCLNet training', () => {
  it('learns a matching rule that needs both modalities, clearly better than predicting the mean', async () => {
    const train = matchingTask(1200, 1);
    const val = matchingTask(300, 2);
    const test = matchingTask(300, 3);
    const progress: EpochProgress[] = [];
    const started = performance.now();
    const result = await trainAfclnet(train, val, {
      config: afclnetConfig(),
      training: { learningRate: 1e-3, batchSize: 256, maxEpochs: 25, patience: 8 },
      seed: 42,
      onEpoch: (p) => progress.push(p),
    });
    const seconds = (performance.now() - started) / 1000;
    const truth = Array.from(test.score, scoreToTarget);
    const trainMean = Array.from(train.score, scoreToTarget).reduce((a, b) => a + b, 0) / train.score.length;
    const baseline = regressionMetrics(truth, truth.map(() => trainMean));
    const prediction = predictAfclnet(result.model, test);
    const model = regressionMetrics(truth, Array.from(prediction.score, scoreToTarget));
    console.info(
      `AFCLNet test MAE ${model.mae.toFixed(3)} (R² ${model.r2.toFixed(3)}) vs mean predictor ${baseline.mae.toFixed(3)}; ` +
        `${progress.length} epochs in ${seconds.toFixed(1)} s, best epoch ${result.bestEpoch}`,
    );
    expect(model.mae).toBeLessThan(0.7 * baseline.mae);
    expect(model.r2).toBeGreaterThan(0.3);

    expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: progress.length }, (_, i) => i));
    expect(progress[progress.length - 1].trainLoss).toBeLessThan(progress[0].trainLoss);
    const bestVal = Math.min(...progress.map((p) => p.valLoss));
    expect(progress[result.bestEpoch].valLoss).toBe(bestVal);
    // The kept weights are the best epoch's, not the last epoch's.
    expect(result.metrics.mae).toBeCloseTo(progress[result.bestEpoch].valMae, 5);

    expect(prediction.score.every((s) => s >= 1 && s <= 5)).toBe(true);
    expect(prediction.affect!.data.every((a) => a >= 0 && a <= 1)).toBe(true);
    result.model.params.dispose();
  });

  it('is reproducible from its seed', async () => {
    const data = head(matchingTask(300, 4), 300);
    const run = async (seed: number) => {
      const { model } = await trainAfclnet(data, data, { config: afclnetConfig(), training: QUICK, seed });
      const score = predictAfclnet(model, data).score;
      model.params.dispose();
      return Array.from(score);
    };
    const a = await run(9);
    expect(await run(9)).toEqual(a);
    expect(await run(10)).not.toEqual(a);
  });

  it('stops when aborted, reports progress until then and frees its tensors', async () => {
    const data = matchingTask(200, 5);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: number[] = [];
    const run = trainAfclnet(data, data, {
      config: afclnetConfig(),
      training: { ...QUICK, maxEpochs: 50 },
      seed: 1,
      signal: controller.signal,
      onEpoch: (p) => {
        seen.push(p.epoch);
        if (p.epoch === 1) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(seen).toEqual([0, 1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects scores outside the 1–5 scale, naming the set and pair', async () => {
    const data = matchingTask(50, 6);
    const bad = { ...data, score: data.score.map((s, i) => (i === 7 ? 0 : s)) };
    await expect(trainAfclnet(data, bad, { config: afclnetConfig(), training: QUICK, seed: 1 })).rejects.toThrow(/validation set: score 0 of pair 7 is outside the 1–5 scale/);
  });
});

describe('AFCLNet graph switches', () => {
  const full = afclnetConfig();
  const variants: Record<string, Partial<AfclnetConfig>> = {
    'no self-attention': { useSelfAttention: false },
    'no mutual attention': { useMutualAttention: false },
    'no affect task': { useAffectTask: false },
    'perceptual input only': { inputs: 'perceptual' },
    'objective input only': { inputs: 'objective' },
    'token attention': { attnMode: 'token' },
  };

  it.each(Object.entries(variants))('%s has fewer weights than the full model and still trains', async (_, overrides) => {
    const config = afclnetConfig(overrides);
    expect(weightCount(config)).toBeLessThan(weightCount(full));
    const data = matchingTask(256, 7);
    const { model, history } = await trainAfclnet(data, data, { config, training: QUICK, seed: 2 });
    expect(history.every((h) => Number.isFinite(h.trainLoss) && Number.isFinite(h.valLoss))).toBe(true);
    expect(history[1].trainLoss).toBeLessThan(history[0].trainLoss);
    const prediction = predictAfclnet(model, data);
    expect(prediction.score.every(Number.isFinite)).toBe(true);
    expect(prediction.affect === null).toBe(overrides.useAffectTask === false);
    model.params.dispose();
  });

  it('ignores the objective features when only perceptual input is used', () => {
    const model = createAfclnet(afclnetConfig({ inputs: 'perceptual' }), 1);
    const data = matchingTask(20, 8);
    const other = matchingTask(20, 9);
    const a = predictAfclnet(model, data).score;
    const b = predictAfclnet(model, { ...data, xa: other.xa, xv: other.xv }).score;
    expect(Array.from(b)).toEqual(Array.from(a));
    model.params.dispose();
  });

  it('pools consecutive triples or per affect dimension, with the same weights', () => {
    const data = matchingTask(20, 10);
    const elementwise = createAfclnet(afclnetConfig({ poolMode: 'elementwise' }), 3);
    const consecutive = createAfclnet(afclnetConfig({ poolMode: 'consecutive' }), 3);
    expect(weightCount(consecutive.config)).toBe(weightCount(elementwise.config));
    expect(Array.from(predictAfclnet(consecutive, data).score)).not.toEqual(Array.from(predictAfclnet(elementwise, data).score));
    elementwise.params.dispose();
    consecutive.params.dispose();
  });

  it('refuses inconsistent configs', () => {
    expect(() => afclnetConfig({ selfHeads: 7 })).toThrow(/selfHeads 7 must divide audioDim 80/);
    expect(() => afclnetConfig({ mutualHeads: 3 })).toThrow(/mutualHeads 3 must divide affectDim 16/);
  });
});

describe('AFCLNet loss', () => {
  it('counts affect and feature consistency on matched pairs only and stays finite without any', () => {
    const c = afclnetConfig({ lambdaAff: 1, lambdaFc: 1 });
    const out = {
      match: tf.tensor1d([0.5, 0.5]),
      affect: tf.tensor2d([[1, 1], [0, 0]]),
      sv: tf.tensor2d([[1, 0], [5, 5]]),
      sa: tf.tensor2d([[0, 0], [0, 0]]),
    };
    const targets = (matched: number[]) => ({ y: tf.tensor1d([0.75, 0.25]), affect: tf.tensor2d([[0, 0], [0, 0]]), matched: tf.tensor1d(matched) });
    const value = (t: tf.Scalar) => t.dataSync()[0];
    const firstMatched = afclnetLoss(c, out, targets([1, 0]));
    expect(value(firstMatched.main)).toBeCloseTo(0.25, 6);
    expect(value(firstMatched.affect)).toBeCloseTo(1, 6); // |1−0| over the first row only
    expect(value(firstMatched.consistency)).toBeCloseTo(0.5, 6); // (1² + 0²)/2 dims
    expect(value(firstMatched.total)).toBeCloseTo(1.75, 6);
    const noneMatched = afclnetLoss(c, out, targets([0, 0]));
    expect(value(noneMatched.total)).toBeCloseTo(0.25, 6);
    const noFc = afclnetLoss(afclnetConfig({ useFeatureConsistency: false }), out, targets([1, 1]));
    expect(value(noFc.consistency)).toBe(0);
  });
});

describe('AFCLNet inference', () => {
  it('scores in batches with the same result as one pass, and checks input shapes', () => {
    const model = createAfclnet(afclnetConfig(), 4);
    const data = matchingTask(50, 11);
    const whole = predictAfclnet(model, data, 1024);
    const chunked = predictAfclnet(model, data, 7);
    whole.score.forEach((s, i) => expect(chunked.score[i]).toBeCloseTo(s, 5));
    const direct = tf.tidy(() => Array.from(forwardAfclnet(model, toTensor(data.xa), toTensor(data.xv), toTensor(data.p)).match.dataSync()));
    whole.score.forEach((s, i) => expect(s).toBeCloseTo(1 + 4 * direct[i], 5));
    expect(predictAfclnet(model, { xa: matrix(0, 80), xv: matrix(0, 80), p: matrix(0, 16) }).score.length).toBe(0);
    expect(() => predictAfclnet(model, { ...data, xa: matrix(50, 40) })).toThrow(/audio representation \(xa\) has 40 columns, the model expects 80/);
    expect(() => predictAfclnet(model, { ...data, p: matrix(49, 16) })).toThrow(/perceptual affect \(p\) has 49 rows, expected 50/);
    model.params.dispose();
  });
});
