import type { SceneRange } from '../../../shared/time';
import type { Db } from './database';
import { fromBlob, toBlob } from './blobs';
import { saveSyncedRow, type FileState, type SyncedFile } from './fileSync';

/** A video's synced row with what analysed it. */
export type VideoFileState = FileState & { detectorVersion: string; featureVersion: string; analysisOptions: string };

export interface VideoRecord {
  durationSec: number;
  fpsNum: number;
  fpsDen: number;
  width: number;
  height: number;
  rotation: number;
  hasAudio: boolean;
  startTimecode?: string;
  frames: number;
  detectorVersion: string;
  featureVersion: string;
  analysisOptions: string;
}

export interface SceneRecord extends SceneRange {
  transitionIn: string;
  keyframe: number;
  thumbnail?: string;
  features: Float32Array;
}

export interface StoredVideo extends VideoRecord {
  id: number;
  path: string;
  root: string;
  /** Content fingerprint (library/fileFingerprint): the key of the editor's scene edits. */
  fingerprint: string;
  status: 'ok' | 'missing';
}

export interface StoredScene extends SceneRecord {
  id: number;
  videoId: number;
}

interface VideoRow {
  id: number;
  path: string;
  root: string;
  fingerprint: string;
  status: 'ok' | 'missing';
  duration_sec: number;
  fps_num: number;
  fps_den: number;
  width: number;
  height: number;
  rotation: number;
  has_audio: number;
  start_timecode: string | null;
  frames: number;
  detector_version: string;
  feature_version: string;
  analysis_options: string;
}

interface SceneRow {
  id: number;
  video_id: number;
  idx: number;
  start_frame: number;
  end_frame: number;
  start_sec: number;
  end_sec: number;
  transition_in: string;
  keyframe: number;
  thumbnail: string | null;
  features: Buffer;
}

const hydrateVideo = (r: VideoRow): StoredVideo => ({
  id: r.id,
  path: r.path,
  root: r.root,
  fingerprint: r.fingerprint,
  status: r.status,
  durationSec: r.duration_sec,
  fpsNum: r.fps_num,
  fpsDen: r.fps_den,
  width: r.width,
  height: r.height,
  rotation: r.rotation,
  hasAudio: r.has_audio === 1,
  startTimecode: r.start_timecode ?? undefined,
  frames: r.frames,
  detectorVersion: r.detector_version,
  featureVersion: r.feature_version,
  analysisOptions: r.analysis_options,
});

const hydrateScene = (r: SceneRow): StoredScene => ({
  id: r.id,
  videoId: r.video_id,
  index: r.idx,
  startFrame: r.start_frame,
  endFrame: r.end_frame,
  startSec: r.start_sec,
  endSec: r.end_sec,
  transitionIn: r.transition_in,
  keyframe: r.keyframe,
  thumbnail: r.thumbnail ?? undefined,
  features: fromBlob(r.features),
});

