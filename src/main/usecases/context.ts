import { resolve } from 'node:path';
import { cacheDirFor } from '../engine/appPaths';
import { openDatabase, type Db } from '../engine/db/database';
import { asUsecaseError, storageFailure } from './errors';
import { expectString } from './validate';

/**
 * What every use case runs against, wired once per front door: the database, the cache folder
 * next to it (thumbnails, retrieval indexes) and, for the jobs that analyse audio, the worker
 * script. The CLI opens one per command; the app's Session is one for its lifetime.
 */
export interface UsecaseContext {
  readonly db: Db;
  readonly dbPath: string;
  readonly cacheDir: string;
}

export interface OpenedContext extends UsecaseContext {
  close(): void;
}

/**
 * Opens the database a front door was given (checked: an empty path is refused, not taken as a
 * throwaway database) and brings it to the newest schema under the write lock, so a read-only or
 * foreign file is reported before any work starts.
 */
export function openContext(dbPath: unknown): OpenedContext {
  const given = expectString(dbPath, 'The database file');
  const path = given === ':memory:' ? given : resolve(given);
  let db: Db;
  try {
    db = openDatabase(path);
  } catch (err) {
    throw asUsecaseError(err, `The database ${path}`) ?? err;
  }
  return { db, dbPath: path, cacheDir: cacheDirFor(path), close: () => db.close() };
}

/**
 * Runs a use case's work and reports a storage failure on the database (a full disk, a file made
 * read-only) as one sentence naming the database, instead of SQLite's error.
 */
export async function storing<T>(ctx: UsecaseContext, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw storageFailure(err, `The database ${ctx.dbPath}`) ?? err;
  }
}
