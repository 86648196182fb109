import { rngFor } from './random';
import { MOODS, affectFromLatent, perturbLatent, sampleSceneLatent, type Latent, type Mood } from './affectModel';
import { musicSpecFromLatent, type MusicSpec } from './musicSynth';
import { videoSpecFromLatent, type VideoSpec } from './videoRender';
import {
  RATER_PARAMS,
  agreementTerm,
  expectedPairScore,
  makeRaterPool,
  mean,
  rateClipAffect,
  ratePair,
  sampleSd,
  syncTerm,
} from './raters';

/**
 * The media-free half of SynthAffect: every latent, spec, rating and label of a dataset, computed
 * from (pairs, seed) alone. Rendering only turns specs into files, so the CSVs can be planned,
 * tested and analysed without touching ffmpeg.
 */

export interface SynthModality<S> {
  clipId: string;
  latent: Latent;
  /** The true 16-d affect (oracle; raters see it through noise). */
  trueAffect: number[];
  /** Mean of the simulated raters after outlier removal, in [0, 1]: what affect.csv holds. */
  labels: number[];
  spec: S;
}

export interface SynthClip {
  index: number;
  mood: Mood;
  scene: Latent;
  video: SynthModality<VideoSpec>;
  music: SynthModality<MusicSpec>;
}

export interface SynthPair {
  id: string;
  kind: 'positive' | 'negative';
  /** Index of the clip whose video is used. */
  videoIndex: number;
  /** Index of the clip whose music is used. */
  musicIndex: number;
  agreement: number;
  sync: number;
  expectedScore: number;
  ratings: number[];
  score: number;
  scoreSd: number;
}

export interface SynthPlan {
  seed: number;
  clips: SynthClip[];
  pairs: SynthPair[];
}

const pad4 = (n: number): string => String(n).padStart(4, '0');
export const videoClipId = (index: number): string => `v${pad4(index + 1)}`;
export const musicClipId = (index: number): string => `m${pad4(index + 1)}`;

function planClip(seed: number, index: number, affectRaters: ReturnType<typeof makeRaterPool>): SynthClip {
  const sceneRng = rngFor(seed, 'scene', index);
  const mood = sceneRng.pick(MOODS);
  const scene = sampleSceneLatent(mood, sceneRng);
  const modality = <S>(name: 'video' | 'music', clipId: string, makeSpec: (z: Latent) => S): SynthModality<S> => {
    const latent = perturbLatent(scene, rngFor(seed, `${name}-latent`, index));
    const trueAffect = affectFromLatent(latent, mood, rngFor(seed, `${name}-idiosyncrasy`, index));
    return {
      clipId,
      latent,
      trueAffect,
      labels: rateClipAffect(trueAffect, affectRaters, rngFor(seed, 'affect-ratings', clipId)),
      spec: makeSpec(latent),
    };
  };
  return {
    index,
    mood,
    scene,
    video: modality('video', videoClipId(index), (z) => videoSpecFromLatent(z, mood, rngFor(seed, 'video-nuisance', index))),
    music: modality('music', musicClipId(index), (z) => musicSpecFromLatent(z, rngFor(seed, 'music-nuisance', index))),
  };
}

/**
 * Which clip's music each clip's negative uses: clips are shuffled and rotated within cycles of
 * three (one cycle of two or four absorbs the remainder). Small cycles keep each group of clips
 * self-contained, so a split can keep every video and every music clip on one side.
 */
export function negativeMusicFor(clipCount: number, seed: number): number[] {
  if (clipCount < 2) throw new Error('SynthAffect needs at least 2 clips (4 pairs) to build negatives');
  const order = rngFor(seed, 'negatives').shuffle(Array.from({ length: clipCount }, (_, i) => i));
  const cycles: number[][] = [];
  for (let i = 0; i + 3 <= order.length; i += 3) cycles.push(order.slice(i, i + 3));
  const rest = order.slice(cycles.length * 3);
  if (rest.length === 2) cycles.push(rest);
  else if (rest.length === 1) cycles[cycles.length - 1].push(rest[0]);
  const musicOf = new Array<number>(clipCount);
  for (const cycle of cycles) cycle.forEach((clip, k) => (musicOf[clip] = cycle[(k + 1) % cycle.length]));
  return musicOf;
}

/**
 * Plans `pairCount` pairs: ⌈pairCount/2⌉ clips, each clip's video with its own music (positive)
 * and with another clip's music (negative); pairs are ordered positive, negative per clip.
 */
export function planSynthAffect(pairCount: number, seed: number): SynthPlan {
  if (!Number.isInteger(pairCount) || pairCount < 4) throw new Error(`pairs must be an integer ≥ 4 (got ${pairCount})`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer (got ${seed})`);
  const P = RATER_PARAMS;
  const affectRaters = makeRaterPool(P.affectRaters, P.affectBiasSd, P.affectNoiseSd, rngFor(seed, 'affect-rater-pool'));
  const pairRaters = makeRaterPool(P.pairRaters, P.pairBiasSd, P.pairNoiseSd, rngFor(seed, 'pair-rater-pool'));
  const clipCount = Math.ceil(pairCount / 2);
  const clips = Array.from({ length: clipCount }, (_, i) => planClip(seed, i, affectRaters));
  const negativeMusic = negativeMusicFor(clipCount, seed);

  const pairs: SynthPair[] = [];
  const addPair = (kind: SynthPair['kind'], videoIndex: number, musicIndex: number): void => {
    const id = `p${pad4(pairs.length + 1)}`;
    const video = clips[videoIndex].video;
    const music = clips[musicIndex].music;
    const agreement = agreementTerm(video.trueAffect, music.trueAffect);
    const sync = syncTerm(music.spec.tempoBpm, video.spec.pulseBpm);
    const expectedScore = expectedPairScore(agreement, sync);
    const ratings = ratePair(expectedScore, pairRaters, rngFor(seed, 'pair-ratings', id));
    pairs.push({ id, kind, videoIndex, musicIndex, agreement, sync, expectedScore, ratings, score: mean(ratings), scoreSd: sampleSd(ratings) });
  };
  for (const clip of clips) {
    addPair('positive', clip.index, clip.index);
    if (pairs.length < pairCount) addPair('negative', clip.index, negativeMusic[clip.index]);
  }
  return { seed, clips, pairs };
}
