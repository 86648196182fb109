import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, mkdirSync, renameSync, symlinkSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCliJson, startCli } from '../helpers/cli';
import { isRoot, makeTempDir, runFfmpeg } from '../helpers/fixtures';
import { PROGRESSIONS, chordProgression, clickTrack, writeAudio } from '../helpers/audioFixtures';

interface IndexJson {
  scanned: number;
  indexed: number;
  unchanged: number;
  moved: number;
  missing: number;
  failed: number;
  failures: { path: string; reason: string }[];
  audioSeconds: number;
  wallSeconds: number;
}
interface TrackJson {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  durationSec: number;
  bpm: number;
  key: string;
  mode: 'major' | 'minor';
  status: string;
}

const tmp = makeTempDir();
const lib = join(tmp.dir, 'My Music ♫');
const db = join(tmp.dir, 'lib.db');
let first: IndexJson;
let tracks: TrackJson[];
const byTitle = (t: string): TrackJson => {
  const found = tracks.find((x) => x.title === t);
  if (!found) throw new Error(`no track titled ${t}`);
  return found;
};

beforeAll(() => {
  mkdirSync(join(lib, 'clicks'), { recursive: true });
  mkdirSync(join(lib, 'keys', 'Ünïcode dir'), { recursive: true });
  mkdirSync(join(lib, 'bad'), { recursive: true });
  for (const bpm of [60, 90, 120, 150]) {
    writeAudio(join(lib, 'clicks', `click ${bpm}.mp3`), clickTrack(bpm, 30), { title: `click ${bpm}`, artist: 'Metronome', album: 'Clicks' });
  }
  writeAudio(join(lib, 'keys', 'c major.flac'), chordProgression(PROGRESSIONS['C major'].map((c) => [...c]), 1.5, 4), { title: 'C major', artist: 'Chords' });
  writeAudio(join(lib, 'keys', 'Ünïcode dir', 'a minor – été.ogg'), chordProgression(PROGRESSIONS['A minor'].map((c) => [...c]), 1.5, 4), { title: 'A minor' });
  writeAudio(join(lib, 'keys', 'g major.m4a'), chordProgression(PROGRESSIONS['G major'].map((c) => [...c]), 1.5, 4), { title: 'G major' });
  writeAudio(join(lib, 'keys', 'e minor.wav'), chordProgression(PROGRESSIONS['E minor'].map((c) => [...c]), 1.5, 4), { title: 'E minor' });
  runFfmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=stereo', '-t', '12', join(lib, 'silence.wav')]);
  runFfmpeg(['-f', 'lavfi', '-i', 'anoisesrc=d=12:c=pink:r=44100:a=0.3', join(lib, 'noise.opus')]);
  // Bad files: truncated mp3 (a usable head), zero bytes, text named .mp3, unreadable (not as root), a symlink loop.
  writeAudio(join(lib, 'bad', 'truncated.mp3'), clickTrack(100, 20), { title: 'truncated' });
  truncateSync(join(lib, 'bad', 'truncated.mp3'), Math.floor(statSync(join(lib, 'bad', 'truncated.mp3')).size * 0.4));
  writeFileSync(join(lib, 'bad', 'empty.flac'), '');
  writeFileSync(join(lib, 'bad', 'notes.mp3'), 'not audio at all\n'.repeat(200));
  if (!isRoot) {
    copyFileSync(join(lib, 'clicks', 'click 60.mp3'), join(lib, 'bad', 'locked.mp3'));
    chmodSync(join(lib, 'bad', 'locked.mp3'), 0o000);
  }
  symlinkSync('..', join(lib, 'bad', 'loop'));

  first = runCliJson<IndexJson>(['index', lib, '--db', db]);
  tracks = runCliJson<TrackJson[]>(['tracks', '--db', db]);
}, 600_000);
afterAll(tmp.cleanup);

/** The link loop is no file: the scan skips it and reports it (counted in failed, not in scanned). */
const SKIPPED_LINKS = 1;

