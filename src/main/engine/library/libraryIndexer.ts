import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../db/database';
import {
  clearFailure,
  failuresUnder,
  fileStatesUnder,
  markMissing,
  moveTrack,
  pruneFailures,
  recordFailure,
  saveTrackAnalysis,
  touchTrack,
  tracksByFingerprint,
  type TrackFileState,
} from '../db/trackRepository';
import { AUDIO_FEATURE_VERSION } from '../audio/audioAnalyzer';
import { MediaError } from '../media/mediaError';
import { throttleProgress, type ProgressListener } from '../jobs/progress';
import type { AnalysisExecutor } from './analysisExecutor';
import { fileFingerprint } from './fileFingerprint';
import { AUDIO_EXTENSIONS, describeFsError, scanFolder, type ScannedFile } from './fileScanner';

export interface IndexFailure {
  path: string;
  reason: string;
}

/** The `index --json` contract. */
export interface IndexResult {
  scanned: number;
  indexed: number;
  unchanged: number;
  moved: number;
  missing: number;
  failed: number;
  failures: IndexFailure[];
  audioSeconds: number;
  wallSeconds: number;
  cancelled: boolean;
}

export class IndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexError';
  }
}

export interface IndexOptions {
  executor: AnalysisExecutor;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

type Plan =
  | { kind: 'unchanged'; file: ScannedFile; id: number }
  | { kind: 'known-failure'; file: ScannedFile; reason: string }
  | { kind: 'analyze'; file: ScannedFile; id?: number; fingerprint: string };

/**
 * Brings the library table in line with a music folder. Unchanged files (same path, size and mtime,
 * analysed by the current analyzer) are not read at all; moved files are recognised by content
 * fingerprint and keep their id and analysis; everything else is analysed, each track committed in
 * its own transaction so a killed run keeps what it finished. Per-file problems become failures;
 * only a folder that cannot be scanned at all throws.
 */
export async function indexLibrary(db: Db, musicDir: string, opts: IndexOptions): Promise<IndexResult> {
  const started = performance.now();
  const root = resolve(musicDir);
  let st;
  try {
    st = statSync(root);
  } catch (err) {
    throw new IndexError(`music folder ${root}: ${describeFsError(err)}`);
  }
  if (!st.isDirectory()) throw new IndexError(`music folder ${root}: not a folder`);

  const signal = opts.signal ?? new AbortController().signal;
  const progress = throttleProgress(opts.onProgress);
  progress({ stage: 'scan', done: 0, total: 1, current: root });
  const scan = await scanFolder(root, AUDIO_EXTENSIONS, signal);
  const result: IndexResult = {
    scanned: scan.files.length,
    indexed: 0,
    unchanged: 0,
    moved: 0,
    missing: 0,
    failed: 0,
    failures: scan.problems.map((p) => ({ path: p.path, reason: p.reason })),
    audioSeconds: 0,
    wallSeconds: 0,
    cancelled: false,
  };
  const present = new Set(scan.files.map((f) => f.path));
  const known = new Map<string, TrackFileState>(fileStatesUnder(db, root).map((t) => [t.path, t]));
  const knownFailures = new Map(failuresUnder(db, root).map((f) => [f.path, f]));

  const fail = (file: ScannedFile, reason: string, remember: boolean): void => {
    result.failed++;
    result.failures.push({ path: file.path, reason });
    if (remember) recordFailure(db, root, { path: file.path, size: file.size, mtimeMs: file.mtimeMs, reason, analyzerVersion: AUDIO_FEATURE_VERSION });
  };

  // Plan every file cheaply first: stat for the unchanged, a fingerprint for the rest.
  const plans: Plan[] = [];
  const claimed = new Set<number>();
  for (const file of scan.files) {
    if (signal.aborted) break;
    const row = known.get(file.path);
    if (row && row.status === 'ok' && row.size === file.size && row.mtimeMs === file.mtimeMs && row.featureVersion === AUDIO_FEATURE_VERSION) {
      plans.push({ kind: 'unchanged', file, id: row.id });
      claimed.add(row.id);
      continue;
    }
    const prior = knownFailures.get(file.path);
    if (prior && prior.size === file.size && prior.mtimeMs === file.mtimeMs && prior.analyzerVersion === AUDIO_FEATURE_VERSION) {
      plans.push({ kind: 'known-failure', file, reason: prior.reason });
      continue;
    }
    let fingerprint: string;
    try {
      fingerprint = await fileFingerprint(file.path, file.size);
    } catch (err) {
      fail(file, describeFsError(err), true);
      continue;
    }
    const current = AUDIO_FEATURE_VERSION;
    if (row && row.fingerprint === fingerprint && row.featureVersion === current) {
      touchTrack(db, row.id, file.size, file.mtimeMs);
      plans.push({ kind: 'unchanged', file, id: row.id });
      claimed.add(row.id);
      continue;
    }
    // Same content elsewhere, and that copy is gone from disk: the file was moved or renamed.
    const origin = tracksByFingerprint(db, fingerprint).find(
      (t) => t.path !== file.path && !claimed.has(t.id) && !present.has(t.path) && !existsSync(t.path),
    );
    if (origin) {
      moveTrack(db, origin.id, { path: file.path, root, size: file.size, mtimeMs: file.mtimeMs });
      claimed.add(origin.id);
      result.moved++;
      if (origin.featureVersion === current) continue;
      plans.push({ kind: 'analyze', file, id: origin.id, fingerprint });
      continue;
    }
    plans.push({ kind: 'analyze', file, id: row?.id, fingerprint });
    if (row) claimed.add(row.id);
  }

  for (const p of plans) {
    if (p.kind === 'unchanged') result.unchanged++;
    else if (p.kind === 'known-failure') {
      result.failed++;
      result.failures.push({ path: p.file.path, reason: p.reason });
    }
  }

  // Tracks under this folder that are no longer on disk (and were not moved) are marked missing.
  if (!signal.aborted) {
    const gone = [...known.values()].filter((t) => !present.has(t.path) && !claimed.has(t.id) && !existsSync(t.path));
    markMissing(db, gone.map((t) => t.id));
    result.missing = gone.length;
    pruneFailures(db, root, present);
  }

  const work = plans.filter((p): p is Extract<Plan, { kind: 'analyze' }> => p.kind === 'analyze');
  let done = 0;
  progress({ stage: 'analyze', done, total: work.length });
  let cursor = 0;
  const runOne = async (): Promise<void> => {
    while (cursor < work.length && !signal.aborted) {
      const p = work[cursor++];
      progress({ stage: 'analyze', done, total: work.length, current: p.file.path, mediaSeconds: result.audioSeconds });
      try {
        const { tags, analysis } = await opts.executor.analyze(p.file.path, signal);
        if (signal.aborted) break;
        saveTrackAnalysis(db, { id: p.id, path: p.file.path, root, fingerprint: p.fingerprint, size: p.file.size, mtimeMs: p.file.mtimeMs }, tags, analysis);
        clearFailure(db, p.file.path);
        result.indexed++;
        result.audioSeconds += analysis.durationSec;
      } catch (err) {
        if (signal.aborted) break;
        const reason = err instanceof MediaError ? err.reason : `unexpected error: ${(err as Error)?.message ?? err}`;
        fail(p.file, reason, true);
      }
      done++;
      progress({ stage: 'analyze', done, total: work.length, current: p.file.path, mediaSeconds: result.audioSeconds });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.executor.concurrency) }, runOne));

  result.cancelled = signal.aborted;
  result.wallSeconds = (performance.now() - started) / 1000;
  return result;
}
