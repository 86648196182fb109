import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFFECT_DIM } from '../src/shared/affect';
import { matrix, type Matrix } from '../src/main/engine/model/matrix';
import { RetrievalIndex } from '../src/main/engine/suggest/retrievalIndex';
import { retrievalVector } from '../src/main/engine/suggest/retrievalVector';
import type { TrackTiming } from '../src/main/engine/suggest/sectionChooser';
import { seededRandom } from '../src/main/engine/model/rng';
import { suggestForProject, type PairScorer, type SceneQuery } from '../src/main/engine/suggest/suggestEngine';
import {
  createSuggestionLibrary,
  retrieveCandidates,
  type SegmentEntry,
  type SuggestionLibrary,
} from '../src/main/engine/suggest/suggestionLibrary';

/**
 * `npm run bench -- suggest`: per-scene latency and memory of the suggestion engine at growing
 * library sizes, on synthetic clustered rows (moods → tracks of ~40 segments → segments), stage
 * one alone and end to end with a scorer.
 */

export const PROJECTION_DIM = 80;
const SEGMENTS_PER_TRACK = 40;
const SEGMENT_SEC = 5;
const MOODS = 32;
const RECALL_K = 50;
const FIRST_STAGE = { candidates: 200, perTrack: 3 };

export interface SyntheticLibrary {
  /** N × 80 audio-side DCCA projections. */
  projections: Matrix;
  /** N × 16 predicted music affect. */
  affects: Matrix;
  /** N × 96 retrieval vectors built from the two. */
  vectors: Matrix;
  segments: SegmentEntry[];
  tracks: Map<number, TrackTiming>;
  moods: { projection: Float32Array; affect: Float32Array }[];
}

export interface SyntheticScene extends SceneQuery {
  projection: Float32Array;
}

/** Makes the scorer that end-to-end timing uses, given the synthetic rows (AFCLNet needs their features). */
export type ScorerFactory = (library: SyntheticLibrary) => PairScorer;

