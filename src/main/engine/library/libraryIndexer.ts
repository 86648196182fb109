import { statSync } from 'node:fs';
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
import { MediaError } from '../media/mediaError';
import { throttleProgress, type ProgressListener } from '../jobs/progress';
import type { AnalysisExecutor } from './analysisExecutor';
import { planIncremental, runPool, type FilePlan, type IncrementalStore } from '../jobs/incrementalPlan';
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
  // Tracks analysed with other extractors (or another embedding model), or encoded with other
  // taggers than the executor runs, are analysed again.
  const current = opts.executor.featureVersion;
  const encoderVersion = opts.executor.encoderVersion;
  const isCurrent = (t: TrackFileState): boolean => t.featureVersion === current && (encoderVersion === undefined || t.encoderVersion === encoderVersion);
  const store: IncrementalStore = {
    filesUnder: (r) => fileStatesUnder(db, r).map((t) => ({ ...t, current: isCurrent(t) })),
    filesByFingerprint: (fp) => tracksByFingerprint(db, fp).map((t) => ({ ...t, current: isCurrent(t) })),
    failuresUnder: (r) => failuresUnder(db, r).map((f) => ({ ...f, current: f.analyzerVersion === current })),
    touch: (id, size, mtimeMs) => touchTrack(db, id, size, mtimeMs),
    move: (id, to) => moveTrack(db, id, to),
    markMissing: (ids) => markMissing(db, ids),
    pruneFailures: (r, present) => pruneFailures(db, r, present),
  };
  const plan = await planIncremental(root, scan.files, store, signal);
  result.moved = plan.moved;
  // Files the scan could not take (a link leading outside the folder, a broken link) are listed
  // with the folder's failures, so the editor sees why they are not there.
  for (const p of scan.problems) recordFailure(db, root, { path: p.path, size: 0, mtimeMs: 0, reason: p.reason, analyzerVersion: current });
  result.missing = plan.missing;

  const fail = (file: ScannedFile, reason: string): void => {
    result.failed++;
    result.failures.push({ path: file.path, reason });
    recordFailure(db, root, { path: file.path, size: file.size, mtimeMs: file.mtimeMs, reason, analyzerVersion: current });
  };
  const work: Extract<FilePlan, { kind: 'analyze' }>[] = [];
  for (const p of plan.plans) {
    if (p.kind === 'unchanged') result.unchanged++;
    else if (p.kind === 'known-failure') {
      result.failed++;
      result.failures.push({ path: p.file.path, reason: p.reason });
    } else if (p.kind === 'unreadable') fail(p.file, p.reason);
    else work.push(p);
  }

  let done = 0;
  progress({ stage: 'analyze', done, total: work.length });
  await runPool(
    work,
    opts.executor.concurrency,
    async (p) => {
      progress({ stage: 'analyze', done, total: work.length, current: p.file.path, mediaSeconds: result.audioSeconds });
      try {
        const { tags, analysis } = await opts.executor.analyze(p.file.path, signal);
        if (signal.aborted) return;
        saveTrackAnalysis(db, { id: p.id, path: p.file.path, root, fingerprint: p.fingerprint, size: p.file.size, mtimeMs: p.file.mtimeMs }, tags, analysis);
        clearFailure(db, p.file.path);
        result.indexed++;
        result.audioSeconds += analysis.durationSec;
      } catch (err) {
        if (signal.aborted) return;
        fail(p.file, err instanceof MediaError ? err.reason : `unexpected error: ${(err as Error)?.message ?? err}`);
      }
      done++;
      progress({ stage: 'analyze', done, total: work.length, current: p.file.path, mediaSeconds: result.audioSeconds });
    },
    signal,
  );

  result.cancelled = signal.aborted;
  result.wallSeconds = (performance.now() - started) / 1000;
  return result;
}
