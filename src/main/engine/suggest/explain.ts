import { AFFECT_DIM, AFFECT_DIMENSIONS, type AffectDimension } from '../../../shared/affect';

/**
 * Why a track was suggested for a scene, in the affect vocabulary the editor sees: where the two
 * agree most and where they clash most. Lists can be shorter than their maximum (even empty) when
 * no dimension qualifies; an explanation never names a dimension that is weak on both sides.
 */
export interface Explanation {
  agree: AffectDimension[];
  clash: AffectDimension[];
}

export const MAX_AGREE = 3;
export const MAX_CLASH = 2;
/** A dimension agrees only when both sides carry it at least this much. */
export const AGREE_FLOOR = 0.3;
/** A dimension clashes only when one side carries it at least this much… */
export const CLASH_PRESENT = 0.4;
/** …and the other differs by at least this much. */
export const CLASH_GAP = 0.2;

/**
 * agree: dimensions ranked by min(a, b) − |a − b| (both high and close), among those at
 * AGREE_FLOOR on both sides. clash: dimensions ranked by |a − b|, among those where one side is at
 * CLASH_PRESENT and the gap is at least CLASH_GAP, never one already listed as agreeing.
 */
export function explainMatch(scene: ArrayLike<number>, track: ArrayLike<number>): Explanation {
  if (scene.length !== AFFECT_DIM || track.length !== AFFECT_DIM) {
    throw new Error(`explanation needs two ${AFFECT_DIM}-value affect vectors (got ${scene.length} and ${track.length})`);
  }
  const dims = AFFECT_DIMENSIONS.map((name, i) => ({ name, a: scene[i], b: track[i], gap: Math.abs(scene[i] - track[i]) }));
  const agree = dims
    .filter((d) => Math.min(d.a, d.b) >= AGREE_FLOOR)
    .sort((x, y) => Math.min(y.a, y.b) - y.gap - (Math.min(x.a, x.b) - x.gap))
    .slice(0, MAX_AGREE)
    .map((d) => d.name);
  const clash = dims
    .filter((d) => Math.max(d.a, d.b) >= CLASH_PRESENT && d.gap >= CLASH_GAP && !agree.includes(d.name))
    .sort((x, y) => y.gap - x.gap)
    .slice(0, MAX_CLASH)
    .map((d) => d.name);
  return { agree, clash };
}