export interface SuggestBenchOptions {
  workDir: string;
  scorer?: ScorerFactory;
  /** Library sizes in segments, ascending; default 1k, 10k, 100k. */
  sizes?: number[];
  /** Scenes timed per size; default 50. */
  queries?: number;
  seed?: number;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function jitter(centre: ArrayLike<number>, spread: number, random: () => number, clamp01 = false): Float32Array {
  const out = new Float32Array(centre.length);
  for (let i = 0; i < out.length; i++) {
    const v = centre[i] + spread * gaussian(random);
    out[i] = clamp01 ? Math.min(1, Math.max(0, v)) : v;
  }
  return out;
}

/** A clustered library of `size` segments: each track belongs to one of MOODS moods, each segment varies around its track. */
export function syntheticLibrary(size: number, seed = 7): SyntheticLibrary {
  const random = seededRandom(seed);
  const moods = Array.from({ length: MOODS }, () => ({
    projection: jitter(new Float32Array(PROJECTION_DIM), 1, random),
    affect: Float32Array.from({ length: AFFECT_DIM }, () => 0.05 + 0.9 * random()),
  }));
  const projections = matrix(size, PROJECTION_DIM);
  const affects = matrix(size, AFFECT_DIM);
  const segments: SegmentEntry[] = [];
  const tracks = new Map<number, TrackTiming>();
  for (let trackId = 1; segments.length < size; trackId++) {
    const mood = moods[Math.floor(random() * MOODS)];
    const trackProjection = jitter(mood.projection, 0.7, random);
    const trackAffect = jitter(mood.affect, 0.1, random, true);
    const count = Math.min(size - segments.length, SEGMENTS_PER_TRACK);
    const bpm = 80 + 80 * random();
    const beatSec = 60 / bpm;
    const durationSec = count * SEGMENT_SEC;
    const beats = Float32Array.from({ length: Math.floor(durationSec / beatSec) }, (_, b) => b * beatSec);
    tracks.set(trackId, {
      trackId,
      durationSec,
      bpm,
      tempoConfidence: random(),
      beats,
      downbeats: beats.filter((_, b) => b % 4 === 0),
    });
    for (let s = 0; s < count; s++) {
      const row = segments.length;
      projections.data.set(jitter(trackProjection, 0.5, random), row * PROJECTION_DIM);
      affects.data.set(jitter(trackAffect, 0.05, random, true), row * AFFECT_DIM);
      segments.push({ segmentId: row + 1, trackId, startSec: s * SEGMENT_SEC, endSec: (s + 1) * SEGMENT_SEC });
    }
  }
  const vectors = matrix(size, PROJECTION_DIM + AFFECT_DIM);
  for (let row = 0; row < size; row++) {
    const v = retrievalVector(
      projections.data.subarray(row * PROJECTION_DIM, (row + 1) * PROJECTION_DIM),
      affects.data.subarray(row * AFFECT_DIM, (row + 1) * AFFECT_DIM),
    );
    vectors.data.set(v, row * vectors.cols);
  }
  return { projections, affects, vectors, segments, tracks, moods };
}

/** A timeline of scenes 3–20 s long; each keeps the previous scene's mood half the time, so continuity has work to do. */
export function syntheticScenes(library: SyntheticLibrary, count: number, seed = 11): SyntheticScene[] {
  const random = seededRandom(seed);
  const scenes: SyntheticScene[] = [];
  let mood = library.moods[0];
  let startSec = 0;
  for (let sceneId = 1; sceneId <= count; sceneId++) {
    if (sceneId === 1 || random() < 0.5) mood = library.moods[Math.floor(random() * library.moods.length)];
    const projection = jitter(mood.projection, 0.7, random);
    const affect = jitter(mood.affect, 0.1, random, true);
    const endSec = startSec + 3 + 17 * random();
    scenes.push({ sceneId, startSec, endSec, projection, affect, retrievalVector: retrievalVector(projection, affect) });
    startSec = endSec;
  }
  return scenes;
}

const STAND_IN_HIDDEN = 64;

/**
 * Not AFCLNet: a cheap stand-in of similar shape for timing. Per candidate, one dense layer
 * (192 → 64, ReLU) over the scene and segment retrieval vectors and a sigmoid readout, mixed with
 * their inner product so better-retrieved segments tend to score higher.
 */
export const standInScorer: ScorerFactory = (library) => {
  const random = seededRandom(3);
  const dims = library.vectors.cols;
  const w1 = Float32Array.from({ length: STAND_IN_HIDDEN * 2 * dims }, () => gaussian(random) / Math.sqrt(2 * dims));
  const w2 = Float32Array.from({ length: STAND_IN_HIDDEN }, () => gaussian(random) / Math.sqrt(STAND_IN_HIDDEN));
  return (scene, candidates) =>
    Float32Array.from(candidates, (c) => {
      const row = library.vectors.data.subarray((c.segmentId - 1) * dims, c.segmentId * dims);
      let readout = 0;
      for (let h = 0; h < STAND_IN_HIDDEN; h++) {
        let z = 0;
        const base = h * 2 * dims;
        for (let j = 0; j < dims; j++) z += w1[base + j] * scene.retrievalVector[j] + w1[base + dims + j] * row[j];
        if (z > 0) readout += w2[h] * z;
      }
      let similarity = 0;
      for (let j = 0; j < dims; j++) similarity += scene.retrievalVector[j] * row[j];
      return 1 / (1 + Math.exp(-(3 * similarity + 0.3 * readout)));
    });
};

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const ms = (x: number): number => Math.round(x * 1000) / 1000;
const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

function latencies(values: number[]): { medianMs: number; p95Ms: number } {
  return { medianMs: ms(quantile(values, 0.5)), p95Ms: ms(quantile(values, 0.95)) };
}

async function timeEach<T>(items: T[], run: (item: T) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await run(item);
    out.push(performance.now() - started);
  }
  return out;
}

function memory(): Record<string, number> {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return {
    peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    arrayBuffersMb: mb(m.arrayBuffers),
  };
}

async function benchSize(size: number, queries: number, workDir: string, makeScorer: ScorerFactory, seed: number) {
  const data = syntheticLibrary(size, seed);
  const scenes = syntheticScenes(data, queries, seed + 1);

  let started = performance.now();
  const built = RetrievalIndex.build(data.vectors);
  const buildMs = performance.now() - started;
  const file = join(workDir, `suggest-index-${size}.bin`);
  writeFileSync(file, built.toBuffer());
  started = performance.now();
  const index = RetrievalIndex.fromBuffer(readFileSync(file), file);
  const loadMs = performance.now() - started;
  started = performance.now();
  const library: SuggestionLibrary = createSuggestionLibrary({
    segments: data.segments,
    index,
    tracks: data.tracks,
    trackAffect: (_trackId, segmentId) => data.affects.data.subarray((segmentId - 1) * AFFECT_DIM, segmentId * AFFECT_DIM),
  });
  const prepareMs = performance.now() - started;
  const scorer = makeScorer(data);

  // Warm the JIT on a few scenes so the first timed query does not pay for compilation.
  for (const scene of scenes.slice(0, 5)) await suggestForProject([scene], library, scorer);

  const evaluations: number[] = [];
  const firstStage = await timeEach(scenes, (s) => evaluations.push(retrieveCandidates(library, s.retrievalVector, FIRST_STAGE).evaluations));
  const exactScan = await timeEach(scenes, (s) => index.searchExact(s.retrievalVector, FIRST_STAGE.candidates * 3));
  const endToEnd = await timeEach(scenes, (s) => suggestForProject([s], library, scorer));
  started = performance.now();
  const project = await suggestForProject(scenes, library, scorer);
  const projectMs = performance.now() - started;

  const recall = recallAt50(index, scenes.map((s) => s.retrievalVector));
  const memoryAfter = memory();
  const unclustered = unclusteredRecall(size, queries, seed);
  return {
    segments: size,
    tracks: data.tracks.size,
    lists: index.lists,
    nprobe: index.defaultNprobe,
    indexBuildMs: ms(buildMs),
    indexBytes: index.byteLength,
    indexLoadMs: ms(loadMs),
    libraryPrepareMs: ms(prepareMs),
    firstStage: { ...latencies(firstStage), evaluationsPerQuery: Math.round(evaluations.reduce((a, b) => a + b, 0) / evaluations.length) },
    exactScanForComparison: latencies(exactScan),
    endToEnd: latencies(endToEnd),
    projectPerSceneMs: ms(projectMs / scenes.length),
    continuedScenes: project.filter((s) => s[0]?.continuesFromPrevious).length,
    distinctTopTracks: new Set(project.map((s) => s[0]?.trackId)).size,
    recallAt50: recall,
    recallAt50Unclustered: unclustered,
    memory: memoryAfter,
  };
}

