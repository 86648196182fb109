import type { Migration } from './index';

/**
 * The editor's scene-detection settings of a project: how readily a change of picture counts as a
 * cut (sensitivity, 0..1) and the shortest scene in seconds. Keyed by the project's root folder,
 * as `videos.root` is; every analysis of the project uses them until the editor changes them.
 */
const migration: Migration = {
  version: 60,
  name: '0060-project-detection',
  up(db) {
    db.exec(`
      CREATE TABLE project_detection (
        root TEXT PRIMARY KEY,
        sensitivity REAL NOT NULL CHECK (sensitivity >= 0 AND sensitivity <= 1),
        min_scene_len_sec REAL NOT NULL CHECK (min_scene_len_sec > 0),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
export default migration;
