import type { Migration } from './index';

/** The music library: tracks (one row per audio file, kept across moves) and their analysis segments. */
const migration: Migration = {
  version: 10,
  name: '0010-library',
  up(db) {
    db.exec(`
      CREATE TABLE tracks (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        root TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'missing')),
        title TEXT,
        artist TEXT,
        album TEXT,
        genre TEXT,
        year INTEGER,
        codec TEXT,
        duration_sec REAL NOT NULL,
        bpm REAL NOT NULL,
        tempo_confidence REAL NOT NULL,
        key_tonic INTEGER NOT NULL,
        key_mode TEXT NOT NULL CHECK (key_mode IN ('major', 'minor')),
        key_name TEXT NOT NULL,
        key_clarity REAL NOT NULL,
        beats BLOB NOT NULL,
        downbeats BLOB NOT NULL,
        loudness BLOB,
        features BLOB NOT NULL,
        feature_version TEXT NOT NULL,
        indexed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tracks_fingerprint ON tracks (fingerprint);
      CREATE INDEX tracks_root ON tracks (root);

      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_sec REAL NOT NULL,
        end_sec REAL NOT NULL,
        features BLOB NOT NULL,
        UNIQUE (track_id, idx)
      ) STRICT;

      -- Files that could not be indexed, remembered with their size and mtime so an unchanged bad
      -- file is reported again without being probed again.
      CREATE TABLE index_failures (
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
