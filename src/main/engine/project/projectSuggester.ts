import { AFFECT_DIM, affectRecord, type AffectDimension } from '../../../shared/affect';
import type { Db } from '../db/database';
import { scenesOfVideo, videosUnder, type StoredScene, type StoredVideo } from '../db/projectRepository';
import {
  decisionForScene,
  librarySegments,
  rejectedTracks,
  replaceSuggestions,
  saveSceneEmbeddings,
  saveSegmentEmbeddings,
  sceneEmbedding,
  scenesMissingEmbeddings,
  segmentsMissingEmbeddings,
  trackTimings,
  type TrackTimingRow,
} from '../db/suggestionRepository';
import { fromRows, matrix, row, type Matrix } from '../model/matrix';
import { projectAudio, projectVideo } from '../model/adaptiveDcca';
import { perceptualInput, predictAfclnet } from '../model/afclnet';
import { cachedRetrievalIndex } from '../suggest/indexCache';
import { retrievalMatrix, retrievalVector } from '../suggest/retrievalVector';
import { createSuggestionLibrary, type SegmentEntry, type SuggestionLibrary } from '../suggest/suggestionLibrary';
import { suggestForProject, type PairScorer, type SceneQuery } from '../suggest/suggestEngine';
import type { CuefinderModel } from '../model/cuefinderModel';
import { affectOfMood, type MoodPoint } from '../affect/circumplex';
import { segmentMoods as libraryMoodPoints } from '../affect/libraryMood';
import { estimateMusicMoods, estimateSceneMoods, storedSegmentTags, withTrackContext } from '../affect/moodEstimate';
import { correctedAffinity, hubOffsets } from '../affect/moodMatch';
import { resolve } from 'node:path';

const EMBED_BATCH = 512;

/**
 * Computes, once per model version, each segment's DCCA audio projection and predicted music affect
 * and each scene's video projection and predicted video affect, and stores them. Later queries read
 * them instead of recomputing. Only vectors of the model's feature schema are fed to it: features
 * from other extractor versions or another embedding model have another meaning (or length).
 * Batch by batch, each stored as it is done and the event loop let go in between, so an interrupt
 * is seen within a batch (milliseconds) and a stopped run keeps what it computed.
 */
export async function refreshEmbeddings(
  db: Db,
  model: CuefinderModel,
  opts: { signal?: AbortSignal; batchSize?: number } = {},
): Promise<{ segments: number; scenes: number }> {
  const { signal, batchSize = EMBED_BATCH } = opts;
  const embed = async (
    items: { id: number; features: Float32Array }[],
    side: 'audio' | 'video',
    save: (rows: { id: number; projection: Float32Array; affect: Float32Array }[]) => void,
  ): Promise<void> => {
    for (let start = 0; start < items.length; start += batchSize) {
      signal?.throwIfAborted();
      const batch = items.slice(start, start + batchSize);
      const raw = fromRows(batch.map((b) => b.features));
      const proj = side === 'audio' ? projectAudio(model.dcca, raw) : projectVideo(model.dcca, raw);
      const affect = (side === 'audio' ? model.musicAffect : model.videoAffect).predict(raw);
      save(batch.map((b, i) => ({ id: b.id, projection: row(proj, i).slice(), affect: row(affect, i).slice() })));
      await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
    }
  };
  const segs = segmentsMissingEmbeddings(db, model.modelVersion, model.featureSchema.audio);
  await embed(segs, 'audio', (rows) => saveSegmentEmbeddings(db, model.modelVersion, rows));
  const scenes = scenesMissingEmbeddings(db, model.modelVersion, model.featureSchema.video);
  await embed(scenes, 'video', (rows) => saveSceneEmbeddings(db, model.modelVersion, rows));
  return { segments: segs.length, scenes: scenes.length };
}

