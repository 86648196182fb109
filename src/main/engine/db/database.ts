import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export class DatabaseError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`database ${path}: ${reason}`);
    this.name = 'DatabaseError';
  }
}

/**
 * Opens (creating when needed) a Cuefinder database in WAL mode and brings it to the newest schema.
 * Refuses a database written by a newer Cuefinder instead of guessing at its schema.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    throw new DatabaseError(path, `cannot open (${(err as Error).message})`);
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DatabaseError) throw err;
    throw new DatabaseError(path, (err as Error).message);
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs every pending migration, each in its own transaction together with its version bump. */
export function migrate(db: Db, target = MIGRATIONS[MIGRATIONS.length - 1].version): void {
  const current = schemaVersion(db);
  const newest = MIGRATIONS[MIGRATIONS.length - 1].version;
  if (current > newest) {
    throw new DatabaseError(db.name, `schema version ${current} is newer than this Cuefinder understands (${newest}); upgrade Cuefinder`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
