import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, type Db } from '../../src/main/engine/db/database';
import { segmentsMissingEmbeddings } from '../../src/main/engine/db/suggestionRepository';
import { disposeCuefinderModel, loadCuefinderModel, type CuefinderModel } from '../../src/main/engine/model/cuefinderModel';
import { refreshEmbeddings } from '../../src/main/engine/project/projectSuggester';
import { runCliJson } from '../helpers/cli';
import { makeTempDir, writeWav } from '../helpers/fixtures';

/**
 * Attack finding 3, the first stage of suggest: the model's projections and affects of every new
 * segment are computed batch by batch; an interrupt is honoured between batches and what was
 * computed before it is kept, so the next run does only the rest.
 */
const tmp = makeTempDir('cuefinder-refresh-');
const dbPath = join(tmp.dir, 'c.db');
let db: Db;
let model: CuefinderModel;

beforeAll(async () => {
  const music = join(tmp.dir, 'music');
  mkdirSync(music);
  for (const [i, hz] of [220, 330, 440].entries()) {
    writeWav(join(music, `tone${i}.wav`), Float32Array.from({ length: 22050 * 24 }, (_, n) => 0.3 * Math.sin((2 * Math.PI * hz * n) / 22050) * (1 + 0.5 * Math.sin(n / 5000))), 22050);
  }
  runCliJson(['index', music, '--db', dbPath]);
  db = openDatabase(dbPath);
  model = await loadCuefinderModel(resolve('resources/models/default'));
}, 120_000);
afterAll(() => {
  db?.close();
  if (model) disposeCuefinderModel(model);
  tmp.cleanup();
});

describe('model embeddings of the library', () => {
  it('stop at an interrupt between batches, keep the batches done, and finish on the next run', async () => {
    const missing = (): number => segmentsMissingEmbeddings(db, model.modelVersion, model.featureSchema.audio).length;
    const total = missing();
    expect(total).toBeGreaterThanOrEqual(6);
    // The interrupt arrives while the first batch is computed (as a signal handler's would, on the next turn).
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const outcome = await refreshEmbeddings(db, model, { signal: controller.signal, batchSize: 2 }).then(
      () => 'finished',
      (err: Error) => err.name,
    );
    expect(outcome).toBe('AbortError');
    expect(missing()).toBe(total - 2);
    const done = await refreshEmbeddings(db, model, { batchSize: 2 });
    expect(done.segments).toBe(total - 2);
    expect(missing()).toBe(0);
  });
});
