import type { Db } from './database';
import { fromBlob, toBlob } from './blobs';
import type { SegmentEncoding, TrackEncodings } from '../encoders/segmentEncoder';
import { saveSyncedRow, type SyncedFile } from './fileSync';

export type TrackStatus = 'ok' | 'missing';

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

/** Inserts or replaces (same id when `id` is given) a track and all its segments, atomically. */
export function saveTrackAnalysis(
  db: Db,
  file: SyncedFile,
  tags: TrackTags,
  a: TrackAnalysisRecord,
): number {
  return db.transaction(() => {
    const { id, existed } = saveSyncedRow(db, 'tracks', file, {
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
    });
    if (existed) db.prepare('DELETE FROM segments WHERE track_id = ?').run(id);
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
