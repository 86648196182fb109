import { scoreToTarget } from '../../../shared/affect';
import { afclnetConfig, DEFAULT_AFCLNET_CONFIG, perceptualInput, predictAfclnet, type AfclnetConfig } from '../model/afclnet';
import { BASELINES, type BaselineName, type LabelledPairs, type PairFeatures } from '../model/baselines';
import { regressionMetrics, PRESETS, type AfclnetTraining, type PresetName, type RegressionMetrics } from '../model/trainer';
import { initTf, type TfBackendInfo } from '../model/tfBackend';
import { predictFusedAffect } from '../model/cuefinderModel';
import { trainAffectPredictors, trainMatchingHead, type AffectPredictors } from './cuefinderModel';
import type { PairRows } from './pairRows';
import { fitReduction, type FeatureReduction, type ReductionMode } from './reduction';

/**
 * The paper's evaluation protocol in one harness (docs/evaluation.md): AFCLNet, the comparison
 * baselines and the ablation variants trained on the same train split, model-selected on the same
 * validation split, scored on the same test split with *predicted* affect, repeated over seeds
 * 1..runs (model initialisation and shuffles; the split never changes) and summarised as mean ± std.
 */

export type EvalPart = 'afclnet' | 'baselines' | 'ablations';
export const EVAL_PARTS: readonly EvalPart[] = ['afclnet', 'baselines', 'ablations'];

/** One trainable AFCLNet pipeline: a reduction step and overrides of the default AFCLNet config. */
export interface EvalVariant {
  readonly reduction: ReductionMode;
  readonly afclnet: Partial<AfclnetConfig>;
}

const NO_CONSTRAINTS = { useSelfAttention: false, useMutualAttention: false, useFeatureConsistency: false } as const;

/** Every distinct pipeline the tables need; `full` is AFCLNet itself and fills one row of each table. */
export const EVAL_VARIANTS = {
  full: { reduction: 'adaptive-dcca', afclnet: {} },
  'perceptual-only': { reduction: 'adaptive-dcca', afclnet: { inputs: 'perceptual' } },
  'objective-only': { reduction: 'adaptive-dcca', afclnet: { inputs: 'objective' } },
  'no-reduction': { reduction: 'none', afclnet: {} },
  'single-dcca': { reduction: 'single-dcca', afclnet: {} },
  'base-cgc': { reduction: 'adaptive-dcca', afclnet: NO_CONSTRAINTS },
  'cgc+self-attention': { reduction: 'adaptive-dcca', afclnet: { ...NO_CONSTRAINTS, useSelfAttention: true } },
  'cgc+cross-attention': { reduction: 'adaptive-dcca', afclnet: { ...NO_CONSTRAINTS, useMutualAttention: true } },
  'cgc+feature-consistency': { reduction: 'adaptive-dcca', afclnet: { ...NO_CONSTRAINTS, useFeatureConsistency: true } },
  'no-auxiliary-task': { reduction: 'adaptive-dcca', afclnet: { useAffectTask: false } },
} as const satisfies Record<string, EvalVariant>;

export type VariantId = keyof typeof EVAL_VARIANTS;

/** The paper's Tables 3–6: row name → the variant that fills it. */
export const ABLATION_TABLES = {
  inputs: { 'perceptual-only': 'perceptual-only', 'objective-only': 'objective-only', both: 'full' },
  reduction: { none: 'no-reduction', 'one-dcca': 'single-dcca', 'adaptive-dcca': 'full' },
  constraints: {
    'base-cgc': 'base-cgc',
    '+self-attention': 'cgc+self-attention',
    '+cross-attention': 'cgc+cross-attention',
    '+feature-consistency': 'cgc+feature-consistency',
    all: 'full',
  },
  auxiliary: { none: 'no-auxiliary-task', 'affect-16': 'full' },
} as const satisfies Record<string, Record<string, VariantId>>;

export const BASELINE_NAMES = Object.keys(BASELINES) as BaselineName[];

/**
 * AFCLNet's open choices as tuned on SynthAffect's *validation* split (seed-1–3 runs of the fast
 * preset; docs/results.md lists every setting tried). Tuning never looked at the test split.
 */
