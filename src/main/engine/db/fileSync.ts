import type { Db } from './database';
import type { IncrementalStore, KnownFailure, KnownFile } from '../jobs/incrementalPlan';

/**
 * The one store behind incremental file sync ("files under a root: fingerprinted, incremental,
 * moved, missing, failed"), for the library's tracks and the project's videos alike: the same SQL
 * on each table pair, its statements prepared once per connection.
 */

export type SyncedTable = 'tracks' | 'videos';

/** Each synced table, its failures table and the columns that say what analysed a row. */
const TABLES: Readonly<Record<SyncedTable, { failures: string; versions: string }>> = {
  tracks: { failures: 'index_failures', versions: 'feature_version AS featureVersion, encoder_version AS encoderVersion' },
  videos: {
    failures: 'video_failures',
    versions: 'detector_version AS detectorVersion, feature_version AS featureVersion, analysis_options AS analysisOptions',
  },
};

/** A synced row as stored: the file's state and the versions that analysed it (featureVersion, …). */
export type FileState = Omit<KnownFile, 'current'> & Record<string, string | number>;

export interface FailureRecord {
  path: string;
  size: number;
  mtimeMs: number;
  reason: string;
  analyzerVersion: string;
}

function statementsFor(db: Db, table: SyncedTable) {
  const { failures, versions } = TABLES[table];
  const fileColumns = `id, path, fingerprint, size, mtime_ms AS mtimeMs, status, ${versions}`;
  return {
    filesUnder: db.prepare(`SELECT ${fileColumns} FROM ${table} WHERE root = ?`),
    filesByFingerprint: db.prepare(`SELECT ${fileColumns} FROM ${table} WHERE fingerprint = ?`),
    // A stale missing row at the destination path would block the UNIQUE path.
    dropMissingAt: db.prepare(`DELETE FROM ${table} WHERE path = ? AND id != ? AND status = 'missing'`),
    move: db.prepare(`UPDATE ${table} SET path = ?, root = ?, size = ?, mtime_ms = ?, status = 'ok' WHERE id = ?`),
    touch: db.prepare(`UPDATE ${table} SET size = ?, mtime_ms = ?, status = 'ok' WHERE id = ?`),
    markMissing: db.prepare(`UPDATE ${table} SET status = 'missing' WHERE id = ?`),
    failuresUnder: db.prepare(`SELECT path, size, mtime_ms AS mtimeMs, reason, analyzer_version AS analyzerVersion FROM ${failures} WHERE root = ?`),
    recordFailure: db.prepare(
      `INSERT INTO ${failures} (path, root, size, mtime_ms, reason, analyzer_version, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (path) DO UPDATE SET root = excluded.root, size = excluded.size, mtime_ms = excluded.mtime_ms,
         reason = excluded.reason, analyzer_version = excluded.analyzer_version, failed_at = excluded.failed_at`,
    ),
    clearFailure: db.prepare(`DELETE FROM ${failures} WHERE path = ?`),
  };
}

type Statements = ReturnType<typeof statementsFor>;
const prepared = new WeakMap<Db, Map<SyncedTable, Statements>>();

function statements(db: Db, table: SyncedTable): Statements {
  let byTable = prepared.get(db);
  if (!byTable) prepared.set(db, (byTable = new Map()));
  let s = byTable.get(table);
  if (!s) byTable.set(table, (s = statementsFor(db, table)));
  return s;
}

export function filesUnder(db: Db, table: SyncedTable, root: string): FileState[] {
  return statements(db, table).filesUnder.all(root) as FileState[];
}

export function failuresUnder(db: Db, table: SyncedTable, root: string): FailureRecord[] {
  return statements(db, table).failuresUnder.all(root) as FailureRecord[];
}

/** Where a synced file is and which content it has: the columns every synced row starts with. */
export interface SyncedFile {
  /** The row to replace; default: the row at this path (a file that reappears where we had marked one missing takes that row over). */
  id?: number;
  path: string;
  root: string;
  fingerprint: string;
  size: number;
  mtimeMs: number;
}

/**
 * Inserts or replaces a synced file's row with its analysis `columns` (column name → value), marked
 * present. Returns the row id and whether the row existed (its dependent rows are the caller's to
 * replace). Call inside the transaction that also writes the dependent rows.
 */
export function saveSyncedRow(db: Db, table: SyncedTable, file: SyncedFile, columns: Record<string, unknown>): { id: number; existed: boolean } {
  const values = { path: file.path, root: file.root, fingerprint: file.fingerprint, size: file.size, mtime_ms: file.mtimeMs, ...columns };
  const names = Object.keys(values);
  const id = file.id ?? (db.prepare(`SELECT id FROM ${table} WHERE path = ?`).get(file.path) as { id: number } | undefined)?.id;
  if (id === undefined) {
    const info = db.prepare(`INSERT INTO ${table} (${names.join(', ')}, status) VALUES (${names.map((c) => '@' + c).join(', ')}, 'ok')`).run(values);
    return { id: Number(info.lastInsertRowid), existed: false };
  }
  db.prepare(`UPDATE ${table} SET ${names.map((c) => `${c} = @${c}`).join(', ')}, status = 'ok' WHERE id = @id`).run({ ...values, id });
  return { id, existed: true };
}

export interface FileSyncStore extends IncrementalStore {
  recordFailure(root: string, failure: FailureRecord): void;
  clearFailure(path: string): void;
}

/**
 * The incremental store of one table: `isCurrent` says whether a row was analysed the way this run
 * would analyse it, `analyzerVersion` what a failure is recorded against (a failure under another
 * analyzer is not current).
 */
export function fileSyncStore(db: Db, table: SyncedTable, opts: { isCurrent: (row: FileState) => boolean; analyzerVersion: string }): FileSyncStore {
  const s = statements(db, table);
  const known = (rows: FileState[]): KnownFile[] => rows.map((r) => ({ ...(r as unknown as KnownFile), current: opts.isCurrent(r) }));
  return {
    filesUnder: (root) => known(filesUnder(db, table, root)),
    filesByFingerprint: (fp) => known(s.filesByFingerprint.all(fp) as FileState[]),
    failuresUnder: (root): KnownFailure[] => failuresUnder(db, table, root).map((f) => ({ ...f, current: f.analyzerVersion === opts.analyzerVersion })),
    touch: (id, size, mtimeMs) => void s.touch.run(size, mtimeMs, id),
    move: (id, to) =>
      db.transaction(() => {
        s.dropMissingAt.run(to.path, id);
        s.move.run(to.path, to.root, to.size, to.mtimeMs, id);
      })(),
    markMissing: (ids) => db.transaction(() => ids.forEach((id) => s.markMissing.run(id)))(),
    pruneFailures: (root, present) => {
      const stale = failuresUnder(db, table, root).filter((f) => !present.has(f.path));
      db.transaction(() => stale.forEach((f) => s.clearFailure.run(f.path)))();
    },
    recordFailure: (root, f) => void s.recordFailure.run(f.path, root, f.size, f.mtimeMs, f.reason, f.analyzerVersion, new Date().toISOString()),
    clearFailure: (path) => void s.clearFailure.run(path),
  };
}
