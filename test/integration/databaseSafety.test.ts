import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/main/engine/db/database';
import { CLI, runCli } from '../helpers/cli';
import { isRoot, makeTempDir } from '../helpers/fixtures';

/** Attack findings 5 (concurrent creation), 9 (another application's SQLite file) and 4 (a read-only database). */

const tmp = makeTempDir('cuefinder-db-safety-');
afterAll(tmp.cleanup);

function cliAsync(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

const tablesOf = (path: string): string[] => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

describe('opening the database', () => {
  it('creates one database from several processes at once without a schema race', async () => {
    for (let round = 0; round < 4; round++) {
      const db = join(tmp.dir, `race-${round}.db`);
      const runs = await Promise.all(Array.from({ length: 6 }, () => cliAsync(['tracks', '--db', db, '--json'])));
      for (const r of runs) expect(r.stderr).not.toMatch(/already exists|unexpected/);
      expect(runs.map((r) => r.status)).toEqual(runs.map(() => 0));
    }
  });

  it('refuses another application’s SQLite file instead of migrating it', () => {
    const path = join(tmp.dir, 'notes-app.sqlite');
    const foreign = new Database(path);
    foreign.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'keep me\');');
    foreign.close();
    expect(() => openDatabase(path)).toThrow(/not a Cuefinder database/);
    const res = runCli(['tracks', '--db', path]);
    expect(res.status).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/notes-app\.sqlite: not a Cuefinder database/);
    expect(tablesOf(path)).toEqual(['notes']);
  });

  it('takes over a database an earlier Cuefinder made (no application id yet) and a fresh empty file', () => {
    const old = join(tmp.dir, 'old.db');
    const db = openDatabase(old);
    db.pragma('application_id = 0');
    db.close();
    expect(() => openDatabase(old).close()).not.toThrow();
    const empty = join(tmp.dir, 'empty.db');
    new Database(empty).close();
    expect(() => openDatabase(empty).close()).not.toThrow();
  });

  it('says in one line that a read-only database cannot be written, before any work', (ctx) => {
    const path = join(tmp.dir, 'ro.db');
    openDatabase(path).close();
    for (const side of ['-wal', '-shm']) rmSync(path + side, { force: true });
    if (!makeReadOnly(path)) ctx.skip();
    try {
      const res = runCli(['index', join(tmp.dir, 'no-such-music'), '--db', path]);
      expect(res.status).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/The database .*ro\.db cannot be written: the file is read-only\./);
    } finally {
      undoReadOnly(path);
    }
  });
});

/** chmod for a normal user; root writes through modes, so there the immutable flag (where chattr works). */
function makeReadOnly(path: string): boolean {
  if (!isRoot) {
    chmodSync(path, 0o444);
    return true;
  }
  return spawnSync('chattr', ['+i', path]).status === 0;
}

function undoReadOnly(path: string): void {
  if (isRoot) spawnSync('chattr', ['-i', path]);
  else chmodSync(path, 0o644);
}
