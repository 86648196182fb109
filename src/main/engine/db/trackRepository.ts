import type { Db } from './database';
import { fromBlob, toBlob } from './blobs';
import type { SegmentEncoding, TrackEncodings } from '../encoders/segmentEncoder';

export type TrackStatus = 'ok' | 'missing';

/** What the indexer knows about a file before deciding whether to analyse it. */
export interface TrackFileState {
  id: number;
  path: string;
  fingerprint: string;
  size: number;
  mtimeMs: number;
  status: TrackStatus;
  featureVersion: string;
  /** Version of its segments' tagger encodings; null when they were not encoded. */
  encoderVersion: string | null;
}

export interface TrackTags {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  year?: number;
}

export interface TrackAnalysisRecord {
  durationSec: number;
  codec?: string;
  bpm: number;
  tempoConfidence: number;
  key: { tonic: number; mode: 'major' | 'minor'; name: string; clarity: number };
  beats: number[];
  downbeats: number[];
  loudness?: Float32Array;
  features: Float32Array;
  featureVersion: string;
  segments: { startSec: number; endSec: number; features: Float32Array }[];
  /** Tagger encodings of `segments` (same order), when the indexer ran the encoders. */
  encodings?: TrackEncodings;
}

export interface TrackSummary {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  durationSec: number;
  bpm: number;
  key: string;
  mode: 'major' | 'minor';
  status: TrackStatus;
}

export interface TrackDetail extends TrackSummary {
  genre: string | null;
  year: number | null;
  codec: string | null;
  tempoConfidence: number;
  keyClarity: number;
  featureVersion: string;
  segmentCount: number;
  beats: number[];
  downbeats: number[];
  indexedAt: string;
}

export interface SegmentRecord {
  id: number;
  trackId: number;
  index: number;
  startSec: number;
  endSec: number;
  features: Float32Array;
}

interface TrackRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  genre: string | null;
  year: number | null;
  codec: string | null;
  duration_sec: number;
  bpm: number;
  tempo_confidence: number;
  key_name: string;
  key_mode: 'major' | 'minor';
  key_clarity: number;
  status: TrackStatus;
  feature_version: string;
  beats: Buffer;
  downbeats: Buffer;
  indexed_at: string;
  segment_count?: number;
}

function toSummary(r: TrackRow): TrackSummary {
  return {
    id: r.id,
    path: r.path,
    title: r.title,
    artist: r.artist,
    album: r.album,
    durationSec: r.duration_sec,
    bpm: r.bpm,
    key: r.key_name,
    mode: r.key_mode,
    status: r.status,
  };
}

export function fileStatesUnder(db: Db, root: string): TrackFileState[] {
  return db
    .prepare(
      `SELECT id, path, fingerprint, size, mtime_ms AS mtimeMs, status, feature_version AS featureVersion,
         encoder_version AS encoderVersion
       FROM tracks WHERE root = ?`,
    )
    .all(root) as TrackFileState[];
}

export function tracksByFingerprint(db: Db, fingerprint: string): TrackFileState[] {
  return db
    .prepare(
      `SELECT id, path, fingerprint, size, mtime_ms AS mtimeMs, status, feature_version AS featureVersion,
         encoder_version AS encoderVersion
       FROM tracks WHERE fingerprint = ?`,
    )
    .all(fingerprint) as TrackFileState[];
}

