import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/engine/db/database';
import { asUsecaseError } from '../../../src/main/usecases/errors';
import { seedTrack } from './seed';

/** Attack finding 4: a full disk during indexing surfaced as an SQLite stack trace (exit 2). */
describe('storage failures', () => {
  it('turn SQLite’s "database or disk is full" into one sentence naming the database', () => {
    const db = openDatabase(':memory:');
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 2}`);
    let thrown: unknown;
    try {
      for (let i = 0; i < 100; i++) seedTrack(db, `/music/${i}.wav`);
    } catch (err) {
      thrown = err;
    }
    expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
    const failure = asUsecaseError(thrown, 'The database /x/c.db');
    expect(failure).toMatchObject({ code: 'failed', message: 'The database /x/c.db cannot be written: the disk is full.' });
    db.close();
  });

  it('leave bugs alone (reported with their stack by the caller)', () => {
    expect(asUsecaseError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
