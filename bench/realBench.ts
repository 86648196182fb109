import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { scoreToTarget } from '../src/shared/affect';
import { defaultConcurrency, workerPoolExecutor } from '../src/main/engine/library/analysisExecutor';
import { row, type Matrix } from '../src/main/engine/model/matrix';
import { regressionMetrics } from '../src/main/engine/model/trainer';
import { pearson } from '../src/main/engine/model/metrics';
import { loadDatasetSplitRows } from '../src/main/engine/training/datasetRows';
import { estimateMusicMoods, estimateSceneMoods } from '../src/main/engine/affect/moodEstimate';
import { correctedAffinity, hubOffsets } from '../src/main/engine/affect/moodMatch';
import { join, resolve } from 'node:path';
import { AFFECT_DIM, AFFECT_DIMENSIONS } from '../src/shared/affect';
import { openDatabase } from '../src/main/engine/db/database';
import { allFeatureVectors } from '../src/main/engine/db/suggestionRepository';
import { BLEND_MOOD_SHARE, prepareProjectMatching, suggestProject, type Matcher } from '../src/main/engine/project/projectSuggester';
import { disposeCuefinderModel, loadCuefinderModel, scorePairs } from '../src/main/engine/model/cuefinderModel';
import { cueScales } from '../src/main/engine/affect/moodEstimate';
import { prepareHalf, readSplit, type Arousal, type Half, type PreparedHalf } from './realCorpus';

/**
 * `npm run bench -- real`: matching on real recordings (the development corpus of
 * ../shared/corpus, CUEFINDER_REAL_CORPUS), per half of bench/data/real-split.json
 * (CUEFINDER_REAL_HALVES=design,heldOut), for each matcher (CUEFINDER_REAL_MATCHERS; the first
 * listed default is what every release before mood-match/1 ran). docs/results-real.md explains
 * every number; the labels are weak (title keywords and generated camera moves).
 *
 * - ownSoundtrack: each video whose sound is music against the half's library plus its own
 *   extracted soundtrack; a track's score for a video is the mean over its scenes of the track's
 *   best segment score. Rank 1 is best; AUC is the share of other tracks the own track beats.
 * - congruence: per scene of a class (calm or shaking camera move), the AUC of the tracks of the
 *   same arousal hint over those of the other (best segment score), averaged per class; top-1:
 *   the share of scenes whose best-scoring hinted track has the scene's arousal.
 * - hubness: the product's suggestions (suggestProject, repeat penalty and continuity on); the
 *   share of scenes whose top pick is the single most frequent top pick. `rawTop1` is the same
 *   on the plain score argmax.
 * - affectSeparation: per affect dimension (and the mood estimate's arousal axis), the AUC of
 *   high- over low-arousal hinted tracks of the track's mean predicted affect.
 */

export interface RealBenchOptions {
  workDir: string;
  entryDir: string;
}

const MATCHERS: Matcher[] = ['afclnet-bundle', 'afclnet', 'mood', 'blend'];

