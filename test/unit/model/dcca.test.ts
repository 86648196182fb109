import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectAudio, projectVideo, disposeAdaptiveDcca } from '../../../src/main/engine/model/adaptiveDcca';
import { canonicalCorrelations, ccaLoss, ccaObjective, DEFAULT_CCA_REGULARISATION, fitLinearCca, toMat } from '../../../src/main/engine/model/cca';
import { dccaConfig, projectModality } from '../../../src/main/engine/model/dcca';
import { fitAdaptiveDcca, fitDcca, type DccaTraining, type ScoredPairs } from '../../../src/main/engine/model/dccaTrainer';
import { hconcat, matrix, selectRows, type Matrix } from '../../../src/main/engine/model/matrix';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { oddEvenViews } from './synthetic';

beforeAll(async () => {
  await initTf();
});

const asMat = (m: Matrix) => toMat(m.data, m.rows, m.cols);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const TRAINING: DccaTraining = { learningRate: 1e-3, batchSize: 250, maxEpochs: 30, patience: 10 };

function column(m: Matrix, c: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + c]);
}

function pearson(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, i) => {
    ab += (x - ma) * (b[i] - mb);
    aa += (x - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

describe('DCCA', () => {
  it('uses the negative CCA objective as a tf loss whose gradient is the closed form', () => {
    const { a, b } = oddEvenViews(30, 3, 9, 0.5);
    const loss = ccaLoss(DEFAULT_CCA_REGULARISATION);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => loss(x as tf.Tensor2D, y as tf.Tensor2D))([tf.tensor2d(a.data, [30, 3]), tf.tensor2d(b.data, [30, 3])]);
    const reference = ccaObjective(asMat(a), asMat(b));
    expect(loss(tf.tensor2d(a.data, [30, 3]), tf.tensor2d(b.data, [30, 3])).dataSync()[0]).toBeCloseTo(-reference.corr, 5);
    ga.dataSync().forEach((g, i) => expect(g).toBeCloseTo(-reference.grad1.data[i], 5));
    gb.dataSync().forEach((g, i) => expect(g).toBeCloseTo(-reference.grad2.data[i], 5));
  });

  it('turns two nonlinearly related views that linear CCA cannot relate into highly correlated projections', async () => {
    const train = oddEvenViews(1000, 8, 1);
    const val = oddEvenViews(300, 8, 2);
    const linear = fitLinearCca(asMat(train.a), asMat(train.b));
    const linearVal = mean(canonicalCorrelations(linear, asMat(val.a), asMat(val.b)).slice(0, 2));
    const epochs: number[] = [];
    const { model, report } = await fitDcca({ audio: train.a, video: train.b }, { audio: val.a, video: val.b }, {
      config: dccaConfig(8, 8, { hidden: [64, 64, 64], outDim: 2 }),
      training: TRAINING,
      seed: 1,
      onEpoch: (e) => epochs.push(e.valCorrelation),
    });
    console.info(`linear CCA held-out correlation ${linearVal.toFixed(3)} → DCCA ${report.valCorrelation.toFixed(3)} (train ${report.trainCorrelation.toFixed(3)}, ${report.epochs} epochs)`);
    expect(linearVal).toBeLessThan(0.3);
    expect(report.valCorrelation).toBeGreaterThan(0.8);
    expect(report.valComponents[0]).toBeGreaterThanOrEqual(report.valComponents[1] - 0.05);
    expect(epochs.length).toBe(report.epochs);
    expect(report.valCorrelation).toBeCloseTo(Math.max(...epochs), 10);

    // The stored projection pairs component c of audio with component c of video.
    const pa = projectModality(model, 'audio', val.a);
    const pv = projectModality(model, 'video', val.b);
    expect([pa.rows, pa.cols]).toEqual([300, 2]);
    expect(pearson(column(pa, 0), column(pv, 0))).toBeCloseTo(report.valComponents[0], 4);
    expect(Math.abs(pearson(column(pa, 0), column(pv, 1)))).toBeLessThan(0.3);
    model.params.dispose();
  });

  it('explains a too-small training set instead of fitting a degenerate model', async () => {
    const tiny = oddEvenViews(10, 8, 3);
    await expect(
      fitDcca({ audio: tiny.a, video: tiny.b }, { audio: tiny.a, video: tiny.b }, { config: dccaConfig(8, 8, { hidden: [8], outDim: 40 }), training: TRAINING, seed: 1 }),
    ).rejects.toThrow(/training set has 10 pairs; DCCA needs at least 42/);
  });

  it('stops when aborted and frees its tensors', async () => {
    const data = oddEvenViews(200, 8, 4);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = fitDcca({ audio: data.a, video: data.b }, { audio: data.a, video: data.b }, {
      config: dccaConfig(8, 8, { hidden: [16], outDim: 2 }),
      training: { ...TRAINING, maxEpochs: 100, patience: 100 },
      seed: 1,
      signal: controller.signal,
      onEpoch: (e) => e.epoch === 1 && controller.abort(),
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Matched pairs share a latent (score 4); unmatched pairs pair audio with another row's video (score 1.5). */
function scoredPairs(rows: number, seed: number): ScoredPairs {
  const views = oddEvenViews(rows, 8, seed);
  const half = Math.floor(rows / 2);
  const shifted = Array.from({ length: rows }, (_, i) => (i < half ? i : half + ((i - half + 7) % (rows - half))));
  return {
    audio: views.a,
    video: selectRows(views.b, shifted),
    score: Float32Array.from({ length: rows }, (_, i) => (i < half ? 4 : 1.5)),
  };
}

describe('matching-state-adaptive DCCA', () => {
  it('fits one DCCA per matching state and concatenates both projections for every sample', async () => {
    const train = scoredPairs(800, 5);
    const val = scoredPairs(300, 6);
    const states: string[] = [];
    const { model, report } = await fitAdaptiveDcca(train, val, {
      config: dccaConfig(8, 8, { hidden: [32, 32], outDim: 2 }),
      training: { ...TRAINING, maxEpochs: 15 },
      seed: 3,
      onEpoch: (state) => states.push(state),
    });
    console.info(`held-out correlation: matched DCCA ${report.matched.valCorrelation.toFixed(3)}, unmatched DCCA ${report.unmatched.valCorrelation.toFixed(3)}`);
    expect(new Set(states)).toEqual(new Set(['matched', 'unmatched']));
    // Only the matched subset has a shared latent to find.
    expect(report.matched.valCorrelation).toBeGreaterThan(0.6);
    expect(report.unmatched.valCorrelation).toBeLessThan(0.35);

    const xa = projectAudio(model, val.audio);
    const xv = projectVideo(model, val.video);
    expect([xa.cols, xv.cols]).toEqual([4, 4]);
    const matchedVariates = projectModality(model.matched, 'audio', matrix(0, 8));
    expect(matchedVariates.rows).toBe(0);
    // The first block is the matched DCCA's view: on matched rows its audio and video agree.
    const matchedRows = Array.from({ length: 150 }, (_, i) => i);
    const a0 = column(selectRows(xa, matchedRows), 0);
    const v0 = column(selectRows(xv, matchedRows), 0);
    expect(pearson(a0, v0)).toBeGreaterThan(0.6);
    expect(hconcat(xa, xv).cols).toBe(8);
    disposeAdaptiveDcca(model);
  });

  it('names the matching state whose subset is too small', async () => {
    const train = scoredPairs(100, 7);
    const fewMatched = { ...train, score: train.score.map((_, i) => (i < 3 ? 4 : 1)) };
    await expect(
      fitAdaptiveDcca(fewMatched, train, { config: dccaConfig(8, 8, { hidden: [8], outDim: 2 }), training: TRAINING, seed: 1 }),
    ).rejects.toThrow(/matched DCCA: training set has 3 pairs/);
  });
});
