import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFFECT_DIMENSIONS } from '../../../shared/affect';
import { AFFECT_MODEL_PARAMS, DIMENSION_ANCHORS, MOOD_DEFINITIONS } from './affectModel';
import { formatCsv } from './csv';
import {
  AFFECT_FILE,
  DATASET_FORMAT,
  DATASET_FORMAT_VERSION,
  META_FILE,
  PAIRS_FILE,
  SPLIT_SEED,
  formatAffectCsv,
  formatPairsCsv,
  splitPairs,
  type Split,
} from './datasetFormat';
import { encodeAudio, encodeVideo } from './encode';
import { MUSIC_PARAMS, synthesizeMusic } from './musicSynth';
import { RATER_PARAMS, mean, sampleSd } from './raters';
import { musicClipId, planSynthAffect, videoClipId, type SynthClip, type SynthPlan } from './synthAffectPlan';
import { VIDEO_PARAMS, createFrameRenderer } from './videoRender';

/** Bump on any change to what a (pairs, seed) produces; it is written to meta.json. */
export const SYNTH_AFFECT_VERSION = '1.0.0';

export interface SynthAffectOptions {
  outDir: string;
  /** Number of pairs (default 2200, the paper's size); ⌈pairs/2⌉ clips are rendered. */
  pairs?: number;
  seed?: number;
  clipSec?: number;
  videoSize?: { width: number; height: number };
  /** Frame rate as ffmpeg reads it: '25', '30000/1001'. */
  fps?: string;
  signal?: AbortSignal;
  /** Called after each encoded file (stage 'media') and once when the tables are written ('tables'). */
  onProgress?: (done: number, total: number, stage: string) => void;
  /** Clips rendered at once (default 2: one renders in JS while ffmpeg encodes the other). */
  concurrency?: number;
}

export const SYNTH_DEFAULTS = { pairs: 2200, seed: 42, clipSec: 8, videoSize: { width: 160, height: 90 }, fps: '25', concurrency: 2 } as const;

const VIDEO_DIR = 'video';
const MUSIC_DIR = 'music';
const TRUTH_DIR = 'truth';
const videoFile = (index: number): string => `${VIDEO_DIR}/${videoClipId(index)}.mp4`;
const musicFile = (index: number): string => `${MUSIC_DIR}/${musicClipId(index)}.flac`;

function parseFps(fps: string): number {
  const m = /^(\d+)(?:\/(\d+))?$/.exec(fps.trim());
  const value = m ? Number(m[1]) / Number(m[2] ?? 1) : NaN;
  if (!(value >= 1 && value <= 120)) throw new Error(`fps must look like '25' or '30000/1001' and lie in 1–120 (got '${fps}')`);
  return value;
}

interface ResolvedOptions {
  outDir: string;
  pairs: number;
  seed: number;
  clipSec: number;
  videoSize: { width: number; height: number };
  fps: string;
  fpsValue: number;
  concurrency: number;
}

function resolveOptions(opts: SynthAffectOptions): ResolvedOptions {
  const D = SYNTH_DEFAULTS;
  const o = {
    outDir: opts.outDir,
    pairs: opts.pairs ?? D.pairs,
    seed: opts.seed ?? D.seed,
    clipSec: opts.clipSec ?? D.clipSec,
    videoSize: opts.videoSize ?? D.videoSize,
    fps: opts.fps ?? D.fps,
    concurrency: opts.concurrency ?? D.concurrency,
  };
  if (!o.outDir) throw new Error('outDir is required');
  if (!(o.clipSec >= 1 && o.clipSec <= 60)) throw new Error(`clipSec must lie in 1–60 s (got ${o.clipSec})`);
  const { width, height } = o.videoSize;
  if (![width, height].every((x) => Number.isInteger(x) && x >= 16 && x <= 1920 && x % 2 === 0)) {
    throw new Error(`videoSize must be even integers in 16–1920 (got ${width}×${height})`);
  }
  if (!(Number.isInteger(o.concurrency) && o.concurrency >= 1)) throw new Error(`concurrency must be an integer ≥ 1 (got ${o.concurrency})`);
  return { ...o, fpsValue: parseFps(o.fps) };
}

/** A folder's entries; none when it does not exist. */
function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Media are encoded under this name and renamed when complete, so a killed run leaves no half file. */
const partialName = (file: string): string => file.replace(/(\.\w+)$/, '.part$1');

/**
 * Prepares outDir and writes meta.json. Refuses a folder that holds something other than an
 * earlier (possibly interrupted) SynthAffect dataset. When the earlier meta.json is identical
 * (same version, seed, size and media options) its finished media are kept, so an interrupted
 * run resumes; otherwise its tables and numbered media are removed so no stale file survives.
 */