/** Inserts or replaces (same id when `id` is given) a track and all its segments, atomically. */
export function saveTrackAnalysis(
  db: Db,
  file: { id?: number; path: string; root: string; fingerprint: string; size: number; mtimeMs: number },
  tags: TrackTags,
  a: TrackAnalysisRecord,
): number {
  return db.transaction(() => {
    const values = {
      path: file.path,
      root: file.root,
      fingerprint: file.fingerprint,
      size: file.size,
      mtime_ms: file.mtimeMs,
      title: tags.title ?? null,
      artist: tags.artist ?? null,
      album: tags.album ?? null,
      genre: tags.genre ?? null,
      year: tags.year ?? null,
      codec: a.codec ?? null,
      duration_sec: a.durationSec,
      bpm: a.bpm,
      tempo_confidence: a.tempoConfidence,
      key_tonic: a.key.tonic,
      key_mode: a.key.mode,
      key_name: a.key.name,
      key_clarity: a.key.clarity,
      beats: toBlob(a.beats),
      downbeats: toBlob(a.downbeats),
      loudness: a.loudness ? toBlob(a.loudness) : null,
      features: toBlob(a.features),
      feature_version: a.featureVersion,
      encoder_version: a.encodings?.version ?? null,
      indexed_at: new Date().toISOString(),
    };
    let id = file.id;
    if (id === undefined) {
      // A file that reappears at a path we had marked missing takes that row over.
      const existing = db.prepare('SELECT id FROM tracks WHERE path = ?').get(file.path) as { id: number } | undefined;
      id = existing?.id;
    }
    if (id === undefined) {
      const cols = Object.keys(values);
      const info = db
        .prepare(`INSERT INTO tracks (${cols.join(', ')}, status) VALUES (${cols.map((c) => '@' + c).join(', ')}, 'ok')`)
        .run(values);
      id = Number(info.lastInsertRowid);
    } else {
      const sets = Object.keys(values).map((c) => `${c} = @${c}`);
      db.prepare(`UPDATE tracks SET ${sets.join(', ')}, status = 'ok' WHERE id = @id`).run({ ...values, id });
      db.prepare('DELETE FROM segments WHERE track_id = ?').run(id);
    }
    const insertSegment = db.prepare(
      'INSERT INTO segments (track_id, idx, start_sec, end_sec, features) VALUES (?, ?, ?, ?, ?)',
    );
    const insertEncoding = db.prepare(
      'INSERT INTO segment_encodings (segment_id, encoder_version, mtt, msd, mtt_embedding, msd_embedding) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const encodings = a.encodings;
    a.segments.forEach((s, i) => {
      const segmentId = insertSegment.run(id, i, s.startSec, s.endSec, toBlob(s.features)).lastInsertRowid;
      const e = encodings?.segments[i];
      if (encodings && e) insertEncoding.run(segmentId, encodings.version, toBlob(e.mtt), toBlob(e.msd), toBlob(e.mttEmbedding), toBlob(e.msdEmbedding));
    });
    return id;
  })();
}

/** A moved or renamed file keeps its row, id and analysis; only where it lives changes. */
export function moveTrack(db: Db, id: number, to: { path: string; root: string; size: number; mtimeMs: number }): void {
  db.transaction(() => {
    // A stale missing row sitting at the destination path would block the UNIQUE path.
    db.prepare(`DELETE FROM tracks WHERE path = ? AND id != ? AND status = 'missing'`).run(to.path, id);
    db.prepare(`UPDATE tracks SET path = ?, root = ?, size = ?, mtime_ms = ?, status = 'ok' WHERE id = ?`).run(
      to.path,
      to.root,
      to.size,
      to.mtimeMs,
      id,
    );
  })();
}

export function touchTrack(db: Db, id: number, size: number, mtimeMs: number): void {
  db.prepare(`UPDATE tracks SET size = ?, mtime_ms = ?, status = 'ok' WHERE id = ?`).run(size, mtimeMs, id);
}

export function markMissing(db: Db, ids: number[]): void {
  const stmt = db.prepare(`UPDATE tracks SET status = 'missing' WHERE id = ?`);
  db.transaction(() => ids.forEach((id) => stmt.run(id)))();
}

export function listTracks(db: Db, opts: { includeMissing?: boolean } = {}): TrackSummary[] {
  const where = opts.includeMissing ? '' : `WHERE status = 'ok'`;
  const rows = db
    .prepare(
      `SELECT id, path, title, artist, album, duration_sec, bpm, key_name, key_mode, status
       FROM tracks ${where} ORDER BY COALESCE(artist, ''), COALESCE(title, path)`,
    )
    .all() as TrackRow[];
  return rows.map(toSummary);
}

export function getTrack(db: Db, idOrPath: number | string): TrackDetail | undefined {
  const col = typeof idOrPath === 'number' ? 'id' : 'path';
  const r = db
    .prepare(
      `SELECT t.*, (SELECT COUNT(*) FROM segments s WHERE s.track_id = t.id) AS segment_count
       FROM tracks t WHERE t.${col} = ?`,
    )
    .get(idOrPath) as TrackRow | undefined;
  if (!r) return undefined;
  return {
    ...toSummary(r),
    genre: r.genre,
    year: r.year,
    codec: r.codec,
    tempoConfidence: r.tempo_confidence,
    keyClarity: r.key_clarity,
    featureVersion: r.feature_version,
    segmentCount: r.segment_count ?? 0,
    beats: Array.from(fromBlob(r.beats)),
    downbeats: Array.from(fromBlob(r.downbeats)),
    indexedAt: r.indexed_at,
  };
}

export function segmentsOfTrack(db: Db, trackId: number): SegmentRecord[] {
  const rows = db
    .prepare('SELECT id, track_id, idx, start_sec, end_sec, features FROM segments WHERE track_id = ? ORDER BY idx')
    .all(trackId) as { id: number; track_id: number; idx: number; start_sec: number; end_sec: number; features: Buffer }[];
  return rows.map((r) => ({
    id: r.id,
    trackId: r.track_id,
    index: r.idx,
    startSec: r.start_sec,
    endSec: r.end_sec,
    features: fromBlob(r.features),
  }));
}

/**
 * Tagger encodings of the segments of present tracks encoded at `encoderVersion`, by segment id.
 * Segments of tracks too short for a patch, or encoded at another version, are absent.
 */
export function segmentEncodings(db: Db, encoderVersion: string): Map<number, SegmentEncoding> {
  const rows = db
    .prepare(
      `SELECT e.segment_id AS id, e.mtt, e.msd, e.mtt_embedding, e.msd_embedding
       FROM segment_encodings e JOIN segments s ON s.id = e.segment_id JOIN tracks t ON t.id = s.track_id
       WHERE e.encoder_version = ? AND t.status = 'ok'`,
    )
    .all(encoderVersion) as { id: number; mtt: Buffer; msd: Buffer; mtt_embedding: Buffer; msd_embedding: Buffer }[];
  return new Map(
    rows.map((r) => [r.id, { mtt: fromBlob(r.mtt), msd: fromBlob(r.msd), mttEmbedding: fromBlob(r.mtt_embedding), msdEmbedding: fromBlob(r.msd_embedding) }]),
  );
}

export function countSegments(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM segments s JOIN tracks t ON t.id = s.track_id WHERE t.status = 'ok'`).get() as { n: number }).n;
}

export interface IndexFailureRecord {
  path: string;
  size: number;
  mtimeMs: number;
  reason: string;
  analyzerVersion: string;
}

export function failuresUnder(db: Db, root: string): IndexFailureRecord[] {
  return db
    .prepare(
      `SELECT path, size, mtime_ms AS mtimeMs, reason, analyzer_version AS analyzerVersion
       FROM index_failures WHERE root = ?`,
    )
    .all(root) as IndexFailureRecord[];
}

export function recordFailure(db: Db, root: string, f: IndexFailureRecord): void {
  db.prepare(
    `INSERT INTO index_failures (path, root, size, mtime_ms, reason, analyzer_version, failed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET root = excluded.root, size = excluded.size, mtime_ms = excluded.mtime_ms,
       reason = excluded.reason, analyzer_version = excluded.analyzer_version, failed_at = excluded.failed_at`,
  ).run(f.path, root, f.size, f.mtimeMs, f.reason, f.analyzerVersion, new Date().toISOString());
}

export function clearFailure(db: Db, path: string): void {
  db.prepare('DELETE FROM index_failures WHERE path = ?').run(path);
}

/** Forgets failures of files that are gone from the folder. */
export function pruneFailures(db: Db, root: string, present: ReadonlySet<string>): void {
  const stale = failuresUnder(db, root).filter((f) => !present.has(f.path));
  const stmt = db.prepare('DELETE FROM index_failures WHERE path = ?');
  db.transaction(() => stale.forEach((f) => stmt.run(f.path)))();
}

/** The track's stored loudness envelope (dB, ENVELOPE_RATE values a second); empty when none was stored. */
export function trackLoudness(db: Db, trackId: number): Float32Array | undefined {
  const r = db.prepare('SELECT loudness FROM tracks WHERE id = ?').get(trackId) as { loudness: Buffer | null } | undefined;
  return r && fromBlob(r.loudness);
}

/** The tagger version most present segments are encoded with (undefined when none are): the one suggestions read. */
export function prevailingEncoderVersion(db: Db): string | undefined {
  const r = db
    .prepare(
      `SELECT e.encoder_version AS v, COUNT(*) AS n FROM segment_encodings e JOIN segments s ON s.id = e.segment_id JOIN tracks t ON t.id = s.track_id
       WHERE t.status = 'ok' GROUP BY e.encoder_version ORDER BY n DESC, v LIMIT 1`,
    )
    .get() as { v: string } | undefined;
  return r?.v;
}