export const VALIDATION_TUNED: { afclnet: Partial<AfclnetConfig>; training: Partial<AfclnetTraining> } = {
  afclnet: { selfResidual: false },
  training: { batchSize: 64 },
};
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export interface MetricSummary {
  mean: number;
  /** Sample standard deviation over runs (n − 1 denominator); 0 for a single run. */
  std: number;
}

export interface MetricsSummary {
  mae: MetricSummary;
  mse: MetricSummary;
  r2: MetricSummary;
  runs: number;
}

/** One trained-and-tested model. */
export interface RunRecord {
  kind: 'afclnet' | 'baseline';
  /** A VariantId for AFCLNet pipelines, a baseline name otherwise. */
  name: string;
  seed: number;
  test: RegressionMetrics;
  /** AFCLNet's validation metrics of the kept epoch (predicted affect), for tuning on validation only. */
  val?: RegressionMetrics;
  bestEpoch?: number;
  seconds: number;
}

export interface EvaluationSplits {
  train: PairRows;
  val: PairRows;
  test: PairRows;
}

export interface EvaluationOptions {
  preset: PresetName;
  /** AFCLNet and the baselines run with seeds 1..runs. */
  runs: number;
  /** Ablation variants run with seeds 1..ablationRuns (default: runs). */
  ablationRuns?: number;
  parts?: readonly EvalPart[];
  baselines?: readonly BaselineName[];
  /** Applied to every AFCLNet variant before its own switches (the tuned open choices). */
  afclnet?: Partial<AfclnetConfig>;
  /** Overrides of the preset's AFCLNet schedule, for every variant. */
  training?: Partial<AfclnetTraining>;
  /** Affect predictors already trained on these train/val rows (otherwise trained here, once). */
  affect?: AffectPredictors;
  signal?: AbortSignal;
  onStage?: (message: string) => void;
  onRun?: (record: RunRecord) => void;
}

export interface EvaluationProtocol {
  preset: PresetName;
  split: { train: number; val: number; test: number };
  seeds: number[];
  runsPerTable: { afclnet: number; baselines: number; ablations: number };
  target: string;
  affectAtTest: string;
  summary: string;
  backend: string;
  afclnet: Partial<AfclnetConfig>;
  training: Partial<AfclnetTraining>;
  wallSeconds: number;
}

export interface EvaluationReport {
  protocol: EvaluationProtocol;
  afclnet?: MetricsSummary;
  baselines?: Record<string, MetricsSummary>;
  ablations?: Record<string, Record<string, MetricsSummary>>;
  runs: RunRecord[];
}

function meanStd(values: readonly number[]): MetricSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}

/** Mean and sample std of each metric over runs (at least one). */
export function summarizeRuns(runs: readonly RegressionMetrics[]): MetricsSummary {
  if (runs.length === 0) throw new Error('cannot summarise zero runs');
  return {
    mae: meanStd(runs.map((r) => r.mae)),
    mse: meanStd(runs.map((r) => r.mse)),
    r2: meanStd(runs.map((r) => r.r2)),
    runs: runs.length,
  };
}

/** The reduction and full AFCLNet config a variant trains with (the tuned overrides first, then its switches). */
export function variantConfig(id: VariantId, reductionDims: { audioDim: number; videoDim: number }, tuned: Partial<AfclnetConfig> = {}): { reduction: ReductionMode; afclnet: AfclnetConfig } {
  const v: EvalVariant = EVAL_VARIANTS[id];
  const dims = { audioDim: reductionDims.audioDim, videoDim: reductionDims.videoDim };
  return { reduction: v.reduction, afclnet: afclnetConfig({ ...dims, ...tuned, ...v.afclnet }) };
}

/** Which AFCLNet variants a seed needs, grouped by reduction so each reduction is fitted once per seed. */
export function variantsForSeed(seed: number, parts: readonly EvalPart[], runs: number, ablationRuns: number): Map<ReductionMode, VariantId[]> {
  const ids = new Set<VariantId>();
  if (parts.includes('afclnet') && seed <= runs) ids.add('full');
  if (parts.includes('ablations') && seed <= ablationRuns) {
    for (const table of Object.values(ABLATION_TABLES)) for (const id of Object.values(table)) ids.add(id);
  }
  const byReduction = new Map<ReductionMode, VariantId[]>();
  for (const id of Object.keys(EVAL_VARIANTS) as VariantId[]) {
    if (!ids.has(id)) continue;
    const mode = EVAL_VARIANTS[id].reduction;
    byReduction.set(mode, [...(byReduction.get(mode) ?? []), id]);
  }
  return byReduction;
}

