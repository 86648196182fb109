import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ProjectView } from '../../../src/shared/contract';
import { openDatabase } from '../../../src/main/engine/db/database';
import { listTracks } from '../../../src/main/engine/db/trackRepository';
import { createServiceHost, type ServiceHost } from '../../../src/main/services/createServices';
import { inProcessSuggestRunner } from '../../../src/main/services/suggestRunner';
import { startBrowserServer, type BrowserServer } from '../../../src/main/server/browserServer';
import { makeTempDir, runFfmpeg, writeWav } from '../../helpers/fixtures';
import { jobsFinished } from '../../helpers/serviceJobs';

/**
 * Browser mode's security against the real server and services: loopback only, the token on
 * every request, our own pages only for state changes, and files only from the opened folders.
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');
const tmp = makeTempDir('cuefinder-security-');
const projectDir = join(tmp.dir, 'project');
const libraryDir = join(tmp.dir, 'music');
const elsewhereDir = join(tmp.dir, 'elsewhere');
const rendererDir = join(tmp.dir, 'renderer');
let host: ServiceHost;
let server: BrowserServer;

function tone(sec: number, hz: number): Float32Array {
  const rate = 22050;
  return Float32Array.from({ length: sec * rate }, (_, n) => 0.4 * Math.sin((2 * Math.PI * hz * n) / rate) * (n % rate < rate / 2 ? 1 : 0.5));
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An HTTP request with the path sent exactly as given (fetch would normalise `..` away). */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}` });

beforeAll(async () => {
  mkdirSync(projectDir);
  mkdirSync(libraryDir);
  mkdirSync(elsewhereDir);
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Cuefinder</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  runFfmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x180:rate=25:duration=4', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', join(projectDir, 'clip.mp4')]);
  // A project made partly of links: one to a take inside the folder (used everywhere), one to a
  // clip outside it (refused: skipped at analysis and never served).
  mkdirSync(join(projectDir, 'takes'));
  runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(projectDir, 'takes', 'take2.mp4')]);
  runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', join(elsewhereDir, 'private.mp4')]);
  symlinkSync(join(projectDir, 'takes', 'take2.mp4'), join(projectDir, 'scene-b.mp4'));
  symlinkSync(join(elsewhereDir, 'private.mp4'), join(projectDir, 'outside.mp4'));
  writeWav(join(libraryDir, 'inside.wav'), tone(8, 440), 22050);
  writeWav(join(libraryDir, 'swapped.wav'), tone(8, 500), 22050);
  writeWav(join(elsewhereDir, 'indexed-elsewhere.wav'), tone(8, 550), 22050);
  writeWav(join(elsewhereDir, 'secret.wav'), tone(8, 660), 22050);
  symlinkSync(join(elsewhereDir, 'secret.wav'), join(libraryDir, 'link-to-secret.wav'));

  host = createServiceHost({
    dbPath: join(tmp.dir, 'cuefinder.db'),
    workerScript: () => join(ROOT, 'out', 'main', 'analysisWorker.js'),
    modelDir: join(ROOT, 'resources', 'models', 'default'),
    suggestRunner: inProcessSuggestRunner,
  });
  // A folder indexed into the same database earlier, then left: its tracks stay in the
  // database but are no longer in an opened folder.
  await host.services.library.open(elsewhereDir);
  await jobsFinished(host);
  await host.services.library.open(libraryDir);
  await host.services.project.open(projectDir);
  await jobsFinished(host);
  // Indexed as a file, then replaced by a link leading out of the music folder.
  trackIdOf('swapped.wav');
  unlinkSync(join(libraryDir, 'swapped.wav'));
  symlinkSync(join(elsewhereDir, 'secret.wav'), join(libraryDir, 'swapped.wav'));
  server = await startBrowserServer({ host, rendererDir, port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await host?.dispose();
  tmp.cleanup();
});

/** Track ids by file name, read from the database the services use. */
function trackIdOf(fileName: string): number {
  const db = openDatabase(join(tmp.dir, 'cuefinder.db'));
  try {
    const track = listTracks(db).find((t) => t.path.endsWith(fileName));
    if (!track) throw new Error(`${fileName} was not indexed`);
    return track.id;
  } finally {
    db.close();
  }
}

describe('browser mode: where it listens', () => {
  it('binds the loopback address only', async () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=`));
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const address of [...others, '127.0.0.2', '::1']) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host: address, port: server.port });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
      expect(outcome, `connecting to ${address}`).not.toBe('connected');
    }
    expect((await raw('/', { headers: auth() })).status).toBe(200);
  });
});

