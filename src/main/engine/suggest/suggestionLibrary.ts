import type { RetrievalIndex } from './retrievalIndex';
import type { TrackTiming } from './sectionChooser';

/** One analysed audio segment of a library track; segments[i] is row i of the retrieval index. */
export interface SegmentEntry {
  segmentId: number;
  trackId: number;
  startSec: number;
  endSec: number;
}

export interface SuggestionLibraryInput {
  segments: SegmentEntry[];
  index: RetrievalIndex;
  tracks: Map<number, TrackTiming>;
  /** Predicted music affect (16 values) of a segment, for explanations; called only for shown suggestions. */
  trackAffect: (trackId: number, segmentId: number) => ArrayLike<number>;
}

/** The library as the engine reads it: validated once, with each track's segment rows in time order. */
export interface SuggestionLibrary extends SuggestionLibraryInput {
  readonly trackRows: ReadonlyMap<number, Int32Array>;
}

/** Checks that segments, index and timings describe one library; O(N), done once per library state, not per query. */
export function createSuggestionLibrary(input: SuggestionLibraryInput): SuggestionLibrary {
  const { segments, index, tracks } = input;
  if (segments.length !== index.size) {
    throw new Error(`suggestion library: ${segments.length} segments but the retrieval index holds ${index.size} rows`);
  }
  const rowsByTrack = new Map<number, number[]>();
  segments.forEach((s, row) => {
    if (!(s.endSec > s.startSec) || !Number.isFinite(s.startSec) || !Number.isFinite(s.endSec)) {
      throw new Error(`suggestion library: segment ${s.segmentId} has an empty or invalid span ${s.startSec}–${s.endSec} s`);
    }
    if (!tracks.has(s.trackId)) throw new Error(`suggestion library: segment ${s.segmentId} belongs to track ${s.trackId}, which has no timing`);
    const rows = rowsByTrack.get(s.trackId);
    if (rows) rows.push(row);
    else rowsByTrack.set(s.trackId, [row]);
  });
  const trackRows = new Map<number, Int32Array>();
  for (const [trackId, rows] of rowsByTrack) {
    trackRows.set(trackId, Int32Array.from(rows.sort((a, b) => segments[a].startSec - segments[b].startSec)));
  }
  return { ...input, trackRows };
}

/** The row of the track's segment that is playing at `sec` (the last one starting at or before it), or −1. */
export function segmentRowAt(library: SuggestionLibrary, trackId: number, sec: number): number {
  const rows = library.trackRows.get(trackId);
  if (!rows) return -1;
  let found = -1;
  let left = 0;
  let right = rows.length - 1;
  while (left <= right) {
    const mid = (left + right) >> 1;
    if (library.segments[rows[mid]].startSec <= sec) {
      found = rows[mid];
      left = mid + 1;
    } else {
      right = mid - 1;
    }
  }
  return found;
}

export interface FirstStageOptions {
  /** Segments handed to the scorer. */
  candidates: number;
  /** At most this many segments of one track, so the candidates cover many tracks. */
  perTrack: number;
  nprobe?: number;
}

/** The index is asked for this many times `candidates` hits, since the per-track cap discards some. */
export const FETCH_FACTOR = 3;

/** Stage one: the best candidate rows for a scene's retrieval vector, best first, capped per track. */
export function retrieveCandidates(
  library: SuggestionLibrary,
  query: Float32Array,
  opts: FirstStageOptions,
): { rows: number[]; evaluations: number } {
  const hits = library.index.search(query, opts.candidates * FETCH_FACTOR, { nprobe: opts.nprobe });
  const perTrack = new Map<number, number>();
  const rows: number[] = [];
  for (const row of hits.ids) {
    if (rows.length >= opts.candidates) break;
    const trackId = library.segments[row].trackId;
    const taken = perTrack.get(trackId) ?? 0;
    if (taken >= opts.perTrack) continue;
    perTrack.set(trackId, taken + 1);
    rows.push(row);
  }
  return { rows, evaluations: hits.evaluations };
}
