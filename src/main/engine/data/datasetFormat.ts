import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AFFECT_DIMENSIONS, AFFECT_DIM } from '../../../shared/affect';
import { CsvSyntaxError, formatCsv, parseCsv, type CsvRecord } from './csv';
import { rngFor } from './random';

/**
 * The dataset folder format (docs/dataset-format.md): pairs.csv (required), affect.csv and
 * meta.json (optional), media anywhere, referenced by paths relative to the folder.
 */
export const DATASET_FORMAT = 'cuefinder-dataset';
export const DATASET_FORMAT_VERSION = 1;
export const PAIRS_FILE = 'pairs.csv';
export const AFFECT_FILE = 'affect.csv';
export const META_FILE = 'meta.json';
/** The paper's split seed; also the default of splitPairs. */
export const SPLIT_SEED = 42;

export const SPLITS = ['train', 'val', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export interface DatasetPair {
  id: string;
  /** Absolute path of the video file. */
  videoPath: string;
  /** Absolute path of the music file. */
  musicPath: string;
  /** Mean matching rating on the 1–5 scale (Table 1). */
  score: number;
  videoClipId: string;
  musicClipId: string;
  split?: Split;
}

export interface ClipAffect {
  clipId: string;
  modality: 'music' | 'video';
  /** 16 values in AFFECT_DIMENSIONS order, each in [0, 1]. */
  affect: number[];
}

export interface Dataset {
  pairs: DatasetPair[];
  /** Keyed by clip id; clip ids are unique across modalities. Clips without a row are unlabelled. */
  affect: Map<string, ClipAffect>;
  meta: Record<string, unknown>;
}

/** A dataset folder that cannot be used; lists every problem found (file:line: reason). */
export class DatasetError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(`dataset ${dir} is not usable:\n  ${shown.join('\n  ')}${more}`);
    this.name = 'DatasetError';
  }
}

/** Header names match case-insensitively, ignoring '_', '-' and spaces (videoClip = video_clip). */
const columnKey = (name: string): string => name.trim().toLowerCase().replace(/[_\- ]/g, '');

type Range = [number, number];

function readRange(meta: Record<string, unknown>, key: string, fallback: Range, problems: string[], file: string): Range {
  const value = meta[key];
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x)) || value[0] >= value[1]) {
    problems.push(`${file}: "${key}" must be [low, high] with low < high`);
    return fallback;
  }
  return [value[0], value[1]];
}

function readMeta(dir: string, problems: string[]): Record<string, unknown> {
  const file = join(dir, META_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    problems.push(`${file}: cannot read (${(err as NodeJS.ErrnoException).code})`);
    return {};
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    problems.push(`${file}: must hold a JSON object`);
  } catch (err) {
    problems.push(`${file}: invalid JSON (${(err as Error).message})`);
  }
  return {};
}

/** Reads a CSV file into records plus a column index; undefined when absent (and optional) or broken. */
function readTable(file: string, required: boolean, problems: string[]): { rows: CsvRecord[]; columns: Map<string, number> } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (required) problems.push(`${file}: file not found`);
    } else problems.push(`${file}: cannot read (${code})`);
    return undefined;
  }
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      problems.push(`${file}:${err.line}: ${err.message}`);
      return undefined;
    }
    throw err;
  }
  if (records.length === 0) {
    problems.push(`${file}: empty (a header line is required)`);
    return undefined;
  }
  const columns = new Map<string, number>();
  records[0].fields.forEach((name, i) => {
    const key = columnKey(name);
    if (columns.has(key)) problems.push(`${file}:${records[0].line}: column "${name}" appears twice`);
    columns.set(key, i);
  });
  const width = records[0].fields.length;
  const rows = records.slice(1).filter((r) => {
    if (r.fields.length === width) return true;
    problems.push(`${file}:${r.line}: expected ${width} fields, found ${r.fields.length}`);
    return false;
  });
  return { rows, columns };
}

