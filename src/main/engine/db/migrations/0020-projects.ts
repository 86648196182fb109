import type { Migration } from './index';

/** Project footage: videos (one row per file, kept across moves) and the scenes found in them. */
const migration: Migration = {
  version: 20,
  name: '0020-projects',
  up(db) {
    db.exec(`
      CREATE TABLE videos (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        root TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'missing')),
        duration_sec REAL NOT NULL,
        fps_num INTEGER NOT NULL,
        fps_den INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        rotation INTEGER NOT NULL,
        has_audio INTEGER NOT NULL,
        start_timecode TEXT,
        frames INTEGER NOT NULL,
        detector_version TEXT NOT NULL,
        feature_version TEXT NOT NULL,
        analysis_options TEXT NOT NULL,
        analyzed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX videos_root ON videos (root);
      CREATE INDEX videos_fingerprint ON videos (fingerprint);

      CREATE TABLE scenes (
        id INTEGER PRIMARY KEY,
        video_id INTEGER NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_frame INTEGER NOT NULL,
        end_frame INTEGER NOT NULL,
        start_sec REAL NOT NULL,
        end_sec REAL NOT NULL,
        transition_in TEXT NOT NULL,
        keyframe INTEGER NOT NULL,
        thumbnail TEXT,
        features BLOB NOT NULL,
        UNIQUE (video_id, idx)
      ) STRICT;

      CREATE TABLE video_failures (
        path TEXT PRIMARY KEY,
        root TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        reason TEXT NOT NULL,
        analyzer_version TEXT NOT NULL,
        failed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
export default migration;
