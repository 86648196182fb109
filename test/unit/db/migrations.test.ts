import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, openDatabase, schemaVersion } from '../../../src/main/engine/db/database';
import { MIGRATIONS } from '../../../src/main/engine/db/migrations';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir();
afterAll(tmp.cleanup);

describe('database and migrations', () => {
  it('creates a WAL database at the newest schema version with strict tables', () => {
    const db = openDatabase(join(tmp.dir, 'nested', 'a.db'));
    expect(schemaVersion(db)).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tracksSql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'tracks'").get() as { sql: string }).sql;
    expect(tracksSql).toMatch(/STRICT/);
    // The fingerprint lookup that recognises moved files must use its index.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM tracks WHERE fingerprint = 'x'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX tracks_fingerprint/);
    db.close();
  });

  it('migrates step by step and is idempotent', () => {
    const path = join(tmp.dir, 'b.db');
    const raw = new Database(path);
    migrate(raw, MIGRATIONS[0].version);
    expect(schemaVersion(raw)).toBe(MIGRATIONS[0].version);
    migrate(raw);
    migrate(raw);
    expect(schemaVersion(raw)).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    raw.close();
  });

  it('has strictly increasing migration versions', () => {
    for (let i = 1; i < MIGRATIONS.length; i++) expect(MIGRATIONS[i].version).toBeGreaterThan(MIGRATIONS[i - 1].version);
  });

  it('refuses a database from a newer Cuefinder', () => {
    const path = join(tmp.dir, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99999');
    raw.close();
    expect(() => openDatabase(path)).toThrow(/newer than this Cuefinder/);
  });

  it('reports an unwritable database location with its path', () => {
    // A regular file where a folder should be: nothing can be created below it, even as root.
    const blocker = join(tmp.dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    expect(() => openDatabase(join(blocker, 'x.db'))).toThrow(/database .*not-a-folder\/x\.db: cannot open/);
  });
});