/** One scene of the `suggest --json` contract. */
export interface SceneSuggestions {
  sceneId: number;
  video: string;
  index: number;
  startSec: number;
  endSec: number;
  affect: Record<AffectDimension, number>;
  accepted?: { trackId: number; inSec: number; outSec: number };
  suggestions: {
    trackId: number;
    path: string;
    title: string;
    artist: string | null;
    score: number;
    inSec: number;
    outSec: number;
    continuesFromPrevious: boolean;
    agree: string[];
    clash: string[];
  }[];
}

export interface SuggestProjectResult {
  model: { version: string };
  scenes: SceneSuggestions[];
  librarySegments: number;
}

export class SuggestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuggestError';
  }
}

/**
 * Which scorer ranks the candidates. 'mood': the scene's and the segment's mood points
 * (engine/affect: objective features judged against their own collection) matched by distance,
 * with the hub correction; 'mood+tags' also reads the musicnn taggers' mood tags where the
 * segments carry them (not the default until the real bench shows it helps). 'afclnet': the model bundle's AFCLNet head fed the
 * circumplex affect of those same mood points, with the same hub correction. 'afclnet-bundle': the
 * bundle as trained, its affect predictors included (what every version before mood-match/1 ran).
 * docs/results-real.md compares them on real media.
 */
export type Matcher = 'mood' | 'mood+tags' | 'afclnet' | 'afclnet-bundle' | 'blend';
/** 'blend': this share of the mood score plus the rest of the bundle's score. */
export const BLEND_MOOD_SHARE = 0.5;
export const DEFAULT_MATCHER: Matcher = 'blend';

/** Everything a project's suggestions are computed from, prepared once per run. */
export interface ProjectMatching {
  scenes: { video: StoredVideo; scene: StoredScene }[];
  queries: SceneQuery[];
  library: SuggestionLibrary;
  timings: Map<number, TrackTimingRow>;
  scorer: PairScorer;
  /** Mood points (valence, arousal) of each scene and segment, in queries and library.segments order. */
  sceneMoods: MoodPoint[];
  segmentMoods: MoodPoint[];
  matcher: Matcher;
}

/** The AFCLNet head on candidates: scene projection against each segment projection, with the given affect. */
function afclnetScorer(model: CuefinderModel, rowOf: ReadonlyMap<number, number>, segProj: Matrix, segAffect: Matrix, sceneVectors: Map<number, { projection: Float32Array; affect: ArrayLike<number> }>, hub?: Float32Array): PairScorer {
  return (scene: SceneQuery, candidates: SegmentEntry[]) => {
    const sv = sceneVectors.get(scene.sceneId)!;
    const n = candidates.length;
    const xa = matrix(n, segProj.cols);
    const xv = matrix(n, sv.projection.length);
    const music = matrix(n, AFFECT_DIM);
    const video = matrix(n, AFFECT_DIM);
    candidates.forEach((c, i) => {
      xa.data.set(row(segProj, rowOf.get(c.segmentId)!), i * segProj.cols);
      xv.data.set(sv.projection, i * sv.projection.length);
      music.data.set(row(segAffect, rowOf.get(c.segmentId)!), i * AFFECT_DIM);
      video.data.set(sv.affect, i * AFFECT_DIM);
    });
    const p = perceptualInput(model.afclnet.config, music, video);
    const out = predictAfclnet(model.afclnet, { xa, xv, p });
    return Array.from(out.score, (s, i) => Math.min(1, Math.max(0, (s - 1) / 4 - (hub ? hub[rowOf.get(candidates[i].segmentId)!] : 0))));
  };
}

function moodScorer(rowOf: ReadonlyMap<number, number>, sceneMoods: Map<number, MoodPoint>, segmentMoods: MoodPoint[], hub: Float32Array): PairScorer {
  return (scene: SceneQuery, candidates: SegmentEntry[]) => {
    const sm = sceneMoods.get(scene.sceneId)!;
    return candidates.map((c) => correctedAffinity(sm, segmentMoods[rowOf.get(c.segmentId)!], hub[rowOf.get(c.segmentId)!]));
  };
}

/**
 * Loads and prepares a project's scenes and the library for matching, or returns undefined when
 * either is empty. Mood points are estimated over the whole library and the whole project at once
 * (each judged against its own collection; engine/affect/moodEstimate.ts).
 */