const targetsOf = (rows: PairRows): Float32Array => rows.score.map(scoreToTarget);

/** Summaries of the collected runs in the report's shape (tables from the variants' runs). */
export function summarizeReport(runs: readonly RunRecord[], parts: readonly EvalPart[], baselines: readonly string[]): Pick<EvaluationReport, 'afclnet' | 'baselines' | 'ablations'> {
  const of = (kind: RunRecord['kind'], name: string, maxSeed = Infinity) =>
    runs.filter((r) => r.kind === kind && r.name === name && r.seed <= maxSeed).map((r) => r.test);
  const out: Pick<EvaluationReport, 'afclnet' | 'baselines' | 'ablations'> = {};
  if (parts.includes('afclnet')) {
    const full = of('afclnet', 'full');
    if (full.length) out.afclnet = summarizeRuns(full);
  }
  if (parts.includes('baselines')) {
    out.baselines = {};
    for (const name of baselines) {
      const r = of('baseline', name);
      if (r.length) out.baselines[name] = summarizeRuns(r);
    }
  }
  if (parts.includes('ablations')) {
    // Every row of a table uses the same seeds, so a shared `full` row counts only the ablation seeds.
    const ablationSeeds = Math.max(0, ...runs.filter((r) => r.kind === 'afclnet' && r.name !== 'full').map((r) => r.seed));
    out.ablations = {};
    for (const [table, rows] of Object.entries(ABLATION_TABLES)) {
      const summary: Record<string, MetricsSummary> = {};
      for (const [row, id] of Object.entries(rows)) {
        const r = of('afclnet', id, ablationSeeds);
        if (r.length) summary[row] = summarizeRuns(r);
      }
      out.ablations[table] = summary;
    }
  }
  return out;
}

function pairFeatures(rows: PairRows, affect: { music: PairRows['musicAffect']; video: PairRows['videoAffect']; fused: PairRows['fused'] }): PairFeatures {
  return { xa: rows.audio, xv: rows.video, pMusic: affect.music, pVideo: affect.video, pPred: affect.fused };
}

async function runBaseline(name: BaselineName, seed: number, train: LabelledPairs, val: LabelledPairs, test: PairFeatures, yTest: Float32Array): Promise<RegressionMetrics> {
  const baseline = BASELINES[name]({ seed });
  await baseline.fit(train, val);
  return regressionMetrics(yTest, await baseline.predict(test));
}

/**
 * Runs the protocol. Affect predictors are trained once (they do not depend on the seed); per seed,
 * the baselines are fitted, then each reduction is fitted once and every AFCLNet variant that uses
 * it is trained on it. Seeds run in order, so an interrupted sweep still has whole seeds.
 */