function missingColumns(columns: Map<string, number>, names: readonly string[]): string[] {
  return names.filter((n) => !columns.has(columnKey(n)));
}

function parseNumber(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

function readPairs(dir: string, scoreRange: Range, problems: string[]): DatasetPair[] {
  const file = join(dir, PAIRS_FILE);
  const table = readTable(file, true, problems);
  if (!table) return [];
  const { rows, columns } = table;
  const missing = missingColumns(columns, ['id', 'video', 'music', 'score']);
  if (missing.length) {
    problems.push(`${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`);
    return [];
  }
  if (rows.length === 0) problems.push(`${file}: no pairs (only a header)`);
  const col = (r: CsvRecord, name: string): string | undefined => {
    const i = columns.get(columnKey(name));
    return i === undefined ? undefined : r.fields[i].trim();
  };
  const fileExists = new Map<string, boolean>();
  const exists = (path: string): boolean => {
    let ok = fileExists.get(path);
    if (ok === undefined) {
      try {
        ok = statSync(path).isFile();
      } catch {
        ok = false;
      }
      fileExists.set(path, ok);
    }
    return ok;
  };
  const firstLineOfId = new Map<string, number>();
  const pathOfClip = new Map<string, { path: string; line: number }>();
  const pairs: DatasetPair[] = [];
  for (const r of rows) {
    const at = `${file}:${r.line}`;
    const before = problems.length;
    const id = col(r, 'id') ?? '';
    if (!id) problems.push(`${at}: empty id`);
    else if (firstLineOfId.has(id)) problems.push(`${at}: duplicate id "${id}" (first on line ${firstLineOfId.get(id)})`);
    else firstLineOfId.set(id, r.line);

    const media = (name: 'video' | 'music'): { rel: string; path: string } => {
      const rel = col(r, name) ?? '';
      const path = isAbsolute(rel) ? rel : resolve(dir, rel);
      if (!rel) problems.push(`${at}: empty ${name} path`);
      else if (!exists(path)) problems.push(`${at}: ${name} file not found: ${rel}`);
      return { rel, path };
    };
    const video = media('video');
    const music = media('music');

    const rawScore = col(r, 'score') ?? '';
    const value = parseNumber(rawScore);
    let score = NaN;
    if (value === undefined) problems.push(`${at}: score "${rawScore}" is not a number`);
    else if (value < scoreRange[0] || value > scoreRange[1]) problems.push(`${at}: score ${value} is outside ${scoreRange[0]}–${scoreRange[1]}`);
    else score = 1 + (4 * (value - scoreRange[0])) / (scoreRange[1] - scoreRange[0]);

    const rawSplit = col(r, 'split') ?? '';
    if (rawSplit && !(SPLITS as readonly string[]).includes(rawSplit)) problems.push(`${at}: split "${rawSplit}" is not train, val or test`);

    const videoClipId = col(r, 'videoClip') || video.rel;
    const musicClipId = col(r, 'musicClip') || music.rel;
    for (const [clipId, path] of [
      [videoClipId, video.path],
      [musicClipId, music.path],
    ]) {
      const seen = pathOfClip.get(clipId);
      if (!seen) pathOfClip.set(clipId, { path, line: r.line });
      else if (seen.path !== path) problems.push(`${at}: clip "${clipId}" names a different file than on line ${seen.line}`);
    }
    if (problems.length > before) continue;
    const pair: DatasetPair = { id, videoPath: video.path, musicPath: music.path, score, videoClipId, musicClipId };
    if (rawSplit) pair.split = rawSplit as Split;
    pairs.push(pair);
  }
  const withSplit = pairs.filter((p) => p.split).length;
  if (withSplit > 0 && withSplit < pairs.length) problems.push(`${file}: the split column must be filled for every pair or for none (${withSplit} of ${pairs.length} filled)`);
  return pairs;
}

function readAffect(dir: string, affectRange: Range, pairs: readonly DatasetPair[], problems: string[]): Map<string, ClipAffect> {
  const affect = new Map<string, ClipAffect>();
  const file = join(dir, AFFECT_FILE);
  const table = readTable(file, false, problems);
  if (!table) return affect;
  const { rows, columns } = table;
  const missing = missingColumns(columns, ['clipId', 'modality', ...AFFECT_DIMENSIONS]);
  if (missing.length) {
    problems.push(`${file}:1: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`);
    return affect;
  }
  const modalityInPairs = new Map<string, 'video' | 'music'>();
  for (const p of pairs) {
    modalityInPairs.set(p.videoClipId, 'video');
    modalityInPairs.set(p.musicClipId, 'music');
  }
  const lineOfClip = new Map<string, number>();
  const dimIndex = AFFECT_DIMENSIONS.map((d) => columns.get(columnKey(d))!);
  const [lo, hi] = affectRange;
  for (const r of rows) {
    const at = `${file}:${r.line}`;
    const before = problems.length;
    const clipId = r.fields[columns.get('clipid')!].trim();
    const modality = r.fields[columns.get('modality')!].trim();
    if (!clipId) problems.push(`${at}: empty clipId`);
    else if (lineOfClip.has(clipId)) problems.push(`${at}: duplicate clipId "${clipId}" (first on line ${lineOfClip.get(clipId)})`);
    else lineOfClip.set(clipId, r.line);
    if (modality !== 'music' && modality !== 'video') problems.push(`${at}: modality "${modality}" is not music or video`);
    else if (modalityInPairs.has(clipId) && modalityInPairs.get(clipId) !== modality) {
      problems.push(`${at}: clip "${clipId}" is a ${modalityInPairs.get(clipId)} clip in ${PAIRS_FILE} but labelled ${modality}`);
    }
    const values = dimIndex.map((i, d) => {
      const raw = r.fields[i];
      const value = parseNumber(raw);
      if (value === undefined) problems.push(`${at}: ${AFFECT_DIMENSIONS[d]} "${raw}" is not a number`);
      else if (value < lo || value > hi) problems.push(`${at}: ${AFFECT_DIMENSIONS[d]} ${value} is outside ${lo}–${hi}`);
      return value === undefined ? NaN : (value - lo) / (hi - lo);
    });
    if (problems.length > before) continue;
    affect.set(clipId, { clipId, modality: modality as ClipAffect['modality'], affect: values });
  }
  return affect;
}

/**
 * Reads and validates a dataset folder. Media files must exist; paths resolve against dir.
 * meta.json may declare "scoreRange" (default [1, 5]) and "affectRange" (default [0, 1]); values
 * are mapped linearly onto 1–5 and [0, 1]. Throws DatasetError naming file:line for every problem.
 */
export function readDataset(dir: string): Dataset {
  const root = resolve(dir);
  try {
    if (!statSync(root).isDirectory()) throw new DatasetError(root, [`${root}: not a folder`]);
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(root, [`${root}: folder not found`]);
  }
  const problems: string[] = [];
  const meta = readMeta(root, problems);
  const metaFile = join(root, META_FILE);
  const scoreRange = readRange(meta, 'scoreRange', [1, 5], problems, metaFile);
  const affectRange = readRange(meta, 'affectRange', [0, 1], problems, metaFile);
  const pairs = readPairs(root, scoreRange, problems);
  const affect = readAffect(root, affectRange, pairs, problems);
  if (problems.length) throw new DatasetError(root, problems);
  return { pairs, affect, meta };
}

type Groupable = Pick<DatasetPair, 'videoClipId' | 'musicClipId'>;

export interface SplitResult<T> {
  train: T[];
  val: T[];
  test: T[];
}

/**
 * Seeded split into train/val/test in proportion to `ratios` without leakage: pairs are grouped
 * and whole groups are dealt out. groupBy 'video' keeps all pairs of one video clip together;
 * 'clips' also keeps every music clip on one side (connected components of the video–music
 * graph; use it only where music is not reused widely, or one component swallows the data).
 * Each split ends within one group of its target size. The input order does not matter.
 */
export function splitPairs<T extends Groupable>(
  pairs: readonly T[],
  seed: number = SPLIT_SEED,
  ratios: readonly [number, number, number] = [0.8, 0.1, 0.1],
  groupBy: 'video' | 'clips' = 'video',
): SplitResult<T> {
  if (ratios.length !== 3 || ratios.some((r) => !(r >= 0)) || ratios[0] + ratios[1] + ratios[2] <= 0) {
    throw new Error(`split ratios must be three non-negative numbers with a positive sum (got ${ratios.join(', ')})`);
  }
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const p of pairs) {
    const v = `video:${p.videoClipId}`;
    if (!parent.has(v)) parent.set(v, v);
    if (groupBy === 'clips') {
      const m = `music:${p.musicClipId}`;
      if (!parent.has(m)) parent.set(m, m);
      union(v, m);
    }
  }
  const groups = new Map<string, T[]>();
  for (const p of pairs) {
    const key = find(`video:${p.videoClipId}`);
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  // Sort by group key first so the result does not depend on the input order.
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
  const shuffled = rngFor(seed, 'split').shuffle(ordered);
  const total = ratios[0] + ratios[1] + ratios[2];
  const targets = ratios.map((r) => (r / total) * pairs.length);
  const out: T[][] = [[], [], []];
  for (const group of shuffled) {
    let best = 0;
    for (let s = 1; s < 3; s++) if (targets[s] - out[s].length > targets[best] - out[best].length) best = s;
    out[best].push(...group);
  }
  return { train: out[0], val: out[1], test: out[2] };
}

/** The dataset's own split when pairs.csv has a split column, else splitPairs(pairs, seed). */
export function datasetSplits<T extends Groupable & { split?: Split }>(pairs: readonly T[], seed: number = SPLIT_SEED): SplitResult<T> {
  if (pairs.length > 0 && pairs.every((p) => p.split)) {
    return { train: pairs.filter((p) => p.split === 'train'), val: pairs.filter((p) => p.split === 'val'), test: pairs.filter((p) => p.split === 'test') };
  }
  return splitPairs(pairs, seed);
}

export interface PairsCsvRow {
  id: string;
  /** Path relative to the dataset folder (forward slashes). */
  video: string;
  music: string;
  score: number;
  videoClip: string;
  musicClip: string;
  split?: Split;
  /** Extra informative columns (ignored by readDataset), same keys on every row. */
  extra?: Record<string, string | number>;
}

/** pairs.csv text in the documented column order; extra columns follow. */
export function formatPairsCsv(rows: readonly PairsCsvRow[]): string {
  const extraColumns = Object.keys(rows[0]?.extra ?? {});
  const withSplit = rows.some((r) => r.split);
  const header = ['id', 'video', 'music', 'score', 'videoClip', 'musicClip', ...(withSplit ? ['split'] : []), ...extraColumns];
  return formatCsv(
    header,
    rows.map((r) => [
      r.id,
      r.video,
      r.music,
      Number(r.score.toFixed(4)),
      r.videoClip,
      r.musicClip,
      ...(withSplit ? [r.split ?? ''] : []),
      ...extraColumns.map((c) => r.extra?.[c] ?? ''),
    ]),
  );
}

/** affect.csv text: clipId, modality, then the 16 dimensions in AFFECT_DIMENSIONS order. */
export function formatAffectCsv(rows: readonly ClipAffect[]): string {
  for (const r of rows) {
    if (r.affect.length !== AFFECT_DIM) throw new Error(`clip ${r.clipId}: affect has ${r.affect.length} values, expected ${AFFECT_DIM}`);
  }
  return formatCsv(
    ['clipId', 'modality', ...AFFECT_DIMENSIONS],
    rows.map((r) => [r.clipId, r.modality, ...r.affect.map((x) => Number(x.toFixed(4)))]),
  );
}
