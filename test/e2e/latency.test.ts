import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ffmpegBinaries } from '../../src/main/engine/media/ffmpegBinaries';
import { CLI } from '../helpers/cli';
import { makeTempDir, runFfmpeg } from '../helpers/fixtures';

/**
 * The two latencies an editor feels most, measured in Chromium on a 100-scene project with a
 * 1,000-track library: a click on a scene until its suggestions are drawn, and P until picture and
 * music both move. Figures go to test-artifacts/latency.json and the log.
 */

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const MODEL = process.env.CUEFINDER_TEST_MODEL ?? join(ROOT, 'resources', 'models', 'default');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const TRACKS = 1000;
const SCENES = 100;
const SCENE_SEC = 1.6;

const missing = !existsSync(CHROMIUM) ? `${CHROMIUM} is missing` : !existsSync(join(MODEL, 'manifest.json')) ? `no model bundle at ${MODEL}` : null;
if (missing) console.warn(`latency test skipped: ${missing}`);

const tmp = makeTempDir('cuefinder-latency-');
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let baseUrl = '';
let token = '';

/** 1,000 short music-like mp3 files from one ffmpeg run (the segment muxer cuts one long signal). */
function makeLibrary(dir: string): void {
  mkdirSync(dir, { recursive: true });
  // Two tracks' worth more than needed: the segment muxer cuts at MP3 frame boundaries, so the last
  // of exactly TRACKS × 4 s could come out as a stub too short to index. The extra files go below.
  const total = TRACKS * 4 + 8;
  const src =
    `aevalsrc='0.25*sin(2*PI*(220+40*floor(t/7))*t)+0.2*sin(2*PI*(277+30*floor(t/11))*t)` +
    `+0.4*lt(mod(t,0.5),0.02)*sin(2*PI*1800*t)':s=22050:d=${total}`;
  const res = spawnSync(ffmpegBinaries().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', src, '-ac', '1', '-b:a', '64k', '-f', 'segment', '-segment_time', '4', join(dir, 'track%05d.mp3')], {
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`could not generate the library: ${res.stderr}`);
  for (const f of readdirSync(dir)) if (Number(f.match(/(\d+)\.mp3$/)?.[1]) >= TRACKS) rmSync(join(dir, f));
}

/** One video of SCENES hard cuts: the test pattern with its hue jumping every SCENE_SEC. */
function makeProject(dir: string): void {
  mkdirSync(dir, { recursive: true });
  runFfmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${SCENES * SCENE_SEC}`,
    '-f', 'lavfi', '-i', `sine=frequency=300:duration=${SCENES * SCENE_SEC}`,
    '-vf', `hue=h=floor(t/${SCENE_SEC})*97:b=mod(floor(t/${SCENE_SEC})\\,3)*2-2`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac', '-shortest', join(dir, 'many-shots.mp4'),
  ]);
}

async function api<T>(service: string, method: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`${baseUrl}/api/${service}/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: JSON.stringify({ args }) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error!.message);
  return body.value;
}

const stats = (ms: number[]): { n: number; median: number; p90: number; worst: number } => {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, median: Math.round(s[s.length >> 1]), p90: Math.round(s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]), worst: Math.round(s[s.length - 1]) };
};

