import { afterAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { analyzeVideo } from '../../../src/main/engine/video/videoAnalyzer';
import {
  formatScoreTable,
  scoreTransitions,
  type DetectedTransition,
  type TruthTransition,
} from '../../../src/main/engine/video/detectionMetrics';
import { SHOT_LIBRARY, buildClip, movingBox, pan, type Join, type ShotSource } from '../../helpers/videoFixtures';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-random-edits-');
afterAll(tmp.cleanup);

/** Deterministic pseudo-random numbers in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

const LOOKS: ShotSource[] = [
  ...Object.values(SHOT_LIBRARY),
  (g) => movingBox(g, 'maroon', 'cyan', 0.35, 2),
  (g) => movingBox(g, 'testsrc', 'black', 0.15, 0.5),
  (g) => pan(g, 'testsrc2', 0.8),
  (g) => pan(g, 'mandelbrot', 0.2),
];

/**
 * A check against tuning to the fixed test set: seeded random edits (shot looks, lengths of 1.4–3.4 s,
 * 60% cuts, 20% dissolves of 0.4–1.4 s, 20% fades of 0.2–0.7 s with or without a hold, some
 * through white) at rates and sizes the fixed set does not use.
 */
it('detects seeded random edits at other rates and sizes', async () => {
  const truths: TruthTransition[] = [];
  const detected: DetectedTransition[] = [];
  let offset = 0;
  for (const [seed, rate, width, height] of [
    [7, '24', 320, 180],
    [11, '50', 160, 90],
    [23, '60000/1001', 192, 108],
    [5, '25', 240, 100],
  ] as const) {
    const random = seeded(seed);
    const [num, den = 1] = rate.split('/').map(Number);
    const fps = num / den;
    const shots: { source: ShotSource; frames: number }[] = [];
    while (shots.length < 14) {
      const source = LOOKS[Math.floor(random() * LOOKS.length)];
      // The same look twice in a row is no visible edit.
      if (shots.at(-1)?.source === source) continue;
      shots.push({ source, frames: Math.round(fps * (1.4 + 2 * random())) });
    }
    const joins: Join[] = shots.slice(1).map(() => {
      const x = random();
      if (x < 0.6) return { kind: 'cut' };
      if (x < 0.8) return { kind: 'dissolve', frames: Math.round(fps * (0.4 + random())) };
      return {
        kind: 'fade',
        frames: Math.round(fps * (0.2 + 0.5 * random())),
        hold: random() < 0.5 ? 0 : Math.round(fps * 0.5 * random()),
        through: random() < 0.2 ? 'white' : 'black',
      };
    });
    const path = join(tmp.dir, `edit-${seed}.mp4`);
    const clip = buildClip(path, shots, joins, { width, height, rate });
    const analysis = await analyzeVideo(path, await probeMedia(path));
    expect(analysis.frames).toBe(clip.frames);
    truths.push(...clip.truth.map((t) => ({ ...t, frame: t.frame + offset })));
    detected.push(...analysis.scenes.slice(1).map((s) => ({ frame: s.startFrame + offset, kind: s.transitionIn as DetectedTransition['kind'] })));
    offset += clip.frames + 1000;
  }
  const score = scoreTransitions(detected, truths);
  console.log(`Scene detection on seeded random edits (24, 50, 59.94, 25 fps):\n${formatScoreTable(score)}`);
  const row = (kind: string) => score.rows.find((r) => r.kind === kind)!;
  expect(row('cut').precision).toBeGreaterThanOrEqual(0.9);
  expect(row('cut').recall).toBeGreaterThanOrEqual(0.9);
  expect(row('fade').recall).toBeGreaterThanOrEqual(0.9);
  // Dissolves into or out of a moving shot (pan, moving object) are the known weak spot: the mix is
  // not linear there (docs/video-features.md). Measured 7 of 11 here; the floor guards against worse.
  expect(row('dissolve').recall).toBeGreaterThanOrEqual(0.6);
  expect(row('dissolve').precision).toBeGreaterThanOrEqual(0.9);
  expect(row('all').precision).toBeGreaterThanOrEqual(0.9);
}, 90_000);
