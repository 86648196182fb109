import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { analyzeVideo } from '../../../src/main/engine/video/videoAnalyzer';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-hfr-');
afterAll(tmp.cleanup);

/** Attack finding 9: a 1000 fps recording (high-speed cameras write them) was refused as implausible. */
describe('high frame rates', () => {
  it('analyses a 1000 fps clip at its own rate', async () => {
    const path = join(tmp.dir, 'k1000.mp4');
    runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=1000:d=0.4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path]);
    const probe = await probeMedia(path);
    expect(probe.video?.fpsNum).toBe(1000);
    const analysis = await analyzeVideo(path, probe);
    expect(analysis.frames).toBeGreaterThanOrEqual(390);
    expect(analysis.scenes.at(-1)!.endFrame).toBe(analysis.frames);
  }, 60_000);
});
