import { AFFECT_DIM, type AffectDimension, targetToScore } from '../../../shared/affect';
import { explainMatch } from './explain';
import { chooseSection, type SnapGrid } from './sectionChooser';
import { retrieveCandidates, segmentRowAt, type SegmentEntry, type SuggestionLibrary } from './suggestionLibrary';

/**
 * Per-scene music suggestions for a project: stage one retrieves candidate segments from the
 * index, stage two scores them with the injected scorer (AFCLNet in production), then one section
 * per track is placed on the beat grid, a cue may carry over from the previous scene, tracks
 * already used as a top pick are penalised, and each suggestion is explained in affect terms.
 * docs/suggest.md states every rule and threshold.
 */

export interface SceneQuery {
  sceneId: number;
  startSec: number;
  endSec: number;
  /** retrievalVector(video projection, predicted video affect): same space as the index rows. */
  retrievalVector: Float32Array;
  /** Predicted video affect, 16 values in AFFECT_DIMENSIONS order. */
  affect: ArrayLike<number>;
}

/** Scores a scene against candidate segments: one y ∈ [0, 1] per candidate, in candidate order. */
export type PairScorer = (scene: SceneQuery, candidates: SegmentEntry[]) => Promise<ArrayLike<number>> | ArrayLike<number>;

export interface Suggestion {
  trackId: number;
  /** The segment the section starts in (the best-scoring one of the track, or the one a continuation resumes in). */
  segmentId: number;
  /** The scorer's verdict on the paper's 1–5 scale (1 + 4y). */
  score: number;
  /** score plus the continuity bonus, minus the repeat penalty: the order of the list. */
  rankScore: number;
  inSec: number;
  outSec: number;
  /** The rhythm grid inSec sits on ('none' for continuations: they resume where the previous scene stopped). */
  grid: SnapGrid;
  continuesFromPrevious: boolean;
  agree: AffectDimension[];
  clash: AffectDimension[];
}

export interface SuggestOptions {
  /** Suggestions per scene. */
  top?: number;
  /** Segments scored per scene (stage two cost). */
  candidates?: number;
  /** Most segments of one track among the candidates. */
  perTrack?: number;
  nprobe?: number;
  /** Let the previous scene's top track continue across the cut. */
  continuity?: boolean;
  /** On the 1–5 scale: a continuation is offered when within this of the scene's best, and then outranks it. */
  continuityMargin?: number;
  /** Correlation of two scenes' affect profiles from which they count as one mood. */
  moodSimilarity?: number;
  /** On the 1–5 scale: subtracted from tracks that were already the top pick of an earlier scene. */
  repeatPenalty?: number;
  /** Tracks never to suggest for a scene (e.g. the editor rejected them there); they cannot carry over either. */
  excludeTrack?: (sceneId: number, trackId: number) => boolean;
  onProgress?: (scenesDone: number, scenesTotal: number) => void;
  signal?: AbortSignal;
}

export const SUGGEST_DEFAULTS: Required<Omit<SuggestOptions, 'nprobe' | 'excludeTrack' | 'onProgress' | 'signal'>> = {
  top: 5,
  candidates: 200,
  perTrack: 3,
  continuity: true,
  continuityMargin: 0.25,
  moodSimilarity: 0.8,
  repeatPenalty: 0.3,
};

/** Seconds of track a continuation may be short by (float noise in stored positions). */
const TIME_EPSILON = 1e-6;
/** Scorer outputs this far outside [0, 1] are clipped as rounding; beyond it they are an error. */
const Y_TOLERANCE = 1e-4;

interface Ranked {
  row: number;
  score: number;
  rankScore: number;
  continues: boolean;
}

/** Longest stretch of scoring between two turns of the event loop. */
const YIELD_EVERY_MS = 50;

/** Suggestions for each scene, scenes in timeline order (continuity links each scene to the one before it). */
export async function suggestForProject(
  scenes: SceneQuery[],
  library: SuggestionLibrary,
  scorer: PairScorer,
  opts: SuggestOptions = {},
): Promise<Suggestion[][]> {
  const o = { ...SUGGEST_DEFAULTS, ...opts };
  const usedAsTop = new Set<number>();
  let previousTop: Suggestion | undefined;
  const out: Suggestion[][] = [];
  // The first scene yields too: a signal that came during the synchronous set-up (embeddings, index) is seen before scoring.
  let lastYield = Number.NEGATIVE_INFINITY;
  for (const [i, scene] of scenes.entries()) {
    // Scoring is synchronous: give the event loop a turn now and then, or a Ctrl-C (or the app's
    // cancel) is not seen until every scene is scored.
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    o.signal?.throwIfAborted();
    checkScene(scene, library.index.dims);
    const sceneSec = scene.endSec - scene.startSec;
    const rows = retrieveCandidates(library, scene.retrievalVector, o).rows.filter(
      (r) => !o.excludeTrack?.(scene.sceneId, library.segments[r].trackId),
    );

    const carryRow =
      o.continuity &&
      previousTop &&
      !o.excludeTrack?.(scene.sceneId, previousTop.trackId) &&
      moodsAgree(scenes[i - 1].affect, scene.affect, o.moodSimilarity)
        ? continuationRow(library, previousTop, sceneSec)
        : -1;
    if (carryRow >= 0 && !rows.includes(carryRow)) rows.push(carryRow);

    const candidates = rows.map((r) => library.segments[r]);
    const scores = checkScores(await scorer(scene, candidates), candidates, scene).map(targetToScore);
    const ranked = rank(rows, scores, carryRow, library, usedAsTop, o);
    const suggestions = ranked.slice(0, o.top).map((r) => toSuggestion(r, scene, sceneSec, previousTop, library));
    out.push(suggestions);

    previousTop = suggestions[0];
    if (previousTop && !previousTop.continuesFromPrevious) usedAsTop.add(previousTop.trackId);
    o.onProgress?.(i + 1, scenes.length);
  }
  return out;
}

