import type { Db } from './database';
import { fromBlob, toBlob } from './blobs';

export interface EmbeddingRow {
  id: number;
  projection: Float32Array;
  affect: Float32Array;
}

/** Segments of tracks analysed at `featureVersion` that have no stored embedding for the model yet. */
export function segmentsMissingEmbeddings(db: Db, modelVersion: string, featureVersion: string): { id: number; features: Float32Array }[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.features FROM segments s JOIN tracks t ON t.id = s.track_id
       WHERE t.status = 'ok' AND t.feature_version = ?
         AND NOT EXISTS (SELECT 1 FROM segment_embeddings e WHERE e.segment_id = s.id AND e.model_version = ?)`,
    )
    .all(featureVersion, modelVersion) as { id: number; features: Buffer }[];
  return rows.map((r) => ({ id: r.id, features: fromBlob(r.features) }));
}

/** Scenes of videos analysed at `featureVersion` that have no stored embedding for the model yet. */
export function scenesMissingEmbeddings(db: Db, modelVersion: string, featureVersion: string): { id: number; features: Float32Array }[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.features FROM scenes s JOIN videos v ON v.id = s.video_id
       WHERE v.status = 'ok' AND v.feature_version = ?
         AND NOT EXISTS (SELECT 1 FROM scene_embeddings e WHERE e.scene_id = s.id AND e.model_version = ?)`,
    )
    .all(featureVersion, modelVersion) as { id: number; features: Buffer }[];
  return rows.map((r) => ({ id: r.id, features: fromBlob(r.features) }));
}

export function saveSegmentEmbeddings(db: Db, modelVersion: string, rows: EmbeddingRow[]): void {
  const stmt = db.prepare('INSERT OR REPLACE INTO segment_embeddings (segment_id, model_version, projection, affect) VALUES (?, ?, ?, ?)');
  db.transaction(() => rows.forEach((r) => stmt.run(r.id, modelVersion, toBlob(r.projection), toBlob(r.affect))))();
}

export function saveSceneEmbeddings(db: Db, modelVersion: string, rows: EmbeddingRow[]): void {
  const stmt = db.prepare('INSERT OR REPLACE INTO scene_embeddings (scene_id, model_version, projection, affect) VALUES (?, ?, ?, ?)');
  db.transaction(() => rows.forEach((r) => stmt.run(r.id, modelVersion, toBlob(r.projection), toBlob(r.affect))))();
}

export interface LibrarySegmentRow {
  segmentId: number;
  trackId: number;
  startSec: number;
  endSec: number;
  projection: Float32Array;
  affect: Float32Array;
  /** The segment's objective features (its feature version's layout). */
  features: Float32Array;
}

/** Every segment of every present track with its embedding for this model, in (track, time) order. */
export function librarySegments(db: Db, modelVersion: string): LibrarySegmentRow[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.track_id, s.start_sec, s.end_sec, e.projection, e.affect, s.features
       FROM segments s JOIN tracks t ON t.id = s.track_id JOIN segment_embeddings e ON e.segment_id = s.id AND e.model_version = ?
       WHERE t.status = 'ok' ORDER BY s.track_id, s.idx`,
    )
    .all(modelVersion) as { id: number; track_id: number; start_sec: number; end_sec: number; projection: Buffer; affect: Buffer; features: Buffer }[];
  return rows.map((r) => ({
    segmentId: r.id,
    trackId: r.track_id,
    startSec: r.start_sec,
    endSec: r.end_sec,
    projection: fromBlob(r.projection),
    affect: fromBlob(r.affect),
    features: fromBlob(r.features),
  }));
}

export interface TrackTimingRow {
  trackId: number;
  path: string;
  title: string | null;
  artist: string | null;
  durationSec: number;
  bpm: number;
  tempoConfidence: number;
  beats: Float32Array;
  downbeats: Float32Array;
}

export function trackTimings(db: Db): TrackTimingRow[] {
  const rows = db
    .prepare(`SELECT id, path, title, artist, duration_sec, bpm, tempo_confidence, beats, downbeats FROM tracks WHERE status = 'ok'`)
    .all() as { id: number; path: string; title: string | null; artist: string | null; duration_sec: number; bpm: number; tempo_confidence: number; beats: Buffer; downbeats: Buffer }[];
  return rows.map((r) => ({
    trackId: r.id,
    path: r.path,
    title: r.title,
    artist: r.artist,
    durationSec: r.duration_sec,
    bpm: r.bpm,
    tempoConfidence: r.tempo_confidence,
    beats: fromBlob(r.beats),
    downbeats: fromBlob(r.downbeats),
  }));
}

export function sceneEmbedding(db: Db, sceneId: number, modelVersion: string): { projection: Float32Array; affect: Float32Array } | undefined {
  const r = db.prepare('SELECT projection, affect FROM scene_embeddings WHERE scene_id = ? AND model_version = ?').get(sceneId, modelVersion) as
    | { projection: Buffer; affect: Buffer }
    | undefined;
  return r && { projection: fromBlob(r.projection), affect: fromBlob(r.affect) };
}

export interface StoredSuggestion {
  sceneId: number;
  rank: number;
  trackId: number;
  segmentId: number;
  score: number;
  inSec: number;
  outSec: number;
  continuesFromPrevious: boolean;
  agree: string[];
  clash: string[];
  modelVersion: string;
}

export function replaceSuggestions(db: Db, sceneId: number, suggestions: Omit<StoredSuggestion, 'sceneId'>[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM suggestions WHERE scene_id = ?').run(sceneId);
    const stmt = db.prepare(
      `INSERT INTO suggestions (scene_id, rank, track_id, segment_id, score, in_sec, out_sec, continues_from_previous, agree, clash, model_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const s of suggestions) {
      stmt.run(sceneId, s.rank, s.trackId, s.segmentId, s.score, s.inSec, s.outSec, s.continuesFromPrevious ? 1 : 0, JSON.stringify(s.agree), JSON.stringify(s.clash), s.modelVersion);
    }
  })();
}

