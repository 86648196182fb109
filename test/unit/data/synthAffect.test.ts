import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../../src/main/engine/data/datasetFormat';
import { generateSynthAffect } from '../../../src/main/engine/data/synthAffect';
import { ffmpegBinaries } from '../../../src/main/engine/media/ffmpegBinaries';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-synth-');
afterAll(tmp.cleanup);

const OPTIONS = { pairs: 16, seed: 42, clipSec: 3 } as const;
const TABLES = ['pairs.csv', 'affect.csv', 'meta.json', 'truth/clips.csv', 'truth/pairs.csv'];

/** Decodes a file's first video stream (as 32×18 grey) or audio (as f32le) to raw bytes. */
function decode(path: string, kind: 'video' | 'audio'): Buffer {
  const args = kind === 'video' ? ['-vf', 'scale=32:18', '-pix_fmt', 'gray', '-f', 'rawvideo'] : ['-f', 'f32le'];
  const res = spawnSync(ffmpegBinaries().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', path, ...args, 'pipe:1'], { maxBuffer: 1 << 28 });
  if (res.status !== 0) throw new Error(`could not decode ${path}: ${res.stderr}`);
  return res.stdout;
}

describe('generateSynthAffect', () => {
  const a = join(tmp.dir, 'a');
  const b = join(tmp.dir, 'b');
  const progress: [number, number, string][] = [];
  let result: Awaited<ReturnType<typeof generateSynthAffect>>;

  beforeAll(async () => {
    result = await generateSynthAffect({ outDir: a, ...OPTIONS, onProgress: (d, t, s) => progress.push([d, t, s]) });
    await generateSynthAffect({ outDir: b, ...OPTIONS });
  });

  it('writes the tables and one video and one music file per clip, reporting progress', () => {
    expect(result).toEqual({ pairs: 16, clips: 8, outDir: a });
    for (const t of TABLES) expect(existsSync(join(a, t))).toBe(true);
    expect(readdirSync(join(a, 'video')).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `v000${i + 1}.mp4`));
    expect(readdirSync(join(a, 'music'))).toHaveLength(8);
    expect(progress.filter(([, , s]) => s === 'media').map(([d]) => d)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(progress.at(-1)).toEqual([1, 1, 'tables']);
  });

  it('is deterministic: same seed, identical tables and identical decoded media', () => {
    for (const t of TABLES) expect(readFileSync(join(b, t), 'utf8')).toBe(readFileSync(join(a, t), 'utf8'));
    expect(decode(join(b, 'video/v0003.mp4'), 'video').equals(decode(join(a, 'video/v0003.mp4'), 'video'))).toBe(true);
    expect(decode(join(b, 'music/m0003.flac'), 'audio').equals(decode(join(a, 'music/m0003.flac'), 'audio'))).toBe(true);
  });

  it('writes media that decode with the promised duration, size and rate', async () => {
    for (let i = 1; i <= 8; i++) {
      const video = await probeMedia(join(a, `video/v000${i}.mp4`));
      expect(video.video).toMatchObject({ codec: 'h264', width: 160, height: 90, fpsNum: 25, fpsDen: 1, pixFmt: 'yuv420p' });
      expect(video.durationSec).toBeCloseTo(3, 1);
      expect(video.audio).toBeUndefined();
      const music = await probeMedia(join(a, `music/m000${i}.flac`));
      expect(music.audio).toEqual({ codec: 'flac', sampleRate: 22050, channels: 1 });
      expect(music.durationSec).toBeCloseTo(3, 2);
    }
  });

  it('produces a dataset readDataset accepts, with a leak-free split and positives rated above negatives', () => {
    const ds = readDataset(a);
    expect(ds.pairs).toHaveLength(16);
    expect(ds.affect.size).toBe(16);
    expect(ds.meta).toMatchObject({ generator: 'SynthAffect', seed: 42, pairs: 16 });
    const sideOf = new Map<string, string>();
    for (const p of ds.pairs) {
      for (const clip of [p.videoClipId, p.musicClipId]) {
        expect(sideOf.get(clip) ?? p.split).toBe(p.split);
        sideOf.set(clip, p.split!);
      }
    }
    const kinds = readFileSync(join(a, 'pairs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[7]);
    const meanOf = (kind: string): number => {
      const s = ds.pairs.filter((_, i) => kinds[i] === kind).map((p) => p.score);
      return s.reduce((x, y) => x + y, 0) / s.length;
    };
    expect(meanOf('positive') - meanOf('negative')).toBeGreaterThan(1);
  });

  it('reruns into its own folder and removes files the new size no longer uses', async () => {
    await generateSynthAffect({ outDir: b, ...OPTIONS, pairs: 8 });
    expect(readdirSync(join(b, 'video'))).toHaveLength(4);
    expect(readDataset(b).pairs).toHaveLength(8);
  });

  it('refuses a foreign non-empty folder and bad options', async () => {
    const foreign = join(tmp.dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'holiday.jpg'), 'x');
    await expect(generateSynthAffect({ outDir: foreign, ...OPTIONS })).rejects.toThrow(/not empty and holds no SynthAffect dataset/);
    await expect(generateSynthAffect({ outDir: join(tmp.dir, 'x'), ...OPTIONS, fps: 'fast' })).rejects.toThrow(/fps must look like/);
    await expect(generateSynthAffect({ outDir: join(tmp.dir, 'x'), ...OPTIONS, videoSize: { width: 161, height: 90 } })).rejects.toThrow(/even integers/);
  });

  it('stops when aborted, leaves no pairs.csv and no partial file, and resumes when rerun', async () => {
    const dir = join(tmp.dir, 'aborted');
    const options = { outDir: dir, ...OPTIONS, pairs: 40 };
    const controller = new AbortController();
    const run = generateSynthAffect({ ...options, signal: controller.signal, onProgress: (done) => done >= 3 && controller.abort() });
    await expect(run).rejects.toThrow(/abort/i);
    expect(existsSync(join(dir, 'pairs.csv'))).toBe(false);
    const finished = [...readdirSync(join(dir, 'video')).map((f) => `video/${f}`), ...readdirSync(join(dir, 'music')).map((f) => `music/${f}`)];
    expect(finished.length).toBeGreaterThanOrEqual(3);
    expect(finished.length).toBeLessThan(10);
    expect(finished.filter((f) => f.includes('.part.'))).toEqual([]);
    const mtimes = finished.map((f) => statSync(join(dir, f)).mtimeMs);

    await generateSynthAffect(options);
    expect(readDataset(dir).pairs).toHaveLength(40);
    expect(finished.map((f) => statSync(join(dir, f)).mtimeMs)).toEqual(mtimes);
  });
});
