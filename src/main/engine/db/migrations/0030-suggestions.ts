import type { Migration } from './index';

/**
 * Model-derived vectors (stored per model version, computed once at indexing/analysis time), the
 * editor's decisions per scene, and ratings. A rating is a self-contained labelled pair: it keeps
 * copies of both feature vectors so fine-tuning still works after a scene is re-analysed.
 */
const migration: Migration = {
  version: 30,
  name: '0030-suggestions',
  up(db) {
    db.exec(`
      CREATE TABLE segment_embeddings (
        segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
        model_version TEXT NOT NULL,
        projection BLOB NOT NULL,
        affect BLOB NOT NULL,
        PRIMARY KEY (segment_id, model_version)
      ) STRICT;

      CREATE TABLE scene_embeddings (
        scene_id INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
        model_version TEXT NOT NULL,
        projection BLOB NOT NULL,
        affect BLOB NOT NULL,
        PRIMARY KEY (scene_id, model_version)
      ) STRICT;

      -- The latest suggestions per scene (what export uses when the editor accepted none).
      CREATE TABLE suggestions (
        scene_id INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        segment_id INTEGER NOT NULL,
        score REAL NOT NULL,
        in_sec REAL NOT NULL,
        out_sec REAL NOT NULL,
        continues_from_previous INTEGER NOT NULL,
        agree TEXT NOT NULL,
        clash TEXT NOT NULL,
        model_version TEXT NOT NULL,
        PRIMARY KEY (scene_id, rank)
      ) STRICT;

      CREATE TABLE decisions (
        scene_id INTEGER PRIMARY KEY REFERENCES scenes (id) ON DELETE CASCADE,
        track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        in_sec REAL NOT NULL,
        out_sec REAL NOT NULL,
        continues_from_previous INTEGER NOT NULL,
        decided_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE rejections (
        scene_id INTEGER NOT NULL REFERENCES scenes (id) ON DELETE CASCADE,
        track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        rejected_at TEXT NOT NULL,
        PRIMARY KEY (scene_id, track_id)
      ) STRICT;

      CREATE TABLE ratings (
        id INTEGER PRIMARY KEY,
        scene_id INTEGER REFERENCES scenes (id) ON DELETE SET NULL,
        track_id INTEGER REFERENCES tracks (id) ON DELETE SET NULL,
        video_path TEXT NOT NULL,
        start_frame INTEGER NOT NULL,
        end_frame INTEGER NOT NULL,
        track_path TEXT NOT NULL,
        in_sec REAL NOT NULL,
        out_sec REAL NOT NULL,
        score REAL NOT NULL CHECK (score >= 1 AND score <= 5),
        video_features BLOB NOT NULL,
        audio_features BLOB NOT NULL,
        video_feature_version TEXT NOT NULL,
        audio_feature_version TEXT NOT NULL,
        rated_at TEXT NOT NULL,
        UNIQUE (video_path, start_frame, end_frame, track_path)
      ) STRICT;
    `);
  },
};
export default migration;
