import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCliJson, startCli } from '../helpers/cli';
import { makeTempDir, runFfmpeg } from '../helpers/fixtures';

interface AnalyzeJson {
  videos: {
    path: string;
    durationSec: number;
    fps: string;
    width: number;
    height: number;
    hasAudio: boolean;
    scenes: { index: number; startFrame: number; endFrame: number; startSec: number; endSec: number; thumbnail: string | null }[];
    error?: string;
  }[];
  skipped: { path: string; reason: string }[];
}

const tmp = makeTempDir();
const project = join(tmp.dir, 'Project Föotage');
const db = join(tmp.dir, 'project.db');

/** Three shots of 3 s joined by hard cuts, at `rate`, with or without a sine soundtrack. */
function threeShots(path: string, rate: string, withAudio: boolean): void {
  const shots = ['testsrc2', 'smptebars', 'rgbtestsrc'].map((src) => ['-f', 'lavfi', '-t', '3', '-i', `${src}=s=320x180:r=${rate}`]).flat();
  const audio = withAudio ? ['-f', 'lavfi', '-i', 'sine=f=330:d=9'] : [];
  runFfmpeg([
    ...shots,
    ...audio,
    '-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]',
    '-map', '[v]',
    ...(withAudio ? ['-map', '3:a', '-c:a', 'aac', '-shortest'] : []),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-pix_fmt', 'yuv420p', '-r', rate,
    path,
  ]);
}

beforeAll(() => {
  mkdirSync(join(project, 'day 1'), { recursive: true });
  threeShots(join(project, 'day 1', 'a cam.mp4'), '30000/1001', true);
  threeShots(join(project, 'b cam.mov'), '25', false);
  writeFileSync(join(project, 'notes.mp4'), 'not a video\n'.repeat(100));
  writeFileSync(join(project, 'empty.mkv'), '');
  runFfmpeg(['-f', 'lavfi', '-i', 'sine=d=3', '-c:a', 'aac', join(project, 'voice memo.mov')]);
  runFfmpeg(['-f', 'lavfi', '-i', 'sine=d=1', join(project, 'day 1', 'sync sound.wav')]);
}, 120_000);
afterAll(tmp.cleanup);

describe('cuefinder analyze', () => {
  let res: AnalyzeJson;
  beforeAll(() => {
    res = runCliJson<AnalyzeJson>(['analyze', project, '--db', db]);
  }, 300_000);
  const video = (name: string) => {
    const v = res.videos.find((x) => x.path.endsWith(name));
    if (!v) throw new Error(`no ${name} in ${JSON.stringify(res.videos.map((x) => x.path))}`);
    return v;
  };

  it('finds the hard cuts to the frame at the file’s own rate, with thumbnails', () => {
    const a = video('a cam.mp4');
    expect(a.fps).toBe('30000/1001');
    expect(a.hasAudio).toBe(true);
    expect([a.width, a.height]).toEqual([320, 180]);
    // 3 s shots at 29.97: cuts at frames 90 and 180 (±1).
    expect(a.scenes.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(Math.abs(a.scenes[1].startFrame - 90)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.scenes[2].startFrame - 180)).toBeLessThanOrEqual(1);
    expect(a.scenes[0].startFrame).toBe(0);
    for (let i = 1; i < a.scenes.length; i++) expect(a.scenes[i].startFrame).toBe(a.scenes[i - 1].endFrame);
    for (const s of a.scenes) expect(s.thumbnail && existsSync(s.thumbnail)).toBe(true);

    const b = video('b cam.mov');
    expect(b.fps).toBe('25');
    expect(b.hasAudio).toBe(false);
    expect(b.scenes.map((s) => s.startFrame)).toEqual([0, 75, 150]);
  });

  it('reports bad files with a clear reason and still finishes', () => {
    expect(video('notes.mp4').error).toMatch(/not a readable media file|invalid data/i);
    expect(video('empty.mkv').error).toMatch(/empty file/);
    expect(video('voice memo.mov').error).toMatch(/no video stream/);
  });

  it('does not decode unchanged videos again', () => {
    const again = runCli(['analyze', project, '--db', db]);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/0 analysed, 2 unchanged/);
    expect(again.stderr).toMatch(/^1 other file skipped, not footage \(--json lists them with the reason\)$/m);
  });

  it('lists the files that are not footage in its JSON, with the reason', () => {
    expect(res.skipped).toEqual([{ path: join(project, 'day 1', 'sync sound.wav'), reason: 'not a video file (.wav)' }]);
  });
  it('split and join correct one video’s scenes by time or timecode, and only that video is analysed again', () => {
    const b = join(project, 'b cam.mov');
    const split = runCliJson<AnalyzeJson>(['split', project, b, '--at', '4.5', '--db', db]);
    expect(split.videos).toHaveLength(1);
    expect(split.videos[0].scenes.map((s) => s.startFrame)).toEqual([0, 75, 112, 150]);
    const joined = runCliJson<AnalyzeJson>(['join', project, b, '--at', '00:00:03:00', '--db', db]);
    expect(joined.videos[0].scenes.map((s) => s.startFrame)).toEqual([0, 112, 150]);
    const again = runCli(['analyze', project, '--db', db]);
    expect(again.stderr).toMatch(/0 analysed, 2 unchanged/);

    // A scene's first frame is no place for a cut: it already starts there.
    const onBoundary = runCli(['split', project, b, '--at', '4.48', '--db', db]);
    expect(onBoundary.status).toBe(1);
    expect(onBoundary.stderr).toMatch(/frame 112 is not after the first \(112\) and before the end \(150\) of scene 2 of b cam\.mov/);
    expect(runCli(['join', project, b, '--at', '1', '--db', db]).stderr).toMatch(/Scene 1 of b cam\.mov starts the video/);
    expect(runCli(['split', project, join(project, 'nope.mp4'), '--at', '1', '--db', db]).stderr).toMatch(/nope\.mp4: not an analysed video/);
    expect(runCli(['split', project, b, '--at', 'soon', '--db', db]).stderr).toMatch(/--at soon: invalid timecode/);
  });
});

describe('killing an analysis', () => {
  it('leaves a consistent database and a rerun finishes the rest', async () => {
    const many = join(tmp.dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 6; i++) threeShots(join(many, `clip${i}.mp4`), '25', false);
    const killDb = join(tmp.dir, 'killed.db');
    const count = (): number => {
      try {
        const h = new Database(killDb, { readonly: true, fileMustExist: true });
        try {
          return (h.prepare('SELECT COUNT(*) AS n FROM videos').get() as { n: number }).n;
        } finally {
          h.close();
        }
      } catch {
        return 0;
      }
    };
    const child = startCli(['analyze', many, '--db', killDb]);
    const deadline = Date.now() + 120_000;
    while (count() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const h = new Database(killDb);
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    const kept = (h.prepare('SELECT COUNT(*) AS n FROM videos').get() as { n: number }).n;
    const orphans = (h.prepare('SELECT COUNT(*) AS n FROM videos v WHERE NOT EXISTS (SELECT 1 FROM scenes s WHERE s.video_id = v.id)').get() as { n: number }).n;
    h.close();
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(orphans).toBe(0);
    const rerun = runCli(['analyze', many, '--db', killDb]);
    expect(rerun.status).toBe(0);
    expect(rerun.stderr).toMatch(new RegExp(`${6 - kept} analysed, ${kept} unchanged`));
  }, 300_000);
});
