import type { Command } from 'commander';
import { createProgressBar } from '../progressBar';
import { CliError, interruptSignal, log, logDatasetRows, numberOption, openCliContext, printJson } from '../context';
import { fineTuneOnYourRatings } from '../../usecases/lab/fineTune';
import { trainOnDataset } from '../../usecases/lab/trainModel';

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
  preset: string;
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
    .option('--seed <n>', 'random seed', numberOption, 42)
    .option('--out <dir>', 'model folder to write (default: <data folder>/models/<version>)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (opts: TrainCliOptions) => {
      if (opts.fromRatings) return fineTuneCommand(opts, deps);
      if (opts.data === undefined) throw new CliError('give --data DIR (a dataset folder) or --from-ratings');
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      try {
        const summary = await trainOnDataset(deps, {
          dataDir: opts.data,
          preset: opts.preset,
          variant: opts.variant,
          seed: opts.seed,
          out: opts.out,
          signal: interrupt.signal,
          onProgress: (done, total, stage) => bar.update({ stage: 'features', done, total, current: stage }),
          onRows: (rows) => {
            bar.done();
            logDatasetRows(rows);
          },
          onStage: (stage, detail) => log(`training: ${stage}${detail ? ` (${detail})` : ''}`),
          onEpoch: (e) => bar.update({ stage: 'afclnet', done: e.epoch, total: e.epoch + 1, current: `val MAE ${e.valMae.toFixed(4)}` }),
        });
        bar.done();
        if (opts.json) printJson(summary);
        else log(`model ${summary.modelVersion} written to ${summary.model}\n` + Object.entries(summary.metrics).map(([k, v]) => `  ${k.padEnd(22)} ${v.toFixed(4)}`).join('\n'));
      } finally {
        bar.done();
        interrupt.dispose();
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
