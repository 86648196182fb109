import type { Db } from './database';

/** A change the editor made to the planned cues at a scene start: a cue starts there ('break') or does not ('no-break'). */
export type CueEditKind = 'break' | 'no-break';

/** The editor's cue edits of one video content, by the frame of the scene start they are at. */
export function cueEditsFor(db: Db, fingerprint: string): Map<number, CueEditKind> {
  const rows = db.prepare('SELECT frame, kind FROM cue_edits WHERE fingerprint = ? ORDER BY frame').all(fingerprint) as { frame: number; kind: CueEditKind }[];
  return new Map(rows.map((r) => [r.frame, r.kind]));
}

/** Records the editor's word on a cue start at `frame` of a video content; the later word wins. */
export function saveCueEdit(db: Db, fingerprint: string, frame: number, kind: CueEditKind): void {
  db.prepare(
    `INSERT INTO cue_edits (fingerprint, frame, kind, edited_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (fingerprint, frame) DO UPDATE SET kind = excluded.kind, edited_at = excluded.edited_at`,
  ).run(fingerprint, frame, kind, new Date().toISOString());
}

/** Removes the editor's cue edit at `frame` of a video content (the plan decides there again); false when there was none. */
export function deleteCueEdit(db: Db, fingerprint: string, frame: number): boolean {
  return db.prepare('DELETE FROM cue_edits WHERE fingerprint = ? AND frame = ?').run(fingerprint, frame).changes > 0;
}