function cli(entryDir: string, args: string[]): void {
  const r = spawnSync(process.execPath, [join(entryDir, 'cli.js'), ...args, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`cuefinder ${args.join(' ')} exited ${r.status}`);
}

/** P(score of a positive > score of a negative), ties count half. */
export function auc(positive: readonly number[], negative: readonly number[]): number {
  if (!positive.length || !negative.length) return Number.NaN;
  let wins = 0;
  for (const p of positive) for (const n of negative) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positive.length * negative.length);
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : Number.NaN;
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function measureHalf(prepared: PreparedHalf, dbPath: string, matcher: Matcher, modelDir: string): Promise<Record<string, unknown>> {
  const db = openDatabase(dbPath);
  const model = await loadCuefinderModel(modelDir);
  try {
    const m = await prepareProjectMatching(db, prepared.projectDir, model, { matcher });
    if (!m) throw new Error(`${prepared.half}: nothing to match (empty library or project)`);
    const trackIds = [...m.library.trackRows.keys()];
    const trackCol = new Map(trackIds.map((id, i) => [id, i]));
    const pathOf = new Map([...m.timings].map(([id, t]) => [resolve(t.path), id]));
    // Best segment score per (scene, track).
    const best = m.queries.map(() => new Float64Array(trackIds.length).fill(-1));
    for (const [i, q] of m.queries.entries()) {
      const y = await m.scorer(q, m.library.segments);
      m.library.segments.forEach((s, k) => {
        const c = trackCol.get(s.trackId)!;
        if (y[k] > best[i][c]) best[i][c] = y[k];
      });
    }

    const arousalOfTrack = new Map<number, Arousal>();
    for (const t of prepared.tracks) {
      const id = pathOf.get(resolve(t.libraryPath));
      if (id !== undefined && t.arousal) arousalOfTrack.set(id, t.arousal);
    }
    const clipClass = new Map(prepared.clips.map((c) => [resolve(c.path), c.arousal]));

    if (process.env.CUEFINDER_REAL_DEBUG) {
      const by: Record<string, string[]> = {};
      m.scenes.forEach(({ video }, i) => {
        const cls = clipClass.get(resolve(video.path)) ?? 'other';
        (by[cls] ??= []).push(`${m.sceneMoods[i].arousal.toFixed(2)}/${m.sceneMoods[i].valence.toFixed(2)}`);
      });
      process.stderr.write(JSON.stringify(by) + '\n');
    }
    // Mood congruence.
    const perClass: Record<Arousal, { aucs: number[]; top1: number[] }> = { high: { aucs: [], top1: [] }, low: { aucs: [], top1: [] } };
    m.scenes.forEach(({ video }, i) => {
      const cls = clipClass.get(resolve(video.path));
      if (!cls) return;
      const same: number[] = [];
      const other: number[] = [];
      let topScore = -Infinity;
      let topCongruent = 0;
      for (const [id, a] of arousalOfTrack) {
        const y = best[i][trackCol.get(id)!];
        (a === cls ? same : other).push(y);
        if (y > topScore) {
          topScore = y;
          topCongruent = a === cls ? 1 : 0;
        }
      }
      perClass[cls].aucs.push(auc(same, other));
      perClass[cls].top1.push(topCongruent);
    });

    // Own soundtracks.
    const own = prepared.ownSoundtracks.map((o) => {
      const ownId = pathOf.get(resolve(o.trackPath));
      const rows = m.scenes.map((s, i) => (resolve(s.video.path) === resolve(o.videoPath) ? i : -1)).filter((i) => i >= 0);
      if (ownId === undefined || !rows.length) return { video: o.video, missing: true };
      const videoScore = trackIds.map((_, c) => mean(rows.map((i) => best[i][c])));
      const ownScore = videoScore[trackCol.get(ownId)!];
      const others = videoScore.filter((_, c) => trackIds[c] !== ownId);
      const rank = 1 + others.filter((v) => v > ownScore).length;
      return { video: o.video, scenes: rows.length, libraryTracks: trackIds.length, rank, topQuarter: rank <= Math.ceil(trackIds.length / 4), auc: r3(auc([ownScore], others)) };
    });

    // Hubness: the product's own suggestions.
    const suggested = await suggestProject(db, prepared.projectDir, model, { top: 5, matcher });
    const topPicks = suggested.scenes.map((s) => s.suggestions[0]?.trackId).filter((x): x is number => x !== undefined);
    const rawTop = best.map((row) => trackIds[row.indexOf(Math.max(...row))]);
    const hub = (picks: number[]): { share: number; track: string; distinctTracks: number } => {
      const counts = new Map<number, number>();
      for (const p of picks) counts.set(p, (counts.get(p) ?? 0) + 1);
      const [id, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
      return { share: r3(n / Math.max(1, picks.length)), track: m.timings.get(id)?.path.split('/').pop() ?? '', distinctTracks: counts.size };
    };

    // Affect separation of the hinted tracks (track = mean over its segments).
    const trackAffect = new Map<number, Float64Array>();
    const trackArousal = new Map<number, number>();
    m.library.segments.forEach((s, k) => {
      const a = trackAffect.get(s.trackId) ?? new Float64Array(AFFECT_DIM + 1);
      const affect = m.library.trackAffect(s.trackId, s.segmentId);
      for (let d = 0; d < AFFECT_DIM; d++) a[d] += affect[d];
      a[AFFECT_DIM] += 1;
      trackAffect.set(s.trackId, a);
      trackArousal.set(s.trackId, (trackArousal.get(s.trackId) ?? 0) + m.segmentMoods[k].arousal);
    });
    const groupValues = (f: (id: number) => number): { high: number[]; low: number[] } => {
      const out = { high: [] as number[], low: [] as number[] };
      for (const [id, a] of arousalOfTrack) out[a].push(f(id));
      return out;
    };
    const separation: Record<string, number> = {};
    AFFECT_DIMENSIONS.forEach((dim, d) => {
      const g = groupValues((id) => trackAffect.get(id)![d] / trackAffect.get(id)![AFFECT_DIM]);
      separation[dim] = r3(auc(g.high, g.low));
    });
    const ga = groupValues((id) => trackArousal.get(id)! / trackAffect.get(id)![AFFECT_DIM]);
    separation['(mood arousal)'] = r3(auc(ga.high, ga.low));

    return {
      matcher,
      scenes: m.scenes.length,
      tracks: trackIds.length,
      hintedTracks: { high: [...arousalOfTrack.values()].filter((a) => a === 'high').length, low: [...arousalOfTrack.values()].filter((a) => a === 'low').length },
      congruence: {
        highArousalScenes: { scenes: perClass.high.aucs.length, auc: r3(mean(perClass.high.aucs)), top1: r3(mean(perClass.high.top1)) },
        lowArousalScenes: { scenes: perClass.low.aucs.length, auc: r3(mean(perClass.low.aucs)), top1: r3(mean(perClass.low.top1)) },
      },
      hubness: { suggested: hub(topPicks), rawTop1: hub(rawTop) },
      ownSoundtrack: { videos: own, medianRank: median(own.flatMap((o) => ('rank' in o ? [o.rank as number] : []))) },
      affectSeparation: separation,
    };
  } finally {
    disposeCuefinderModel(model);
    db.close();
  }
}

function table(results: Record<string, Record<string, unknown>[]>): string {
  const lines = ['half     matcher          AUC high  AUC low  top1 high  top1 low  hub (suggested)  hub (raw)  own ranks'];
  for (const [half, rows] of Object.entries(results)) {
    for (const r of rows) {
      const c = r.congruence as Record<string, { auc: number; top1: number }>;
      const h = r.hubness as Record<string, { share: number }>;
      const own = (r.ownSoundtrack as { videos: { rank?: number; libraryTracks?: number }[] }).videos.map((o) => `${o.rank}/${o.libraryTracks}`).join(' ');
      lines.push(
        `${half.padEnd(8)} ${String(r.matcher).padEnd(16)} ${c.highArousalScenes.auc.toFixed(3).padStart(8)} ${c.lowArousalScenes.auc.toFixed(3).padStart(8)} ${c.highArousalScenes.top1.toFixed(2).padStart(10)} ${c.lowArousalScenes.top1.toFixed(2).padStart(9)} ${h.suggested.share.toFixed(3).padStart(16)} ${h.rawTop1.share.toFixed(3).padStart(10)}  ${own}`,
      );
    }
  }
  return lines.join('\n');
}

export async function runRealBench(opts: RealBenchOptions): Promise<Record<string, unknown>> {
  const corpus = process.env.CUEFINDER_REAL_CORPUS;
  if (!corpus) {
    const why = 'skipped: set CUEFINDER_REAL_CORPUS to a corpus built by ../shared/corpus/build-dev-corpus.sh (see docs/results-real.md)';
    process.stderr.write(`bench real ${why}\n`);
    return { skipped: why };
  }
  const split = readSplit();
  const halves = (process.env.CUEFINDER_REAL_HALVES?.split(',') ?? ['design', 'heldOut']) as Half[];
  const matchers = (process.env.CUEFINDER_REAL_MATCHERS?.split(',') as Matcher[] | undefined) ?? MATCHERS;
  const modelDir = join(opts.entryDir, '..', '..', 'resources', 'models', 'default');
  const results: Record<string, Record<string, unknown>[]> = {};
  const layout: Record<string, unknown> = {};
  for (const half of halves) {
    const prepared = prepareHalf(corpus, opts.workDir, half, split);
    const dbPath = join(opts.workDir, half, 'bench.db');
    process.stderr.write(`real ${half}: ${prepared.tracks.length} tracks, ${prepared.clips.length} photo clips, ${prepared.ownSoundtracks.length} own soundtracks\n`);
    cli(opts.entryDir, ['index', prepared.libraryDir, '--db', dbPath]);
    cli(opts.entryDir, ['analyze', prepared.projectDir, '--db', dbPath]);
    layout[half] = { tracks: prepared.tracks.length, photoClips: prepared.clips.length, ownSoundtracks: prepared.ownSoundtracks.length };
    results[half] = [];
    for (const matcher of matchers) results[half].push(await measureHalf(prepared, dbPath, matcher, modelDir));
    if (half === 'design') layout.referenceScales = referenceScales(dbPath);
  }
  const printed = table(results);
  process.stderr.write(printed + '\n');
  const synthAffect = await synthAffectCheck(modelDir, opts.entryDir);
  process.stderr.write(`SynthAffect test split: ${JSON.stringify(synthAffect)}\n`);
  return { corpus, layout, results, synthAffect, table: printed.split('\n') };
}

/** The cue features' robust scales over the design half (music segments, scenes): moodEstimate's REFERENCE. */
function referenceScales(dbPath: string): Record<string, unknown> {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    const { segments, scenes } = allFeatureVectors(db);
    return { music: cueScales('music', segments), scene: cueScales('scene', scenes) };
  } finally {
    db.close();
  }
}

/**
 * The SynthAffect v1 seed-42 test split (CUEFINDER_BENCH_DATA, as `npm run bench -- model` uses)
 * scored by the shipped bundle and by the product's matchers, so a change that helps real media
 * and hurts the synthetic benchmark shows. The mood scores are estimated over the test split as
 * one collection (its music as the library, its videos as the project), hub correction included,
 * exactly as suggest does for a project. MAE is of y = (s − 1)/4 as in docs/results.md.
 */
async function synthAffectCheck(modelDir: string, entryDir: string): Promise<Record<string, unknown>> {
  const dataDir = process.env.CUEFINDER_BENCH_DATA;
  if (!dataDir || !existsSync(join(dataDir, 'pairs.csv'))) return { skipped: 'set CUEFINDER_BENCH_DATA to a SynthAffect folder (cuefinder dataset synth --pairs 2200 --seed 42)' };
  const pool = workerPoolExecutor(join(entryDir, 'analysisWorker.js'), defaultConcurrency());
  let test;
  try {
    test = (await loadDatasetSplitRows(dataDir, { audio: pool })).test;
  } finally {
    await pool.close();
  }
  const model = await loadCuefinderModel(modelDir);
  try {
    const truth = Array.from(test.score, scoreToTarget);
    const bundle = Array.from(scorePairs(model, test.audio, test.video).score, scoreToTarget);
    const rowsOf = (m: Matrix): Float32Array[] => Array.from({ length: m.rows }, (_, i) => row(m, i));
    const music = estimateMusicMoods(rowsOf(test.audio));
    const scenes = estimateSceneMoods(rowsOf(test.video));
    const hub = hubOffsets(scenes, music);
    const mood = truth.map((_, i) => correctedAffinity(scenes[i], music[i], hub[i]));
    const blend = mood.map((y, i) => BLEND_MOOD_SHARE * y + (1 - BLEND_MOOD_SHARE) * bundle[i]);
    const report = (y: number[]): Record<string, number> => {
      const m = regressionMetrics(truth, y);
      return { mae: r3(m.mae), r2: r3(m.r2), pearson: r3(pearson(truth, y)) };
    };
    return { pairs: truth.length, model: model.modelVersion, bundle: report(bundle), mood: report(mood), blend: report(blend) };
  } finally {
    disposeCuefinderModel(model);
  }
}
