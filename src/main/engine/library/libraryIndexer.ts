import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../db/database';
import { saveTrackAnalysis } from '../db/trackRepository';
import { fileSyncStore } from '../db/fileSync';
import { MediaError } from '../media/mediaError';
import { throttleProgress, type ProgressListener } from '../jobs/progress';
import type { AnalysisExecutor } from './analysisExecutor';
import { failureKind, planIncremental, type FailureKind, runPool, type FilePlan } from '../jobs/incrementalPlan';
import { AUDIO_EXTENSIONS, describeFsError, scanFolder, type ScannedFile } from './fileScanner';

export interface IndexFailure {
  path: string;
  reason: string;
  /** Whether a later run tries the file again on its own (transient, environment) or only with --retry-failed (permanent). */
  kind: FailureKind;
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
  /** Files indexed with a reservation (truncated: shorter than they claim). */
  warnings: { path: string; reason: string }[];
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
  /** Try files that failed before again, permanent failures included (transient ones always are). */
  retryFailed?: boolean;
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
    failed: scan.problems.length,
    failures: scan.problems.map((p) => ({ path: p.path, reason: p.reason, kind: failureKind(p.reason) })),
    warnings: [],
    audioSeconds: 0,
    wallSeconds: 0,
    cancelled: false,
  };
  // Tracks analysed with other extractors (or another embedding model), or encoded with other
  // taggers than the executor runs, are analysed again.
  const current = opts.executor.featureVersion;
  const encoderVersion = opts.executor.encoderVersion;
  // Analysed by these extractors, and (when an encoder is set) with its tagger encodings.
  const store = fileSyncStore(db, 'tracks', {
    isCurrent: (t) => t.featureVersion === current && (encoderVersion === undefined || t.encoderVersion === encoderVersion),
    analyzerVersion: current,
  });
  const plan = await planIncremental(root, scan.files, store, signal, { retryFailed: opts.retryFailed });
  result.moved = plan.moved;
  // Files the scan could not take (a link leading outside the folder, a broken link) are listed
  // with the folder's failures, so the editor sees why they are not there.
  for (const p of scan.problems) store.recordFailure(root, { path: p.path, size: 0, mtimeMs: 0, reason: p.reason, analyzerVersion: current });
  result.missing = plan.missing;

  const fail = (file: ScannedFile, reason: string): void => {
    result.failed++;
    result.failures.push({ path: file.path, reason, kind: failureKind(reason) });
    store.recordFailure(root, { path: file.path, size: file.size, mtimeMs: file.mtimeMs, reason, analyzerVersion: current });
  };
  const work: Extract<FilePlan, { kind: 'analyze' }>[] = [];
  for (const p of plan.plans) {
    if (p.kind === 'unchanged') result.unchanged++;
    else if (p.kind === 'known-failure') {
      result.failed++;
      result.failures.push({ path: p.file.path, reason: p.reason, kind: 'permanent' });
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
        const { tags, analysis, warning } = await opts.executor.analyze(p.file.path, signal);
        if (signal.aborted) return;
        saveTrackAnalysis(db, { id: p.id, path: p.file.path, root, fingerprint: p.fingerprint, size: p.file.size, mtimeMs: p.file.mtimeMs }, tags, analysis);
        store.clearFailure(p.file.path);
        if (warning) result.warnings.push({ path: p.file.path, reason: warning });
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