describe.skipIf(missing !== null)('latency on a 100-scene project with a 1,000-track library', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const library = join(tmp.dir, 'library');
    const project = join(tmp.dir, 'project');
    makeLibrary(library);
    makeProject(project);
    const child = spawn(process.execPath, [CLI, 'serve', '--db', join(tmp.dir, 'cuefinder.db'), '--port', '0', '--no-restore', '--model', MODEL, '--library', library, '--project', project], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('serve did not print its address in 30 s')), 30_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    baseUrl = new URL(url).origin;
    token = new URL(url).searchParams.get('token')!;
    // Index, analyse and suggest run on their own after serve opens both folders.
    for (let i = 0; ; i++) {
      const state = await api<{ jobs: { kind: string; state: string }[] }>('app', 'state');
      const done = (kind: string): boolean => state.jobs.some((j) => j.kind === kind && j.state === 'done');
      if (done('index') && done('analyze') && done('suggest') && state.jobs.every((j) => j.state !== 'running' && j.state !== 'queued')) break;
      if (i > 1200) throw new Error(`jobs did not finish in 10 minutes: ${JSON.stringify(state.jobs)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(20_000);
    await page.goto(url);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    tmp.cleanup();
  });

  it('answers a click on a scene with its suggestions, and P with picture and music moving', async () => {
    const library = await api<{ trackCount: number }>('library', 'view');
    const project = await api<{ sceneCount: number; videos: { scenes: { id: number; number: number }[] }[] }>('project', 'view');
    console.log(`latency setup: ${library.trackCount} tracks, ${project.sceneCount} scenes`);
    expect(library.trackCount, JSON.stringify(library).slice(0, 2000)).toBe(TRACKS);
    expect(project.sceneCount).toBeGreaterThanOrEqual(SCENES * 0.9);
    const scenes = project.videos.flatMap((v) => v.scenes);
    await page.locator('.scene-tile').first().waitFor();

    // A frame-by-frame watcher installed in the page (page.waitForFunction would evaluate a string,
    // which the app's Content-Security-Policy forbids): it records the first frame at which the
    // expression gives a positive figure, and the test then reads that figure.
    const watchFrames = (expression: string): Promise<unknown> =>
      page.evaluate(`(() => { window.__watched = 0; const tick = () => { const v = ${expression}; if (v > 0) window.__watched = v; else requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
    const watched = async (): Promise<number> => {
      await expect.poll(() => page.evaluate('window.__watched'), { timeout: 15_000 }).toBeGreaterThan(0);
      return Number(await page.evaluate('window.__watched'));
    };
    await page.evaluate(`window.addEventListener('pointerdown', () => { window.__clickAt = performance.now(); }, true)`);
    const click: number[] = [];
    for (const s of scenes.filter((_, i) => i % 9 === 4).slice(0, 11)) {
      const tile = page.locator(`.scene-tile[data-scene-id="${s.id}"]`);
      await tile.scrollIntoViewIfNeeded();
      await watchFrames(`(() => {
          const h = document.querySelector('.suggestions h2');
          return h && h.textContent === 'Scene ${s.number}' && document.querySelectorAll('article.suggestion').length > 0 ? performance.now() - window.__clickAt : 0;
        })()`);
      await tile.click();
      click.push(await watched());
    }

    await page.evaluate(`window.addEventListener('keydown', (e) => {
      if (e.key !== 'p') return;
      const v = document.querySelector('[data-testid="picture"]');
      const id = document.querySelector('article.suggestion.selected')?.getAttribute('data-track-id');
      const a = document.querySelector('audio[data-track-id="' + id + '"]');
      window.__p = { at: performance.now(), v, a, v0: v.currentTime, a0: a ? a.currentTime : 0 };
    }, true)`);
    const preview: number[] = [];
    for (const s of scenes.filter((_, i) => i % 13 === 6).slice(0, 7)) {
      await page.locator(`.scene-tile[data-scene-id="${s.id}"]`).click();
      await page.locator('article.suggestion.selected').waitFor();
      await page.evaluate('document.activeElement && document.activeElement.blur()');
      await page.evaluate('window.__p = null');
      await watchFrames(`(() => {
          const p = window.__p;
          if (!p || !p.a) return 0;
          const moving = !p.v.paused && !p.a.paused && p.v.currentTime > p.v0 + 0.01 && p.a.currentTime !== p.a0;
          return moving ? performance.now() - p.at : 0;
        })()`);
      await page.keyboard.press('p');
      preview.push(await watched());
      await page.keyboard.press('p');
      await page.locator('.audition-badge').waitFor({ state: 'detached' });
    }
    const figures = { tracks: library.trackCount, scenes: project.sceneCount, clickToSuggestionsMs: stats(click), previewToMovingMs: stats(preview), browser: 'Chromium (headless)', viewport: '1280x720' };
    writeFileSync(join(ARTIFACTS, 'latency.json'), JSON.stringify(figures, null, 2));
    console.log(`latency: ${JSON.stringify(figures)}`);
    // The targets are 200 ms and 100 ms; the machine is shared, so the test fails only far beyond them.
    expect(figures.clickToSuggestionsMs.median).toBeLessThan(600);
    expect(figures.previewToMovingMs.median).toBeLessThan(400);
  });
});
