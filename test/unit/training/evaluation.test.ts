import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { afclnetParamSpecs, DEFAULT_AFCLNET_CONFIG } from '../../../src/main/engine/model/afclnet';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { mae } from '../../../src/main/engine/model/metrics';
import { loadDatasetSplitRows, type DatasetSplitRows } from '../../../src/main/engine/training/datasetRows';
import {
  ABLATION_TABLES,
  EVAL_VARIANTS,
  runEvaluation,
  summarizeReport,
  summarizeRuns,
  variantConfig,
  variantsForSeed,
  VALIDATION_TUNED,
  type EvaluationReport,
  type RunRecord,
  type VariantId,
} from '../../../src/main/engine/training/evaluation';
import { makeTempDir } from '../../helpers/fixtures';
import { writeFeatureDataset } from './featureDataset';

const metrics = (v: number) => ({ mae: v, mse: v / 10, r2: 1 - v });

describe('summarizeRuns', () => {
  it('reports the mean and the sample standard deviation of each metric', () => {
    const s = summarizeRuns([metrics(0.1), metrics(0.2), metrics(0.3)]);
    expect(s.runs).toBe(3);
    expect(s.mae.mean).toBeCloseTo(0.2, 12);
    expect(s.mae.std).toBeCloseTo(0.1, 12);
    expect(s.mse.mean).toBeCloseTo(0.02, 12);
    expect(s.mse.std).toBeCloseTo(0.01, 12);
    expect(s.r2.mean).toBeCloseTo(0.8, 12);
    expect(s.r2.std).toBeCloseTo(0.1, 12);
  });

  it('gives a zero spread for one run and refuses zero runs', () => {
    expect(summarizeRuns([metrics(0.4)]).mae).toEqual({ mean: 0.4, std: 0 });
    expect(() => summarizeRuns([])).toThrow(/zero runs/);
  });
});

describe('ablation variants', () => {
  const dims = { audioDim: 80, videoDim: 80 };
  const ids = Object.keys(EVAL_VARIANTS) as VariantId[];

  it('train pairwise different pipelines, and the full one is the default AFCLNet', () => {
    const signatures = ids.map((id) => JSON.stringify(variantConfig(id, dims)));
    expect(new Set(signatures).size).toBe(ids.length);
    expect(variantConfig('full', dims)).toEqual({ reduction: 'adaptive-dcca', afclnet: { ...DEFAULT_AFCLNET_CONFIG, ...dims } });
  });

  it('remove the weights of what they switch off', () => {
    const weights = (id: VariantId) => afclnetParamSpecs(variantConfig(id, dims).afclnet).map((s) => s.name);
    expect(weights('base-cgc').some((n) => n.startsWith('self.') || n.startsWith('mutual.'))).toBe(false);
    expect(weights('cgc+self-attention').some((n) => n.startsWith('self.'))).toBe(true);
    expect(weights('cgc+cross-attention').some((n) => n.startsWith('mutual.'))).toBe(true);
    expect(weights('no-auxiliary-task').some((n) => n.startsWith('tower.affect'))).toBe(false);
    expect(weights('full').some((n) => n.startsWith('tower.affect'))).toBe(true);
  });

  it('fill every row of the paper\'s Tables 3–6, with AFCLNet as the last row of each', () => {
    expect(Object.keys(ABLATION_TABLES)).toEqual(['inputs', 'reduction', 'constraints', 'auxiliary']);
    for (const rows of Object.values(ABLATION_TABLES)) {
      for (const id of Object.values(rows)) expect(ids).toContain(id);
      expect(Object.values(rows).at(-1)).toBe('full');
    }
    expect(Object.keys(ABLATION_TABLES.constraints)).toHaveLength(5);
    expect(variantConfig('single-dcca', dims).reduction).toBe('single-dcca');
    expect(variantConfig('no-reduction', dims).reduction).toBe('none');
  });

  it('are scheduled so each reduction is fitted once per seed, and ablations stop at their own run count', () => {
    const seed1 = variantsForSeed(1, ['afclnet', 'ablations'], 10, 3);
    expect([...seed1.keys()].sort()).toEqual(['adaptive-dcca', 'none', 'single-dcca']);
    expect(seed1.get('adaptive-dcca')![0]).toBe('full');
    expect([...seed1.values()].flat()).toHaveLength(ids.length);
    expect([...variantsForSeed(4, ['afclnet', 'ablations'], 10, 3)]).toEqual([['adaptive-dcca', ['full']]]);
    expect(variantsForSeed(1, ['baselines'], 10, 0).size).toBe(0);
  });
});

