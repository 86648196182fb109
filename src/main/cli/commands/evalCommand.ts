import type { Command } from 'commander';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { workerPoolExecutor, defaultConcurrency } from '../../engine/library/analysisExecutor';
import { FeatureSchemaMismatchError } from '../../engine/model/bundle';
import type { BaselineName } from '../../engine/model/baselines';
import type { PresetName } from '../../engine/model/trainer';
import { disposeCuefinderModel, evaluateModel, featureSchemaFor, loadCuefinderModel, MODEL_VARIANTS } from '../../engine/training/cuefinderModel';
import { loadDatasetSplitRows } from '../../engine/training/datasetRows';
import {
  BASELINE_NAMES,
  EVAL_PARTS,
  PRESET_NAMES,
  runEvaluation,
  VALIDATION_TUNED,
  type EvalPart,
  type EvaluationReport,
  type MetricsSummary,
  type RunRecord,
} from '../../engine/training/evaluation';
import { createProgressBar } from '../progressBar';
import { CliError, interruptSignal, loadEmbeddingSlots, log, printJson } from '../context';
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
  only: string;
  baselines?: string;
  out?: string;
  json?: boolean;
  untuned?: boolean;
  variant: string;
}

/** The saved bundle's line of the report (`--model`). */
interface SavedModelLine {
  path: string;
  modelVersion: string;
  preset: string;
  mae: number;
  mse: number;
  r2: number;
}

const positiveInt = (what: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${what} must be a non-negative integer (got ${v})`);
  return n;
};

function parseList<T extends string>(value: string, known: readonly T[], flag: string): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((s) => !known.includes(s as T));
  if (unknown.length || !items.length) throw new CliError(`${flag} takes a comma-separated list of ${known.join(', ')} (got ${value})`);
  return items as T[];
}

const cell = (m: MetricsSummary, key: 'mae' | 'mse' | 'r2'): string => `${m[key].mean.toFixed(4)} ± ${m[key].std.toFixed(4)}`;

function renderReport(report: EvaluationReport & { savedModel?: SavedModelLine }): string {
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

async function evaluateSavedModel(dir: string, test: Parameters<typeof evaluateModel>[1]): Promise<SavedModelLine> {
  let model;
  try {
    model = await loadCuefinderModel(dir, featureSchemaFor(await loadEmbeddingSlots()));
  } catch (err) {
    const hint = err instanceof FeatureSchemaMismatchError ? ' (retrain it with `cuefinder train`)' : '';
    throw new CliError(`cannot load the model ${dir}: ${(err as Error).message}${hint}`);
  }
  try {
    const m = evaluateModel(model, test);
    return { path: dir, modelVersion: model.modelVersion, preset: model.preset, mae: m.mae, mse: m.mse, r2: m.r2 };
  } finally {
    disposeCuefinderModel(model);
  }
}

export function registerEvalCommand(program: Command, deps: EvalCommandDeps): void {
  program
    .command('eval')
    .description('compare the matching model with the baselines and ablations on a dataset\'s test split (docs/evaluation.md)')
    .requiredOption('--data <dir>', 'dataset folder (docs/dataset-format.md); its split column gives train/val/test')
    .option('--model <dir>', 'also score this saved model folder on the test split')
    .option('--runs <n>', 'repeated runs, seeds 1..n (AFCLNet and baselines)', positiveInt('--runs'), 10)
    .option('--ablation-runs <n>', 'runs for the ablation tables (default: --runs)', positiveInt('--ablation-runs'))
    .option('--preset <name>', 'training preset: fast or paper', 'fast')
    .option('--only <parts>', `what to run: ${EVAL_PARTS.join(',')}`, EVAL_PARTS.join(','))
    .option('--baselines <names>', `baselines to run (default all: ${BASELINE_NAMES.join(',')})`)
    .option('--out <file>', 'also write the JSON report to this file (and each run, as it ends, to <file>.runs.jsonl)')
    .option('--untuned', 'train AFCLNet with the shipped defaults instead of the validation-tuned choices')
    .option('--variant <name>', 'paper (AFCLNet as published, with the validation-tuned choices) or cuefinder (the shipped variant)', 'paper')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (opts: EvalCliOptions) => {
      if (!PRESET_NAMES.includes(opts.preset as PresetName)) throw new CliError(`--preset must be one of ${PRESET_NAMES.join(', ')} (got ${opts.preset})`);
      if (opts.runs < 1) throw new CliError('--runs must be at least 1');
      if (!(opts.variant in MODEL_VARIANTS)) throw new CliError(`--variant must be one of ${Object.keys(MODEL_VARIANTS).join(', ')} (got ${opts.variant})`);
      const parts = parseList<EvalPart>(opts.only, EVAL_PARTS, '--only');
      const baselines = opts.baselines ? parseList<BaselineName>(opts.baselines, BASELINE_NAMES, '--baselines') : undefined;
      const dataDir = resolve(opts.data);
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      const slots = await loadEmbeddingSlots();
      const audio = workerPoolExecutor(deps.workerScript(), defaultConcurrency(), slots.audio);
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
        const { train, val, test } = rows;
        log(`pairs: ${train.ids.length} train, ${val.ids.length} val, ${test.ids.length} test (${rows.skipped} skipped for missing features or labels)`);
        if (train.ids.length < 20 || val.ids.length < 2 || test.ids.length < 2) {
          throw new CliError(`too few usable pairs to evaluate (train ${train.ids.length}, val ${val.ids.length}, test ${test.ids.length})`);
        }
        const savedModel = opts.model ? await evaluateSavedModel(resolve(opts.model), test) : undefined;
        const outFile = opts.out ? resolve(opts.out) : undefined;
        if (outFile) mkdirSync(dirname(outFile), { recursive: true });
        const tuning =
          opts.variant === 'cuefinder' ? MODEL_VARIANTS.cuefinder : opts.untuned ? { afclnet: {}, training: {} } : VALIDATION_TUNED;
        let report: EvaluationReport;
        try {
          report = await runEvaluation(rows, {
            preset: opts.preset as PresetName,
            runs: opts.runs,
            ablationRuns: opts.ablationRuns,
            parts,
            baselines,
            afclnet: tuning.afclnet,
            training: tuning.training,
            signal: interrupt.signal,
            onStage: (message) => log(message),
            onRun: (r) => {
              log(describeRun(r));
              if (outFile) appendFileSync(`${outFile}.runs.jsonl`, JSON.stringify(r) + '\n');
            },
          });
        } catch (err) {
          if (interrupt.signal.aborted) throw new CliError('evaluation cancelled', 130);
          throw err;
        }
        const out = { ...report, ...(savedModel ? { savedModel } : {}), dataset: { dir: dataDir, meta: rows.dataset.meta } };
        if (outFile) {
          writeFileSync(outFile, JSON.stringify(out, null, 2) + '\n');
          log(`report written to ${outFile}`);
        }
        if (opts.json) printJson(out);
        else process.stdout.write(renderReport(out) + '\n');
      } finally {
        bar.done();
        interrupt.dispose();
        await audio.close();
      }
    });
}
