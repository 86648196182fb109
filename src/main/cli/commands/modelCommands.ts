import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { workerPoolExecutor, defaultConcurrency } from '../../engine/library/analysisExecutor';
import { loadDatasetSplitRows } from '../../engine/training/datasetRows';
import { disposeCuefinderModel, evaluateModel, featureSchemaFor, MODEL_VARIANTS, saveCuefinderModel, trainCuefinderModel, type ModelVariant } from '../../engine/training/cuefinderModel';
import { createProgressBar } from '../progressBar';
import { CliError, interruptSignal, loadEmbeddingSlots, log, openCliContext, printJson } from '../context';
import { fineTuneOnYourRatings } from '../../usecases/fineTune';
import type { PresetName } from '../../engine/model/trainer';

export interface ModelCommandDeps {
  workerScript: () => string;
  defaultModelDir: () => string;
}

interface TrainCliOptions {
  data?: string;
  variant: string;
  fromRatings?: boolean;
  model?: string;
  db?: string;
  preset: PresetName;
  seed: number;
  out?: string;
  json?: boolean;
}

export function registerModelCommands(program: Command, deps: ModelCommandDeps): void {
  program
    .command('train')
    .description('train the matching model (AFCLNet pipeline) on a dataset folder (docs/dataset-format.md)')
    .option('--data <dir>', 'dataset folder with pairs.csv and affect.csv (e.g. from `dataset synth`)')
    .option('--from-ratings', 'fine-tune a model on the ratings stored with `rate` (or the app) instead')
    .option('--model <dir>', 'with --from-ratings: the model to start from (default: the shipped model)')
    .option('--db <path>', 'with --from-ratings: database holding the ratings')
    .option('--preset <name>', 'fast (minutes on CPU) or paper (the published schedule)', 'fast')
    .option('--variant <name>', 'cuefinder (per-modality affect; the shipped model) or paper (AFCLNet as published)', 'cuefinder')
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), 42)
    .option('--out <dir>', 'model folder to write (default: <data folder>/models/<version>)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (opts: TrainCliOptions) => {
      if (opts.fromRatings) return fineTuneCommand(opts, deps);
      if (!opts.data) throw new CliError('give --data DIR (a dataset folder) or --from-ratings');
      if (!(opts.variant in MODEL_VARIANTS)) throw new CliError(`--variant must be one of ${Object.keys(MODEL_VARIANTS).join(', ')} (got ${opts.variant})`);
      const variant = MODEL_VARIANTS[opts.variant as ModelVariant];
      if (opts.preset !== 'fast' && opts.preset !== 'paper') throw new CliError(`--preset must be fast or paper (got ${opts.preset})`);
      const dataDir = resolve(opts.data);
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      const slots = await loadEmbeddingSlots();
      const audio = workerPoolExecutor(deps.workerScript(), defaultConcurrency(), slots.audio);
      const started = performance.now();
      try {
        const rows = await loadDatasetSplitRows(dataDir, {
          audio,
          videoEmbedding: slots.video,
          signal: interrupt.signal,
          onProgress: (done, total, stage) => bar.update({ stage: 'features', done, total, current: stage }),
        });
        bar.done();
        for (const f of rows.failures) log(`  skipped ${f.path}: ${f.reason}`);
        if (interrupt.signal.aborted) throw new CliError('cancelled while extracting features (extracted clips are cached)', 130);
        const ds = rows.dataset;
        const train = { rows: rows.train };
        const val = { rows: rows.val };
        const test = { rows: rows.test };
        log(`pairs: ${train.rows.ids.length} train, ${val.rows.ids.length} val, ${test.rows.ids.length} test (${rows.skipped} skipped for missing features or labels)`);
        if (train.rows.ids.length < 20 || val.rows.ids.length < 2) throw new CliError(`too few usable pairs to train (train ${train.rows.ids.length}, val ${val.rows.ids.length})`);
        const { model, report } = await trainCuefinderModel(train.rows, val.rows, {
          preset: opts.preset,
          seed: opts.seed,
          featureSchema: featureSchemaFor(slots),
          afclnet: variant.afclnet,
          training: variant.training,
          signal: interrupt.signal,
          onStage: (stage, detail) => log(`training: ${stage}${detail ? ` (${detail})` : ''}`),
          onEpoch: (e) => bar.update({ stage: 'afclnet', done: e.epoch, total: e.epoch + 1, current: `val MAE ${e.valMae.toFixed(4)}` }),
        }).catch((err: unknown) => {
          if (interrupt.signal.aborted) throw new CliError('training cancelled', 130);
          throw new CliError(`training failed: ${(err as Error).message}`);
        });
        bar.done();
        try {
          const testMetrics = test.rows.ids.length ? evaluateModel(model, test.rows) : undefined;
          model.metrics = {
            valMae: report.val.mae,
            valMse: report.val.mse,
            valR2: report.val.r2,
            ...(testMetrics ? { testMae: testMetrics.mae, testMse: testMetrics.mse, testR2: testMetrics.r2 } : {}),
            musicAffectMae: report.affectMae.music,
            videoAffectMae: report.affectMae.video,
            dccaMatchedValCorr: report.dcca.matched.valCorrelation,
            dccaUnmatchedValCorr: report.dcca.unmatched.valCorrelation,
          };
          model.trainingData = {
            dataset: dataDir,
            meta: ds.meta,
            pairs: { train: train.rows.ids.length, val: val.rows.ids.length, test: test.rows.ids.length },
            splitSeed: 42,
            seed: opts.seed,
            variant: opts.variant,
            };
          const out = resolve(opts.out ?? join(dataDir, 'models', model.modelVersion));
          await saveCuefinderModel(out, model);
          const wallSeconds = (performance.now() - started) / 1000;
          const summary = { model: out, modelVersion: model.modelVersion, metrics: model.metrics, bestEpoch: report.bestEpoch, wallSeconds };
          if (opts.json) printJson(summary);
          else log(`model ${model.modelVersion} written to ${out}\n` + Object.entries(model.metrics).map(([k, v]) => `  ${k.padEnd(22)} ${v.toFixed(4)}`).join('\n'));
        } finally {
          disposeCuefinderModel(model);
        }
      } finally {
        bar.done();
        interrupt.dispose();
        await audio.close();
      }
    });
}

async function fineTuneCommand(opts: TrainCliOptions, deps: ModelCommandDeps): Promise<void> {
  const ctx = openCliContext(opts);
  const interrupt = interruptSignal();
  try {
    const result = await fineTuneOnYourRatings(ctx, { modelDir: opts.model ?? deps.defaultModelDir(), out: opts.out, seed: opts.seed, signal: interrupt.signal });
    if (opts.json) printJson(result);
    else {
      log(`fine-tuned on ${result.trainPairs} of ${result.ratings} ratings (${result.skippedStale} from older extractors skipped, ${result.valPairs} held out)`);
      log(`held-out MAE ${result.before.mae.toFixed(4)} → ${result.after.mae.toFixed(4)}${result.valPairs ? '' : ' (too few ratings to hold any out: measured on the training ratings)'}`);
      log(`model written to ${result.model}; use it with --model ${result.model}`);
    }
  } finally {
    interrupt.dispose();
    ctx.close();
  }
}