export async function runEvaluation(splits: EvaluationSplits, opts: EvaluationOptions): Promise<EvaluationReport> {
  const started = performance.now();
  const backend: TfBackendInfo = await initTf();
  const parts = opts.parts ?? EVAL_PARTS;
  const runs = opts.runs;
  const ablationRuns = parts.includes('ablations') ? (opts.ablationRuns ?? runs) : 0;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer (got ${runs})`);
  if (!Number.isInteger(ablationRuns) || ablationRuns < 0) throw new Error(`ablationRuns must be a non-negative integer (got ${ablationRuns})`);
  const baselineNames = parts.includes('baselines') ? (opts.baselines ?? BASELINE_NAMES) : [];
  for (const name of baselineNames) if (!(name in BASELINES)) throw new Error(`unknown baseline "${name}" (known: ${BASELINE_NAMES.join(', ')})`);
  const { train, val, test } = splits;
  const tuned = opts.afclnet ?? {};
  const say = opts.onStage ?? (() => undefined);

  const clock = performance.now();
  const affect = opts.affect ?? (await trainAffectPredictors(train, val));
  if (!opts.affect) say(`affect predictors trained in ${((performance.now() - clock) / 1000).toFixed(1)} s`);
  const valPred = predictFusedAffect(affect, val.audio, val.video);
  const testPred = predictFusedAffect(affect, test.audio, test.video);
  const yTest = targetsOf(test);
  // The paper's protocol: ground-truth affect when fitting, predicted affect wherever the model is judged.
  const baselineTrain: LabelledPairs = { ...pairFeatures(train, { music: train.musicAffect, video: train.videoAffect, fused: train.fused }), y: targetsOf(train) };
  const baselineVal: LabelledPairs = { ...pairFeatures(val, valPred), y: targetsOf(val) };
  const baselineTest = pairFeatures(test, testPred);

  const records: RunRecord[] = [];
  const record = (r: RunRecord): void => {
    records.push(r);
    opts.onRun?.(r);
  };
  const lastSeed = Math.max(runs, ablationRuns);
  for (let seed = 1; seed <= lastSeed; seed++) {
    opts.signal?.throwIfAborted();
    if (seed <= runs) {
      for (const name of baselineNames) {
        const t0 = performance.now();
        const metrics = await runBaseline(name, seed, baselineTrain, baselineVal, baselineTest, yTest);
        record({ kind: 'baseline', name, seed, test: metrics, seconds: (performance.now() - t0) / 1000 });
        opts.signal?.throwIfAborted();
      }
    }
    for (const [mode, ids] of variantsForSeed(seed, parts, runs, ablationRuns)) {
      const t0 = performance.now();
      say(`seed ${seed}: fitting reduction ${mode}`);
      const { reduction } = await fitReduction(mode, train, val, { preset: opts.preset, seed, headMultiple: tuned.selfHeads ?? DEFAULT_AFCLNET_CONFIG.selfHeads, signal: opts.signal });
      const reductionSeconds = (performance.now() - t0) / 1000;
      try {
        const testObjective = { xa: reduction.audio(test.audio), xv: reduction.video(test.video) };
        for (const id of ids) {
          const t1 = performance.now();
          const r = await trainVariant(id, reduction, affect, splits, tuned, opts, seed);
          try {
            const p = perceptualInput(r.result.model.config, testPred.music, testPred.video);
            const predicted = predictAfclnet(r.result.model, { ...testObjective, p }).score.map(scoreToTarget);
            // The reduction's fitting time is charged to the first variant that needed it.
            const seconds = (performance.now() - t1) / 1000 + (id === ids[0] ? reductionSeconds : 0);
            record({ kind: 'afclnet', name: id, seed, test: regressionMetrics(yTest, predicted), val: r.result.metrics, bestEpoch: r.result.bestEpoch, seconds });
          } finally {
            r.result.model.params.dispose();
          }
        }
      } finally {
        reduction.dispose();
      }
    }
  }

  return {
    protocol: {
      preset: opts.preset,
      split: { train: train.ids.length, val: val.ids.length, test: test.ids.length },
      seeds: Array.from({ length: lastSeed }, (_, i) => i + 1),
      runsPerTable: { afclnet: parts.includes('afclnet') ? runs : 0, baselines: baselineNames.length ? runs : 0, ablations: ablationRuns },
      target: 'y = (score − 1)/4; MAE, MSE, R² on the test split',
      affectAtTest: 'predicted by the GBDT affect predictors trained on the train split (ground truth only when fitting)',
      summary: 'mean and sample standard deviation (n − 1) over seeds; the split is fixed',
      backend: backend.backend,
      afclnet: { ...tuned },
      training: { ...opts.training },
      wallSeconds: (performance.now() - started) / 1000,
    },
    ...summarizeReport(records, parts, baselineNames),
    runs: records,
  };
}

function trainVariant(id: VariantId, reduction: FeatureReduction, affect: AffectPredictors, splits: EvaluationSplits, tuned: Partial<AfclnetConfig>, opts: EvaluationOptions, seed: number) {
  const { afclnet } = variantConfig(id, reduction, tuned);
  return trainMatchingHead(reduction, affect, splits.train, splits.val, { preset: opts.preset, seed, afclnet, training: opts.training, signal: opts.signal });
}
