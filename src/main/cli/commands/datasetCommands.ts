import type { Command } from 'commander';
import { SYNTH_DATASET_DEFAULTS, synthesizeDataset } from '../../usecases/lab/synthDataset';
import { createProgressBar } from '../progressBar';
import { interruptSignal, log, numberOption, printJson } from '../context';

export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('benchmark datasets for the matching model');
  dataset
    .command('synth')
    .description('generate SynthAffect: synthetic music–video pairs with simulated ratings (docs/synthaffect.md)')
    .requiredOption('--out <dir>', 'output folder (pairs.csv, affect.csv, meta.json, music/, video/)')
    .option('--pairs <n>', 'number of pairs', numberOption, SYNTH_DATASET_DEFAULTS.pairs)
    .option('--seed <n>', 'random seed', numberOption, SYNTH_DATASET_DEFAULTS.seed)
    .option('--clip-sec <sec>', 'clip length in seconds', numberOption, SYNTH_DATASET_DEFAULTS.clipSec)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (opts: { out: string; pairs: number; seed: number; clipSec: number; json?: boolean }) => {
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      try {
        const res = await synthesizeDataset({
          out: opts.out,
          pairs: opts.pairs,
          seed: opts.seed,
          clipSec: opts.clipSec,
          signal: interrupt.signal,
          onProgress: (done, total, stage) => bar.update({ stage, done, total }),
        });
        bar.done();
        if (opts.json) printJson(res);
        else log(`wrote ${res.pairs} pairs over ${res.clips} clips to ${res.outDir} in ${res.wallSeconds.toFixed(1)} s`);
      } finally {
        bar.done();
        interrupt.dispose();
      }
    });
}
