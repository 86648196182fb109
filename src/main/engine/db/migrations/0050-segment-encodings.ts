import type { Migration } from './index';

/**
 * Pretrained-tagger encodings of library segments (engine/encoders/segmentEncoder.ts): MTT and MSD
 * musicnn tag probabilities and penultimate embeddings, float32 BLOBs, with the encoder version.
 * `tracks.encoder_version` names the version its segments were encoded with (NULL: not encoded), so
 * the indexer re-analyses tracks encoded with other taggers without touching `feature_version`,
 * which trained models depend on. Rows go with their segment.
 */
const migration: Migration = {
  version: 50,
  name: '0050-segment-encodings',
  up(db) {
    db.exec(`
      ALTER TABLE tracks ADD COLUMN encoder_version TEXT;
      CREATE TABLE segment_encodings (
        segment_id INTEGER PRIMARY KEY REFERENCES segments (id) ON DELETE CASCADE,
        encoder_version TEXT NOT NULL,
        mtt BLOB NOT NULL,
        msd BLOB NOT NULL,
        mtt_embedding BLOB NOT NULL,
        msd_embedding BLOB NOT NULL
      ) STRICT;
      CREATE INDEX segment_encodings_version ON segment_encodings (encoder_version);
    `);
  },
};
export default migration;
