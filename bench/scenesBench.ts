import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { probeMedia } from '../src/main/engine/media/probe';
import { analyzeVideo } from '../src/main/engine/video/videoAnalyzer';
import {
  formatScoreTable,
  scoreTransitions,
  type DetectedTransition,
  type TransitionScore,
  type TruthTransition,
} from '../src/main/engine/video/detectionMetrics';
import { generateDemoProject } from '../src/main/engine/data/demoData';
import { buildClip, editShots, type BuiltClip } from '../test/helpers/videoFixtures';
import { runRealScenesBench } from './realScenes';
import { DISSOLVE_HEAVY_PLAN, FIRST_SET_PLAN, MOTION_LOOKS, planRandomEdit, type RandomEditPlan } from '../test/helpers/randomEdits';

/**
 * Scene-detection accuracy on generated footage, larger than the tests can afford: precision,
 * recall and F1 per transition kind (cuts ±1 frame, fades and dissolves ± half their length).
 *
 * - `first`: the random-edit test's four clips (60% cuts).
 * - `development`: eight dissolve-heavy clips with more motion; the variance-dip dissolve test was
 *   tuned on these.
 * - `heldOut`: eight more clips from the same generator with other seeds, not tuned on; the
 *   fairer number.
 * - `heldOutCompressed`: the same edits encoded as a camera or a web export would (x264 medium,
 *   CRF 30: deblocking, CABAC, visible compression noise) instead of near-lossless.
 * - `noTransition`: one 6 s shot of every look (pans, moving objects, zooms, noise, hue drift):
 *   every boundary found is a false one.
 * - `rendered`: the demo's rendered footage (demoData: one continuous shot per scene, gradients,
 *   pulsing and drifting shapes, camera shake, grain), 12 projects of two videos; hard cuts only,
 *   so every dissolve or fade found is a false one.
 * - `real`: labelled real videos side by side with PySceneDetect (realScenes.ts; needs CUEFINDER_REAL_CORPUS).
 */

type Clip = readonly [seed: number, rate: string, width: number, height: number];

const HELD_OUT: Clip[] = [[201, '24', 320, 180], [202, '25', 160, 90], [203, '30000/1001', 192, 108], [204, '50', 240, 136], [205, '24000/1001', 320, 180], [206, '60000/1001', 160, 90], [207, '25', 200, 112], [208, '30', 320, 180]];
const COMPRESSED = ['-c:v', 'libx264', '-preset', 'medium', '-crf', '30', '-pix_fmt', 'yuv420p'];

const SETS: Record<string, { plan: RandomEditPlan; clips: Clip[]; codecArgs?: string[] }> = {
  first: { plan: FIRST_SET_PLAN, clips: [[7, '24', 320, 180], [11, '50', 160, 90], [23, '60000/1001', 192, 108], [5, '25', 240, 100]] },
  development: {
    plan: DISSOLVE_HEAVY_PLAN,
    clips: [[101, '24', 320, 180], [102, '25', 160, 90], [103, '30000/1001', 192, 108], [104, '50', 240, 136], [105, '24000/1001', 320, 180], [106, '60000/1001', 160, 90], [107, '25', 200, 112], [108, '30', 320, 180]],
  },
  heldOut: { plan: DISSOLVE_HEAVY_PLAN, clips: HELD_OUT },
  heldOutCompressed: { plan: DISSOLVE_HEAVY_PLAN, clips: HELD_OUT, codecArgs: COMPRESSED },
};

const NO_TRANSITION_RATES = ['24', '25', '30000/1001', '50'];
const RENDERED_SEEDS = [21, 22, 23, 1, 2, 3, 4, 5, 6, 7, 8, 9];

interface SetResult {
  clips: number;
  videoSeconds: number;
  score: TransitionScore;
}

async function detect(path: string): Promise<{ frames: number; detected: DetectedTransition[]; seconds: number }> {
  const analysis = await analyzeVideo(path, await probeMedia(path));
  return {
    frames: analysis.frames,
    detected: analysis.scenes.slice(1).map((s) => ({ frame: s.startFrame, kind: s.transitionIn as DetectedTransition['kind'] })),
    seconds: analysis.scenes.at(-1)?.endSec ?? 0,
  };
}

