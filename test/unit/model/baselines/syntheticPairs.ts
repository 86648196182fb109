import { AFFECT_DIM } from '../../../../src/shared/affect';
import { matrix, type Matrix } from '../../../../src/main/engine/model/matrix';
import { createRng, type Rng } from '../../../../src/main/engine/model/rng';
import type { LabelledPairs } from '../../../../src/main/engine/model/baselines/types';

/**
 * A matching task with a learnable signal. Each clip has a 4-d emotional latent; half the pairs are
 * "original soundtracks" whose music latent is a noisy copy of the video's, the rest draw it
 * independently. y grows with the agreement of the two latents (cosine) plus a small main effect of
 * a music-only "energy" feature. Music and video features are different random mixtures of their
 * latent plus noise; per-modality affect is a squashed linear map of the latent.
 */

const LATENT = 4;

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function randomMatrix(rng: Rng, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => gaussian(rng)));
}

// Fixed mixing shared by every split, so train and test come from one world.
const world = createRng(2024);
const MIX_A = randomMatrix(world, 10, LATENT);
const MIX_V = randomMatrix(world, 12, LATENT);
const MIX_AFFECT = randomMatrix(world, AFFECT_DIM, LATENT);

export function syntheticPairs(n: number, seed: number): LabelledPairs {
  const rng = createRng(seed);
  const xa = matrix(n, MIX_A.length + 1);
  const xv = matrix(n, MIX_V.length);
  const pMusic = matrix(n, AFFECT_DIM);
  const pVideo = matrix(n, AFFECT_DIM);
  const pPred = matrix(n, AFFECT_DIM);
  const y = new Float32Array(n);
  const fill = (m: Matrix, i: number, mix: number[][], z: number[], noise: number, squash = false) => {
    mix.forEach((w, r) => {
      const v = w.reduce((s, wk, k) => s + wk * z[k], 0) + noise * gaussian(rng);
      m.data[i * m.cols + r] = squash ? 1 / (1 + Math.exp(-v / 2)) : v;
    });
  };
  for (let i = 0; i < n; i++) {
    const zv = Array.from({ length: LATENT }, () => gaussian(rng));
    const matched = rng.next() < 0.5;
    const zm = matched ? zv.map((v) => v + 0.4 * gaussian(rng)) : Array.from({ length: LATENT }, () => gaussian(rng));
    const energy = gaussian(rng);
    fill(xa, i, MIX_A, zm, 0.3);
    xa.data[i * xa.cols + MIX_A.length] = energy;
    fill(xv, i, MIX_V, zv, 0.3);
    fill(pMusic, i, MIX_AFFECT, zm, 0.2, true);
    fill(pVideo, i, MIX_AFFECT, zv, 0.2, true);
    for (let d = 0; d < AFFECT_DIM; d++) {
      pPred.data[i * AFFECT_DIM + d] = (pMusic.data[i * AFFECT_DIM + d] + pVideo.data[i * AFFECT_DIM + d]) / 2;
    }
    const dot = zm.reduce((s, v, k) => s + v * zv[k], 0);
    const cos = dot / Math.sqrt(zm.reduce((s, v) => s + v * v, 0) * zv.reduce((s, v) => s + v * v, 0));
    y[i] = Math.min(1, Math.max(0, 0.5 + 0.3 * cos + 0.05 * energy + 0.03 * gaussian(rng)));
  }
  return { xa, xv, pMusic, pVideo, pPred, y };
}

/** The shared task for the baseline tests: 800 training, 200 validation and 300 test pairs. */
export const task = {
  train: syntheticPairs(800, 1),
  val: syntheticPairs(200, 2),
  test: syntheticPairs(300, 3),
};
