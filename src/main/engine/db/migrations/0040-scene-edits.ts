import type { Migration } from './index';

/**
 * The editor's corrections to scene detection: a cut added at a frame, or a detected boundary
 * taken away. Keyed by the video's content fingerprint, so they follow the file when it is moved
 * or renamed and are applied every time it is analysed again.
 */
const migration: Migration = {
  version: 40,
  name: '0040-scene-edits',
  up(db) {
    db.exec(`
      CREATE TABLE scene_edits (
        fingerprint TEXT NOT NULL,
        frame INTEGER NOT NULL CHECK (frame > 0),
        kind TEXT NOT NULL CHECK (kind IN ('cut', 'no-cut')),
        edited_at TEXT NOT NULL,
        PRIMARY KEY (fingerprint, frame)
      ) STRICT;
    `);
  },
};
export default migration;
