import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobInfo } from '../../../src/shared/contract';
import { openDatabase } from '../../../src/main/engine/db/database';
import { createServiceHost, type ServiceHost } from '../../../src/main/services/createServices';
import { inProcessSuggestRunner } from '../../../src/main/services/suggestRunner';
import { startBrowserServer, type BrowserServer } from '../../../src/main/server/browserServer';
import { makeTempDir } from '../../helpers/fixtures';
import { seedTrack } from '../usecases/seed';

/** Attack finding 8: what the browser server answered with HTTP 500 or a misleading 403. */

const tmp = makeTempDir('cuefinder-hardening-');
const libraryDir = join(tmp.dir, 'music');
const rendererDir = join(tmp.dir, 'renderer');
const dbPath = join(tmp.dir, 'c.db');
let host: ServiceHost;
let server: BrowserServer;
let deletedTrack = 0;

beforeAll(async () => {
  mkdirSync(libraryDir);
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Cuefinder</title>');
  // A track indexed earlier whose file has since been deleted (never created here).
  const db = openDatabase(dbPath);
  deletedTrack = seedTrack(db, join(libraryDir, 'deleted.wav'));
  db.close();
  host = createServiceHost({ dbPath, workerScript: () => join(tmp.dir, 'no-worker.js'), modelDir: join(tmp.dir, 'no-model'), suggestRunner: inProcessSuggestRunner });
  await host.services.library.open(libraryDir);
  for (let i = 0; i < 300; i++) {
    const jobs: readonly JobInfo[] = await host.services.jobs.list();
    if (jobs.every((j) => j.state !== 'running' && j.state !== 'queued')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  server = await startBrowserServer({ host, rendererDir, port: 0 });
});
afterAll(async () => {
  await server?.close();
  await host?.dispose();
  tmp.cleanup();
});

const post = (path: string, body: string): Promise<Response> =>
  fetch(`http://127.0.0.1:${server.port}${path}`, { method: 'POST', body, headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${server.port}` } });

describe('browser server hardening', () => {
  it('answers arguments nested 5,000 deep with a 400 naming the argument, not a 500', async () => {
    const deep = '['.repeat(5000) + '1' + ']'.repeat(5000);
    for (const path of ['/api/project/open', '/api/library/open', '/api/export/render', '/api/jobs/cancel']) {
      const res = await post(path, `{"args":[${deep}, ${deep}, ${deep}]}`);
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(res.status, `${path}: ${body.error?.message}`).toBe(400);
      expect(body.error.code).toBe('invalid-argument');
      expect(body.error.message).toMatch(/got a list of 1\)/);
    }
  });

  it('answers a deleted track of the opened library with 404 (gone), not 403 (outside the folders)', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/media/track/${deletedTrack}`, { headers: { Authorization: `Bearer ${server.token}` } });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(404);
    expect(body.error.message).toMatch(/deleted\.wav is gone/);
  });
});
