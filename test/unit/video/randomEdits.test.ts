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
import { buildClip } from '../../helpers/videoFixtures';
import { FIRST_SET_PLAN, planRandomEdit } from '../../helpers/randomEdits';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-random-edits-');
afterAll(tmp.cleanup);

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
    const [num, den = 1] = rate.split('/').map(Number);
    const { shots, joins } = planRandomEdit(seed, num / den, FIRST_SET_PLAN);
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
  // Dissolves into or out of a moving shot are found by the variance dip (docs/video-features.md);
  // a long mix next to a zoom is still missed. Measured 8 of 11 here (7 before the variance dip).
  expect(row('dissolve').recall).toBeGreaterThanOrEqual(0.7);
  expect(row('dissolve').precision).toBeGreaterThanOrEqual(0.9);
  expect(row('all').precision).toBeGreaterThanOrEqual(0.9);
}, 90_000);