/** Scores clips as one long reel: each clip's frames are offset past the previous clip's. */
async function scoreClips(clips: { path: string; clip: BuiltClip }[]): Promise<SetResult> {
  const truths: TruthTransition[] = [];
  const detected: DetectedTransition[] = [];
  let offset = 0;
  let videoSeconds = 0;
  for (const { path, clip } of clips) {
    const result = await detect(path);
    if (result.frames !== clip.frames) throw new Error(`${path}: decoded ${result.frames} frames, wrote ${clip.frames}`);
    truths.push(...clip.truth.map((t) => ({ ...t, frame: t.frame + offset })));
    detected.push(...result.detected.map((d) => ({ ...d, frame: d.frame + offset })));
    offset += clip.frames + 1000;
    videoSeconds += result.seconds;
  }
  return { clips: clips.length, videoSeconds: Number(videoSeconds.toFixed(1)), score: scoreTransitions(detected, truths) };
}

export async function runScenesBench(opts: { workDir: string; repoRoot: string }): Promise<Record<string, unknown>> {
  const dir = join(opts.workDir, 'footage');
  mkdirSync(dir, { recursive: true });
  const results: Record<string, SetResult> = {};
  for (const [name, set] of Object.entries(SETS)) {
    const clips = set.clips.map(([seed, rate, width, height]) => {
      const [num, den = 1] = rate.split('/').map(Number);
      const { shots, joins } = planRandomEdit(seed, num / den, set.plan);
      const path = join(dir, `${name}-${seed}.mp4`);
      const geometry = { width, height, rate };
      // Editing is deterministic: a clip already encoded by an earlier run only needs its truth.
      const clip = existsSync(path) ? editShots(shots, joins, geometry).clip : buildClip(path, shots, joins, geometry, set.codecArgs);
      return { path, clip };
    });
    results[name] = await scoreClips(clips);
    process.stderr.write(`${name}:\n${formatScoreTable(results[name].score)}\n`);
  }

  const rendered: { path: string; clip: BuiltClip }[] = [];
  for (const seed of RENDERED_SEEDS) {
    const project = await generateDemoProject(join(dir, `rendered-${seed}`), { seed, totalSec: 40 });
    for (const video of project.videos) {
      const { fpsNum, fpsDen } = (await probeMedia(video.path)).video!;
      const fps = fpsNum / fpsDen;
      const truth = video.scenes.slice(1).map((scene) => ({ frame: Math.round(scene.startSec * fps), kind: 'cut' as const, frames: 0 }));
      rendered.push({ path: video.path, clip: { frames: Math.round(video.durationSec * fps), truth } });
    }
  }
  results.rendered = await scoreClips(rendered);
  process.stderr.write(`rendered:\n${formatScoreTable(results.rendered.score)}\n`);

  const falseBoundaries: string[] = [];
  let stillSeconds = 0;
  for (let i = 0; i < MOTION_LOOKS.length; i++) {
    const rate = NO_TRANSITION_RATES[i % NO_TRANSITION_RATES.length];
    const [num, den = 1] = rate.split('/').map(Number);
    const path = join(dir, `no-transition-${i}.mp4`);
    if (!existsSync(path)) buildClip(path, [{ source: MOTION_LOOKS[i], frames: Math.round((6 * num) / den) }], [], { width: 192, height: 108, rate });
    const result = await detect(path);
    stillSeconds += result.seconds;
    falseBoundaries.push(...result.detected.map((d) => `look ${i} (${rate} fps): ${d.kind} at frame ${d.frame}`));
  }
  process.stderr.write(`no-transition shots: ${falseBoundaries.length} false boundaries in ${stillSeconds.toFixed(0)} s\n`);

  const rows = (r: SetResult) =>
    Object.fromEntries(
      r.score.rows.map((row) => [row.kind, { truths: row.truths, matched: row.matched, falsePositives: row.falsePositives, precision: round(row.precision), recall: round(row.recall), f1: round(row.f1) }]),
    );
  return {
    tolerance: 'cuts ±1 frame; fades and dissolves ± half their length',
    sets: Object.fromEntries(
      Object.entries(results).map(([name, r]) => [name, { clips: r.clips, videoSeconds: r.videoSeconds, kindAgreement: round(r.score.kindAgreement), ...rows(r) }]),
    ),
    noTransition: { shots: MOTION_LOOKS.length, videoSeconds: Number(stillSeconds.toFixed(1)), falseBoundaries },
    real: await runRealScenesBench({ repoRoot: opts.repoRoot }),
  };
}

const round = (x: number): number => Number(x.toFixed(3));
