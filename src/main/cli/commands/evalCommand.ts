import type { Command } from 'commander';
import { resolve } from 'node:path';
import { BASELINE_NAMES, EVAL_PARTS, evaluateOnDataset, type Evaluation, type MetricsSummary, type RunRecord } from '../../usecases/lab/evaluate';
import { createProgressBar } from '../progressBar';
import { interruptSignal, log, logDatasetRows, numberOption, printJson } from '../context';
import { renderTable } from '../table';

export interface EvalCommandDeps {
  workerScript: () => string;
}

interface EvalCliOptions {
  data: string;
  model?: string;
  runs: number;
  ablationRuns?: number;
  preset: string;
  only?: string[];
  baselines?: string[];
  out?: string;
  json?: boolean;
  untuned?: boolean;
  variant: string;
}

/** A comma-separated option as its names (the use case checks them). */
const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

const cell = (m: MetricsSummary, key: 'mae' | 'mse' | 'r2'): string => `${m[key].mean.toFixed(4)} ± ${m[key].std.toFixed(4)}`;

function renderReport(report: Evaluation): string {
  const rows: (string | number)[][] = [];
  const add = (group: string, name: string, m: MetricsSummary) => rows.push([group, name, cell(m, 'mae'), cell(m, 'mse'), cell(m, 'r2'), m.runs]);
  if (report.afclnet) add('model', 'AFCLNet', report.afclnet);
  for (const [name, m] of Object.entries(report.baselines ?? {})) add('baseline', name, m);
  for (const [table, variants] of Object.entries(report.ablations ?? {})) for (const [name, m] of Object.entries(variants)) add(`ablation: ${table}`, name, m);
  const saved = report.savedModel;
  if (saved) rows.push(['saved model', saved.modelVersion, saved.mae.toFixed(4), saved.mse.toFixed(4), saved.r2.toFixed(4), 1]);
  const p = report.protocol;
  return (
    `test split ${p.split.test} pairs (train ${p.split.train}, val ${p.split.val}), preset ${p.preset}, backend ${p.backend}, ${p.wallSeconds.toFixed(0)} s\n` +
    renderTable(['group', 'name', 'MAE', 'MSE', 'R²', 'runs'], rows)
  );
}

function describeRun(r: RunRecord): string {
  const epoch = r.bestEpoch !== undefined ? `, best epoch ${r.bestEpoch}` : '';
  return `  ${r.kind} ${r.name} seed ${r.seed}: test MAE ${r.test.mae.toFixed(4)} MSE ${r.test.mse.toFixed(4)} R² ${r.test.r2.toFixed(4)} (${r.seconds.toFixed(1)} s${epoch})`;
}

export function registerEvalCommand(program: Command, deps: EvalCommandDeps): void {
  program
    .command('eval')
    .description('compare the matching model with the baselines and ablations on a dataset\'s test split (docs/evaluation.md)')
    .requiredOption('--data <dir>', 'dataset folder (docs/dataset-format.md); its split column gives train/val/test')
    .option('--model <dir>', 'also score this saved model folder on the test split')
    .option('--runs <n>', 'repeated runs, seeds 1..n (AFCLNet and baselines)', numberOption, 10)
    .option('--ablation-runs <n>', 'runs for the ablation tables (default: --runs)', numberOption)
    .option('--preset <name>', 'training preset: fast or paper', 'fast')
    .option('--only <parts>', `what to run: ${EVAL_PARTS.join(',')} (default: all)`, list)
    .option('--baselines <names>', `baselines to run (default all: ${BASELINE_NAMES.join(',')})`, list)
    .option('--out <file>', 'also write the JSON report to this file (and each run, as it ends, to <file>.runs.jsonl)')
    .option('--untuned', 'train AFCLNet with the shipped defaults instead of the validation-tuned choices')
    .option('--variant <name>', 'paper (AFCLNet as published, with the validation-tuned choices) or cuefinder (the shipped variant)', 'paper')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (opts: EvalCliOptions) => {
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      try {
        const report = await evaluateOnDataset(deps, {
          dataDir: opts.data,
          modelDir: opts.model,
          runs: opts.runs,
          ablationRuns: opts.ablationRuns,
          preset: opts.preset,
          parts: opts.only,
          baselines: opts.baselines,
          variant: opts.variant,
          untuned: opts.untuned,
          out: opts.out,
          signal: interrupt.signal,
          onProgress: (done, total, stage) => bar.update({ stage: 'features', done, total, current: stage }),
          onRows: (rows) => {
            bar.done();
            logDatasetRows(rows);
          },
          onStage: (message) => log(message),
          onRun: (r) => log(describeRun(r)),
        });
        if (opts.out) log(`report written to ${resolve(opts.out)}`);
        if (opts.json) printJson(report);
        else process.stdout.write(renderReport(report) + '\n');
      } finally {
        bar.done();
        interrupt.dispose();
      }
    });
}
