import { libraryMoods, type TrackMood } from '../engine/affect/libraryMood';
import { segmentEncoderSource } from '../engine/encoders/segmentEncoder';
import { defaultConcurrency, workerPoolExecutor } from '../engine/library/analysisExecutor';
import { countSegments, getTrack, listTracks, type TrackDetail, type TrackSummary } from '../engine/db/trackRepository';
import { indexLibrary, type IndexResult } from '../engine/library/libraryIndexer';
import type { JobProgress } from '../engine/jobs/progress';
import { storing, type UsecaseContext } from './context';
import { UsecaseError } from './errors';
import { requireSlots } from './slots';
import { expectString, expectWholeNumber } from './validate';

/** More workers than this only adds ffmpeg processes fighting for the same cores and disk. */
export const MAX_CONCURRENCY = 64;

export interface IndexMusicInput {
  musicDir: unknown;
  /** Files analysed at once; default: one per core, at most 4. */
  concurrency?: unknown;
  /** Try files that failed before again, also those whose failure was the file's content. */
  retryFailed?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/**
 * Indexes a music folder incrementally: the audio embedding slot (if set), the segment encoders
 * (the shipped taggers in `encodersDir`, unless CUEFINDER_SEGMENT_ENCODERS=off) and the worker pool
 * are set up here, once, for the CLI's `index` and the app's library jobs alike.
 */
export async function indexMusic(ctx: UsecaseContext & { workerScript: () => string; encodersDir?: string }, input: IndexMusicInput): Promise<IndexResult> {
  const musicDir = expectString(input.musicDir, 'The music folder');
  const concurrency = input.concurrency === undefined ? defaultConcurrency() : expectWholeNumber(input.concurrency, 'The number of files analysed at once (--concurrency)', 1, MAX_CONCURRENCY);
  const { audio } = await requireSlots();
  let encoders;
  try {
    encoders = ctx.encodersDir === undefined ? undefined : segmentEncoderSource(ctx.encodersDir);
  } catch (err) {
    throw new UsecaseError('invalid-argument', (err as Error).message);
  }
  const executor = workerPoolExecutor(ctx.workerScript(), concurrency, audio, encoders);
  try {
    return await storing(ctx, () => indexLibrary(ctx.db, musicDir, { executor, retryFailed: input.retryFailed === true, signal: input.signal, onProgress: input.onProgress }));
  } finally {
    await executor.close();
  }
}

/** The library's tracks (present ones; with `includeMissing`, also those whose files are gone). */
export function libraryTracks(ctx: UsecaseContext, opts: { includeMissing?: boolean } = {}): TrackSummary[] {
  return listTracks(ctx.db, { includeMissing: opts.includeMissing === true });
}

/** One track by id (digits) or by file path. */
export function findTrack(ctx: UsecaseContext, idOrPath: unknown): TrackDetail {
  const key = expectString(idOrPath, 'The track (an id or a file path)');
  const track = /^\d+$/.test(key) ? getTrack(ctx.db, Number(key)) : getTrack(ctx.db, key);
  if (!track) throw new UsecaseError('not-found', `no track ${key} in the library`);
  return track;
}

/** Each track's mood as the library's affect estimate places it (by track id; computed once per library state). */
export function trackMoods(ctx: UsecaseContext): ReadonlyMap<number, TrackMood> {
  return libraryMoods(ctx.db).tracks;
}

/** True when the library has analysed music to suggest from (at least one indexed segment). */
export function hasIndexedMusic(ctx: UsecaseContext): boolean {
  return countSegments(ctx.db) > 0;
}
