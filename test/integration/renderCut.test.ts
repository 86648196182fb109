import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeline, type SceneCue, type Timeline } from '../../src/main/engine/export/timeline';
import { ffmpegBinaries } from '../../src/main/engine/media/ffmpegBinaries';
import { probeMedia } from '../../src/main/engine/media/probe';
import { isPreviewRender } from '../../src/main/engine/render/previewMark';
import { RenderError, renderCut } from '../../src/main/engine/render/renderCut';
import { type FrameRate, RATES, rateToFps } from '../../src/shared/time';
import { makeTempDir, runFfmpeg } from '../helpers/fixtures';

/**
 * The preview render on generated media: two videos of different size and rate (one without sound),
 * two songs (a tone and pink noise), three scenes with two cross-faded music changes. Checks what
 * ffprobe and ffmpeg's ebur128/silencedetect read from the MP4, and that a cancelled render leaves
 * nothing behind.
 */
const tmp = makeTempDir('cuefinder-render-');
afterAll(() => tmp.cleanup());
const media = {
  a: join(tmp.dir, 'a 320x240 25fps.mp4'),
  b: join(tmp.dir, 'b 480x270 30fps.mov'),
  tone: join(tmp.dir, 'tone.wav'),
  noise: join(tmp.dir, 'noise.flac'),
};
let timeline: Timeline;

beforeAll(() => {
  runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=6', '-f', 'lavfi', '-i', 'sine=f=440:d=6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', media.a]);
  runFfmpeg(['-f', 'lavfi', '-i', 'smptebars=s=480x270:r=30000/1001:d=6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', media.b]);
  runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=330:d=20', '-ac', '2', media.tone]);
  runFfmpeg(['-f', 'lavfi', '-i', 'anoisesrc=c=pink:a=0.1:d=20', '-ac', '2', media.noise]);
  const rate: FrameRate = RATES.fps25;
  const scene = (path: string, sceneIndex: number, t0: number, t1: number, videoRate = rate): SceneCue => ({
    videoPath: path,
    videoName: path.split('/').pop() as string,
    sceneIndex,
    startFrame: Math.round(t0 * (videoRate.num / videoRate.den)),
    endFrame: Math.round(t1 * (videoRate.num / videoRate.den)),
    videoRate,
  });
  const s0 = scene(media.a, 0, 0, 3);
  const s1 = scene(media.b, 0, 0.5, 3.5, RATES.fps29_97);
  const s2 = scene(media.a, 1, 3, 5);
  s0.music = { path: media.tone, title: 'tone', inSec: 1, outSec: 4, continuesFromPrevious: false, trackId: 1 };
  s1.music = { path: media.noise, title: 'noise', inSec: 2, outSec: 5, continuesFromPrevious: false, trackId: 2 };
  s2.music = { path: media.tone, title: 'tone', inSec: 10, outSec: 12, continuesFromPrevious: false, trackId: 1 };
  timeline = buildTimeline('render test', [s0, s1, s2]);
});

function ffmpegStderr(args: string[]): string {
  return spawnSync(ffmpegBinaries().ffmpeg, ['-hide_banner', '-nostats', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 }).stderr;
}