function recallAt50(index: RetrievalIndex, queries: Float32Array[]): number {
  const perQuery = queries.map((q) => {
    const exact = new Set(index.searchExact(q, RECALL_K).ids);
    return index.search(q, RECALL_K).ids.filter((id) => exact.has(id)).length / RECALL_K;
  });
  return Math.round((perQuery.reduce((a, b) => a + b, 0) / perQuery.length) * 1000) / 1000;
}

/** Recall on structureless rows (Gaussian directions): the worst case for an IVF index, a floor for real libraries. */
function unclusteredRecall(size: number, queries: number, seed: number): number {
  const random = seededRandom(seed + 99);
  const dims = PROJECTION_DIM + AFFECT_DIM;
  const rows = matrix(size, dims);
  for (let i = 0; i < rows.data.length; i++) rows.data[i] = gaussian(random);
  const index = RetrievalIndex.build(rows);
  return recallAt50(index, Array.from({ length: queries }, () => jitter(new Float32Array(dims), 1, random)));
}

type SizeResult = Awaited<ReturnType<typeof benchSize>>;

/** log(cost ratio) / log(size ratio) between consecutive sizes: 1 is linear, 0.5 is √N. */
function growth(results: SizeResult[], cost: (r: SizeResult) => number): { from: number; to: number; exponent: number }[] {
  return results.slice(1).map((r, i) => ({
    from: results[i].segments,
    to: r.segments,
    exponent: Math.round((Math.log(cost(r) / cost(results[i])) / Math.log(r.segments / results[i].segments)) * 100) / 100,
  }));
}

export async function runSuggestBench(opts: SuggestBenchOptions): Promise<Record<string, unknown>> {
  const sizes = opts.sizes ?? [1_000, 10_000, 100_000];
  const queries = opts.queries ?? 50;
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await benchSize(size, queries, opts.workDir, opts.scorer ?? standInScorer, opts.seed ?? 7));
  const largest = results[results.length - 1];
  const firstStageGrowth = growth(results, (r) => r.firstStage.medianMs);
  const evaluationGrowth = growth(results, (r) => r.firstStage.evaluationsPerQuery);
  return {
    scorer: opts.scorer
      ? 'injected by the caller'
      : 'stand-in (not AFCLNet): per candidate one dense 192→64 ReLU layer + sigmoid readout mixed with the retrieval inner product',
    data: `synthetic: ${MOODS} moods, tracks of ${SEGMENTS_PER_TRACK} segments (${SEGMENT_SEC} s), 80-d projections + 16-d affect → 96-d retrieval vectors`,
    queriesPerSize: queries,
    firstStageSettings: { ...FIRST_STAGE, fetched: FIRST_STAGE.candidates * 3 },
    memoryNote: 'peakRssMb is the process peak so far (sizes run in ascending order); typed arrays count in arrayBuffersMb, not heapUsedMb',
    sizes: results,
    growth: {
      firstStageMedian: firstStageGrowth,
      evaluations: evaluationGrowth,
      endToEndMedian: growth(results, (r) => r.endToEnd.medianMs),
    },
    targets: {
      segments: largest.segments,
      firstStageUnder100Ms: largest.firstStage.p95Ms < 100,
      endToEndUnder1s: largest.endToEnd.p95Ms < 1000,
      evaluationsSublinear: evaluationGrowth.every((g) => g.exponent < 0.8),
    },
  };
}
