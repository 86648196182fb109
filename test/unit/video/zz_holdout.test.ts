import { it } from 'vitest';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { analyzeVideo } from '../../../src/main/engine/video/videoAnalyzer';
import { scoreTransitions, formatScoreTable, type TruthTransition } from '../../../src/main/engine/video/detectionMetrics';
import { SHOT_LIBRARY as S, buildClip, movingBox, pan, type Join, type ShotSource } from '../../helpers/videoFixtures';
import { makeTempDir } from '../../helpers/fixtures';

const cut: Join = { kind: 'cut' };
function rng(seed: number) { return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }; }
it('holdout', async () => {
  const tmp = makeTempDir();
  const lib: ShotSource[] = [...Object.values(S), (g) => movingBox(g, 'maroon', 'cyan', 0.35, 2), (g) => pan(g, 'testsrc2', 0.8), (g) => pan(g, 'mandelbrot', 0.2), (g) => movingBox(g, 'black', 'white', 0.15, 0.5)];
  const allT: TruthTransition[] = []; const allD: { frame: number; kind: 'cut' | 'fade' | 'dissolve' }[] = [];
  let offset = 0;
  for (const [seed, rate, w, h] of [[7, '24', 320, 180], [11, '50', 160, 90], [23, '60000/1001', 192, 108], [5, '25', 240, 100]] as const) {
    const r = rng(seed);
    const fps = eval(rate) as number;
    const shots = Array.from({ length: 14 }, () => ({ source: lib[Math.floor(r() * lib.length)], frames: Math.round(fps * (1.4 + 2 * r())) }));
    const joins: Join[] = shots.slice(1).map(() => {
      const x = r();
      if (x < 0.6) return cut;
      if (x < 0.8) return { kind: 'dissolve', frames: Math.round(fps * (0.4 + r())) };
      return { kind: 'fade', frames: Math.round(fps * (0.2 + 0.5 * r())), hold: r() < 0.5 ? 0 : Math.round(fps * 0.5 * r()), through: r() < 0.2 ? 'white' : 'black' };
    });
    const path = join(tmp.dir, `h${seed}.mp4`);
    const clip = buildClip(path, shots, joins, { width: w, height: h, rate });
    const a = await analyzeVideo(path, await probeMedia(path));
    if (seed === 7) {
      const { FrameSignalTracker } = await import('../../../src/main/engine/video/frameSignals');
      const { decodeVideoFrames } = await import('../../../src/main/engine/media/videoFrames');
      const tr = new FrameSignalTracker(128, 72, fps);
      await decodeVideoFrames(path, { width: 128, height: 72 }, (f) => tr.push(f));
      const sig = tr.finish();
      for (const t of clip.truth.filter((x) => x.kind === 'dissolve')) { const i = t.frame; console.log('TRUE', t.frame, t.frames);
        sig.dissolveHalfWindows.forEach((h, k) => { let sum = 0, max = 0, ex = 0; for (let j = i - h + 1; j <= i + h; j++) { sum += sig.content[j]; max = Math.max(max, sig.content[j]); ex += sig.motionExplained[j]; }
          console.log(`  h${h} E${sig.dissolveChange[k][i + h]?.toFixed(1)} L${sig.dissolveNonlinearity[k][i + h]?.toFixed(1)} | ` + sig.dissolveHalfWindows.slice(0, k + 1).map((hj, j) => `j${hj}: b${sig.dissolveChange[j][i - h]?.toFixed(1)}/${sig.dissolveNonlinearity[j][i - h]?.toFixed(1)} a${sig.dissolveChange[j][i + h + 2 * hj]?.toFixed(1)}/${sig.dissolveNonlinearity[j][i + h + 2 * hj]?.toFixed(1)}`).join(' ') + ` spike ${(max / sum).toFixed(2)} ex ${(ex / 2 / h).toFixed(2)}`); }); }
    }
    const names = shots.map((s) => Object.entries(S).find(([, v]) => v === s.source)?.[0] ?? 'custom');
    console.log(rate, 'truth', clip.truth.map((t, i) => `${t.kind[0]}${t.frame}(${names[i]}>${names[i + 1]})`).join(' '));
    console.log(rate, 'found', a.scenes.slice(1).map((s) => `${s.transitionIn[0]}${s.startFrame}`).join(' '));
    allT.push(...clip.truth.map((t) => ({ ...t, frame: t.frame + offset })));
    allD.push(...a.scenes.slice(1).map((s) => ({ frame: s.startFrame + offset, kind: s.transitionIn as 'cut' })));
    offset += clip.frames + 1000;
  }
  console.log(formatScoreTable(scoreTransitions(allD, allT)));
  tmp.cleanup();
}, 300_000);
