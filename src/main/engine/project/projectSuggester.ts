import { AFFECT_DIM, affectRecord, type AffectDimension } from '../../../shared/affect';
import type { Db } from '../db/database';
import { scenesOfVideo, videosUnder } from '../db/projectRepository';
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
import { createSuggestionLibrary, type SegmentEntry } from '../suggest/suggestionLibrary';
import { suggestForProject, type PairScorer, type SceneQuery } from '../suggest/suggestEngine';
import type { CuefinderModel } from '../training/cuefinderModel';
import { resolve } from 'node:path';

const EMBED_BATCH = 512;

/**
 * Computes, once per model version, each segment's DCCA audio projection and predicted music affect
 * and each scene's video projection and predicted video affect, and stores them. Later queries read
 * them instead of recomputing. Only vectors of the model's feature schema are fed to it: features
 * from other extractor versions or another embedding model have another meaning (or length).
 */
export function refreshEmbeddings(db: Db, model: CuefinderModel): { segments: number; scenes: number } {
  const embed = (items: { id: number; features: Float32Array }[], side: 'audio' | 'video'): { id: number; projection: Float32Array; affect: Float32Array }[] => {
    const out: { id: number; projection: Float32Array; affect: Float32Array }[] = [];
    for (let start = 0; start < items.length; start += EMBED_BATCH) {
      const batch = items.slice(start, start + EMBED_BATCH);
      const raw = fromRows(batch.map((b) => b.features));
      const proj = side === 'audio' ? projectAudio(model.dcca, raw) : projectVideo(model.dcca, raw);
      const affect = (side === 'audio' ? model.musicAffect : model.videoAffect).predict(raw);
      batch.forEach((b, i) => out.push({ id: b.id, projection: row(proj, i).slice(), affect: row(affect, i).slice() }));
    }
    return out;
  };
  const segs = segmentsMissingEmbeddings(db, model.modelVersion, model.featureSchema.audio);
  if (segs.length) saveSegmentEmbeddings(db, model.modelVersion, embed(segs, 'audio'));
  const scenes = scenesMissingEmbeddings(db, model.modelVersion, model.featureSchema.video);
  if (scenes.length) saveSceneEmbeddings(db, model.modelVersion, embed(scenes, 'video'));
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

/** AFCLNet on candidates: scene projection against each segment projection, with their predicted affect. */
function afclnetScorer(model: CuefinderModel, segProj: Matrix, segAffect: Matrix, rowOf: Map<number, number>, sceneVectors: Map<number, { projection: Float32Array; affect: Float32Array }>): PairScorer {
  return (scene: SceneQuery, candidates: SegmentEntry[]) => {
    const sv = sceneVectors.get(scene.sceneId)!;
    const n = candidates.length;
    const xa = matrix(n, segProj.cols);
    const xv = matrix(n, sv.projection.length);
    const music = matrix(n, AFFECT_DIM);
    const video = matrix(n, AFFECT_DIM);
    candidates.forEach((c, i) => {
      const r = rowOf.get(c.segmentId)!;
      xa.data.set(row(segProj, r), i * segProj.cols);
      xv.data.set(sv.projection, i * sv.projection.length);
      music.data.set(row(segAffect, r), i * AFFECT_DIM);
      video.data.set(sv.affect, i * AFFECT_DIM);
    });
    const p = perceptualInput(model.afclnet.config, music, video);
    const out = predictAfclnet(model.afclnet, { xa, xv, p });
    return out.score.map((s) => (s - 1) / 4);
  };
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
  } = {},
): Promise<SuggestProjectResult> {
  const root = resolve(projectDir);
  const videos = videosUnder(db, root);
  const stale = videos.find((v) => v.featureVersion !== model.featureSchema.video);
  if (stale) {
    throw new SuggestError(
      `${stale.path} was analysed with video features ${stale.featureVersion}, but model ${model.modelVersion} takes ${model.featureSchema.video}; ` +
        'analyse the project again with the same video embedding setting (CUEFINDER_VIDEO_EMBEDDING) the model was trained with',
    );
  }
  refreshEmbeddings(db, model);
  const segRows = librarySegments(db, model.modelVersion);
  const scenes = videos.flatMap((v) => scenesOfVideo(db, v.id).map((s) => ({ video: v, scene: s })));
  const result: SuggestProjectResult = { model: { version: model.modelVersion }, scenes: [], librarySegments: segRows.length };
  if (!segRows.length || !scenes.length) {
    for (const { video, scene } of scenes) {
      const emb = sceneEmbedding(db, scene.id, model.modelVersion);
      result.scenes.push({ sceneId: scene.id, video: video.path, index: scene.index, startSec: scene.startSec, endSec: scene.endSec, affect: affectRecord(Array.from(emb?.affect ?? new Float32Array(AFFECT_DIM))), suggestions: [] });
    }
    return result;
  }

  const segProj = fromRows(segRows.map((s) => s.projection));
  const segAffect = fromRows(segRows.map((s) => s.affect));
  const { index } = cachedRetrievalIndex(retrievalMatrix(segProj, segAffect), opts.indexCacheDir);
  const timings = new Map<number, TrackTimingRow>(trackTimings(db).map((t) => [t.trackId, t]));
  const rowOf = new Map(segRows.map((s, i) => [s.segmentId, i]));
  const library = createSuggestionLibrary({
    segments: segRows.map((s) => ({ segmentId: s.segmentId, trackId: s.trackId, startSec: s.startSec, endSec: s.endSec })),
    index,
    tracks: new Map([...timings].map(([id, t]) => [id, { trackId: id, durationSec: t.durationSec, bpm: t.bpm, tempoConfidence: t.tempoConfidence, beats: t.beats, downbeats: t.downbeats }])),
    trackAffect: (_trackId, segmentId) => row(segAffect, rowOf.get(segmentId)!),
  });

  const sceneVectors = new Map<number, { projection: Float32Array; affect: Float32Array }>();
  const queries: SceneQuery[] = scenes.map(({ scene }) => {
    const emb = sceneEmbedding(db, scene.id, model.modelVersion);
    if (!emb) throw new SuggestError(`scene ${scene.id} has no embedding for model ${model.modelVersion}`);
    sceneVectors.set(scene.id, emb);
    return { sceneId: scene.id, startSec: scene.startSec, endSec: scene.endSec, retrievalVector: retrievalVector(emb.projection, emb.affect), affect: emb.affect };
  });
  const top = opts.top ?? 5;
  const rejected = new Map(scenes.map(({ scene }) => [scene.id, rejectedTracks(db, scene.id)]));
  const perScene = await suggestForProject(queries, library, afclnetScorer(model, segProj, segAffect, rowOf, sceneVectors), {
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
