import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/engine/db/database';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/main/engine/export/exportFormats';
import type { Timeline } from '../../src/main/engine/export/timeline';
import { ffmpegBinaries } from '../../src/main/engine/media/ffmpegBinaries';
import { projectTimeline } from '../../src/main/engine/project/projectTimeline';
import { rateToFps } from '../../src/shared/time';
import { CLI, runCli } from '../helpers/cli';
import { expectedReading, readBack, readerPython } from '../helpers/exportReaders';
import { makeTempDir } from '../helpers/fixtures';

/**
 * The demo project as a newcomer gets it from `cuefinder demo`, taken through the CLI the way an
 * editor would: exported in every format with bar markers and read back by the readers editors'
 * tools use (skipped with the reason where Python and the readers are absent, as in
 * exportReaders.test.ts), and rendered to an MP4 — measured with ffprobe and ffmpeg's ebur128 and
 * silencedetect — including a render killed with SIGKILL mid-encode, which must leave nothing at
 * --out, and one stopped with SIGTERM.
 */
const tmp = makeTempDir('cuefinder-demo-project-');
afterAll(() => tmp.cleanup());
const demo = join(tmp.dir, 'demo');
const db = join(demo, 'cuefinder.db');
let projectDir: string;
let timeline: Timeline;

beforeAll(() => {
  const run = runCli(['demo', '--out', demo]);
  expect(run.status, run.stderr).toBe(0);
  projectDir = realpathSync(join(demo, 'project'));
  const handle = openDatabase(db, { readonly: true });
  try {
    timeline = projectTimeline(handle, projectDir, { markers: 'bars' });
  } finally {
    handle.close();
  }
}, 300_000);

function ffmpegStderr(args: string[]): string {
  return spawnSync(ffmpegBinaries().ffmpeg, ['-hide_banner', '-nostats', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).stderr;
}

const workFolders = (name: string): string[] => readdirSync(tmp.dir).filter((entry) => entry.startsWith(`.${name}.render-`));

const found = readerPython();
const python = 'python' in found ? found.python : undefined;
if (!python) {
  if (process.env.CUEFINDER_OTIO_PYTHON) throw new Error('missing' in found ? found.missing : '');
  console.warn(`demoProject.test: export read-back skipped: ${'missing' in found ? found.missing : ''}`);
}

describe('the demo project', () => {
  it('is a cut worth checking: several scenes, a music change, bar markers', () => {
    expect(timeline.videoClips.length).toBeGreaterThanOrEqual(4);
    expect(timeline.musicClips.filter((clip) => clip.crossfadeIn > 0).length).toBeGreaterThanOrEqual(1);
    expect(timeline.musicClips.flatMap((clip) => clip.markers).length).toBeGreaterThanOrEqual(5);
  });

  it.skipIf(!python)('exported through the CLI in every format with bar markers, read back by OpenTimelineIO and its adapters to the frame', () => {
    const entries = (Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((format) => {
      const out = join(tmp.dir, `demo${EXPORT_FORMATS[format].extension}`);
      const run = runCli(['export', projectDir, '--db', db, '--format', format, '--markers', 'bars', '--out', out]);
      expect(run.status, run.stderr).toBe(0);
      return expectedReading(timeline, format, out);
    });
    const report = readBack(python as string, entries, join(tmp.dir, 'readers'));
    expect(report.results.map((r) => [r.format, r.problems])).toEqual(entries.map((e) => [e.format, []]));
    for (const result of report.results) {
      expect(result.counts.videoClips, result.format).toBe(timeline.videoClips.length);
      expect(result.counts.musicClips, result.format).toBe(timeline.musicClips.length);
    }
  });

  it('renders through the CLI: ffprobe reads it, its length is the cut to a frame, −16 ± 1 LUFS, no silence at the music changes', () => {
    const out = join(tmp.dir, 'cut.mp4');
    const run = runCli(['render', projectDir, '--db', db, '--out', out, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const fps = rateToFps(timeline.rate);
    const probe = spawnSync(ffmpegBinaries().ffprobe, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', out], { encoding: 'utf8' });
    expect(probe.status, probe.stderr).toBe(0);
    const info = JSON.parse(probe.stdout) as { format: { duration: string }; streams: Array<{ codec_name: string }> };
    expect(info.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
    expect(Math.abs(Number(info.format.duration) - timeline.duration / fps)).toBeLessThanOrEqual(1 / fps);

    const integrated = Number(/Integrated loudness:\s*I:\s*(-?[\d.]+) LUFS/.exec(ffmpegStderr(['-i', out, '-af', 'ebur128', '-f', 'null', '-']))?.[1]);
    expect(Math.abs(integrated + 16), `integrated loudness ${integrated} LUFS`).toBeLessThanOrEqual(1);

    const changes = timeline.musicClips.filter((clip) => clip.crossfadeIn > 0).map((clip) => clip.recordIn / fps);
    const silences = [...ffmpegStderr(['-i', out, '-af', 'silencedetect=n=-50dB:d=0.05', '-f', 'null', '-']).matchAll(/silence_start: (-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(silences.filter((t) => changes.some((change) => Math.abs(t - change) < 0.5))).toEqual([]);
    expect(workFolders('cut.mp4')).toEqual([]);
  }, 180_000);

  it('killed mid-encode (SIGKILL) leaves nothing at --out, and the next render to the same file finishes and clears the dead one’s folder', async () => {
    const out = join(tmp.dir, 'killed.mp4');
    const child = spawn(process.execPath, [CLI, 'render', projectDir, '--db', db, '--out', out], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Mid-way: the encode pass has begun writing its partial MP4 in the work folder.
    const deadline = Date.now() + 120_000;
    let partial: string | undefined;
    while (!partial && Date.now() < deadline) {
      const folder = workFolders('killed.mp4')[0];
      const candidate = folder && join(tmp.dir, folder, 'cut.mp4');
      if (candidate && existsSync(candidate) && statSync(candidate).size > 0) partial = candidate;
      else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(partial, 'the render never reached its encode pass').toBeDefined();
    child.kill('SIGKILL');
    await exited;
    // Its ffmpeg dies on the closed progress pipe; give it a moment to go.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(out)).toBe(false);

    const again = runCli(['render', projectDir, '--db', db, '--out', out, '--height', '180']);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(workFolders('killed.mp4')).toEqual([]);
  }, 300_000);

  it('stopped with SIGTERM: exits 130 saying nothing was written, and leaves neither the file nor its work folder', async () => {
    const out = join(tmp.dir, 'stopped.mp4');
    const child = spawn(process.execPath, [CLI, 'render', projectDir, '--db', db, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
    const deadline = Date.now() + 120_000;
    while (workFolders('stopped.mp4').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGTERM');
    expect(await code).toBe(130);
    expect(stderr).toMatch(/cancelled: nothing was written/);
    expect(existsSync(out)).toBe(false);
    expect(workFolders('stopped.mp4')).toEqual([]);
  }, 180_000);
});
