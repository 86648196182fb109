/**
 * The 16 perceptual affect dimensions shared by music and video. Each is an intensity in [0, 1].
 * The fused affect of a music–video pair is the element-wise mean of the two vectors.
 * Order matters: vectors are stored and fed to the model in this order.
 */
export const AFFECT_DIMENSIONS = [
  'joyful',
  'playful',
  'tender',
  'romantic',
  'peaceful',
  'nostalgic',
  'sad',
  'lonely',
  'tense',
  'fearful',
  'angry',
  'mysterious',
  'epic',
  'triumphant',
  'energetic',
  'solemn',
] as const;

export type AffectDimension = (typeof AFFECT_DIMENSIONS)[number];
export const AFFECT_DIM = AFFECT_DIMENSIONS.length;

/** A 16-vector in AFFECT_DIMENSIONS order. */
export type AffectVector = readonly number[];

export function affectRecord(vector: AffectVector): Record<AffectDimension, number> {
  const out = {} as Record<AffectDimension, number>;
  AFFECT_DIMENSIONS.forEach((dim, i) => {
    out[dim] = vector[i];
  });
  return out;
}

/** The paper's 1–5 matching scale (Table 1). Matched means a score of at least 3. */
export const MATCH_SCALE = {
  1: 'clashing',
  2: 'mostly mismatched',
  3: 'acceptable',
  4: 'good',
  5: 'perfect',
} as const;
export const MATCHED_THRESHOLD = 3;

/** Models train and report on y = (s − 1) / 4 ∈ [0, 1]. */
export const scoreToTarget = (score: number): number => (score - 1) / 4;
export const targetToScore = (y: number): number => 1 + 4 * y;
