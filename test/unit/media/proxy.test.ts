import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { browserPlays, ensureProxy, proxyPath, proxyState } from '../../../src/main/engine/media/proxy';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-proxy-');
afterAll(() => tmp.cleanup());
const cache = join(tmp.dir, 'cache');

function clip(name: string, codecArgs: string[]): string {
  const path = join(tmp.dir, name);
  runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', ...codecArgs, '-shortest', path]);
  return path;
}

describe('playable proxies', () => {
  it('makes an H.264 proxy of the same rate and length for MJPEG and MPEG-2, and none for H.264 in MP4', async () => {
    const mjpeg = clip('camera.mov', ['-c:v', 'mjpeg', '-c:a', 'pcm_s16le']);
    const mpeg2 = clip('archive.mpg', ['-c:v', 'mpeg2video', '-c:a', 'mp2']);
    const h264 = clip('web.mp4', ['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac']);
    for (const [path, fp] of [
      [mjpeg, 'fp-mjpeg'],
      [mpeg2, 'fp-mpeg2'],
    ] as const) {
      const probe = await probeMedia(path);
      expect(browserPlays(path, probe), path).toBe(false);
      expect(await ensureProxy(path, fp, probe, cache)).toBe('proxy');
      const proxy = await probeMedia(proxyPath(cache, fp));
      expect(proxy.video?.codec).toBe('h264');
      expect(proxy.video?.pixFmt).toBe('yuv420p');
      expect(browserPlays(proxyPath(cache, fp), proxy), 'the proxy itself plays').toBe(true);
      expect(proxy.video!.fpsNum / proxy.video!.fpsDen).toBeCloseTo(25, 3);
      expect(proxy.durationSec).toBeCloseTo(probe.durationSec, 1);
      expect(existsSync(`${proxyPath(cache, fp)}.partial.mp4`), 'no half-written proxy left').toBe(false);
    }
    const probe = await probeMedia(h264);
    expect(browserPlays(h264, probe)).toBe(true);
    expect(await ensureProxy(h264, 'fp-h264', probe, cache)).toBe('direct');
    expect(existsSync(proxyPath(cache, 'fp-h264'))).toBe(false);
    expect(proxyState(cache, 'fp-h264'), 'the decision is kept').toBe('direct');
    expect(proxyState(cache, 'fp-other')).toBe('unknown');
  });

  it('leaves nothing behind when cancelled', async () => {
    const mjpeg = clip('cancel.mov', ['-c:v', 'mjpeg', '-c:a', 'pcm_s16le']);
    const probe = await probeMedia(mjpeg);
    const abort = new AbortController();
    abort.abort();
    await expect(ensureProxy(mjpeg, 'fp-cancel', probe, cache, abort.signal)).rejects.toThrow(/cancelled/);
    expect(proxyState(cache, 'fp-cancel')).toBe('unknown');
    expect(existsSync(`${proxyPath(cache, 'fp-cancel')}.partial.mp4`)).toBe(false);
  });
});
