import { it } from 'vitest';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { decodeVideoFrames } from '../../../src/main/engine/media/videoFrames';
import { FrameSignalTracker } from '../../../src/main/engine/video/frameSignals';
import { analyzeVideo } from '../../../src/main/engine/video/videoAnalyzer';
import { SHOT_LIBRARY as S, buildClip, type Join } from '../../helpers/videoFixtures';
import { makeTempDir } from '../../helpers/fixtures';

const cut: Join = { kind: 'cut' };
const size = { width: 160, height: 90 };
const CASES = [
  { g: { ...size, rate: '24000/1001' }, shots: [S.testsrc2, S.mandelbrot, S.smptebars, S.navyBox, S.life, S.panTestsrc, S.redField, S.testsrc2Hue, S.cellauto, S.greyNoise, S.rgbtestsrc, S.mandelbrotDeep], joins: Array(11).fill(cut) },
  { g: { ...size, rate: '30000/1001' }, shots: [S.mandelbrot, S.navyBox, S.testsrc2, S.rgbtestsrcFlip, S.redField, S.greyNoise, S.smptebars, S.mandelbrotDeep, S.panTestsrc, S.cellauto, S.testsrc2Hue, S.skyField], joins: [cut, { kind: 'dissolve', frames: 20 }, cut, { kind: 'fade', frames: 14 }, cut, { kind: 'dissolve', frames: 30 }, cut, cut, { kind: 'dissolve', frames: 12 }, { kind: 'fade', frames: 8 }, cut] },
];
it('debug', async () => {
  const tmp = makeTempDir();
  for (const c of CASES) {
    const shots = c.shots.map((source, i) => ({ source, frames: 52 + ((i * 13) % 29) }));
    const path = join(tmp.dir, 'x.mp4');
    const clip = buildClip(path, shots, c.joins as Join[], c.g);
    const probe = await probeMedia(path);
    const a = await analyzeVideo(path, probe);
    console.log('truth', clip.truth.map((t) => `${t.kind[0]}${t.frame}`).join(' '));
    console.log('found', a.scenes.slice(1).map((s) => `${s.transitionIn[0]}${s.startFrame}`).join(' '));
    const fps = probe.video!.fpsNum / probe.video!.fpsDen;
    const tr = new FrameSignalTracker(128, 72, fps);
    await decodeVideoFrames(path, { width: 128, height: 72 }, (f) => tr.push(f));
    const sig = tr.finish();
    const found = new Set(a.scenes.map((s) => s.startFrame));
    for (const sc of a.scenes.slice(1)) {
      if (clip.truth.some((t) => Math.abs(sc.startFrame - t.frame) <= Math.max(1, t.frames / 2))) continue;
      const i = sc.startFrame;
      console.log('FP', sc.transitionIn, i, sc.transitionInFrames);
      sig.dissolveHalfWindows.forEach((h, k) => {
        let sum = 0, max = 0, ex = 0;
        for (let j = i - h + 1; j <= i + h; j++) { sum += sig.content[j]; max = Math.max(max, sig.content[j]); ex += sig.motionExplained[j]; }

      });
    }
    for (const t of clip.truth.filter((t) => t.kind === 'dissolve')) {
      const i = t.frame;
      console.log('TRUE', t);

    }
    for (const t of clip.truth) {
      if ([...found].some((f) => Math.abs(f - t.frame) <= Math.max(1, t.frames / 2))) continue;
      console.log('MISSED', t);
      for (let i = t.frame - 4; i <= t.frame + 4; i++) {
        console.log(i, 'c', sig.content[i].toFixed(1), 's2', sig.skip2[i].toFixed(1), 's3', sig.skip3[i].toFixed(1), 'Y', sig.luma[i].toFixed(0), 'ex', sig.motionExplained[i].toFixed(2),
          sig.dissolveHalfWindows.map((h, k) => `h${h}:${sig.dissolveChange[k][i + h]?.toFixed(1)}/${sig.dissolveNonlinearity[k][i + h]?.toFixed(1)} b${sig.dissolveChange[k][i - h]?.toFixed(1)} a${sig.dissolveChange[k][i + 3 * h]?.toFixed(1)}`).join(' '));
      }
    }
  }
  tmp.cleanup();
});
