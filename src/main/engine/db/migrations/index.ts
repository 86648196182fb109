import type Database from 'better-sqlite3';
import m0010 from './0010-library';
import m0020 from './0020-projects';
import m0030 from './0030-suggestions';
import m0040 from './0040-scene-edits';
import m0050 from './0050-segment-encodings';
import m0060 from './0060-project-detection';
import m0070 from './0070-cue-edits';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

/**
 * Every schema change, oldest first. A migration that has shipped is never edited: add a new one.
 * Numbers go up in steps of 10 to leave room.
 */
export const MIGRATIONS: readonly Migration[] = [m0010, m0020, m0030, m0040, m0050, m0060, m0070];

for (let i = 1; i < MIGRATIONS.length; i++) {
  if (MIGRATIONS[i].version <= MIGRATIONS[i - 1].version) {
    throw new Error(`migration ${MIGRATIONS[i].name} is out of order`);
  }
}