export async function prepareProjectMatching(
  db: Db,
  projectDir: string,
  model: CuefinderModel,
  opts: { indexCacheDir?: string; matcher?: Matcher; signal?: AbortSignal } = {},
): Promise<ProjectMatching | undefined> {
  const matcher = opts.matcher ?? DEFAULT_MATCHER;
  const root = resolve(projectDir);
  const videos = videosUnder(db, root);
  const stale = videos.find((v) => v.featureVersion !== model.featureSchema.video);
  if (stale) {
    throw new SuggestError(
      `${stale.path} was analysed with video features ${stale.featureVersion}, but model ${model.modelVersion} takes ${model.featureSchema.video}; ` +
        'analyse the project again with the same video embedding setting (CUEFINDER_VIDEO_EMBEDDING) the model was trained with',
    );
  }
  await refreshEmbeddings(db, model, { signal: opts.signal });
  const segRows = librarySegments(db, model.modelVersion);
  const scenes = videos.flatMap((v) => scenesOfVideo(db, v.id).map((s) => ({ video: v, scene: s })));
  if (!segRows.length || !scenes.length) return undefined;

  const sceneEmb = scenes.map(({ scene }) => {
    const emb = sceneEmbedding(db, scene.id, model.modelVersion);
    if (!emb) throw new SuggestError(`scene ${scene.id} has no embedding for model ${model.modelVersion}`);
    return emb;
  });
  const segmentMoods =
    matcher === 'mood+tags'
      ? withTrackContext(estimateMusicMoods(segRows.map((s) => s.features), storedSegmentTags(db, segRows.map((s) => s.segmentId))), segRows.map((s) => s.trackId))
      : libraryMoodPoints(segRows);
  const sceneMoods = estimateSceneMoods(scenes.map(({ scene }) => scene.features));
  const bundleAffect = matcher === 'afclnet-bundle';
  const segProj = fromRows(segRows.map((s) => s.projection));
  const segAffect = bundleAffect ? fromRows(segRows.map((s) => s.affect)) : fromRows(segmentMoods.map((m) => affectOfMood(m)));
  const sceneAffect = bundleAffect ? sceneEmb.map((e) => e.affect) : sceneMoods.map((m) => affectOfMood(m));

  const { index } = cachedRetrievalIndex(retrievalMatrix(segProj, segAffect), opts.indexCacheDir);
  const rowOf = new Map(segRows.map((s, i) => [s.segmentId, i]));
  const timings = new Map<number, TrackTimingRow>(trackTimings(db).map((t) => [t.trackId, t]));
  const library = createSuggestionLibrary({
    segments: segRows.map((s) => ({ segmentId: s.segmentId, trackId: s.trackId, startSec: s.startSec, endSec: s.endSec })),
    index,
    tracks: new Map([...timings].map(([id, t]) => [id, { trackId: id, durationSec: t.durationSec, bpm: t.bpm, tempoConfidence: t.tempoConfidence, beats: t.beats, downbeats: t.downbeats }])),
    trackAffect: (_trackId, segmentId) => row(segAffect, rowOf.get(segmentId)!),
  });
  const queries: SceneQuery[] = scenes.map(({ scene }, i) => ({
    sceneId: scene.id,
    startSec: scene.startSec,
    endSec: scene.endSec,
    retrievalVector: retrievalVector(sceneEmb[i].projection, sceneAffect[i]),
    affect: sceneAffect[i],
  }));
  const hub = bundleAffect ? undefined : hubOffsets(sceneMoods, segmentMoods);
  const moodScores = (): PairScorer => moodScorer(rowOf, new Map(queries.map((q, i) => [q.sceneId, sceneMoods[i]])), segmentMoods, hub!);
  const bundleScores = (): PairScorer =>
    afclnetScorer(model, rowOf, segProj, fromRows(segRows.map((s) => s.affect)), new Map(queries.map((q, i) => [q.sceneId, { projection: sceneEmb[i].projection, affect: sceneEmb[i].affect }])));
  let scorer: PairScorer;
  if (matcher === 'mood' || matcher === 'mood+tags') scorer = moodScores();
  else if (matcher === 'afclnet-bundle') scorer = bundleScores();
  else if (matcher === 'afclnet') {
    scorer = afclnetScorer(model, rowOf, segProj, segAffect, new Map(queries.map((q, i) => [q.sceneId, { projection: sceneEmb[i].projection, affect: sceneAffect[i] }])), hub);
  } else {
    const [mood, bundle] = [moodScores(), bundleScores()];
    scorer = async (scene, candidates) => {
      const [a, b] = [await mood(scene, candidates), await bundle(scene, candidates)];
      return Array.from(a, (y, i) => BLEND_MOOD_SHARE * y + (1 - BLEND_MOOD_SHARE) * b[i]);
    };
  }
  return { scenes, queries, library, timings, scorer, sceneMoods, segmentMoods, matcher };
}