function prepareOutDir(outDir: string, metaText: string): void {
  if (listDir(outDir).length > 0) {
    let previous = '';
    try {
      previous = readFileSync(join(outDir, META_FILE), 'utf8');
    } catch {
      // No meta.json: not ours.
    }
    let generator: unknown;
    try {
      generator = (JSON.parse(previous) as { generator?: unknown }).generator;
    } catch {
      generator = undefined;
    }
    if (generator !== 'SynthAffect') throw new Error(`${outDir}: folder is not empty and holds no SynthAffect dataset; choose an empty folder`);
    const resumable = previous === metaText;
    rmSync(join(outDir, PAIRS_FILE), { force: true });
    for (const [dir, pattern] of [
      [VIDEO_DIR, /^v\d+(\.part)?\.mp4$/],
      [MUSIC_DIR, /^m\d+(\.part)?\.flac$/],
      [TRUTH_DIR, /^(clips|pairs)\.csv$/],
    ] as const) {
      for (const f of listDir(join(outDir, dir))) {
        if (pattern.test(f) && (!resumable || f.includes('.part.'))) rmSync(join(outDir, dir, f), { force: true });
      }
    }
  }
  for (const dir of [VIDEO_DIR, MUSIC_DIR, TRUTH_DIR]) mkdirSync(join(outDir, dir), { recursive: true });
  writeFileSync(join(outDir, META_FILE), metaText);
}

/** Runs tasks with bounded concurrency; the first failure aborts the rest and is rethrown. */
async function runPool(tasks: ((signal: AbortSignal) => Promise<void>)[], concurrency: number, outer?: AbortSignal): Promise<void> {
  const inner = new AbortController();
  const forward = (): void => inner.abort(outer?.reason);
  outer?.addEventListener('abort', forward, { once: true });
  let next = 0;
  let firstError: unknown;
  const runner = async (): Promise<void> => {
    while (next < tasks.length && !inner.signal.aborted) {
      const task = tasks[next++];
      try {
        await task(inner.signal);
      } catch (err) {
        if (firstError === undefined) firstError = err;
        inner.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, runner));
  } finally {
    outer?.removeEventListener('abort', forward);
  }
  outer?.throwIfAborted();
  if (firstError !== undefined) throw firstError;
}

function pairRows(plan: SynthPlan) {
  const splitOf = new Map<string, Split>();
  const groupable = plan.pairs.map((p) => ({ id: p.id, videoClipId: videoClipId(p.videoIndex), musicClipId: musicClipId(p.musicIndex) }));
  const split = splitPairs(groupable, SPLIT_SEED, [0.8, 0.1, 0.1], 'clips');
  for (const name of ['train', 'val', 'test'] as const) for (const p of split[name]) splitOf.set(p.id, name);
  const rows = plan.pairs.map((p) => ({
    id: p.id,
    video: videoFile(p.videoIndex),
    music: musicFile(p.musicIndex),
    score: p.score,
    videoClip: videoClipId(p.videoIndex),
    musicClip: musicClipId(p.musicIndex),
    split: splitOf.get(p.id)!,
    extra: { kind: p.kind, scoreSd: Number(p.scoreSd.toFixed(4)), ratings: p.ratings.join(';') },
  }));
  return { rows, counts: { train: split.train.length, val: split.val.length, test: split.test.length } };
}

const round4 = (x: number): number => Number(x.toFixed(4));

function truthClipsCsv(clips: readonly SynthClip[]): string {
  const header = ['clipId', 'modality', 'mood', 'valence', 'arousal', 'tension', 'tempoBpm', 'style', ...AFFECT_DIMENSIONS];
  const rows = clips.flatMap((c) => [
    [c.video.clipId, 'video', c.mood, ...[c.video.latent.valence, c.video.latent.arousal, c.video.latent.tension, c.video.spec.pulseBpm].map(round4), c.video.spec.content, ...c.video.trueAffect.map(round4)],
    [c.music.clipId, 'music', c.mood, ...[c.music.latent.valence, c.music.latent.arousal, c.music.latent.tension, c.music.spec.tempoBpm].map(round4), c.music.spec.timbre, ...c.music.trueAffect.map(round4)],
  ]);
  return formatCsv(header, rows);
}

function truthPairsCsv(plan: SynthPlan): string {
  return formatCsv(
    ['id', 'kind', 'agreement', 'sync', 'expectedScore'],
    plan.pairs.map((p) => [p.id, p.kind, round4(p.agreement), round4(p.sync), round4(p.expectedScore)]),
  );
}

