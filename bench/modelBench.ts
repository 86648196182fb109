import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectAudio, projectVideo, disposeAdaptiveDcca } from '../src/main/engine/model/adaptiveDcca';
import { fitAdaptiveDcca } from '../src/main/engine/model/dccaTrainer';
import { predictAfclnet } from '../src/main/engine/model/afclnet';
import { dccaConfig } from '../src/main/engine/model/dcca';
import { matrix, type Matrix } from '../src/main/engine/model/matrix';
import { initTf } from '../src/main/engine/model/tfBackend';
import { PRESETS } from '../src/main/engine/model/trainer';
import { defaultConcurrency, workerPoolExecutor } from '../src/main/engine/library/analysisExecutor';
import { disposeCuefinderModel, predictFusedAffect, saveCuefinderModel, scorePairs, type CuefinderModel } from '../src/main/engine/model/cuefinderModel';
import { trainCuefinderModel, trainMatchingHead } from '../src/main/engine/training/cuefinderModel';
import { loadDatasetSplitRows } from '../src/main/engine/training/datasetRows';
import { adaptiveDccaReduction } from '../src/main/engine/training/reduction';

/**
 * `npm run bench -- model`: training time per preset on a dataset folder (the 2,200 SynthAffect
 * pairs) and scoring throughput, through the whole inference path and through AFCLNet alone.
 * The `paper` preset is timed on a few epochs and extrapolated unless `paperFull` is set: its two
 * 3×1024 DCCAs alone would take longer than a bench run should on a 2-core machine.
 */

export interface ModelBenchOptions {
  workDir: string;
  dataDir: string;
  workerScript: string;
  /** Pairs scored per throughput measurement (test rows repeated); default 20,000. */
  scorePairsCount?: number;
  /** Epochs timed per network for the paper-preset extrapolation; default 2. */
  paperProbeEpochs?: number;
  /** Train the paper preset to the end instead of extrapolating. */
  paperFull?: boolean;
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** `rows` rows made by cycling through m's rows. */
function repeatRows(m: Matrix, rows: number): Matrix {
  const out = matrix(rows, m.cols);
  for (let i = 0; i < rows; i++) out.data.set(m.data.subarray((i % m.rows) * m.cols, ((i % m.rows) + 1) * m.cols), i * m.cols);
  return out;
}

/** Best of `repeats` timed calls, after one warm-up call (wasm compiles kernels on first use). */
function pairsPerSecond(pairs: number, run: () => void, repeats = 3): number {
  run();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, seconds(t0));
  }
  return Math.round(pairs / best);
}

function throughput(model: CuefinderModel, audio: Matrix, video: Matrix): Record<string, number> {
  const n = audio.rows;
  const p = predictFusedAffect(model, audio, video);
  const inputs = { xa: projectAudio(model.dcca, audio), xv: projectVideo(model.dcca, video), p: p.fused };
  return {
    pairs: n,
    endToEndPairsPerSec: pairsPerSecond(n, () => scorePairs(model, audio, video)),
    afclnetOnlyPairsPerSec: pairsPerSecond(n, () => predictAfclnet(model.afclnet, inputs)),
    affectPredictorPairsPerSec: pairsPerSecond(n, () => predictFusedAffect(model, audio, video)),
    dccaProjectionPairsPerSec: pairsPerSecond(n, () => {
      projectAudio(model.dcca, audio);
      projectVideo(model.dcca, video);
    }),
  };
}

