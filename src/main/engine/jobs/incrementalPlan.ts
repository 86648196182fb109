import { existsSync } from 'node:fs';
import { fileFingerprint } from '../library/fileFingerprint';
import { describeFsError, type ScannedFile } from '../library/fileScanner';

/**
 * Why a file could not be analysed, as far as retrying goes: `permanent` is the file's content
 * (invalid data, truncated, no stream), remembered until the file changes; `transient` is the
 * machine at that moment (a timeout, a worker that died, too many open files) and `environment`
 * the setup (permissions, an ffprobe that cannot run), both tried again on every run.
 */
export type FailureKind = 'permanent' | 'transient' | 'environment';

const ENVIRONMENT = /permission denied|EACCES|EPERM|cannot run|spawn|not executable|ENOENT.*ff(mpeg|probe)|shared librar|lib[a-z]+\.so/i;
const TRANSIENT = /timed? ?out|crashed|EAGAIN|EMFILE|ENFILE|ENOMEM|EBUSY|EIO\b|killed|signal|worker|unexpected error|out of memory/i;

/** The kind of a failure, from the reason it was reported with (the reason is what is stored). */
export function failureKind(reason: string): FailureKind {
  if (ENVIRONMENT.test(reason)) return 'environment';
  if (TRANSIENT.test(reason)) return 'transient';
  return 'permanent';
}

/** A file the database already knows, as the planner needs to see it. */
export interface KnownFile {
  id: number;
  path: string;
  fingerprint: string;
  size: number;
  mtimeMs: number;
  status: 'ok' | 'missing';
  /** Analysed by the current analyzer versions and options. */
  current: boolean;
}

export interface KnownFailure {
  path: string;
  size: number;
  mtimeMs: number;
  reason: string;
  current: boolean;
}

/** The storage operations the planner needs; the library and the project each provide theirs. */
export interface IncrementalStore {
  filesUnder(root: string): KnownFile[];
  filesByFingerprint(fingerprint: string): KnownFile[];
  failuresUnder(root: string): KnownFailure[];
  touch(id: number, size: number, mtimeMs: number): void;
  move(id: number, to: { path: string; root: string; size: number; mtimeMs: number }): void;
  markMissing(ids: number[]): void;
  pruneFailures(root: string, present: ReadonlySet<string>): void;
}

export type FilePlan =
  | { kind: 'unchanged'; file: ScannedFile; id: number }
  | { kind: 'known-failure'; file: ScannedFile; reason: string }
  | { kind: 'unreadable'; file: ScannedFile; reason: string }
  | { kind: 'analyze'; file: ScannedFile; id?: number; fingerprint: string };

export interface IncrementalPlan {
  plans: FilePlan[];
  moved: number;
  missing: number;
}

/**
 * Decides, for every scanned file, whether it needs analysis. Unchanged files (same path, size and
 * mtime, current analysis) cost one stat; a permanent failure of the same file is not tried again
 * (unless `retryFailed`); others get a content fingerprint, which recognises moved
 * or renamed files (they keep their row, id and analysis). Rows under the root whose files are gone
 * are marked missing. Applies the cheap bookkeeping (touch, move, missing) to the store as it goes.
 */
export async function planIncremental(
  root: string,
  files: readonly ScannedFile[],
  store: IncrementalStore,
  signal?: AbortSignal,
  opts: { retryFailed?: boolean } = {},
): Promise<IncrementalPlan> {
  const present = new Set(files.map((f) => f.path));
  const known = new Map(store.filesUnder(root).map((t) => [t.path, t]));
  const failures = new Map(store.failuresUnder(root).map((f) => [f.path, f]));
  const claimed = new Set<number>();
  const plans: FilePlan[] = [];
  let moved = 0;

  for (const file of files) {
    if (signal?.aborted) break;
    const row = known.get(file.path);
    if (row && row.status === 'ok' && row.current && row.size === file.size && row.mtimeMs === file.mtimeMs) {
      plans.push({ kind: 'unchanged', file, id: row.id });
      claimed.add(row.id);
      continue;
    }
    const prior = failures.get(file.path);
    if (prior && !opts.retryFailed && failureKind(prior.reason) === 'permanent' && prior.current && prior.size === file.size && prior.mtimeMs === file.mtimeMs) {
      plans.push({ kind: 'known-failure', file, reason: prior.reason });
      continue;
    }
    let fingerprint: string;
    try {
      fingerprint = await fileFingerprint(file.path, file.size);
    } catch (err) {
      plans.push({ kind: 'unreadable', file, reason: describeFsError(err) });
      continue;
    }
    if (row && row.fingerprint === fingerprint && row.current) {
      store.touch(row.id, file.size, file.mtimeMs);
      plans.push({ kind: 'unchanged', file, id: row.id });
      claimed.add(row.id);
      continue;
    }
    // Same content elsewhere, and that copy is gone from disk: the file was moved or renamed.
    const origin = store
      .filesByFingerprint(fingerprint)
      .find((t) => t.path !== file.path && !claimed.has(t.id) && !present.has(t.path) && !existsSync(t.path));
    if (origin) {
      store.move(origin.id, { path: file.path, root, size: file.size, mtimeMs: file.mtimeMs });
      claimed.add(origin.id);
      moved++;
      if (!origin.current) plans.push({ kind: 'analyze', file, id: origin.id, fingerprint });
      continue;
    }
    plans.push({ kind: 'analyze', file, id: row?.id, fingerprint });
    if (row) claimed.add(row.id);
  }

  let missing = 0;
  if (!signal?.aborted) {
    const gone = [...known.values()].filter((t) => !present.has(t.path) && !claimed.has(t.id) && !existsSync(t.path));
    store.markMissing(gone.map((t) => t.id));
    missing = gone.length;
    store.pruneFailures(root, present);
  }
  return { plans, moved, missing };
}

/** Runs `work` over items with at most `concurrency` in flight, stopping early when aborted. */
export async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let cursor = 0;
  const lane = async (): Promise<void> => {
    while (cursor < items.length && !signal?.aborted) await work(items[cursor++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
}
