import { resolve } from 'node:path';
import { generateSynthAffect, SYNTH_DEFAULTS } from '../../engine/data/synthAffect';
import { expectNumber, expectSeed, expectString, expectWholeNumber } from '../validate';

/** The defaults of every SynthAffect option (the CLI shows them in its help). */
export const SYNTH_DATASET_DEFAULTS = { pairs: SYNTH_DEFAULTS.pairs, seed: SYNTH_DEFAULTS.seed, clipSec: SYNTH_DEFAULTS.clipSec } as const;

/** Pairs a SynthAffect set can have: four fill one of each split; beyond this it is days of encoding. */
const PAIRS_RANGE = { min: 4, max: 100_000 } as const;
/** Clip lengths in seconds the generator renders (synthAffect's own bounds). */
const CLIP_SEC_RANGE = { min: 1, max: 60 } as const;

export interface SynthDatasetInput {
  /** The folder to write (pairs.csv, affect.csv, meta.json, music/, video/). */
  out: unknown;
  pairs?: unknown;
  seed?: unknown;
  clipSec?: unknown;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, stage: string) => void;
}

export interface SynthDataset {
  pairs: number;
  clips: number;
  outDir: string;
  wallSeconds: number;
}

/**
 * Generates SynthAffect (docs/synthaffect.md): synthetic music–video pairs with simulated ratings,
 * a dataset folder for `train --data` and `eval`. Arguments are checked before anything is written.
 */
export async function synthesizeDataset(input: SynthDatasetInput): Promise<SynthDataset> {
  const outDir = resolve(expectString(input.out, 'The dataset folder to write (--out)'));
  const pairs = input.pairs === undefined ? SYNTH_DATASET_DEFAULTS.pairs : expectWholeNumber(input.pairs, 'The number of pairs (--pairs)', PAIRS_RANGE.min, PAIRS_RANGE.max);
  const seed = input.seed === undefined ? SYNTH_DATASET_DEFAULTS.seed : expectSeed(input.seed);
  const clipSec = input.clipSec === undefined ? SYNTH_DATASET_DEFAULTS.clipSec : expectNumber(input.clipSec, 'The clip length in seconds (--clip-sec)', CLIP_SEC_RANGE.min, CLIP_SEC_RANGE.max);
  const started = performance.now();
  const res = await generateSynthAffect({ outDir, pairs, seed, clipSec, signal: input.signal, onProgress: input.onProgress });
  return { ...res, wallSeconds: (performance.now() - started) / 1000 };
}