describe('browser mode: the per-run token', () => {
  it('refuses pages, API calls, media and events without it', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/assets/app.js')).status).toBe(401);
    const api = await raw('/api/app/state', { method: 'POST', body: '{"args":[]}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body.toString())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await raw('/media/video/1')).status).toBe(401);
    const ws = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
      socket.on('open', () => resolve(101));
      socket.on('error', () => {});
    });
    expect(ws).toBe(401);
  });

  it('refuses a wrong token and accepts the right one by header, query and cookie', async () => {
    expect((await raw('/', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await raw(`/?token=${server.token.slice(0, -1)}x`)).status).toBe(401);
    const opened = await raw(`/?token=${server.token}`);
    expect(opened.status, 'the address with the token trades it for a cookie').toBe(303);
    expect(opened.headers.location).toBe('/');
    const cookie = String(opened.headers['set-cookie']).split(';')[0];
    expect(String(opened.headers['set-cookie'])).toMatch(/HttpOnly/);
    const page = await raw('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Cuefinder</title>');
    const ws = await new Promise<string>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { Cookie: cookie } });
      socket.on('open', () => {
        socket.close();
        resolve('open');
      });
      socket.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
    });
    expect(ws).toBe('open');
  });

  it('refuses another host name (DNS rebinding) and state changes from other pages', async () => {
    expect((await raw('/', { headers: { ...auth(), Host: `evil.example:${server.port}` } })).status).toBe(421);
    const crossSite = await raw('/api/app/state', { method: 'POST', headers: { ...auth(), Origin: 'http://evil.example' }, body: '{"args":[]}' });
    expect(crossSite.status).toBe(403);
    const ownPage = await raw('/api/app/state', { method: 'POST', headers: { ...auth(), Origin: `http://127.0.0.1:${server.port}` }, body: '{"args":[]}' });
    expect(ownPage.status).toBe(200);
  });
});

