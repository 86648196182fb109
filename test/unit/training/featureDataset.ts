import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFFECT_DIM, AFFECT_DIMENSIONS } from '../../../src/shared/affect';
import { AUDIO_FEATURE_VERSION } from '../../../src/main/engine/audio/audioAnalyzer';
import { VIDEO_FEATURE_VERSION } from '../../../src/main/engine/video/videoAnalyzer';
import { createRng, type Rng } from '../../../src/main/engine/model/rng';
import { featureCacheFile } from '../../../src/main/engine/training/datasetRows';

/**
 * A SynthAffect-like world at the feature level, so the evaluation tests need no media decoding.
 * Each clip has a 3-d affect latent z and a pace π. Its video and its own music each get a noisy
 * copy of both; features are different nonlinear mixtures of (z, π) per modality, affect labels are a
 * squashed linear map of z alone. Like SynthAffect, the positive pair is a video with its own music and
 * the negative pair the video with another clip's music (within the same split). Raters score affect
 * agreement *and* pace agreement, so affect similarity alone cannot explain the scores.
 */

const LATENT = 3;
const AUDIO_DIM = 20;
const VIDEO_DIM = 14;

export type SplitName = 'train' | 'val' | 'test';

export interface FeatureDatasetSpec {
  /** Clips per split; each gives one positive and one negative pair. */
  clips: Record<SplitName, number>;
  seed: number;
}

interface Clip {
  id: number;
  split: SplitName;
  zVideo: number[];
  zMusic: number[];
  paceVideo: number;
  paceMusic: number;
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

// Fixed mixings shared by every split and seed: one world.
const world = createRng(4242);
const randomMatrix = (rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => gaussian(world) / Math.sqrt(cols)));
const MIX_AUDIO = randomMatrix(AUDIO_DIM, LATENT + 1);
const MIX_VIDEO = randomMatrix(VIDEO_DIM, LATENT + 1);
const MIX_AFFECT = randomMatrix(AFFECT_DIM, LATENT);

function features(mix: number[][], z: number[], pace: number, rng: Rng): number[] {
  const input = [...z, pace];
  return mix.map((w) => Math.tanh(1.5 * w.reduce((s, wk, k) => s + wk * input[k], 0)) + 0.03 * gaussian(rng));
}

function affect(z: number[], rng: Rng): number[] {
  return MIX_AFFECT.map((w) => clamp(1 / (1 + Math.exp(-2 * w.reduce((s, wk, k) => s + wk * z[k], 0))) + 0.02 * gaussian(rng), 0, 1));
}

function score(video: Clip, music: Clip, rng: Rng): number {
  const dz = video.zVideo.reduce((s, v, k) => s + (v - music.zMusic[k]) ** 2, 0);
  const dp = (video.paceVideo - music.paceMusic) ** 2;
  const y = 0.05 + 0.5 * Math.exp(-dz / 0.6) + 0.45 * Math.exp(-dp / 0.15) + 0.03 * gaussian(rng);
  return Math.round((1 + 4 * clamp(y, 0, 1)) * 100) / 100;
}

function makeClips(spec: FeatureDatasetSpec, rng: Rng): Clip[] {
  const clips: Clip[] = [];
  for (const split of ['train', 'val', 'test'] as const) {
    for (let i = 0; i < spec.clips[split]; i++) {
      const z = Array.from({ length: LATENT }, () => rng.next() * 2 - 1);
      const pace = rng.next() * 2 - 1;
      clips.push({
        id: clips.length + 1,
        split,
        zVideo: z.map((v) => clamp(v + 0.1 * gaussian(rng), -1, 1)),
        zMusic: z.map((v) => clamp(v + 0.1 * gaussian(rng), -1, 1)),
        paceVideo: pace,
        paceMusic: clamp(pace + 0.05 * gaussian(rng), -1, 1),
      });
    }
  }
  return clips;
}

const pad = (n: number): string => String(n).padStart(4, '0');

/**
 * Writes a dataset folder (docs/dataset-format.md) with a split column, affect.csv, placeholder media
 * files and a feature cache that matches them, so `loadDatasetSplitRows` reads features without decoding.
 */
export function writeFeatureDataset(dir: string, spec: FeatureDatasetSpec): { pairs: number } {
  const rng = createRng(spec.seed);
  const clips = makeClips(spec, rng);
  mkdirSync(join(dir, 'video'), { recursive: true });
  mkdirSync(join(dir, 'music'), { recursive: true });
  mkdirSync(join(dir, '.cuefinder'), { recursive: true });
  const pairs = ['id,video,music,score,videoClip,musicClip,split'];
  const affectRows = [`clipId,modality,${AFFECT_DIMENSIONS.join(',')}`];
  const cache: string[] = [];
  const cacheLine = (key: string, version: string, path: string, values: number[]): string => {
    const st = statSync(path);
    return JSON.stringify({ key, version, size: st.size, mtimeMs: st.mtimeMs, features: values });
  };
  for (const split of ['train', 'val', 'test'] as const) {
    const group = clips.filter((c) => c.split === split);
    group.forEach((clip, i) => {
      const other = group[(i + 1 + Math.floor(rng.next() * (group.length - 1))) % group.length];
      for (const [kind, music] of [['pos', clip], ['neg', other]] as const) {
        pairs.push(`p${pad(clip.id)}${kind},video/v${pad(clip.id)}.mp4,music/m${pad(music.id)}.flac,${score(clip, music, rng)},v${pad(clip.id)},m${pad(music.id)},${split}`);
      }
    });
  }
  for (const clip of clips) {
    const videoPath = join(dir, 'video', `v${pad(clip.id)}.mp4`);
    const musicPath = join(dir, 'music', `m${pad(clip.id)}.flac`);
    writeFileSync(videoPath, `placeholder video ${clip.id}`);
    writeFileSync(musicPath, `placeholder music ${clip.id}`);
    cache.push(cacheLine(`video:v${pad(clip.id)}`, VIDEO_FEATURE_VERSION, videoPath, features(MIX_VIDEO, clip.zVideo, clip.paceVideo, rng)));
    cache.push(cacheLine(`music:m${pad(clip.id)}`, AUDIO_FEATURE_VERSION, musicPath, features(MIX_AUDIO, clip.zMusic, clip.paceMusic, rng)));
    affectRows.push(`v${pad(clip.id)},video,${affect(clip.zVideo, rng).map((v) => v.toFixed(4)).join(',')}`);
    affectRows.push(`m${pad(clip.id)},music,${affect(clip.zMusic, rng).map((v) => v.toFixed(4)).join(',')}`);
  }
  writeFileSync(join(dir, 'pairs.csv'), pairs.join('\n') + '\n');
  writeFileSync(join(dir, 'affect.csv'), affectRows.join('\n') + '\n');
  writeFileSync(featureCacheFile(dir), cache.join('\n') + '\n');
  return { pairs: pairs.length - 1 };
}
