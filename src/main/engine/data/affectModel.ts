import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../shared/affect';
import { clamp, type Rng } from './random';

/**
 * The latent affect of a clip: three coordinates in [−1, 1] (negative → positive valence, calm →
 * excited arousal, relaxed → tense) plus a mood category. Everything SynthAffect renders and every
 * rating it simulates is a function of this latent (and of declared nuisance variation).
 */
export interface Latent {
  valence: number;
  arousal: number;
  tension: number;
}

export const MOODS = ['happy', 'calm', 'tender', 'melancholic', 'suspense', 'aggressive', 'heroic', 'mysterious'] as const;
export type Mood = (typeof MOODS)[number];

interface MoodDefinition {
  prototype: Latent;
  /** Dimensions the category adds intensity to beyond what its latent position implies. */
  signature: readonly AffectDimension[];
}

export const MOOD_DEFINITIONS: Record<Mood, MoodDefinition> = {
  happy: { prototype: { valence: 0.75, arousal: 0.5, tension: -0.4 }, signature: ['joyful', 'playful', 'energetic'] },
  calm: { prototype: { valence: 0.45, arousal: -0.75, tension: -0.7 }, signature: ['peaceful', 'tender'] },
  tender: { prototype: { valence: 0.6, arousal: -0.35, tension: -0.45 }, signature: ['tender', 'romantic', 'nostalgic'] },
  melancholic: { prototype: { valence: -0.65, arousal: -0.5, tension: -0.05 }, signature: ['sad', 'lonely', 'nostalgic'] },
  suspense: { prototype: { valence: -0.35, arousal: 0.25, tension: 0.8 }, signature: ['tense', 'fearful', 'mysterious'] },
  aggressive: { prototype: { valence: -0.6, arousal: 0.85, tension: 0.6 }, signature: ['angry', 'energetic', 'tense'] },
  heroic: { prototype: { valence: 0.55, arousal: 0.8, tension: 0.25 }, signature: ['epic', 'triumphant', 'energetic'] },
  mysterious: { prototype: { valence: -0.1, arousal: -0.35, tension: 0.45 }, signature: ['mysterious', 'solemn'] },
};

/**
 * Where each affect dimension peaks in latent space. Neighbouring anchors (joyful/playful,
 * tense/fearful, sad/lonely) give the realistic positive correlations, distant ones (joyful/sad)
 * the negative ones.
 */
export const DIMENSION_ANCHORS: Record<AffectDimension, Latent> = {
  joyful: { valence: 0.8, arousal: 0.5, tension: -0.4 },
  playful: { valence: 0.6, arousal: 0.7, tension: -0.5 },
  tender: { valence: 0.6, arousal: -0.5, tension: -0.6 },
  romantic: { valence: 0.7, arousal: -0.2, tension: -0.4 },
  peaceful: { valence: 0.5, arousal: -0.8, tension: -0.8 },
  nostalgic: { valence: 0.1, arousal: -0.4, tension: -0.3 },
  sad: { valence: -0.7, arousal: -0.5, tension: -0.1 },
  lonely: { valence: -0.5, arousal: -0.7, tension: 0 },
  tense: { valence: -0.4, arousal: 0.5, tension: 0.8 },
  fearful: { valence: -0.7, arousal: 0.6, tension: 0.9 },
  angry: { valence: -0.8, arousal: 0.8, tension: 0.6 },
  mysterious: { valence: -0.1, arousal: -0.2, tension: 0.5 },
  epic: { valence: 0.3, arousal: 0.8, tension: 0.4 },
  triumphant: { valence: 0.8, arousal: 0.8, tension: 0.1 },
  energetic: { valence: 0.4, arousal: 0.9, tension: 0 },
  solemn: { valence: -0.3, arousal: -0.5, tension: 0.2 },
};

/** Constants of the latent model; documented in docs/synthaffect.md §2 and written to meta.json. */
export const AFFECT_MODEL_PARAMS = {
  /** SD of a scene's latent around its mood prototype, per coordinate. */
  sceneSd: 0.22,
  /** SD of each modality's latent around the scene latent (a soundtrack fits its film, not perfectly). */
  modalitySd: 0.12,
  /** Width of each dimension's Gaussian bump around its anchor. */
  anchorWidth: 0.55,
  /** Peak height of the bump. */
  anchorGain: 0.85,
  /** Added to the mood's signature dimensions. */
  moodBoost: 0.15,
  /** Per-clip, per-dimension idiosyncratic SD (what no latent explains). */
  idiosyncraticSd: 0.04,
} as const;

const clampLatent = (z: Latent): Latent => ({
  valence: clamp(z.valence, -1, 1),
  arousal: clamp(z.arousal, -1, 1),
  tension: clamp(z.tension, -1, 1),
});

/** z_scene = prototype(mood) + N(0, sceneSd²) per coordinate, clamped to [−1, 1]. */
export function sampleSceneLatent(mood: Mood, rng: Rng, sd: number = AFFECT_MODEL_PARAMS.sceneSd): Latent {
  const p = MOOD_DEFINITIONS[mood].prototype;
  return clampLatent({
    valence: rng.normal(p.valence, sd),
    arousal: rng.normal(p.arousal, sd),
    tension: rng.normal(p.tension, sd),
  });
}

/** z_modality = z_scene + N(0, modalitySd²) per coordinate, clamped. */
export function perturbLatent(z: Latent, rng: Rng, sd: number = AFFECT_MODEL_PARAMS.modalitySd): Latent {
  return clampLatent({
    valence: rng.normal(z.valence, sd),
    arousal: rng.normal(z.arousal, sd),
    tension: rng.normal(z.tension, sd),
  });
}

const squaredDistance = (a: Latent, b: Latent): number =>
  (a.valence - b.valence) ** 2 + (a.arousal - b.arousal) ** 2 + (a.tension - b.tension) ** 2;

/**
 * The true 16-d affect of a clip, in AFFECT_DIMENSIONS order, each in [0, 1]:
 * A_d = clamp(g·exp(−‖z − anchor_d‖² / 2w²) + boost·[d ∈ signature(mood)] + N(0, σ_i²), 0, 1).
 * Pass rng = undefined for the noiseless expectation.
 */
export function affectFromLatent(z: Latent, mood: Mood, rng?: Rng): number[] {
  const { anchorWidth, anchorGain, moodBoost, idiosyncraticSd } = AFFECT_MODEL_PARAMS;
  const signature = new Set<AffectDimension>(MOOD_DEFINITIONS[mood].signature);
  return AFFECT_DIMENSIONS.map((dim) => {
    const bump = anchorGain * Math.exp(-squaredDistance(z, DIMENSION_ANCHORS[dim]) / (2 * anchorWidth ** 2));
    const boost = signature.has(dim) ? moodBoost : 0;
    const noise = rng ? rng.normal(0, idiosyncraticSd) : 0;
    return clamp(bump + boost + noise, 0, 1);
  });
}

/** Tempo law shared by music (beats) and video (visual pulse): 60 BPM at arousal −1, 150 at +1. */
export const tempoFromArousal = (arousal: number): number => 60 + 45 * (arousal + 1);

/** Maps [−1, 1] to [0, 1]. */
export const unit = (x: number): number => (clamp(x, -1, 1) + 1) / 2;