/**
 * Suggests music for every scene of an analysed project from the indexed library, stores the
 * suggestions (export uses them when nothing was accepted) and returns them in timeline order.
 */
export async function suggestProject(
  db: Db,
  projectDir: string,
  model: CuefinderModel,
  opts: {
    top?: number;
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
    /** Folder for the retrieval index, reused while the library and model are the same (seconds at 100k segments). */
    indexCacheDir?: string;
    matcher?: Matcher;
  } = {},
): Promise<SuggestProjectResult> {
  const prepared = await prepareProjectMatching(db, projectDir, model, opts);
  const result: SuggestProjectResult = { model: { version: model.modelVersion }, scenes: [], librarySegments: prepared?.library.segments.length ?? librarySegments(db, model.modelVersion).length };
  if (!prepared) {
    const videos = videosUnder(db, resolve(projectDir));
    for (const video of videos) {
      for (const scene of scenesOfVideo(db, video.id)) {
        const emb = sceneEmbedding(db, scene.id, model.modelVersion);
        result.scenes.push({ sceneId: scene.id, video: video.path, index: scene.index, startSec: scene.startSec, endSec: scene.endSec, affect: affectRecord(Array.from(emb?.affect ?? new Float32Array(AFFECT_DIM))), suggestions: [] });
      }
    }
    return result;
  }
  const { scenes, queries, library, timings, scorer } = prepared;
  const top = opts.top ?? 5;
  const rejected = new Map(scenes.map(({ scene }) => [scene.id, rejectedTracks(db, scene.id)]));
  const perScene = await suggestForProject(queries, library, scorer, {
    top,
    excludeTrack: (sceneId, trackId) => rejected.get(sceneId)?.has(trackId) ?? false,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });

  scenes.forEach(({ video, scene }, i) => {
    const kept = perScene[i];
    replaceSuggestions(
      db,
      scene.id,
      kept.map((s, rank) => ({ rank, trackId: s.trackId, segmentId: s.segmentId, score: s.score, inSec: s.inSec, outSec: s.outSec, continuesFromPrevious: s.continuesFromPrevious, agree: s.agree, clash: s.clash, modelVersion: model.modelVersion })),
    );
    const decision = decisionForScene(db, scene.id);
    result.scenes.push({
      sceneId: scene.id,
      video: video.path,
      index: scene.index,
      startSec: scene.startSec,
      endSec: scene.endSec,
      affect: affectRecord(Array.from(queries[i].affect)),
      ...(decision ? { accepted: { trackId: decision.trackId, inSec: decision.inSec, outSec: decision.outSec } } : {}),
      suggestions: kept.map((s) => {
        const t = timings.get(s.trackId)!;
        return {
          trackId: s.trackId,
          path: t.path,
          title: t.title ?? t.path.split('/').pop()!,
          artist: t.artist,
          score: Math.round(s.score * 1000) / 1000,
          inSec: Math.round(s.inSec * 1000) / 1000,
          outSec: Math.round(s.outSec * 1000) / 1000,
          continuesFromPrevious: s.continuesFromPrevious,
          agree: s.agree,
          clash: s.clash,
        };
      }),
    });
  });
  return result;
}
