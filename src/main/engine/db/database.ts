import Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export class DatabaseError extends Error {
  constructor(
    readonly path: string,
    reason: string,
    /** SQLite's result code, when SQLite raised it (SQLITE_READONLY, SQLITE_FULL, …). */
    readonly code?: string,
  ) {
    super(`database ${path}: ${reason}`);
    this.name = 'DatabaseError';
  }
}

/**
 * SQLite's header field naming the application that owns the file ('CueF'). A Cuefinder database
 * carries it from its first migration on; a database made before it was introduced gets it the
 * next time it is opened for writing.
 */
export const APPLICATION_ID = 0x43756546;

/**
 * Opens (creating when needed) a Cuefinder database in WAL mode and brings it to the newest schema.
 * Refuses a database written by a newer Cuefinder instead of guessing at its schema, and another
 * application's SQLite file instead of adding our tables to it.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    throw new DatabaseError(path, `cannot open (${(err as Error).message})`, (err as { code?: string }).code);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (options.readonly) refuseForeign(db);
    else {
      requireWritable(path);
      migrate(db);
    }
    cacheStatements(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(path, (err as Error).message, (err as { code?: string }).code);
  }
}

/** More distinct statements than the repositories hold; past it the cache starts over (SQL built with a variable number of placeholders). */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * Statements compiled once per connection: the repositories call `db.prepare(sql)` where they use
 * one (the SQL reads where it runs) and get the compiled statement back after the first time. Safe
 * because no statement is iterated while another call runs it, and none is switched to
 * pluck/raw/expand mode (a cached statement would keep the mode).
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
      statement = compile(source);
      cache.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/**
 * A database opened for writing must take writes: SQLite opens a read-only file without a word
 * and fails only at the first write, after the expensive work. Checked up front instead.
 */
function requireWritable(path: string): void {
  if (path === ':memory:' || path === '') return;
  for (const p of [path, dirname(path)]) {
    try {
      accessSync(p, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new DatabaseError(path, p === path ? 'the file is read-only' : `its folder ${p} is read-only`, code === 'EROFS' ? 'EROFS' : 'SQLITE_READONLY');
    }
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The tables of a database that is neither empty nor Cuefinder's, or undefined when it may be
 * ours: its application id is ours, or it has none and is empty or has Cuefinder's first table.
 */
function foreignTables(db: Db): string[] | undefined {
  const id = db.pragma('application_id', { simple: true }) as number;
  if (id === APPLICATION_ID) return undefined;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  if (id === 0 && (tables.length === 0 || (schemaVersion(db) > 0 && tables.includes('tracks')))) return undefined;
  return tables;
}

function refuseForeign(db: Db): void {
  const tables = foreignTables(db);
  if (!tables) return;
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
  throw new DatabaseError(db.name, `not a Cuefinder database (another application's file${tables.length ? `, with tables ${shown}` : ''}); it was left as it is — give another file`);
}

/**
 * Runs every pending migration, each in its own transaction together with its version bump. The
 * version is read under the write lock (BEGIN IMMEDIATE), so processes that open a new database
 * at the same moment apply each migration once: the others wait for the lock and find it done.
 */
export function migrate(db: Db, target = MIGRATIONS[MIGRATIONS.length - 1].version): void {
  const newest = MIGRATIONS[MIGRATIONS.length - 1].version;
  const step = db.transaction((): boolean => {
    refuseForeign(db);
    const current = schemaVersion(db);
    if (current > newest) {
      throw new DatabaseError(db.name, `schema version ${current} is newer than this Cuefinder understands (${newest}); upgrade Cuefinder`);
    }
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
    const next = MIGRATIONS.find((m) => m.version > current && m.version <= target);
    if (!next) return false;
    next.up(db);
    db.pragma(`user_version = ${next.version}`);
    return true;
  });
  // Up to date and ours: nothing to write, so no write lock (a long write elsewhere does not delay opening).
  const version = schemaVersion(db);
  if (version >= target && version <= newest && (db.pragma('application_id', { simple: true }) as number) === APPLICATION_ID) return;
  while (step.immediate()) {
    // one migration per transaction, until none is pending
  }
}
