import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dataset } from '../../engine/data/datasetFormat';
import { disposeCuefinderModel } from '../../engine/model/cuefinderModel';
import { evaluateModel, MODEL_VARIANTS, type ModelVariant } from '../../engine/training/cuefinderModel';
import {
  BASELINE_NAMES,
  EVAL_PARTS,
  PRESET_NAMES,
  runEvaluation,
  VALIDATION_TUNED,
  type EvaluationReport,
  type MetricsSummary,
  type RunRecord,
} from '../../engine/training/evaluation';
import { UsecaseError } from '../errors';
import { writeOutput } from '../outputs';
import { loadSuggestModel } from '../suggest';
import { expectNames, expectOneOf, expectString, expectWholeNumber } from '../validate';
import { loadLabRows, type DatasetRowsInput, type LabContext } from './datasetRows';

// What the CLI lists in its help and prints: the harness's names and records, as the use case takes them.
export { BASELINE_NAMES, EVAL_PARTS };
export type { MetricsSummary, RunRecord };

/** Repeated runs (seeds 1..n): enough for a mean ± std, few enough to finish. */
const RUNS_RANGE = { min: 1, max: 1000, default: 10 } as const;

export interface EvaluateInput extends DatasetRowsInput {
  /** Also score this saved model folder on the test split. */
  modelDir?: unknown;
  /** Runs per table (seeds 1..runs); default 10. */
  runs?: unknown;
  /** Runs for the ablation tables (0 skips them); default: runs. */
  ablationRuns?: unknown;
  /** Training preset: fast (default) or paper. */
  preset?: unknown;
  /** What to run (EVAL_PARTS); default all. */
  parts?: unknown;
  /** Baselines to run (BASELINE_NAMES); default all. */
  baselines?: unknown;
  /** paper (default: AFCLNet as published, validation-tuned) or cuefinder (the shipped variant). */
  variant?: unknown;
  /** With the paper variant: the shipped defaults instead of the validation-tuned choices. */
  untuned?: boolean;
  /** A file to write the report to, and each run to <file>.runs.jsonl as it ends. */
  out?: unknown;
  onStage?: (message: string) => void;
  onRun?: (record: RunRecord) => void;
}

/** The saved model's line of the report (`--model`). */
export interface SavedModelLine {
  path: string;
  modelVersion: string;
  preset: string;
  mae: number;
  mse: number;
  r2: number;
}

export interface Evaluation extends EvaluationReport {
  savedModel?: SavedModelLine;
  dataset: { dir: string; meta: Dataset['meta'] };
}

/**
 * The paper's evaluation protocol on a dataset folder's test split (docs/evaluation.md): AFCLNet,
 * the baselines and the ablations, repeated over seeds, optionally with a saved model scored on
 * the same split. Every argument is checked before the features are extracted.
 */
export async function evaluateOnDataset(ctx: LabContext, input: EvaluateInput): Promise<Evaluation> {
  const preset = input.preset === undefined ? 'fast' : expectOneOf(input.preset, PRESET_NAMES, 'The training preset (--preset)');
  const runs = input.runs === undefined ? RUNS_RANGE.default : expectWholeNumber(input.runs, 'The number of runs (--runs)', RUNS_RANGE.min, RUNS_RANGE.max);
  const ablationRuns = input.ablationRuns === undefined ? undefined : expectWholeNumber(input.ablationRuns, 'The number of ablation runs (--ablation-runs)', 0, RUNS_RANGE.max);
  const variant = input.variant === undefined ? 'paper' : expectOneOf(input.variant, Object.keys(MODEL_VARIANTS) as ModelVariant[], 'The model variant (--variant)');
  const parts = input.parts === undefined ? EVAL_PARTS : expectNames(input.parts, EVAL_PARTS, 'What to run (--only)');
  const baselines = input.baselines === undefined ? undefined : expectNames(input.baselines, BASELINE_NAMES, 'The baselines (--baselines)');
  const modelDir = input.modelDir === undefined ? undefined : resolve(expectString(input.modelDir, 'The model folder (--model)'));
  const outFile = input.out === undefined ? undefined : resolve(expectString(input.out, 'The report file (--out)'));

  const { dataDir, rows } = await loadLabRows(ctx, input);
  const { train, val, test } = rows;
  if (train.ids.length < 20 || val.ids.length < 2 || test.ids.length < 2) {
    throw new UsecaseError('failed', `Too few usable pairs to evaluate (train ${train.ids.length}, val ${val.ids.length}, test ${test.ids.length}).`);
  }
  let savedModel: SavedModelLine | undefined;
  if (modelDir) {
    const model = await loadSuggestModel(modelDir);
    try {
      const m = evaluateModel(model, test);
      savedModel = { path: modelDir, modelVersion: model.modelVersion, preset: model.preset, mae: m.mae, mse: m.mse, r2: m.r2 };
    } finally {
      disposeCuefinderModel(model);
    }
  }
  if (outFile) mkdirSync(dirname(outFile), { recursive: true });
  const tuning = variant === 'cuefinder' ? MODEL_VARIANTS.cuefinder : input.untuned ? { afclnet: {}, training: {} } : VALIDATION_TUNED;
  const report = await runEvaluation(rows, {
    preset,
    runs,
    ablationRuns,
    parts,
    baselines,
    afclnet: tuning.afclnet,
    training: tuning.training,
    signal: input.signal,
    onStage: input.onStage,
    onRun: (r) => {
      input.onRun?.(r);
      if (outFile) appendFileSync(`${outFile}.runs.jsonl`, JSON.stringify(r) + '\n');
    },
  }).catch((err: unknown) => {
    input.signal?.throwIfAborted();
    throw err;
  });
  const result: Evaluation = { ...report, ...(savedModel ? { savedModel } : {}), dataset: { dir: dataDir, meta: rows.dataset.meta } };
  if (outFile) writeOutput(outFile, JSON.stringify(result, null, 2) + '\n');
  return result;
}