describe('cuefinder index', () => {
  it('finishes the scan and reports every bad file with a human reason', () => {
    const expectedFailures = (isRoot ? 2 : 3) + SKIPPED_LINKS; // empty, text (+ locked), and the link loop
    expect(first.scanned).toBe(13 + (isRoot ? 0 : 1));
    expect(first.failed).toBe(expectedFailures);
    const reasons = Object.fromEntries(first.failures.map((f) => [f.path.split('/').pop(), f.reason]));
    expect(reasons['empty.flac']).toMatch(/empty file/);
    expect(reasons['notes.mp3']).toMatch(/not a readable media file|invalid data/i);
    if (!isRoot) expect(reasons['locked.mp3']).toMatch(/permission denied/);
    expect(reasons['loop']).toMatch(/^skipped: a link to .*, which is scanned already$/);
    expect(first.indexed).toBe(first.scanned - (first.failed - SKIPPED_LINKS));
    // The symlink loop is followed once, never endlessly: each real file appears once.
    expect(new Set(tracks.map((t) => t.path)).size).toBe(tracks.length);
    expect(tracks.length).toBe(first.indexed);
  });

  it('reads tags and indexes unicode and space-laden paths', () => {
    const click = byTitle('click 90');
    expect(click.artist).toBe('Metronome');
    expect(click.album).toBe('Clicks');
    expect(byTitle('A minor').path).toContain('Ünïcode dir/a minor – été.ogg');
    expect(byTitle('noise').durationSec).toBeCloseTo(12, 0);
  });

  it('keeps the readable head of a truncated mp3', () => {
    const t = byTitle('truncated');
    expect(t.durationSec).toBeGreaterThan(4);
    expect(t.durationSec).toBeLessThan(12);
  });

  it.each([60, 90, 120, 150])('detects %i BPM (within 2 percent)', (bpm) => {
    const t = byTitle(`click ${bpm}`);
    expect(Math.abs(t.bpm - bpm) / bpm).toBeLessThan(0.02);
  });

  it.each([
    ['C major', 'C major'],
    ['A minor', 'A minor'],
    ['G major', 'G major'],
    ['E minor', 'E minor'],
  ])('finds the key of the %s progression', (title, key) => {
    const t = byTitle(title);
    expect(t.key).toBe(key);
    expect(t.mode).toBe(key.split(' ')[1]);
  });

  it('shows one track with tempo, key and segments', () => {
    const id = byTitle('click 120').id;
    const res = runCli(['track', String(id), '--db', db, '--json']);
    expect(res.status).toBe(0);
    const t = JSON.parse(res.stdout);
    expect(t.segmentCount).toBeGreaterThanOrEqual(4); // 30 s in ~10 s windows with ~5 s hop
    expect(t.tempoConfidence).toBeGreaterThan(0.5);
    const human = runCli(['track', byTitle('C major').path, '--db', db]);
    expect(human.stdout).toMatch(/key\s+C major/);
  });

  it('re-indexes an unchanged folder without decoding, far faster', () => {
    const second = runCliJson<IndexJson>(['index', lib, '--db', db]);
    expect(second.unchanged).toBe(second.scanned - (second.failed - SKIPPED_LINKS));
    expect(second.indexed).toBe(0);
    expect(second.failed).toBe(first.failed);
    expect(first.wallSeconds / second.wallSeconds).toBeGreaterThan(20);
  });

  it('re-indexes just a file whose content changed, and keeps a renamed file’s id and analysis', () => {
    const before = byTitle('click 150');
    writeAudio(join(lib, 'clicks', 'click 150.mp3'), clickTrack(75, 20), { title: 'click 150' });
    const moved = byTitle('G major');
    renameSync(moved.path, join(lib, 'keys', 'Ünïcode dir', 'g major renamed.m4a'));
    const res = runCliJson<IndexJson>(['index', lib, '--db', db]);
    expect(res.indexed).toBe(1);
    expect(res.moved).toBe(1);
    expect(res.missing).toBe(0);
    const after = runCliJson<TrackJson[]>(['tracks', '--db', db]);
    const changed = after.find((t) => t.id === before.id)!;
    expect(Math.abs(changed.bpm - 75) / 75).toBeLessThan(0.02);
    const renamed = after.find((t) => t.id === moved.id)!;
    expect(renamed.path).toMatch(/g major renamed\.m4a$/);
    expect(renamed.key).toBe('G major');
  });

  it('marks a deleted file missing, and --all still lists it', () => {
    const gone = byTitle('noise');
    renameSync(gone.path, join(tmp.dir, 'noise-outside.opus')); // outside the library = deleted for it
    const res = runCliJson<IndexJson>(['index', lib, '--db', db]);
    expect(res.missing).toBe(1);
    const visible = runCliJson<TrackJson[]>(['tracks', '--db', db]);
    expect(visible.find((t) => t.id === gone.id)).toBeUndefined();
    const all = runCliJson<TrackJson[]>(['tracks', '--db', db, '--all']);
    expect(all.find((t) => t.id === gone.id)?.status).toBe('missing');
  });

  it('exits non-zero with a one-line reason when the folder cannot be scanned', () => {
    const res = runCli(['index', join(tmp.dir, 'no such folder'), '--db', db]);
    expect(res.status).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/no such folder.*not found/);
    const badDb = runCli(['index', lib, '--db', join(lib, 'clicks', 'click 60.mp3', 'x.db')]);
    expect(badDb.status).not.toBe(0);
    expect(badDb.stderr).toMatch(/database .*cannot open/i);
  });
});

