/**
 * Editing a track's section: snapping to the bars found at indexing, and moving a whole section by
 * bars. Pure functions (unit-tested).
 */

/** The bar nearest to `sec`, or `sec` itself when the track has no bars. */
export function snapToBar(sec: number, bars: readonly number[]): number {
  let best = sec;
  let bestGap = Infinity;
  for (const b of bars) {
    const gap = Math.abs(b - sec);
    if (gap < bestGap) {
      best = b;
      bestGap = gap;
    }
  }
  return best;
}

/**
 * The section an edge drag asks for: each edge snapped to its nearest bar when `snap` is on, never
 * shorter than one bar (or half a second without bars), inside the track.
 */
export function draggedSection(inSec: number, outSec: number, bars: readonly number[], durationSec: number, snap: boolean): { inSec: number; outSec: number } {
  let a = Math.max(0, Math.min(inSec, durationSec));
  let b = Math.max(0, Math.min(outSec, durationSec));
  if (snap && bars.length > 1) {
    a = snapToBar(a, bars);
    b = snapToBar(b, bars);
    if (b <= a) b = bars.find((x) => x > a) ?? durationSec;
  } else if (b - a < 0.5) b = Math.min(durationSec, a + 0.5);
  return { inSec: round(a), outSec: round(b) };
}

/** The same section moved by `step` bars (its length kept), stopping at the track's ends. */
export function shiftedSection(inSec: number, outSec: number, bars: readonly number[], durationSec: number, step: number): { inSec: number; outSec: number } {
  const length = outSec - inSec;
  let at: number;
  if (bars.length > 1) {
    const i = bars.indexOf(snapToBar(inSec, bars));
    at = bars[Math.max(0, Math.min(bars.length - 1, i + step))];
  } else at = inSec + step * 2;
  at = Math.max(0, Math.min(at, durationSec - length));
  return { inSec: round(at), outSec: round(at + length) };
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