export async function runModelBench(opts: ModelBenchOptions): Promise<Record<string, unknown>> {
  const backend = await initTf();
  const audioPool = workerPoolExecutor(opts.workerScript, defaultConcurrency());
  let rows;
  try {
    rows = await loadDatasetSplitRows(opts.dataDir, { audio: audioPool });
  } finally {
    await audioPool.close();
  }
  const { train, val, test } = rows;

  // fast: the whole `cuefinder train` pipeline, stage by stage.
  const stages: Record<string, number> = {};
  let stage = '';
  let stageStart = performance.now();
  const started = performance.now();
  const { model, report } = await trainCuefinderModel(train, val, {
    preset: 'fast',
    seed: 42,
    onStage: (next) => {
      if (stage) stages[stage] = seconds(stageStart);
      stage = next;
      stageStart = performance.now();
    },
  });
  stages[stage] = seconds(stageStart);
  const fastSeconds = seconds(started);

  try {
    const scoreRows = opts.scorePairsCount ?? 20_000;
    const scoring = throughput(model, repeatRows(test.audio, scoreRows), repeatRows(test.video, scoreRows));
    const bundleDir = join(opts.workDir, 'model-fast');
    await saveCuefinderModel(bundleDir, model);
    const bundleBytes = readdirSync(bundleDir).reduce((sum, f) => sum + statSync(join(bundleDir, f)).size, 0);
    const paper = await timePaperPreset(opts, train, val, model, stages.affect ?? 0);
    return {
      backend: backend.backend,
      nativeBackend: backend.native,
      cores: defaultConcurrency(),
      parallelism: 'tfjs wasm runs on one thread; libxgboost (affect predictors) uses 2 threads; the two DCCAs train one after the other',
      dataset: { dir: opts.dataDir, train: train.ids.length, val: val.ids.length, test: test.ids.length },
      training: {
        fast: { seconds: fastSeconds, stages, bestEpoch: report.bestEpoch, dccaEpochs: { matched: report.dcca.matched.epochs, unmatched: report.dcca.unmatched.epochs } },
        paper,
      },
      scoring,
      bundleMegabytes: bundleBytes / 1e6,
      targets: { paperTrainMinutes: 10, scoringPairsPerSec: 20_000 },
    };
  } finally {
    disposeCuefinderModel(model);
  }
}

/** Times the paper preset: fully, or per epoch of each network and extrapolated to its epoch budget. */
async function timePaperPreset(opts: ModelBenchOptions, train: Parameters<typeof trainMatchingHead>[2], val: Parameters<typeof trainMatchingHead>[3], fastModel: CuefinderModel, affectSeconds: number): Promise<Record<string, unknown>> {
  const paper = PRESETS.paper;
  if (opts.paperFull) {
    const t0 = performance.now();
    const { model, report } = await trainCuefinderModel(train, val, { preset: 'paper', seed: 42, affect: fastModel });
    disposeCuefinderModel(model);
    return { measured: 'full run (affect predictors reused from the fast run, their time added)', seconds: seconds(t0) + affectSeconds, bestEpoch: report.bestEpoch };
  }
  const k = opts.paperProbeEpochs ?? 2;
  const t0 = performance.now();
  const { model: dcca } = await fitAdaptiveDcca(
    { audio: train.audio, video: train.video, score: train.score },
    { audio: val.audio, video: val.video, score: val.score },
    { config: dccaConfig(train.audio.cols, train.video.cols, { hidden: paper.dccaHidden }), training: { ...paper.dcca, maxEpochs: k, patience: k }, seed: 42 },
  );
  const dccaEpochSeconds = seconds(t0) / k;
  try {
    const t1 = performance.now();
    const head = await trainMatchingHead(adaptiveDccaReduction(dcca), fastModel, train, val, { preset: 'paper', seed: 42, training: { maxEpochs: k, patience: k } });
    head.result.model.params.dispose();
    const afclnetEpochSeconds = seconds(t1) / k;
    // Each DCCA trains at most maxEpochs; early stopping needs at least patience + 1 epochs.
    const estimate = (dccaEpochs: number, afclnetEpochs: number) => affectSeconds + dccaEpochs * dccaEpochSeconds + afclnetEpochs * afclnetEpochSeconds;
    return {
      measured: `${k} epochs of both DCCAs together and of AFCLNet, extrapolated`,
      dccaEpochSeconds,
      afclnetEpochSeconds,
      affectSeconds,
      secondsAtMaxEpochs: estimate(paper.dcca.maxEpochs, paper.afclnet.maxEpochs),
      secondsAtEarliestStop: estimate(paper.dcca.patience + 1, paper.afclnet.patience + 1),
    };
  } finally {
    disposeAdaptiveDcca(dcca);
  }
}