describe('interrupting an index', () => {
  const big = join(tmp.dir, 'big library');
  beforeAll(() => {
    mkdirSync(big);
    for (let i = 0; i < 10; i++) writeAudio(join(big, `t${i}.mp3`), clickTrack(80 + i * 7, 25));
  });

  const countTracks = (path: string): number => {
    try {
      const h = new Database(path, { readonly: true, fileMustExist: true });
      try {
        return (h.prepare('SELECT COUNT(*) AS n FROM tracks').get() as { n: number }).n;
      } finally {
        h.close();
      }
    } catch {
      return 0;
    }
  };
  const waitFor = async (cond: () => boolean, ms: number): Promise<void> => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('survives SIGKILL: the database is intact, finished tracks stay, a rerun does the rest', async () => {
    const killDb = join(tmp.dir, 'killed.db');
    const child = startCli(['index', big, '--db', killDb, '--concurrency', '1']);
    await waitFor(() => countTracks(killDb) >= 2, 120_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const h = new Database(killDb);
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    const kept = (h.prepare('SELECT COUNT(*) AS n FROM tracks').get() as { n: number }).n;
    const segmentsOk = (h.prepare('SELECT COUNT(*) AS n FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.track_id = t.id)').get() as { n: number }).n;
    h.close();
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(10);
    expect(segmentsOk).toBe(0); // no half-written track
    const rerun = runCliJson<IndexJson>(['index', big, '--db', killDb]);
    expect(rerun.unchanged).toBe(kept);
    expect(rerun.indexed).toBe(10 - kept);
  });

  it('stops cleanly on Ctrl-C within a second, keeping finished tracks', async () => {
    const intDb = join(tmp.dir, 'interrupted.db');
    const child = startCli(['index', big, '--db', intDb, '--concurrency', '1']);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    await waitFor(() => countTracks(intDb) >= 1, 120_000);
    const sentAt = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    const stopMs = Date.now() - sentAt;
    console.log(`Ctrl-C to exit: ${stopMs} ms`);
    expect(code).toBe(130);
    expect(stopMs).toBeLessThan(1500);
    expect(stderr).toMatch(/cancelled/);
    const h = new Database(intDb, { readonly: true });
    expect(h.pragma('integrity_check', { simple: true })).toBe('ok');
    h.close();
    expect(countTracks(intDb)).toBeGreaterThanOrEqual(1);
  });
});

describe('memory on a long file', () => {
  it('analyses a 2-hour file without holding it in memory', async () => {
    const { analyzeTrackFile } = await import('../../src/main/engine/library/trackAnalysis');
    const long = join(tmp.dir, 'two hours.wav');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=220:r=8000:d=7200', '-ac', '1', '-ar', '8000', long]);
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const res = await analyzeTrackFile(long);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    const grownMB = (peak - base) / 2 ** 20;
    console.log(`2 h file: RSS grew ${grownMB.toFixed(0)} MB while analysing; ${res.analysis.segments.length} segments`);
    expect(res.analysis.durationSec).toBeCloseTo(7200, -1);
    // The decoded signal alone would be 7200 s × 22050 Hz × 4 B ≈ 635 MB.
    expect(grownMB).toBeLessThan(250);
  }, 600_000);
});
