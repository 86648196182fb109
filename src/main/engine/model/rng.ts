/**
 * Seeded randomness for weight initialisation and batch shuffling, so a training run is
 * reproducible from its seed (on the same backend).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/**
 * A seeded uniform generator in [0, 1) (mulberry32: tiny, fast and good enough for initialisation,
 * shuffles, index builds and synthetic test data). The project's one such generator; datasets use
 * named streams (data/random.ts).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** seededRandom as an Rng. */
export function createRng(seed: number): Rng {
  return { next: seededRandom(seed) };
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(rng: Rng, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** Derives an independent seed for a named sub-stream (e.g. 'dcca.matched'). */
export function deriveSeed(seed: number, purpose: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
