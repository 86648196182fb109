import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { writeSceneThumbnails } from '../../../src/main/engine/media/thumbnails';
import { decodeVideoFrames } from '../../../src/main/engine/media/videoFrames';
import { analyzeVideo } from '../../../src/main/engine/video/videoAnalyzer';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';
import { buildClip, type Geometry } from '../../helpers/videoFixtures';

const tmp = makeTempDir('cuefinder-thumbs-');
afterAll(tmp.cleanup);

const g: Geometry = { width: 320, height: 180, rate: '25' };
const field = (colour: string) => (geo: Geometry) => `color=c=${colour}:s=${geo.width}x${geo.height}:r=${geo.rate},noise=alls=6:allf=t`;

async function imageInfo(path: string): Promise<{ width: number; height: number; rgb: number[] }> {
  const probe = await probeMedia(path);
  const { width, height } = probe.video!;
  const sum = [0, 0, 0];
  await decodeVideoFrames(path, { width, height }, (frame) => {
    for (let i = 0; i < frame.length; i++) sum[i % 3] += frame[i];
  });
  return { width, height, rgb: sum.map((s) => s / (width * height)) };
}

describe('thumbnails', () => {
  it('writes one JPEG per scene showing that scene, at the display size', async () => {
    const path = join(tmp.dir, 'red then blue.mp4');
    buildClip(path, [{ source: field('0xD02020'), frames: 50 }, { source: field('0x2040D0'), frames: 50 }], [{ kind: 'cut' }], g);
    const probe = await probeMedia(path);
    const analysis = await analyzeVideo(path, probe);
    const fps = analysis.fpsNum / analysis.fpsDen;
    const files = await writeSceneThumbnails(
      path,
      probe,
      analysis.scenes.map((s) => ({ index: s.index, keyframeSec: s.keyframeIndex / fps })),
      join(tmp.dir, 'thumbs'),
      { width: 160 },
    );
    expect(files.map((f) => f.split('/').pop())).toEqual(['scene-0000.jpg', 'scene-0001.jpg']);
    expect(readFileSync(files[0]).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const [red, blue] = await Promise.all(files.map(imageInfo));
    expect([red.width, red.height]).toEqual([160, 90]);
    expect(red.rgb[0]).toBeGreaterThan(red.rgb[2] + 100);
    expect(blue.rgb[2]).toBeGreaterThan(blue.rgb[0] + 100);
  });

  it('keeps a still asked for past the end inside the video, and turns a rotated clip upright', async () => {
    const coded = join(tmp.dir, 'coded.mp4');
    const path = join(tmp.dir, 'portrait.mp4');
    runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', coded]);
    runFfmpeg(['-i', coded, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path]);
    const probe = await probeMedia(path);
    const [file] = await writeSceneThumbnails(path, probe, [{ index: 3, keyframeSec: 60 }], join(tmp.dir, 'portrait'), { width: 90 });
    const info = await imageInfo(file);
    expect([info.width, info.height]).toEqual([90, 160]);
  });

  it('refuses a file without video, naming it', async () => {
    const path = join(tmp.dir, 'song.m4a');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', path]);
    const probe = await probeMedia(path);
    await expect(writeSceneThumbnails(path, probe, [{ index: 0, keyframeSec: 0 }], join(tmp.dir, 'none'))).rejects.toThrow(/song\.m4a: no video stream/);
  });
});
