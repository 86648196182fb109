import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { decodeVideoFrames } from '../../../src/main/engine/media/videoFrames';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { analyzeVideo } from '../../../src/main/engine/video/videoAnalyzer';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';
import { buildShot, SHOT_LIBRARY } from '../../helpers/videoFixtures';

const tmp = makeTempDir('cuefinder-frames-');
afterAll(tmp.cleanup);

function meanRgb(frame: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  for (let i = 0; i < frame.length; i++) sum[i % 3] += frame[i];
  const n = frame.length / 3;
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

describe('decodeVideoFrames', () => {
  it('emits every frame at the file’s own rate, in order, at the requested size', async () => {
    for (const [rate, seconds, expected] of [
      ['25', 2, 50],
      ['30000/1001', 2.002, 60],
      ['24000/1001', 2.5025, 60],
    ] as const) {
      const path = join(tmp.dir, `rate-${rate.replace('/', '_')}.mp4`);
      runFfmpeg(['-f', 'lavfi', '-i', `testsrc2=s=160x90:r=${rate}:d=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path]);
      const indices: number[] = [];
      let bytes = 0;
      const res = await decodeVideoFrames(path, { width: 64, height: 36 }, (frame, index) => {
        indices.push(index);
        bytes = frame.length;
      });
      expect(res.frames, rate).toBe(expected);
      expect(indices).toEqual(Array.from({ length: expected }, (_, i) => i));
      expect(bytes).toBe(64 * 36 * 3);
    }
  });

  it('delivers the picture’s colours, and one byte a pixel in gray', async () => {
    const path = join(tmp.dir, 'orange.mp4');
    runFfmpeg(['-f', 'lavfi', '-i', 'color=c=0xE08020:s=160x90:r=25:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path]);
    let rgb: [number, number, number] = [0, 0, 0];
    await decodeVideoFrames(path, { width: 32, height: 18 }, (frame) => {
      rgb = meanRgb(frame);
    });
    expect(rgb[0]).toBeGreaterThan(200);
    expect(rgb[1]).toBeGreaterThan(100);
    expect(rgb[1]).toBeLessThan(156);
    expect(rgb[2]).toBeLessThan(60);
    let grayBytes = 0;
    let grayLevel = 0;
    await decodeVideoFrames(path, { width: 32, height: 18, pixFmt: 'gray' }, (frame) => {
      grayBytes = frame.length;
      grayLevel = frame[100];
    });
    expect(grayBytes).toBe(32 * 18);
    // Rec. 601 luma of (224,128,32) is about 146.
    expect(Math.abs(grayLevel - 146)).toBeLessThan(12);
  });

  it('decodes 10-bit video to the same colours', async () => {
    const path = join(tmp.dir, 'ten-bit.mp4');
    runFfmpeg(['-f', 'lavfi', '-i', 'color=c=0x3366CC:s=160x90:r=25:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p10le', path]);
    const probe = await probeMedia(path);
    expect(probe.video?.bitsPerSample).toBe(10);
    let rgb: [number, number, number] = [0, 0, 0];
    const res = await decodeVideoFrames(path, { width: 32, height: 18 }, (frame) => {
      rgb = meanRgb(frame);
    });
    expect(res.frames).toBe(25);
    expect(Math.abs(rgb[0] - 0x33)).toBeLessThan(10);
    expect(Math.abs(rgb[1] - 0x66)).toBeLessThan(10);
    expect(Math.abs(rgb[2] - 0xcc)).toBeLessThan(10);
    const analysis = await analyzeVideo(path, probe);
    expect(analysis.frames).toBe(25);
  });

  /** Coded landscape, red left half and blue right half, with a rotate tag that turns it portrait. */
  function rotatedClip(): string {
    const coded = join(tmp.dir, 'coded.mp4');
    const path = join(tmp.dir, 'phone-rotated.mp4');
    runFfmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=80x90:r=25:d=2[a];color=c=blue:s=80x90:r=25:d=2[b];[a][b]hstack[out0]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', coded]);
    runFfmpeg(['-i', coded, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path]);
    return path;
  }

  it('probeMedia reports the rotation of a phone clip', async () => {
    const probe = await probeMedia(rotatedClip());
    expect([90, 270]).toContain(probe.video?.rotation);
  });

  it('applies the rotation of a phone clip: a portrait picture, its halves stacked', async () => {
    const path = rotatedClip();
    const probe = await probeMedia(path);
    const analysis = await analyzeVideo(path, probe);
    expect(analysis.analysisWidth).toBeLessThan(analysis.analysisHeight);
    expect(analysis.scenes).toHaveLength(1);

    const w = 18;
    const h = 32;
    let top: [number, number, number] = [0, 0, 0];
    let bottom: [number, number, number] = [0, 0, 0];
    let left: [number, number, number] = [0, 0, 0];
    let right: [number, number, number] = [0, 0, 0];
    await decodeVideoFrames(path, { width: w, height: h }, (frame) => {
      top = meanRgb(frame.subarray(0, (w * h * 3) / 4));
      bottom = meanRgb(frame.subarray((3 * w * h * 3) / 4));
      const rows = (from: number, to: number): Uint8Array =>
        Uint8Array.from({ length: h * (to - from) * 3 }, (_, i) => frame[(Math.floor(i / ((to - from) * 3)) * w + from) * 3 + (i % ((to - from) * 3))]);
      left = meanRgb(rows(0, w / 2));
      right = meanRgb(rows(w / 2, w));
    });
    const redness = (c: [number, number, number]): number => c[0] - c[2];
    // One of top/bottom is red and the other blue; left and right look alike.
    expect(Math.abs(redness(top) - redness(bottom))).toBeGreaterThan(300);
    expect(Math.abs(redness(left) - redness(right))).toBeLessThan(60);
  });

  /** 60 frames at 30 fps (2 s), then 30 frames held twice as long (2 s): a cut at 2.0 s. */
  function variableRateClip(): string {
    const path = join(tmp.dir, 'vfr.mp4');
    runFfmpeg([
      '-y', '-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=30:d=2[a];smptebars=s=160x90:r=30:d=1[b];[a][b]concat=n=2:v=1:a=0[out0]',
      '-vf', "setpts='if(lt(N,60),N,60+(N-60)*2)/(30*TB)'", '-vsync', 'vfr', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path,
    ]);
    return path;
  }

  it('resamples a variable-frame-rate clip to its nominal rate, so frame numbers keep time', async () => {
    const path = variableRateClip();
    const probe = await probeMedia(path);
    expect(probe.video?.variableFrameRate).toBe(true);
    const analysis = await analyzeVideo(path, probe);
    const fps = analysis.fpsNum / analysis.fpsDen;
    expect(Math.abs(analysis.frames / fps - probe.durationSec)).toBeLessThan(0.1);
    expect(analysis.scenes).toHaveLength(2);
    expect(Math.abs(analysis.scenes[1].startSec - 2)).toBeLessThanOrEqual(1 / 30 + 1e-9);
  });

  it('a sampled second output leaves the main frames exactly as without it (variable rate and rotated clips too)', async () => {
    const hashFrames = async (path: string, sampled: boolean): Promise<{ frames: number; digest: string; samples: number }> => {
      const probe = await probeMedia(path);
      const video = probe.video!;
      const quarterTurn = video.rotation === 90 || video.rotation === 270;
      const size = quarterTurn ? { width: 18, height: 32 } : { width: 32, height: 18 };
      const hash = createHash('sha1');
      let samples = 0;
      const res = await decodeVideoFrames(
        path,
        {
          ...size,
          constantRate: video.variableFrameRate ? { num: video.fpsNum, den: video.fpsDen } : undefined,
          sample: sampled ? { width: 24, height: 24, everyFrames: 5 } : undefined,
        },
        (frame) => hash.update(frame),
        () => samples++,
      );
      return { frames: res.frames, digest: hash.digest('hex'), samples };
    };
    for (const path of [variableRateClip(), rotatedClip()]) {
      const plain = await hashFrames(path, false);
      const sampled = await hashFrames(path, true);
      expect(sampled.frames, path).toBe(plain.frames);
      expect(sampled.digest, path).toBe(plain.digest);
      expect(sampled.samples).toBe(Math.ceil(plain.frames / 5));
    }
  });

  it('handles a 4K clip', async () => {
    const path = join(tmp.dir, 'uhd.mp4');
    runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=3840x2160:r=25:d=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path]);
    const probe = await probeMedia(path);
    const analysis = await analyzeVideo(path, probe);
    expect(analysis.frames).toBe(25);
    expect([analysis.analysisWidth, analysis.analysisHeight]).toEqual([128, 72]);
    expect(analysis.scenes.every((s) => s.features.every(Number.isFinite))).toBe(true);
  });

  it('stops when cancelled, and when the frame callback throws', async () => {
    const path = join(tmp.dir, 'long.mp4');
    buildShot(path, SHOT_LIBRARY.testsrc2, 1500, { width: 160, height: 90, rate: '25' });
    const ctrl = new AbortController();
    let seen = 0;
    const decoding = decodeVideoFrames(path, { width: 64, height: 36, signal: ctrl.signal }, () => {
      if (++seen === 50) ctrl.abort();
    });
    await expect(decoding).rejects.toThrow(/long\.mp4: cancelled/);
    expect(seen).toBeLessThan(1500);

    await expect(
      decodeVideoFrames(path, { width: 64, height: 36 }, (_, i) => {
        if (i === 10) throw new Error('consumer failed');
      }),
    ).rejects.toThrow('consumer failed');

    const analysisCtrl = new AbortController();
    const probe = await probeMedia(path);
    const fractions: number[] = [];
    const analysing = analyzeVideo(path, probe, {
      signal: analysisCtrl.signal,
      onProgress: (f) => {
        fractions.push(f);
        if (f > 0.2) analysisCtrl.abort();
      },
    });
    await expect(analysing).rejects.toThrow(/cancelled/);
    expect(fractions.length).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBeLessThan(1);
  });

  it('reports progress rising to 1', async () => {
    const path = join(tmp.dir, 'progress.mp4');
    buildShot(path, SHOT_LIBRARY.smptebars, 250, { width: 160, height: 90, rate: '25' });
    const fractions: number[] = [];
    await analyzeVideo(path, await probeMedia(path), { onProgress: (f) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
  });
});
