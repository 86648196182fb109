import type { Migration } from './index';

/**
 * The editor's changes to the planned music cues: a cue made to start at a scene ('break') or a
 * planned cue start taken away so the cue joins the one before it ('no-break'). Keyed as scene
 * edits are, by the video's content fingerprint and the frame the scene starts at, so they follow
 * the file when it is moved or renamed and hold after every later analysis.
 */
const migration: Migration = {
  version: 70,
  name: '0070-cue-edits',
  up(db) {
    db.exec(`
      CREATE TABLE cue_edits (
        fingerprint TEXT NOT NULL,
        frame INTEGER NOT NULL CHECK (frame >= 0),
        kind TEXT NOT NULL CHECK (kind IN ('break', 'no-break')),
        edited_at TEXT NOT NULL,
        PRIMARY KEY (fingerprint, frame)
      ) STRICT;
    `);
  },
};
export default migration;