/**
 * The scene's suggestions, best first, without the tracks the editor rejected for it: a rejected
 * track keeps its row (so that restoring it brings it back where it was) until the next suggest
 * replaces the list.
 */
export function suggestionsForScene(db: Db, sceneId: number): StoredSuggestion[] {
  const rows = db
    .prepare('SELECT * FROM suggestions WHERE scene_id = ? AND track_id NOT IN (SELECT track_id FROM rejections WHERE scene_id = ?) ORDER BY rank')
    .all(sceneId, sceneId) as {
    scene_id: number;
    rank: number;
    track_id: number;
    segment_id: number;
    score: number;
    in_sec: number;
    out_sec: number;
    continues_from_previous: number;
    agree: string;
    clash: string;
    model_version: string;
  }[];
  return rows.map((r) => ({
    sceneId: r.scene_id,
    rank: r.rank,
    trackId: r.track_id,
    segmentId: r.segment_id,
    score: r.score,
    inSec: r.in_sec,
    outSec: r.out_sec,
    continuesFromPrevious: r.continues_from_previous === 1,
    agree: JSON.parse(r.agree) as string[],
    clash: JSON.parse(r.clash) as string[],
    modelVersion: r.model_version,
  }));
}

export interface Decision {
  sceneId: number;
  trackId: number;
  inSec: number;
  outSec: number;
  continuesFromPrevious: boolean;
}

export function acceptSuggestion(db: Db, d: Decision): void {
  db.prepare(
    `INSERT INTO decisions (scene_id, track_id, in_sec, out_sec, continues_from_previous, decided_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (scene_id) DO UPDATE SET track_id = excluded.track_id, in_sec = excluded.in_sec, out_sec = excluded.out_sec,
       continues_from_previous = excluded.continues_from_previous, decided_at = excluded.decided_at`,
  ).run(d.sceneId, d.trackId, d.inSec, d.outSec, d.continuesFromPrevious ? 1 : 0, new Date().toISOString());
  db.prepare('DELETE FROM rejections WHERE scene_id = ? AND track_id = ?').run(d.sceneId, d.trackId);
}

/** What the project view shows of a scene's music: suggestions not rejected, and the accepted track. */
export interface SceneMusicState {
  suggestionCount: number;
  /** Title from the tags, else null (the caller names it from the path). */
  accepted: { trackId: number; title: string | null; path: string } | null;
}