describe('summarizeReport', () => {
  it('builds the report shape from run records, each ablation table on the ablation seeds only', () => {
    const runs: RunRecord[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      runs.push({ kind: 'afclnet', name: 'full', seed, test: metrics(0.1 * seed), seconds: 1 });
      runs.push({ kind: 'baseline', name: 'stacking', seed, test: metrics(0.2), seconds: 1 });
    }
    for (const id of Object.keys(EVAL_VARIANTS).filter((v) => v !== 'full')) {
      for (let seed = 1; seed <= 2; seed++) runs.push({ kind: 'afclnet', name: id, seed, test: metrics(0.3), seconds: 1 });
    }
    const out = summarizeReport(runs, ['afclnet', 'baselines', 'ablations'], ['stacking']);
    expect(out.afclnet!.runs).toBe(4);
    expect(out.afclnet!.mae.mean).toBeCloseTo(0.25, 12);
    expect(out.baselines).toEqual({ stacking: summarizeRuns([metrics(0.2), metrics(0.2), metrics(0.2), metrics(0.2)]) });
    expect(Object.keys(out.ablations!)).toEqual(Object.keys(ABLATION_TABLES));
    expect(out.ablations!.inputs.both.runs).toBe(2);
    expect(out.ablations!.inputs.both.mae.mean).toBeCloseTo(0.15, 12);
    expect(Object.keys(out.ablations!.constraints)).toEqual(Object.keys(ABLATION_TABLES.constraints));
  });
});

describe('runEvaluation on a small feature-level dataset', () => {
  const tmp = makeTempDir('cuefinder-eval-');
  afterAll(tmp.cleanup);
  let rows: DatasetSplitRows;
  let report: EvaluationReport;

  beforeAll(async () => {
    const dir = join(tmp.dir, 'ds');
    // ~1000 training pairs: at 800 the DCCA front end was still too noisy to beat affect similarity here.
    writeFeatureDataset(dir, { clips: { train: 500, val: 60, test: 100 }, seed: 7 });
    rows = await loadDatasetSplitRows(dir, { audio: inProcessExecutor() });
    report = await runEvaluation(rows, { preset: 'fast', runs: 1, parts: ['afclnet', 'baselines'], baselines: ['affect-similarity'], ...VALIDATION_TUNED });
  });

  it('reads the split column and the cached features', () => {
    expect([rows.train.ids.length, rows.val.ids.length, rows.test.ids.length]).toEqual([1000, 120, 200]);
    expect(rows.skipped).toBe(0);
  });

  it('reports the contract shape, with summaries of the recorded runs and the tuning it used', () => {
    expect(report.protocol).toMatchObject({
      preset: 'fast',
      seeds: [1],
      split: { train: 1000, val: 120, test: 200 },
      runsPerTable: { afclnet: 1, baselines: 1, ablations: 0 },
      afclnet: VALIDATION_TUNED.afclnet,
      training: VALIDATION_TUNED.training,
    });
    expect(report.ablations).toBeUndefined();
    expect(Object.keys(report.baselines!)).toEqual(['affect-similarity']);
    const full = report.runs.filter((r) => r.kind === 'afclnet');
    expect(full.map((r) => [r.name, r.seed])).toEqual([['full', 1]]);
    expect(report.afclnet).toEqual(summarizeRuns(full.map((r) => r.test)));
    const json = JSON.parse(JSON.stringify(report));
    for (const key of ['mae', 'mse', 'r2']) expect(Object.keys(json.afclnet[key])).toEqual(['mean', 'std']);
  });

  it('AFCLNet beats the mean predictor and the affect-similarity score by a clear margin', () => {
    const y = rows.test.score.map((s) => (s - 1) / 4);
    const trainMean = rows.train.score.reduce((a, s) => a + (s - 1) / 4, 0) / rows.train.score.length;
    const meanPredictorMae = mae(y, new Float32Array(y.length).fill(trainMean));
    const afclnet = report.afclnet!;
    const similarity = report.baselines!['affect-similarity'];
    expect(afclnet.mae.mean).toBeLessThan(0.6 * meanPredictorMae);
    expect(afclnet.mae.mean).toBeLessThan(0.9 * similarity.mae.mean);
    expect(afclnet.r2.mean).toBeGreaterThan(0.5);
  });
});