/** Stores a video and all its scenes in one transaction (replacing earlier scenes of the same row). */
export function saveVideoAnalysis(
  db: Db,
  file: SyncedFile,
  v: VideoRecord,
  scenes: SceneRecord[],
): number {
  return db.transaction(() => {
    const { id } = saveSyncedRow(db, 'videos', file, {
      duration_sec: v.durationSec,
      fps_num: v.fpsNum,
      fps_den: v.fpsDen,
      width: v.width,
      height: v.height,
      rotation: v.rotation,
      has_audio: v.hasAudio ? 1 : 0,
      start_timecode: v.startTimecode ?? null,
      frames: v.frames,
      detector_version: v.detectorVersion,
      feature_version: v.featureVersion,
      analysis_options: v.analysisOptions,
      analyzed_at: new Date().toISOString(),
    });
    const kept = takeEditorChoices(db, id);
    db.prepare('DELETE FROM scenes WHERE video_id = ?').run(id);
    const ins = db.prepare(
      `INSERT INTO scenes (video_id, idx, start_frame, end_frame, start_sec, end_sec, transition_in, keyframe, thumbnail, features)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const inserted = scenes.map((s) => ({
      id: Number(ins.run(id, s.index, s.startFrame, s.endFrame, s.startSec, s.endSec, s.transitionIn, s.keyframe, s.thumbnail ?? null, toBlob(s.features)).lastInsertRowid),
      startFrame: s.startFrame,
      endFrame: s.endFrame,
    }));
    restoreEditorChoices(db, kept, inserted);
    return id;
  })();
}

/** Scenes whose frames overlap at least this share of their union are the same scene re-cut. */
const SAME_SCENE_OVERLAP = 0.5;

interface EditorChoices {
  startFrame: number;
  endFrame: number;
  decision?: { trackId: number; inSec: number; outSec: number; continuesFromPrevious: number; decidedAt: string };
  rejections: { trackId: number; rejectedAt: string }[];
}

/** The accepted track and the rejected ones of each scene of a video that has any. */
function takeEditorChoices(db: Db, videoId: number): EditorChoices[] {
  const scenes = db.prepare('SELECT id, start_frame AS startFrame, end_frame AS endFrame FROM scenes WHERE video_id = ?').all(videoId) as {
    id: number;
    startFrame: number;
    endFrame: number;
  }[];
  const decision = db.prepare(
    `SELECT track_id AS trackId, in_sec AS inSec, out_sec AS outSec, continues_from_previous AS continuesFromPrevious, decided_at AS decidedAt
     FROM decisions WHERE scene_id = ?`,
  );
  const rejections = db.prepare('SELECT track_id AS trackId, rejected_at AS rejectedAt FROM rejections WHERE scene_id = ?');
  return scenes
    .map((s) => ({
      startFrame: s.startFrame,
      endFrame: s.endFrame,
      decision: decision.get(s.id) as EditorChoices['decision'],
      rejections: rejections.all(s.id) as EditorChoices['rejections'],
    }))
    .filter((c) => c.decision || c.rejections.length);
}

/**
 * Gives each new scene the choices of the old scene it re-cuts (frames overlapping at least half
 * their union; the closest such one when several do): a new detector version or changed options
 * must not throw away what the editor accepted or rejected. Choices with no such scene are dropped.
 */
function restoreEditorChoices(db: Db, kept: EditorChoices[], scenes: { id: number; startFrame: number; endFrame: number }[]): void {
  const overlap = (a: { startFrame: number; endFrame: number }, b: { startFrame: number; endFrame: number }): number => {
    const shared = Math.min(a.endFrame, b.endFrame) - Math.max(a.startFrame, b.startFrame);
    return shared > 0 ? shared / (Math.max(a.endFrame, b.endFrame) - Math.min(a.startFrame, b.startFrame)) : 0;
  };
  const best = new Map<number, { choices: EditorChoices; overlap: number }>();
  for (const choices of kept) {
    let target: { id: number; overlap: number } | undefined;
    for (const scene of scenes) {
      const o = overlap(choices, scene);
      if (o >= SAME_SCENE_OVERLAP && (!target || o > target.overlap)) target = { id: scene.id, overlap: o };
    }
    if (target && (best.get(target.id)?.overlap ?? 0) < target.overlap) best.set(target.id, { choices, overlap: target.overlap });
  }
  const decide = db.prepare(
    'INSERT INTO decisions (scene_id, track_id, in_sec, out_sec, continues_from_previous, decided_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const reject = db.prepare('INSERT OR IGNORE INTO rejections (scene_id, track_id, rejected_at) VALUES (?, ?, ?)');
  for (const [sceneId, { choices }] of best) {
    const d = choices.decision;
    if (d) decide.run(sceneId, d.trackId, d.inSec, d.outSec, d.continuesFromPrevious, d.decidedAt);
    for (const r of choices.rejections) reject.run(sceneId, r.trackId, r.rejectedAt);
  }
}

/** The editor's scene-boundary corrections of one video content (scene_edits). */
export interface SceneEdits {
  /** Frames where the editor cut. */
  cuts: number[];
  /** Frames whose detected boundary the editor took away (scenes merged across it). */
  noCuts: number[];
}

export function sceneEditsFor(db: Db, fingerprint: string): SceneEdits {
  const rows = db.prepare('SELECT frame, kind FROM scene_edits WHERE fingerprint = ? ORDER BY frame').all(fingerprint) as { frame: number; kind: string }[];
  return { cuts: rows.filter((r) => r.kind === 'cut').map((r) => r.frame), noCuts: rows.filter((r) => r.kind === 'no-cut').map((r) => r.frame) };
}

/** Records a cut the editor added at `frame`, or a boundary there taken away ('no-cut'); the later word on a frame wins. */
export function saveSceneEdit(db: Db, fingerprint: string, frame: number, kind: 'cut' | 'no-cut'): void {
  db.prepare(
    `INSERT INTO scene_edits (fingerprint, frame, kind, edited_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (fingerprint, frame) DO UPDATE SET kind = excluded.kind, edited_at = excluded.edited_at`,
  ).run(fingerprint, frame, kind, new Date().toISOString());
}

/** Removes the editor's correction at `frame` of a video content; false when there was none. */
export function deleteSceneEdit(db: Db, fingerprint: string, frame: number): boolean {
  return db.prepare('DELETE FROM scene_edits WHERE fingerprint = ? AND frame = ?').run(fingerprint, frame).changes > 0;
}

export function videosUnder(db: Db, root: string): StoredVideo[] {
  return (db.prepare(`SELECT * FROM videos WHERE root = ? AND status = 'ok' ORDER BY path`).all(root) as VideoRow[]).map(hydrateVideo);
}

export function getVideo(db: Db, id: number): StoredVideo | undefined {
  const r = db.prepare('SELECT * FROM videos WHERE id = ?').get(id) as VideoRow | undefined;
  return r && hydrateVideo(r);
}

export function scenesOfVideo(db: Db, videoId: number): StoredScene[] {
  return (db.prepare('SELECT * FROM scenes WHERE video_id = ? ORDER BY idx').all(videoId) as SceneRow[]).map(hydrateScene);
}

export function getScene(db: Db, sceneId: number): StoredScene | undefined {
  const r = db.prepare('SELECT * FROM scenes WHERE id = ?').get(sceneId) as SceneRow | undefined;
  return r && hydrateScene(r);
}


/** A project's scene-detection settings (project_detection). */
export interface StoredDetection {
  sensitivity: number;
  minSceneLengthSec: number;
}

/** The settings stored for the project whose root folder is `root`; undefined when the editor never set any. */
export function detectionFor(db: Db, root: string): StoredDetection | undefined {
  return db.prepare('SELECT sensitivity, min_scene_len_sec AS minSceneLengthSec FROM project_detection WHERE root = ?').get(root) as StoredDetection | undefined;
}

/** Stores the project's settings, replacing any earlier ones. */
export function saveDetection(db: Db, root: string, settings: StoredDetection): void {
  db.prepare(
    `INSERT INTO project_detection (root, sensitivity, min_scene_len_sec, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (root) DO UPDATE SET sensitivity = excluded.sensitivity, min_scene_len_sec = excluded.min_scene_len_sec, updated_at = excluded.updated_at`,
  ).run(root, settings.sensitivity, settings.minSceneLengthSec, new Date().toISOString());
}