/** SceneMusicState of every scene of the videos under a project root, by scene id, in one query. */
export function sceneMusicStatesUnder(db: Db, root: string): Map<number, SceneMusicState> {
  const rows = db
    .prepare(
      `SELECT s.id AS sceneId,
         (SELECT COUNT(*) FROM suggestions g
           WHERE g.scene_id = s.id AND g.track_id NOT IN (SELECT track_id FROM rejections r WHERE r.scene_id = s.id)) AS suggestionCount,
         d.track_id AS trackId, t.title AS title, t.path AS path
       FROM scenes s
       JOIN videos v ON v.id = s.video_id
       LEFT JOIN decisions d ON d.scene_id = s.id
       LEFT JOIN tracks t ON t.id = d.track_id
       WHERE v.root = ? AND v.status = 'ok'`,
    )
    .all(root) as { sceneId: number; suggestionCount: number; trackId: number | null; title: string | null; path: string | null }[];
  return new Map(
    rows.map((r) => [
      r.sceneId,
      { suggestionCount: r.suggestionCount, accepted: r.trackId === null ? null : { trackId: r.trackId, title: r.title, path: r.path ?? '' } },
    ]),
  );
}

export function decisionForScene(db: Db, sceneId: number): Decision | undefined {
  const r = db.prepare('SELECT scene_id, track_id, in_sec, out_sec, continues_from_previous FROM decisions WHERE scene_id = ?').get(sceneId) as
    | { scene_id: number; track_id: number; in_sec: number; out_sec: number; continues_from_previous: number }
    | undefined;
  return r && { sceneId: r.scene_id, trackId: r.track_id, inSec: r.in_sec, outSec: r.out_sec, continuesFromPrevious: r.continues_from_previous === 1 };
}

export function rejectTrack(db: Db, sceneId: number, trackId: number): void {
  db.transaction(() => {
    db.prepare('INSERT OR REPLACE INTO rejections (scene_id, track_id, rejected_at) VALUES (?, ?, ?)').run(sceneId, trackId, new Date().toISOString());
    db.prepare('DELETE FROM decisions WHERE scene_id = ? AND track_id = ?').run(sceneId, trackId);
  })();
}

/** Tracks with a stored suggestion row for the scene, rejected ones included. */
export function storedSuggestionTracks(db: Db, sceneId: number): Set<number> {
  return new Set((db.prepare('SELECT track_id FROM suggestions WHERE scene_id = ?').all(sceneId) as { track_id: number }[]).map((r) => r.track_id));
}

/** Takes back a rejection; false when the track was not rejected for the scene. */
export function restoreTrack(db: Db, sceneId: number, trackId: number): boolean {
  return db.prepare('DELETE FROM rejections WHERE scene_id = ? AND track_id = ?').run(sceneId, trackId).changes > 0;
}

/** The tracks rejected for a scene, most recent first. */
export function rejectionsForScene(db: Db, sceneId: number): { trackId: number; rejectedAt: string }[] {
  return db.prepare('SELECT track_id AS trackId, rejected_at AS rejectedAt FROM rejections WHERE scene_id = ? ORDER BY rejected_at DESC, track_id').all(sceneId) as {
    trackId: number;
    rejectedAt: string;
  }[];
}

export function clearDecision(db: Db, sceneId: number): void {
  db.prepare('DELETE FROM decisions WHERE scene_id = ?').run(sceneId);
}

/** Removes the editor's rating of a scene–track pair (taking a rating back). */
export function deleteRating(db: Db, sceneId: number, trackId: number): void {
  db.prepare('DELETE FROM ratings WHERE scene_id = ? AND track_id = ?').run(sceneId, trackId);
}

export function rejectedTracks(db: Db, sceneId: number): Set<number> {
  return new Set((db.prepare('SELECT track_id FROM rejections WHERE scene_id = ?').all(sceneId) as { track_id: number }[]).map((r) => r.track_id));
}

export interface RatingInput {
  sceneId: number;
  trackId: number;
  videoPath: string;
  startFrame: number;
  endFrame: number;
  trackPath: string;
  inSec: number;
  outSec: number;
  score: number;
  videoFeatures: Float32Array;
  audioFeatures: Float32Array;
  videoFeatureVersion: string;
  audioFeatureVersion: string;
}

