import { SHOT_LIBRARY, movingBox, pan, type Join, type Shot, type ShotSource } from './videoFixtures';

/**
 * Seeded random edits of lavfi shots: the footage behind the random-edit test and the scene
 * detection benchmark. A seed always gives the same shots, lengths and joins.
 */

/** Deterministic pseudo-random numbers in [0, 1) (the LCG the first random-edit test used). */
export function seededUniform(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

/** The looks of the first random-edit set: the shot library plus moving objects and pans. */
export const EDIT_LOOKS: readonly ShotSource[] = [
  ...Object.values(SHOT_LIBRARY),
  (g) => movingBox(g, 'maroon', 'cyan', 0.35, 2),
  (g) => movingBox(g, 'testsrc', 'black', 0.15, 0.5),
  (g) => pan(g, 'testsrc2', 0.8),
  (g) => pan(g, 'mandelbrot', 0.2),
];

/** More motion for the benchmark sets: a fast pan and an object crossing a busy pattern. */
export const MOTION_LOOKS: readonly ShotSource[] = [
  ...EDIT_LOOKS,
  (g) => pan(g, 'smptebars', -1.2),
  (g) => movingBox(g, 'smptebars', 'white', 0.3, 1.5),
];

export interface RandomEditPlan {
  /** Shot count (joins are one fewer). */
  shots: number;
  looks: readonly ShotSource[];
  /** Shares of cuts and dissolves among the joins; the rest are fades. */
  cutShare: number;
  dissolveShare: number;
  /**
   * Seconds each shot shows on its own besides its transitions; 0 keeps the first set's lengths
   * (1.4–3.4 s whatever the joins), which only works while dissolves are rare.
   */
  minHoldSec: number;
}

export const FIRST_SET_PLAN: RandomEditPlan = { shots: 14, looks: EDIT_LOOKS, cutShare: 0.6, dissolveShare: 0.2, minHoldSec: 0 };
/** Dissolve-heavy edits with more motion, for the benchmark's development and held-out sets. */
export const DISSOLVE_HEAVY_PLAN: RandomEditPlan = { shots: 14, looks: MOTION_LOOKS, cutShare: 0.35, dissolveShare: 0.45, minHoldSec: 0.6 };

/**
 * Shots of 1.4–3.4 s in looks drawn at random (never the same look twice in a row), joined by cuts,
 * dissolves of 0.4–1.4 s and fades of 0.2–0.7 s with or without a hold, one in five through white.
 */
export function planRandomEdit(seed: number, fps: number, plan: RandomEditPlan): { shots: Shot[]; joins: Join[] } {
  const random = seededUniform(seed);
  const shots: Shot[] = [];
  while (shots.length < plan.shots) {
    const source = plan.looks[Math.floor(random() * plan.looks.length)];
    // The same look twice in a row is no visible edit.
    if (shots.at(-1)?.source === source) continue;
    shots.push({ source, frames: Math.round(fps * (1.4 + 2 * random())) });
  }
  const joins: Join[] = shots.slice(1).map((): Join => {
    const x = random();
    if (x < plan.cutShare) return { kind: 'cut' };
    if (x < plan.cutShare + plan.dissolveShare) return { kind: 'dissolve', frames: Math.round(fps * (0.4 + random())) };
    return {
      kind: 'fade',
      frames: Math.round(fps * (0.2 + 0.5 * random())),
      hold: random() < 0.5 ? 0 : Math.round(fps * 0.5 * random()),
      through: random() < 0.2 ? 'white' : 'black',
    };
  });
  if (plan.minHoldSec > 0) {
    const used = (join: Join | undefined): number => (join && join.kind !== 'cut' ? join.frames : 0);
    shots.forEach((shot, i) => {
      shot.frames = Math.max(shot.frames, used(joins[i - 1]) + used(joins[i]) + Math.round(fps * plan.minHoldSec));
    });
  }
  return { shots, joins };
}
