import { Command } from 'commander';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerEvalCommand } from '../../../src/main/cli/commands/evalCommand';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { disposeCuefinderModel, saveCuefinderModel } from '../../../src/main/engine/model/cuefinderModel';
import { evaluateModel, trainAffectPredictors, trainCuefinderModel, type AffectPredictors } from '../../../src/main/engine/training/cuefinderModel';
import { loadDatasetSplitRows, type DatasetSplitRows } from '../../../src/main/engine/training/datasetRows';
import { runEvaluation } from '../../../src/main/engine/training/evaluation';
import type { RegressionMetrics } from '../../../src/main/engine/model/trainer';
import { makeTempDir } from '../../helpers/fixtures';
import { writeFeatureDataset } from './featureDataset';

const tmp = makeTempDir('cuefinder-evalcli-');
afterAll(tmp.cleanup);
const dataDir = join(tmp.dir, 'ds');
const modelDir = join(tmp.dir, 'model');

/** Runs `cuefinder eval …` in-process and returns what it printed on stdout. */
async function runEval(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerEvalCommand(program, { workerScript: () => join(tmp.dir, 'no-worker-needed.js') });
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'cuefinder', 'eval', ...args]);
  } finally {
    spy.mockRestore();
    quiet.mockRestore();
  }
  return out.join('');
}

describe('the harness AFCLNet row is the shipped training pipeline', () => {
  let rows: DatasetSplitRows;
  let affect: AffectPredictors;
  let shipped: RegressionMetrics;

  beforeAll(async () => {
    writeFeatureDataset(dataDir, { clips: { train: 150, val: 25, test: 40 }, seed: 11 });
    rows = await loadDatasetSplitRows(dataDir, { audio: inProcessExecutor() });
    affect = await trainAffectPredictors(rows.train, rows.val);
    const { model } = await trainCuefinderModel(rows.train, rows.val, { preset: 'fast', seed: 1, affect });
    try {
      shipped = evaluateModel(model, rows.test);
      await saveCuefinderModel(modelDir, model);
    } finally {
      disposeCuefinderModel(model);
    }
  });

  it('gives the same test metrics as trainCuefinderModel for the same seed and untuned settings', async () => {
    const report = await runEvaluation(rows, { preset: 'fast', runs: 1, parts: ['afclnet'], affect });
    const [run] = report.runs;
    expect([run.name, run.seed]).toEqual(['full', 1]);
    expect(run.test.mae).toBeCloseTo(shipped.mae, 6);
    expect(run.test.r2).toBeCloseTo(shipped.r2, 6);
  });

  it('`eval --json` prints the contract, with the saved model as an extra line', async () => {
    const printed = await runEval(['--data', dataDir, '--model', modelDir, '--runs', '2', '--only', 'baselines', '--baselines', 'affect-similarity,cca-bpnn', '--json']);
    const report = JSON.parse(printed);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['protocol', 'baselines', 'runs', 'savedModel']));
    expect(report.protocol.runsPerTable).toEqual({ afclnet: 0, baselines: 2, ablations: 0 });
    expect(Object.keys(report.baselines)).toEqual(['affect-similarity', 'cca-bpnn']);
    for (const m of Object.values(report.baselines) as Record<string, { mean: number; std: number }>[]) {
      for (const key of ['mae', 'mse', 'r2']) expect(Number.isFinite(m[key].mean) && m[key].std >= 0).toBe(true);
    }
    expect(report.runs).toHaveLength(4);
    expect(report.savedModel.mae).toBeCloseTo(shipped.mae, 6);
    expect(report.savedModel.path).toBe(modelDir);
  });

  it('refuses bad arguments with a sentence naming the flag or the folder', async () => {
    await expect(runEval(['--data', dataDir, '--only', 'afclnet,tables'])).rejects.toThrow(/What to run \(--only\) must list one or more of afclnet, baselines, ablations \(got "tables"\)/);
    await expect(runEval(['--data', dataDir, '--baselines', ','])).rejects.toThrow(/The baselines \(--baselines\) must list one or more of .* \(got none\)/);
    await expect(runEval(['--data', dataDir, '--preset', 'slow'])).rejects.toThrow(/The training preset \(--preset\) must be one of paper, fast \(got "slow"\)/);
    await expect(runEval(['--data', dataDir, '--runs', '2.5'])).rejects.toThrow(/The number of runs \(--runs\) must be a whole number from 1 to 1000 \(got 2\.5\)/);
    await expect(runEval(['--data', dataDir, '--runs', '0'])).rejects.toThrow(/number of runs \(--runs\) .* \(got 0\)/);
    await expect(runEval(['--data', dataDir, '--variant', 'mine'])).rejects.toThrow(/The model variant \(--variant\) must be one of paper, cuefinder/);
    await expect(runEval(['--data', join(tmp.dir, 'missing')])).rejects.toThrow(/The dataset folder \(--data\) .*missing does not exist\./);
    await expect(runEval(['--data', dataDir, '--model', join(tmp.dir, 'nomodel'), '--only', 'baselines'])).rejects.toThrow(/No matching model could be loaded from .*nomodel/);
  });
});