/**
 * One entry per track: its best-scoring segment (repeat-penalised if the track already topped an
 * earlier scene), or, for the carried track when its continuation scores within the margin of the
 * scene's best, the continuation (with a bonus equal to the margin, so it ranks first).
 */
function rank(
  rows: number[],
  scores: number[],
  carryRow: number,
  library: SuggestionLibrary,
  usedAsTop: ReadonlySet<number>,
  o: Pick<typeof SUGGEST_DEFAULTS, 'continuityMargin' | 'repeatPenalty'>,
): Ranked[] {
  const best = Math.max(...scores);
  const carryAt = rows.indexOf(carryRow);
  const carried = carryRow >= 0 && scores[carryAt] >= best - o.continuityMargin;
  const carriedTrack = carried ? library.segments[carryRow].trackId : undefined;

  const bestOfTrack = new Map<number, number>();
  rows.forEach((row, k) => {
    const trackId = library.segments[row].trackId;
    const held = bestOfTrack.get(trackId);
    if (held === undefined || scores[k] > scores[held]) bestOfTrack.set(trackId, k);
  });
  const ranked: Ranked[] = [];
  for (const [trackId, k] of bestOfTrack) {
    if (trackId === carriedTrack) continue;
    const penalty = usedAsTop.has(trackId) ? o.repeatPenalty : 0;
    ranked.push({ row: rows[k], score: scores[k], rankScore: scores[k] - penalty, continues: false });
  }
  if (carried) ranked.push({ row: carryRow, score: scores[carryAt], rankScore: scores[carryAt] + o.continuityMargin, continues: true });
  return ranked.sort(
    (a, b) =>
      b.rankScore - a.rankScore ||
      Number(b.continues) - Number(a.continues) ||
      b.score - a.score ||
      library.segments[a.row].trackId - library.segments[b.row].trackId,
  );
}

function toSuggestion(r: Ranked, scene: SceneQuery, sceneSec: number, previousTop: Suggestion | undefined, library: SuggestionLibrary): Suggestion {
  const segment = library.segments[r.row];
  const section =
    r.continues && previousTop
      ? { inSec: previousTop.outSec, outSec: previousTop.outSec + sceneSec, grid: 'none' as const }
      : chooseSection(library.tracks.get(segment.trackId)!, segment.startSec, sceneSec);
  return {
    trackId: segment.trackId,
    segmentId: segment.segmentId,
    score: r.score,
    rankScore: r.rankScore,
    ...section,
    continuesFromPrevious: r.continues,
    ...explainMatch(scene.affect, library.trackAffect(segment.trackId, segment.segmentId)),
  };
}

/** The segment where the previous top track would resume, when the track has a whole scene left after it; else −1. */
function continuationRow(library: SuggestionLibrary, previousTop: Suggestion, sceneSec: number): number {
  const timing = library.tracks.get(previousTop.trackId)!;
  if (timing.durationSec - previousTop.outSec < sceneSec - TIME_EPSILON) return -1;
  return segmentRowAt(library, previousTop.trackId, previousTop.outSec);
}

/** Pearson correlation of two affect profiles (cosine after removing each vector's mean) at or above the threshold. */
export function moodsAgree(a: ArrayLike<number>, b: ArrayLike<number>, threshold: number): boolean {
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < AFFECT_DIM; i++) {
    meanA += a[i] / AFFECT_DIM;
    meanB += b[i] / AFFECT_DIM;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < AFFECT_DIM; i++) {
    ab += (a[i] - meanA) * (b[i] - meanB);
    aa += (a[i] - meanA) ** 2;
    bb += (b[i] - meanB) ** 2;
  }
  return aa > 0 && bb > 0 && ab / Math.sqrt(aa * bb) >= threshold;
}

function checkScene(scene: SceneQuery, dims: number): void {
  const name = `scene ${scene.sceneId}`;
  if (!(scene.endSec > scene.startSec)) throw new Error(`${name}: end ${scene.endSec} s is not after start ${scene.startSec} s`);
  if (scene.retrievalVector.length !== dims) {
    throw new Error(`${name}: retrieval vector has ${scene.retrievalVector.length} values, the library index has ${dims}`);
  }
  if (scene.affect.length !== AFFECT_DIM) throw new Error(`${name}: affect has ${scene.affect.length} values, expected ${AFFECT_DIM}`);
  for (let i = 0; i < AFFECT_DIM; i++) {
    if (!Number.isFinite(scene.affect[i])) throw new Error(`${name}: affect value ${i} is not a finite number`);
  }
}

function checkScores(y: ArrayLike<number>, candidates: SegmentEntry[], scene: SceneQuery): number[] {
  if (y.length !== candidates.length) {
    throw new Error(`scene ${scene.sceneId}: the scorer returned ${y.length} scores for ${candidates.length} candidates`);
  }
  return Array.from(y, (v, k) => {
    if (!(v >= -Y_TOLERANCE && v <= 1 + Y_TOLERANCE)) {
      throw new Error(`scene ${scene.sceneId}: the scorer returned ${v} for segment ${candidates[k].segmentId}; scores must lie in [0, 1]`);
    }
    return Math.min(1, Math.max(0, v));
  });
}
