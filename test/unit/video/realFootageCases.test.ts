import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { analyzeVideo, type VideoAnalysis } from '../../../src/main/engine/video/videoAnalyzer';
import { SHOT_LIBRARY as S, encodeRgb, renderShot, wipeFrames, type Geometry, type WipeShape } from '../../helpers/videoFixtures';
import { makeTempDir } from '../../helpers/fixtures';

/**
 * What real footage does that test patterns do not (bench/data/real-scene-labels.json has the
 * measured cases): hand-held shake under changing light, flicker, a light switched on and off.
 */

const tmp = makeTempDir('cuefinder-real-cases-');
afterAll(tmp.cleanup);

const g: Geometry = { width: 192, height: 108, rate: '25' };
const frameBytes = g.width * g.height * 3;

async function analyse(name: string, rgb: Buffer): Promise<VideoAnalysis> {
  const path = join(tmp.dir, `${name}.mp4`);
  encodeRgb(rgb, path, g);
  return analyzeVideo(path, await probeMedia(path));
}

/** Scales every frame's brightness by gain(frame). */
function relight(rgb: Buffer, gain: (frame: number) => number): Buffer {
  const out = Buffer.from(rgb);
  for (let f = 0; f * frameBytes < out.length; f++) {
    const k = gain(f);
    for (let i = f * frameBytes; i < (f + 1) * frameBytes; i++) out[i] = Math.min(255, Math.round(out[i] * k));
  }
  return out;
}

/** A hand-held camera: the frame jitters by a few pixels every frame (a crop of a larger render). */
function shaky(source: (geo: Geometry) => string, frames: number): Buffer {
  const big: Geometry = { ...g, width: g.width + 24, height: g.height + 16 };
  const raw = renderShot(source, frames, big);
  const out = Buffer.alloc(frames * frameBytes);
  for (let f = 0; f < frames; f++) {
    // Deterministic jitter of up to ±10 px across, ±7 px down, changing every frame.
    const dx = 12 + Math.round(6 * Math.sin(f * 1.7) + 4 * Math.sin(f * 4.1));
    const dy = 8 + Math.round(4 * Math.sin(f * 2.3) + 3 * Math.sin(f * 5.3));
    for (let y = 0; y < g.height; y++) {
      const src = f * big.width * big.height * 3 + ((y + dy) * big.width + dx) * 3;
      raw.copy(out, f * frameBytes + y * g.width * 3, src, src + g.width * 3);
    }
  }
  return out;
}

describe('real-footage cases', () => {
  it('a hand-held shot under flickering and drifting light has no cut', async () => {
    // A light that drifts slowly and flickers: 35% brighter on 4 frames of every 12.
    const rgb = relight(shaky(S.mandelbrot, 150), (f) => (0.75 + 0.1 * Math.sin(f / 9)) * (f % 12 < 4 ? 1.35 : 1));
    const a = await analyse('shake-flicker', rgb);
    expect(a.scenes.map((s) => `${s.startFrame} ${s.transitionIn}`)).toEqual(['0 start']);
  });

  it('a light switched on and off again is no cut', async () => {
    const rgb = relight(renderShot(S.testsrc2, 150, g), (f) => (f >= 60 && f < 68 ? 1.6 : f >= 100 && f < 104 ? 0.45 : 1));
    const a = await analyse('light-switch', rgb);
    expect(a.scenes.map((s) => `${s.startFrame} ${s.transitionIn}`)).toEqual(['0 start']);
  });

  it('a cut out of a muzzle flash and a blended frame into a still shot is found', async () => {
    // A moving shot, two white frames, one frame half this shot and half the next, then a still shot.
    const a = renderShot(S.mandelbrot, 62, g);
    const b = renderShot(S.smptebars, 60, g);
    const blend = Buffer.alloc(frameBytes);
    for (let i = 0; i < frameBytes; i++) blend[i] = (a[61 * frameBytes + i] + b[i]) >> 1;
    const rgb = Buffer.concat([a.subarray(0, 58 * frameBytes), Buffer.alloc(2 * frameBytes, 255), a.subarray(60 * frameBytes, 61 * frameBytes), blend, b]);
    const analysis = await analyse('flash-then-cut', rgb);
    const cuts = analysis.scenes.slice(1).map((s) => s.startFrame);
    expect(cuts).toHaveLength(1);
    expect(Math.abs(cuts[0] - 62)).toBeLessThanOrEqual(1);
  });

  it.each<[WipeShape, number]>([
    ['left', 12],
    ['box', 20],
    ['zoom', 15],
  ])('an animated %s transition over %i frames is one boundary, inside it', async (shape, frames) => {
    const a = renderShot(S.testsrc2, 70, g);
    const b = renderShot(S.smptebars, 70 + frames, g);
    const rgb = Buffer.concat([a.subarray(0, (70 - frames) * frameBytes), wipeFrames(a, b, frames, shape, g), b.subarray(frames * frameBytes)]);
    const analysis = await analyse(`wipe-${shape}`, rgb);
    const boundaries = analysis.scenes.slice(1);
    expect(boundaries.map((s) => s.transitionIn)).toEqual(['dissolve']);
    expect(boundaries[0].startFrame).toBeGreaterThanOrEqual(70 - frames);
    expect(boundaries[0].startFrame).toBeLessThanOrEqual(70);
  });

  it('a picture zooming out of the black the file opens on has no scene before it', async () => {
    // 20 black frames, then the shot grows out of the centre over 20 frames (a logo intro).
    const shot = renderShot(S.testsrc2, 100, g);
    const rgb = Buffer.alloc(120 * frameBytes);
    for (let k = 0; k < 20; k++) {
      const p = (k + 1) / 21;
      const w = Math.max(2, Math.round(p * g.width));
      const h = Math.max(2, Math.round(p * g.height));
      const x0 = (g.width - w) >> 1;
      const y0 = (g.height - h) >> 1;
      const frame = rgb.subarray((20 + k) * frameBytes, (21 + k) * frameBytes);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const src = k * frameBytes + (Math.floor((y * g.height) / h) * g.width + Math.floor((x * g.width) / w)) * 3;
          shot.copy(frame, ((y0 + y) * g.width + x0 + x) * 3, src, src + 3);
        }
      }
    }
    shot.copy(rgb, 40 * frameBytes, 20 * frameBytes, 100 * frameBytes);
    const analysis = await analyse('zoom-out-of-black', rgb);
    expect(analysis.scenes.map((s) => `${s.startFrame} ${s.transitionIn}`)).toEqual(['0 start']);
  });
});