describe('browser mode: files only from the opened folders', () => {
  const passwd = readFileSync('/etc/passwd');
  const attempts = [
    '/../../../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/assets/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2fetc%2fpasswd',
    '//etc/passwd',
    '/media?path=/etc/passwd',
    '/media?path=../../../../etc/passwd',
    '/media/../../../../etc/passwd',
    '/media/video/..%2f..%2f..%2fetc%2fpasswd',
    '/media/track/%2fetc%2fpasswd',
    '/media/file/etc/passwd',
  ];
  for (const path of attempts) {
    it(`refuses ${path}`, async () => {
      const res = await raw(path, { headers: auth() });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.includes(passwd.subarray(0, 32))).toBe(false);
    });
  }

  it('streams the open project’s video with ranges and the right type', async () => {
    const project = (await host.services.project.view()) as ProjectView;
    const video = project.videos[0];
    const file = readFileSync(join(projectDir, 'clip.mp4'));
    const whole = await raw(`/media/video/${video.id}`, { headers: auth() });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(file)).toBe(true);
    const part = await raw(`/media/video/${video.id}`, { headers: { ...auth(), Range: 'bytes=100-299' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-299/${file.length}`);
    expect(part.body.equals(file.subarray(100, 300))).toBe(true);
    const tail = await raw(`/media/video/${video.id}`, { headers: { ...auth(), Range: 'bytes=-10' } });
    expect(tail.body.equals(file.subarray(file.length - 10))).toBe(true);
    expect((await raw(`/media/video/${video.id}`, { headers: { ...auth(), Range: `bytes=${file.length + 5}-` } })).status).toBe(416);
    const thumb = await raw(`/media/thumb/${video.scenes[0].id}`, { headers: auth() });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(thumb.body.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    // A revision in the query (the renderer's cache key for re-cut scenes) names the same file.
    const revised = await raw(`/media/thumb/${video.scenes[0].id}?rev=${encodeURIComponent(`${video.id}:0-75`)}`, { headers: auth() });
    expect(revised.status).toBe(200);
    expect(revised.body.equals(thumb.body)).toBe(true);
  });

  it('uses a link inside the project folder everywhere and refuses one leading outside it', async () => {
    const project = (await host.services.project.view()) as ProjectView;
    const byName = new Map(project.videos.map((v) => [v.path.slice(projectDir.length + 1), v]));
    expect([...byName.keys()].sort()).toEqual(['clip.mp4', 'scene-b.mp4', 'takes/take2.mp4']);
    const linked = byName.get('scene-b.mp4')!;
    const media = await raw(`/media/video/${linked.id}`, { headers: auth() });
    expect(media.status, 'the linked clip plays').toBe(200);
    expect(media.body.equals(readFileSync(join(projectDir, 'takes', 'take2.mp4')))).toBe(true);
    expect((await raw(`/media/thumb/${linked.scenes[0].id}`, { headers: auth() })).status, 'its thumbnails show').toBe(200);
    const view = await host.services.suggestions.forScene(linked.scenes[0].id);
    expect(view.sceneId, 'its scenes belong to the project').toBe(linked.scenes[0].id);
    const outside = project.failures.find((f) => f.path.endsWith('outside.mp4'));
    expect(outside?.reason, 'the link leading outside is listed as skipped, with the reason').toMatch(/a link to .*private\.mp4, outside the folder/);
  });

  it('streams tracks of the open music folder and refuses tracks outside it, links included', async () => {
    const inside = await raw(`/media/track/${trackIdOf('inside.wav')}`, { headers: auth() });
    expect(inside.status).toBe(200);
    expect(inside.headers['content-type']).toBe('audio/wav');
    expect(inside.body.equals(readFileSync(join(libraryDir, 'inside.wav')))).toBe(true);
    const left = await raw(`/media/track/${trackIdOf('indexed-elsewhere.wav')}`, { headers: auth() });
    expect(left.status, 'a track of a folder that is no longer open').toBe(403);
    expect(() => trackIdOf('link-to-secret.wav'), 'a link leading out of the music folder is never indexed').toThrow(/was not indexed/);
    const library = await host.services.library.view();
    expect(library?.failures.find((f) => f.path.endsWith('link-to-secret.wav'))?.reason).toMatch(/outside the folder/);
    const swapped = await raw(`/media/track/${trackIdOf('swapped.wav')}`, { headers: auth() });
    expect(swapped.status, 'an indexed file replaced by a link leading outside').toBe(403);
    expect(swapped.body.includes(readFileSync(join(elsewhereDir, 'secret.wav')).subarray(44, 100))).toBe(false);
    expect((await raw('/media/track/999999', { headers: auth() })).status).toBe(404);
  });

  it('serves renderer files only from the renderer folder and reaches only contract methods', async () => {
    expect((await raw('/assets/app.js', { headers: auth() })).status).toBe(200);
    for (const method of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await raw(`/api/project/${method}`, { method: 'POST', headers: auth(), body: '{"args":[]}' });
      expect(res.status, method).toBe(404);
    }
    const big = await raw('/api/app/state', { method: 'POST', headers: auth(), body: JSON.stringify({ args: ['x'.repeat(2 << 20)] }) });
    expect(big.status).toBe(413);
  });
});