function probe(path: string): { duration: number; width: number; height: number; rate: string; codecs: string[] } {
  const res = spawnSync(ffmpegBinaries().ffprobe, ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name,width,height,r_frame_rate', '-of', 'json', path], { encoding: 'utf8' });
  const json = JSON.parse(res.stdout) as { format: { duration: string }; streams: Array<{ codec_name: string; width?: number; height?: number; r_frame_rate: string }> };
  const video = json.streams.find((s) => s.width) as { width: number; height: number; r_frame_rate: string };
  return { duration: Number(json.format.duration), width: video.width, height: video.height, rate: video.r_frame_rate, codecs: json.streams.map((s) => s.codec_name) };
}

describe('renderCut', () => {
  it('renders the cut: its length to a frame, −16 LUFS, no silence at the music changes, mixed sources conformed to the first', async () => {
    const out = join(tmp.dir, 'cut.mp4');
    const stages = new Set<string>();
    const result = await renderCut(timeline, { out, onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(['mix', 'measure', 'encode']);
    const info = probe(out);
    const cutSec = timeline.duration / rateToFps(timeline.rate);
    expect(Math.abs(info.duration - cutSec)).toBeLessThanOrEqual(1 / 25);
    expect(info).toMatchObject({ width: 320, height: 240, rate: '25/1', codecs: ['h264', 'aac'] });
    expect(result).toMatchObject({ width: 320, height: 240 });
    expect(isPreviewRender(await probeMedia(out)), 'marked, so analysing the project folder does not take it for footage').toBe(true);

    const integrated = Number(/Integrated loudness:\s*I:\s*(-?[\d.]+) LUFS/.exec(ffmpegStderr(['-i', out, '-af', 'ebur128', '-f', 'null', '-']))?.[1]);
    expect(Math.abs(integrated + 16)).toBeLessThanOrEqual(1);

    // The music changes at 3 s and 6 s (record); a cross-fade leaves no silence there longer than 50 ms.
    const silences = [...ffmpegStderr(['-i', out, '-af', 'silencedetect=n=-50dB:d=0.05', '-f', 'null', '-']).matchAll(/silence_start: (-?[\d.]+)/g)].map((m) => Number(m[1]));
    const changes = timeline.musicClips.filter((c) => c.crossfadeIn > 0).map((c) => c.recordIn / 25);
    expect(changes).toEqual([3, 6]);
    expect(silences.filter((t) => changes.some((c) => Math.abs(t - c) < 0.5))).toEqual([]);

    // And it is a cross-fade, not a cut: the outgoing tone (330 Hz) plays on, falling, for the fade
    // after the change at 3 s, and is gone once the fade (13 frames) is over.
    const toneLevel = (from: number, to: number): number =>
      Number(/RMS level dB:\s*(-?[\d.]+|-inf)/.exec(ffmpegStderr(['-ss', String(from), '-t', String(to - from), '-i', out, '-af', 'pan=mono|c0=c0,bandpass=f=330:width_type=h:w=20,astats', '-f', 'null', '-']))?.[1]);
    const before = toneLevel(2.5, 2.95);
    expect(toneLevel(3.05, 3.25)).toBeGreaterThan(before - 10);
    expect(toneLevel(3.7, 4.2)).toBeLessThan(before - 15);
  });

  it('mutes the scene sound on request; a cancelled render leaves no file and no temporary folder', async () => {
    const out = join(tmp.dir, 'cancelled.mp4');
    const controller = new AbortController();
    const run = renderCut(timeline, {
      out,
      sceneSound: 'mute',
      signal: controller.signal,
      onProgress: (p) => p.stage === 'encode' && controller.abort(),
    });
    await expect(run).rejects.toThrow(RenderError);
    await expect(run).rejects.toThrow('cancelled');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter((name) => name.startsWith('.cancelled.mp4'))).toEqual([]);
  });

  it('removes the work folder a killed render left behind (its pid is gone) when rendering to the same file', async () => {
    const stale = join(tmp.dir, '.again.mp4.render-killed');
    mkdirSync(stale);
    writeFileSync(join(stale, 'pid'), '2147483646');
    writeFileSync(join(stale, 'cut.mp4'), 'half-written');
    await renderCut(timeline, { out: join(tmp.dir, 'again.mp4'), height: 120 });
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(tmp.dir).filter((name) => name.startsWith('.again.mp4'))).toEqual([]);
  });

  it('names the file when a source is missing, and writes nothing', async () => {
    const missing = { ...timeline, videoClips: timeline.videoClips.map((c, i) => (i === 1 ? { ...c, media: { ...c.media, path: join(tmp.dir, 'gone.mov') } } : c)) };
    const out = join(tmp.dir, 'missing.mp4');
    await expect(renderCut(missing, { out })).rejects.toThrow(/gone\.mov/);
    expect(existsSync(out)).toBe(false);
  });
});