/** Stores (or updates) the editor's 1–5 rating of a scene–track pair as a self-contained labelled pair. */
export function saveRating(db: Db, r: RatingInput): number {
  const info = db
    .prepare(
      `INSERT INTO ratings (scene_id, track_id, video_path, start_frame, end_frame, track_path, in_sec, out_sec, score,
         video_features, audio_features, video_feature_version, audio_feature_version, rated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (video_path, start_frame, end_frame, track_path) DO UPDATE SET scene_id = excluded.scene_id, track_id = excluded.track_id,
         in_sec = excluded.in_sec, out_sec = excluded.out_sec, score = excluded.score, video_features = excluded.video_features,
         audio_features = excluded.audio_features, video_feature_version = excluded.video_feature_version,
         audio_feature_version = excluded.audio_feature_version, rated_at = excluded.rated_at`,
    )
    .run(r.sceneId, r.trackId, r.videoPath, r.startFrame, r.endFrame, r.trackPath, r.inSec, r.outSec, r.score, toBlob(r.videoFeatures), toBlob(r.audioFeatures), r.videoFeatureVersion, r.audioFeatureVersion, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export interface StoredRating {
  id: number;
  score: number;
  videoFeatures: Float32Array;
  audioFeatures: Float32Array;
  videoFeatureVersion: string;
  audioFeatureVersion: string;
}

export function allRatings(db: Db): StoredRating[] {
  const rows = db.prepare('SELECT id, score, video_features, audio_features, video_feature_version, audio_feature_version FROM ratings ORDER BY id').all() as {
    id: number;
    score: number;
    video_features: Buffer;
    audio_features: Buffer;
    video_feature_version: string;
    audio_feature_version: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    score: r.score,
    videoFeatures: fromBlob(r.video_features),
    audioFeatures: fromBlob(r.audio_features),
    videoFeatureVersion: r.video_feature_version,
    audioFeatureVersion: r.audio_feature_version,
  }));
}

/** A segment's stored embedding for one model version. */
export function segmentEmbedding(db: Db, segmentId: number, modelVersion: string): { projection: Float32Array; affect: Float32Array } | undefined {
  const r = db.prepare('SELECT projection, affect FROM segment_embeddings WHERE segment_id = ? AND model_version = ?').get(segmentId, modelVersion) as
    | { projection: Buffer; affect: Buffer }
    | undefined;
  return r && { projection: fromBlob(r.projection), affect: fromBlob(r.affect) };
}

/** The editor's ratings of one scene: track id → 1–5 score. */
export function ratingsForScene(db: Db, sceneId: number): Map<number, number> {
  const rows = db.prepare('SELECT track_id, score FROM ratings WHERE scene_id = ?').all(sceneId) as { track_id: number; score: number }[];
  return new Map(rows.map((r) => [r.track_id, r.score]));
}

/** The model version the newest stored suggestions were made with (for reading matching embeddings), or null. */
export function latestSuggestionModel(db: Db): string | null {
  const r = db.prepare('SELECT model_version AS v FROM suggestions ORDER BY rowid DESC LIMIT 1').get() as { v: string } | undefined;
  return r?.v ?? null;
}

/** The stored feature vectors of every segment and every scene (for collection statistics such as the mood estimate's reference scales). */
export function allFeatureVectors(db: Db): { segments: Float32Array[]; scenes: Float32Array[] } {
  const read = (sql: string): Float32Array[] => (db.prepare(sql).all() as { features: Buffer }[]).map((r) => fromBlob(r.features));
  return { segments: read('SELECT features FROM segments ORDER BY id'), scenes: read('SELECT features FROM scenes ORDER BY id') };
}

/** Each present track's segment feature vectors, in (track, time) order. */
export function segmentFeaturesByTrack(db: Db): { segmentId: number; trackId: number; features: Float32Array }[] {
  const rows = db
    .prepare(`SELECT s.id, s.track_id, s.features FROM segments s JOIN tracks t ON t.id = s.track_id WHERE t.status = 'ok' ORDER BY s.track_id, s.idx`)
    .all() as { id: number; track_id: number; features: Buffer }[];
  return rows.map((r) => ({ segmentId: r.id, trackId: r.track_id, features: fromBlob(r.features) }));
}

/** Changes whenever present segments are added, removed or replaced (a re-index gives new row ids): a cache key for library-wide statistics. */
export function librarySignature(db: Db): string {
  const r = db
    .prepare(`SELECT COUNT(*) AS n, COALESCE(MAX(s.id), 0) AS maxId, COALESCE(SUM(s.id), 0) AS sumId FROM segments s JOIN tracks t ON t.id = s.track_id WHERE t.status = 'ok'`)
    .get() as { n: number; maxId: number; sumId: number };
  return `${r.n}:${r.maxId}:${r.sumId}`;
}
