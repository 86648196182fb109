import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFFECT_DIMENSIONS } from '../../../src/shared/affect';
import { MOODS } from '../../../src/main/engine/data/affectModel';
import { generateDemoLibrary, generateDemoProject, type DemoTrack, type DemoVideo } from '../../../src/main/engine/data/demoData';
import { ffmpegBinaries } from '../../../src/main/engine/media/ffmpegBinaries';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-demo-');
afterAll(tmp.cleanup);

/** Mean absolute grey-level change between consecutive 64×36 frames; entry i compares frame i with i−1. */
function frameChanges(path: string): number[] {
  const w = 64;
  const h = 36;
  const res = spawnSync(
    ffmpegBinaries().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-i', path, '-vf', `scale=${w}:${h}`, '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
    { maxBuffer: 1 << 28 },
  );
  if (res.status !== 0) throw new Error(`could not decode ${path}: ${res.stderr}`);
  const frames = res.stdout.length / (w * h);
  const out = [0];
  for (let f = 1; f < frames; f++) {
    let sum = 0;
    for (let i = 0; i < w * h; i++) sum += Math.abs(res.stdout[f * w * h + i] - res.stdout[(f - 1) * w * h + i]);
    out.push(sum / (w * h));
  }
  return out;
}

function meanVolumeDb(path: string): number {
  const res = spawnSync(ffmpegBinaries().ffmpeg, ['-hide_banner', '-i', path, '-vn', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' });
  const m = /mean_volume: (-?[\d.]+) dB/.exec(res.stderr);
  if (!m) throw new Error(`no volume reading for ${path}: ${res.stderr}`);
  return Number(m[1]);
}

describe('generateDemoLibrary', () => {
  let tracks: DemoTrack[];
  beforeAll(async () => {
    ({ tracks } = await generateDemoLibrary(join(tmp.dir, 'library'), { tracks: 9, trackSec: 30, seed: 3 }));
  });

  it('writes tagged MP3s of the asked length with every mood before any repeat', async () => {
    expect(tracks).toHaveLength(9);
    expect(new Set(tracks.slice(0, 8).map((t) => t.mood))).toEqual(new Set(MOODS));
    for (const t of tracks) {
      const probe = await probeMedia(t.path);
      expect(probe.audio?.codec).toBe('mp3');
      expect(probe.tags).toMatchObject({ title: t.title, artist: t.artist, album: 'Cuefinder Demo Library', genre: 'Soundtrack' });
      expect(Math.abs(probe.durationSec - t.durationSec)).toBeLessThan(0.1);
      expect(Math.abs(t.durationSec - 30)).toBeLessThanOrEqual(120 / t.tempoBpm + 0.01);
      expect(t.affect).toHaveLength(AFFECT_DIMENSIONS.length);
      expect(t.sections[0]).toMatchObject({ kind: 'intro', startSec: 0 });
      expect(t.sections.at(-1)!.endSec).toBeCloseTo(t.durationSec, 6);
    }
  });

  it('makes every chorus louder than its intro', () => {
    const rate = 8000;
    const withChorus = tracks.filter((t) => t.sections.some((s) => s.kind === 'chorus'));
    expect(withChorus.length).toBeGreaterThanOrEqual(tracks.length / 2);
    for (const t of withChorus) {
      const res = spawnSync(ffmpegBinaries().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', t.path, '-ac', '1', '-ar', String(rate), '-f', 'f32le', 'pipe:1'], {
        maxBuffer: 1 << 26,
      });
      const pcm = new Float32Array(res.stdout.buffer, res.stdout.byteOffset, res.stdout.length / 4);
      const rms = (s: { startSec: number; endSec: number }): number => {
        const part = pcm.subarray(Math.round(s.startSec * rate), Math.round(s.endSec * rate));
        return Math.sqrt(part.reduce((sum, x) => sum + x * x, 0) / part.length);
      };
      expect(rms(t.sections.find((s) => s.kind === 'chorus')!)).toBeGreaterThan(rms(t.sections[0]));
    }
  });
});

describe('generateDemoProject', () => {
  let videos: DemoVideo[];
  beforeAll(async () => {
    ({ videos } = await generateDemoProject(join(tmp.dir, 'project'), { totalSec: 20, seed: 3 }));
  });

  it('writes two 640×360 25 fps H.264 files with a quiet AAC track', async () => {
    expect(videos).toHaveLength(2);
    for (const v of videos) {
      const probe = await probeMedia(v.path);
      expect(probe.video).toMatchObject({ codec: 'h264', width: 640, height: 360, fpsNum: 25, fpsDen: 1 });
      expect(probe.audio?.codec).toBe('aac');
      expect(Math.abs(probe.durationSec - v.durationSec)).toBeLessThan(0.1);
      expect(meanVolumeDb(v.path)).toBeLessThan(-35);
    }
    expect(videos[0].durationSec + videos[1].durationSec).toBeCloseTo(20, 6);
  });

  it('places the biggest frame changes exactly at the returned scene boundaries', () => {
    for (const v of videos) {
      expect(v.scenes.length).toBeGreaterThanOrEqual(3);
      expect(new Set(v.scenes.map((s) => s.mood)).size).toBe(v.scenes.length);
      const cuts = v.scenes.slice(1).map((s) => Math.round(s.startSec * 25));
      v.scenes.slice(1).forEach((s, i) => expect(s.startSec).toBe(v.scenes[i].endSec));
      const changes = frameChanges(v.path);
      const strongest = changes
        .map((c, f) => [c, f])
        .sort((x, y) => y[0] - x[0])
        .slice(0, cuts.length)
        .map(([, f]) => f)
        .sort((x, y) => x - y);
      expect(strongest).toEqual(cuts);
      const inScene = changes.filter((_, f) => f > 0 && !cuts.includes(f));
      expect(Math.min(...cuts.map((f) => changes[f]))).toBeGreaterThan(3 * Math.max(...inScene));
    }
  });
});
