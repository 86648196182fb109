import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MediaError } from '../../../src/main/engine/media/mediaError';
import { probeMedia, type MediaProbe } from '../../../src/main/engine/media/probe';
import { decodeVideoFrames } from '../../../src/main/engine/media/videoFrames';
import { analyzeVideo } from '../../../src/main/engine/video/videoAnalyzer';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-badvideo-');
afterAll(tmp.cleanup);

const small = { width: 64, height: 36 };

/** A fine 3 s clip with sound; `faststart` puts the index first, as phones and web exports do. */
function goodClip(name: string, faststart: boolean): string {
  const path = join(tmp.dir, name);
  runFfmpeg([
    '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=3', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', ...(faststart ? ['-movflags', '+faststart'] : []), path,
  ]);
  return path;
}

function truncate(path: string, name: string, share: number): string {
  const bytes = readFileSync(path);
  const out = join(tmp.dir, name);
  writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * share)));
  return out;
}

describe('bad video input is rejected with a clear reason or analysed, never hangs', () => {
  it('a truncated mp4 whose index was at the end', async () => {
    const path = truncate(goodClip('whole.mp4', false), 'cut short.mp4', 0.5);
    await expect(probeMedia(path)).rejects.toThrow(/cut short\.mp4: .*(truncated|moov|not a readable)/);
    await expect(decodeVideoFrames(path, small, () => {})).rejects.toThrow(/cut short\.mp4: .*(truncated|moov)/);
  }, 30_000);

  it('a truncated mp4 with its index first decodes the frames that are there', async () => {
    const path = truncate(goodClip('whole-faststart.mp4', true), 'half.mp4', 0.5);
    const probe = await probeMedia(path);
    const outcome = await analyzeVideo(path, probe).then(
      (a) => ({ frames: a.frames }),
      (err: unknown) => ({ error: err }),
    );
    if ('error' in outcome) {
      expect(outcome.error).toBeInstanceOf(MediaError);
      expect(String(outcome.error)).toMatch(/half\.mp4: /);
    } else {
      expect(outcome.frames).toBeGreaterThan(0);
      expect(outcome.frames).toBeLessThan(75);
    }
  }, 30_000);

  it('an audio-only file with a video extension', async () => {
    const path = join(tmp.dir, 'voice memo.mp4');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=frequency=300:duration=2', '-c:a', 'aac', path]);
    const probe = await probeMedia(path);
    expect(probe.video).toBeUndefined();
    await expect(analyzeVideo(path, probe)).rejects.toThrow(/voice memo\.mp4: no video stream/);
    await expect(decodeVideoFrames(path, small, () => {})).rejects.toThrow(/voice memo\.mp4: no video stream/);
  }, 30_000);

  it('a zero-length file, a missing file and a text file', async () => {
    const empty = join(tmp.dir, 'empty.mov');
    writeFileSync(empty, '');
    await expect(probeMedia(empty)).rejects.toThrow(/empty\.mov: empty file/);
    await expect(decodeVideoFrames(empty, small, () => {})).rejects.toThrow(/empty\.mov: empty file/);
    await expect(decodeVideoFrames(join(tmp.dir, 'gone.mp4'), small, () => {})).rejects.toThrow(/gone\.mp4: file not found/);
    const text = join(tmp.dir, 'notes.mov');
    writeFileSync(text, 'not a video\n'.repeat(200));
    await expect(decodeVideoFrames(text, small, () => {})).rejects.toThrow(/notes\.mov: .*(invalid|not a readable)/i);
  }, 30_000);

  it('a probe that does not fit the stream (zero size, absurd rate)', async () => {
    const path = goodClip('fine.mp4', true);
    const probe = await probeMedia(path);
    const broken = (video: Partial<NonNullable<MediaProbe['video']>>): MediaProbe => ({ ...probe, video: { ...probe.video!, ...video } });
    await expect(analyzeVideo(path, broken({ width: 0 }))).rejects.toThrow(/fine\.mp4: video stream has no picture size/);
    await expect(analyzeVideo(path, broken({ fpsNum: 0 }))).rejects.toThrow(/fine\.mp4: implausible frame rate/);
    await expect(decodeVideoFrames(path, { width: 0, height: 10 }, () => {})).rejects.toThrow(/invalid decode size/);
  }, 30_000);
});
