import type { Command } from 'commander';
import { resolve } from 'node:path';
import { generateSynthAffect, SYNTH_DEFAULTS } from '../../engine/data/synthAffect';
import { createProgressBar } from '../progressBar';
import { CliError, interruptSignal, log, printJson } from '../context';

export function registerDatasetCommands(program: Command): void {
  const dataset = program.command('dataset').description('benchmark datasets for the matching model');
  dataset
    .command('synth')
    .description('generate SynthAffect: synthetic music–video pairs with simulated ratings (docs/synthaffect.md)')
    .requiredOption('--out <dir>', 'output folder (pairs.csv, affect.csv, meta.json, music/, video/)')
    .option('--pairs <n>', 'number of pairs', (v) => Number.parseInt(v, 10), SYNTH_DEFAULTS.pairs)
    .option('--seed <n>', 'random seed', (v) => Number.parseInt(v, 10), SYNTH_DEFAULTS.seed)
    .option('--clip-sec <sec>', 'clip length in seconds', Number.parseFloat, SYNTH_DEFAULTS.clipSec)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (opts: { out: string; pairs: number; seed: number; clipSec: number; json?: boolean }) => {
      if (!Number.isInteger(opts.pairs) || opts.pairs < 4) throw new CliError(`--pairs must be an integer ≥ 4 (got ${opts.pairs})`);
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      const started = performance.now();
      try {
        const res = await generateSynthAffect({
          outDir: resolve(opts.out),
          pairs: opts.pairs,
          seed: opts.seed,
          clipSec: opts.clipSec,
          signal: interrupt.signal,
          onProgress: (done, total, stage) => bar.update({ stage, done, total }),
        });
        bar.done();
        const wallSeconds = (performance.now() - started) / 1000;
        if (opts.json) printJson({ ...res, wallSeconds });
        else log(`wrote ${res.pairs} pairs over ${res.clips} clips to ${res.outDir} in ${wallSeconds.toFixed(1)} s`);
      } finally {
        bar.done();
        interrupt.dispose();
      }
    });
}