function describe(plan: SynthPlan, o: ResolvedOptions, splitCounts: Record<Split, number>): Record<string, unknown> {
  const stats = (kind: 'positive' | 'negative') => {
    const s = plan.pairs.filter((p) => p.kind === kind).map((p) => p.score);
    return { count: s.length, mean: round4(mean(s)), sd: round4(sampleSd(s)), matchedShare: round4(s.filter((x) => x >= 3).length / s.length) };
  };
  return {
    format: DATASET_FORMAT,
    formatVersion: DATASET_FORMAT_VERSION,
    generator: 'SynthAffect',
    generatorVersion: SYNTH_AFFECT_VERSION,
    seed: o.seed,
    pairs: plan.pairs.length,
    clips: plan.clips.length,
    media: {
      clipSec: o.clipSec,
      video: { width: o.videoSize.width, height: o.videoSize.height, fps: o.fps, codec: 'h264', container: 'mp4' },
      music: { sampleRate: MUSIC_PARAMS.sampleRate, channels: 1, codec: 'flac' },
    },
    scoreRange: [1, 5],
    affectRange: [0, 1],
    split: { seed: SPLIT_SEED, ratios: [0.8, 0.1, 0.1], groupBy: 'clips', counts: splitCounts },
    scoreStats: { positive: stats('positive'), negative: stats('negative') },
    params: {
      affectModel: AFFECT_MODEL_PARAMS,
      moods: MOOD_DEFINITIONS,
      dimensionAnchors: DIMENSION_ANCHORS,
      music: MUSIC_PARAMS,
      video: VIDEO_PARAMS,
      raters: RATER_PARAMS,
    },
    documentation: 'docs/synthaffect.md (generator), docs/dataset-format.md (folder format)',
  };
}

/**
 * Generates the SynthAffect benchmark into opts.outDir: video/*.mp4, music/*.flac, pairs.csv,
 * affect.csv, meta.json and the oracle truth/*.csv. The tables depend only on (pairs, seed).
 * meta.json is written first (it marks the folder as ours, so an interrupted run resumes when
 * rerun with the same options) and pairs.csv last, so its presence marks a complete dataset.
 */
export async function generateSynthAffect(opts: SynthAffectOptions): Promise<{ pairs: number; clips: number; outDir: string }> {
  const o = resolveOptions(opts);
  const plan = planSynthAffect(o.pairs, o.seed);
  opts.signal?.throwIfAborted();
  const { rows, counts } = pairRows(plan);
  prepareOutDir(o.outDir, JSON.stringify(describe(plan, o, counts), null, 2) + '\n');

  const { width, height } = o.videoSize;
  const total = plan.clips.length * 2;
  let done = 0;
  const report = (): void => opts.onProgress?.(++done, total, 'media');
  /** Skips files a resumed run already finished; otherwise encodes under a partial name, then renames. */
  const produce = async (file: string, encode: (partialPath: string) => Promise<void>): Promise<void> => {
    const path = join(o.outDir, file);
    if (!existsSync(path)) {
      await encode(join(o.outDir, partialName(file)));
      renameSync(join(o.outDir, partialName(file)), path);
    }
    report();
  };
  const tasks = plan.clips.flatMap((clip) => [
    (signal: AbortSignal) =>
      produce(musicFile(clip.index), (path) => {
        const pcm = synthesizeMusic(clip.music.spec, { durationSec: o.clipSec, sampleRate: MUSIC_PARAMS.sampleRate });
        return encodeAudio(path, pcm, MUSIC_PARAMS.sampleRate, ['-c:a', 'flac'], signal);
      }),
    (signal: AbortSignal) =>
      produce(videoFile(clip.index), (path) => {
        const renderer = createFrameRenderer(clip.video.spec, { width, height, fps: o.fpsValue, durationSec: o.clipSec });
        return encodeVideo(path, { width, height, fps: o.fps, frameCount: renderer.frameCount, signal }, renderer.render);
      }),
  ]);
  await runPool(tasks, o.concurrency, opts.signal);

  const affectRows = plan.clips.flatMap((c) => [
    { clipId: c.video.clipId, modality: 'video' as const, affect: c.video.labels },
    { clipId: c.music.clipId, modality: 'music' as const, affect: c.music.labels },
  ]);
  writeFileSync(join(o.outDir, AFFECT_FILE), formatAffectCsv(affectRows));
  writeFileSync(join(o.outDir, TRUTH_DIR, 'clips.csv'), truthClipsCsv(plan.clips));
  writeFileSync(join(o.outDir, TRUTH_DIR, 'pairs.csv'), truthPairsCsv(plan));
  writeFileSync(join(o.outDir, PAIRS_FILE), formatPairsCsv(rows));
  opts.onProgress?.(1, 1, 'tables');
  return { pairs: plan.pairs.length, clips: plan.clips.length, outDir: o.outDir };
}
