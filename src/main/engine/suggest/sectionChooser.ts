/**
 * Where in a track a scene's music starts and ends. The in-point sits near the best-matching
 * segment and lands on the rhythm grid the analysis trusts: bars when the tempo is confident, beats
 * when it is moderate, nowhere (the segment start) when there is no steady pulse. The section spans
 * the scene: out − in = scene length, unless the track is shorter than the scene.
 */

export interface TrackTiming {
  trackId: number;
  durationSec: number;
  bpm: number;
  /** Tempo confidence in [0, 1] from the audio analysis (normalised autocorrelation at the beat period). */
  tempoConfidence: number;
  /** Seconds, ascending. */
  beats: Float32Array | number[];
  /** Seconds, ascending. */
  downbeats: Float32Array | number[];
}

/** From here in-points land on downbeats. Matches the analyser's SEGMENT_SNAP_CONFIDENCE, so segments and sections share one grid. */
export const BAR_SNAP_CONFIDENCE = 0.5;
/** From here (below BAR_SNAP_CONFIDENCE) in-points land on beats: a pulse is there, bar phase is less sure. */
export const BEAT_SNAP_CONFIDENCE = 0.3;

export type SnapGrid = 'downbeat' | 'beat' | 'none';

export interface Section {
  inSec: number;
  /** inSec + scene length; less than that only when the whole track is shorter than the scene. */
  outSec: number;
  /** The grid inSec landed on. */
  grid: SnapGrid;
}

/**
 * The section for a scene of `sceneSec` seconds whose best-matching segment starts at `anchorSec`.
 * The in-point is the grid point nearest the anchor among those that leave room for the whole scene
 * before the track ends; with no such grid point (or no trusted grid) it is the anchor itself,
 * moved back just enough to fit.
 */
export function chooseSection(timing: TrackTiming, anchorSec: number, sceneSec: number): Section {
  if (!(sceneSec > 0)) throw new Error(`track ${timing.trackId}: scene length must be positive (got ${sceneSec})`);
  if (!(timing.durationSec > 0)) throw new Error(`track ${timing.trackId}: duration must be positive (got ${timing.durationSec})`);
  if (timing.durationSec <= sceneSec) return { inSec: 0, outSec: timing.durationSec, grid: 'none' };

  const latestIn = timing.durationSec - sceneSec;
  const anchor = Math.min(Math.max(anchorSec, 0), latestIn);
  const grid = trustedGrid(timing);
  const snapped = grid && nearestWithin(grid.times, anchor, 0, latestIn);
  if (grid && snapped !== undefined) return { inSec: snapped, outSec: snapped + sceneSec, grid: grid.kind };
  return { inSec: anchor, outSec: anchor + sceneSec, grid: 'none' };
}

function trustedGrid(timing: TrackTiming): { kind: SnapGrid; times: ArrayLike<number> } | undefined {
  if (timing.tempoConfidence >= BAR_SNAP_CONFIDENCE && timing.downbeats.length > 0) return { kind: 'downbeat', times: timing.downbeats };
  if (timing.tempoConfidence >= BEAT_SNAP_CONFIDENCE && timing.beats.length > 0) return { kind: 'beat', times: timing.beats };
  return undefined;
}

/** The value of ascending `times` in [lo, hi] nearest to `target` (lo ≤ target ≤ hi), by binary search. */
function nearestWithin(times: ArrayLike<number>, target: number, lo: number, hi: number): number | undefined {
  let left = 0;
  let right = times.length;
  while (left < right) {
    const mid = (left + right) >> 1;
    if (times[mid] < target) left = mid + 1;
    else right = mid;
  }
  const after = left < times.length && times[left] <= hi ? times[left] : undefined;
  const before = left > 0 && times[left - 1] >= lo ? times[left - 1] : undefined;
  if (after === undefined) return before;
  if (before === undefined) return after;
  return target - before <= after - target ? before : after;
}
