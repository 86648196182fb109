import { AFFECT_DIMENSIONS, type AffectDimension } from '../../shared/affect';

/**
 * Why a track is suggested, in words: the moods of the scene and of the track's chosen section
 * (read from the affect vectors the services return), where they agree and clash, and a one-line
 * reason. Pure functions of the view data; no judgement the model did not make is added, only the
 * gaps between the two vectors are read.
 */

/** A gap between scene and music on one dimension this large is a clash whatever the explanation lists. */
export const CLASH_GAP = 0.3;
/** Below this a dimension is too weak to name as a mood. */
const NAMED_STRENGTH = 0.2;

/** High- and low-arousal dimensions: their balance says how driving a scene or a section is. */
const HIGH_AROUSAL: readonly AffectDimension[] = ['energetic', 'tense', 'angry', 'epic', 'triumphant', 'playful', 'fearful', 'joyful'];
const LOW_AROUSAL: readonly AffectDimension[] = ['peaceful', 'tender', 'sad', 'lonely', 'solemn', 'nostalgic', 'romantic'];
const PACE_GAP = 0.1;

const valid = (v: readonly number[]): boolean => v.length === AFFECT_DIMENSIONS.length;
const at = (v: readonly number[], d: AffectDimension): number => v[AFFECT_DIMENSIONS.indexOf(d)];

/** The strongest moods of a vector, strongest first (at most `n`); empty for an empty vector. */
export function feels(affect: readonly number[], n = 3): AffectDimension[] {
  if (!valid(affect)) return [];
  return AFFECT_DIMENSIONS.map((d, i) => [d, affect[i]] as const)
    .filter(([, v]) => v >= NAMED_STRENGTH)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([d]) => d);
}

/** How one dimension reads: a clash when listed as one or when the gap is large, agreement when listed so, else neutral. */
export function affectTone(dim: AffectDimension, scene: number, track: number, agree: readonly string[], clash: readonly string[]): 'agree' | 'clash' | 'neutral' {
  if (clash.includes(dim) || Math.abs(scene - track) >= CLASH_GAP) return 'clash';
  if (agree.includes(dim)) return 'agree';
  return 'neutral';
}

function arousal(v: readonly number[]): number {
  const mean = (dims: readonly AffectDimension[]): number => dims.reduce((s, d) => s + at(v, d), 0) / dims.length;
  return mean(HIGH_AROUSAL) - mean(LOW_AROUSAL);
}

const andList = (words: readonly string[]): string => (words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);

/**
 * One line: what the section shares with the scene, whether it is calmer or more driving, and its
 * largest clash ("calm and tender like the scene; calmer than its pace; but more sad").
 */
export function reason(scene: readonly number[], track: readonly number[], agree: readonly string[], clash: readonly string[]): string {
  if (!valid(scene) || !valid(track)) return agree.length ? `${andList(agree.slice(0, 2))} like the scene` : '';
  const shared = AFFECT_DIMENSIONS.filter((d) => agree.includes(d) && Math.abs(at(scene, d) - at(track, d)) < CLASH_GAP)
    .sort((a, b) => at(scene, b) - at(scene, a))
    .slice(0, 2);
  const parts = [shared.length ? `${andList(shared)} like the scene` : 'no strong mood shared with the scene'];
  const pace = arousal(track) - arousal(scene);
  parts.push(pace < -PACE_GAP ? 'calmer than its pace' : pace > PACE_GAP ? 'more driving than its pace' : 'at its pace');
  const worst = AFFECT_DIMENSIONS.map((d) => ({ d, gap: at(track, d) - at(scene, d) }))
    .filter(({ d, gap }) => clash.includes(d) || Math.abs(gap) >= CLASH_GAP)
    .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap))[0];
  if (worst) parts.push(worst.gap > 0 ? `but more ${worst.d}` : `but less ${worst.d} than the scene`);
  return parts.join('; ');
}
