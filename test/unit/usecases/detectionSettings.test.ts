import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext, type OpenedContext } from '../../../src/main/usecases/context';
import { analyzeFootage, DEFAULT_DETECTION, projectDetection, setProjectDetection } from '../../../src/main/usecases/project';
import type { AnalyzeProjectResult } from '../../../src/main/engine/project/projectAnalyzer';
import { makeTempDir } from '../../helpers/fixtures';
import { steerableClip } from '../../helpers/videoFixtures';

/**
 * A project's scene detection settings (sensitivity, minimum scene length): stored for the project
 * in the database when a front door gives them, used by every later analysis that gives none, and
 * refused with the value named when they are out of range. Real SQLite files, real ffmpeg decoding.
 */

const tmp = makeTempDir('cuefinder-detection-');
const project = join(tmp.dir, 'footage');
const dbPath = join(tmp.dir, 'c.db');
afterAll(tmp.cleanup);

beforeAll(() => {
  mkdirSync(project);
  // Cuts at frames 100, 125 (a 1 s shot) and 225 (a weak one: a tint of the same field).
  steerableClip(join(project, 'take.mp4'), { width: 160, height: 90, rate: '25' });
}, 120_000);

const starts = (r: AnalyzeProjectResult): number[] => r.videos[0].scenes.map((s) => s.startFrame);

/** Runs `work` against the database file, closed again after (as one CLI command does). */
async function withDb<T>(work: (ctx: OpenedContext) => T | Promise<T>): Promise<T> {
  const ctx = openContext(dbPath);
  try {
    return await work(ctx);
  } finally {
    ctx.close();
  }
}

describe('project detection settings', () => {
  it('are the defaults before anything is stored, and an analysis with the defaults finds every cut', async () => {
    await withDb(async (ctx) => {
      expect(projectDetection(ctx, { projectDir: project })).toEqual({ sensitivity: 0.5, minSceneLengthSec: 0.6 });
      expect(starts(await analyzeFootage(ctx, { projectDir: project }))).toEqual([0, 100, 125, 225]);
    });
  });

  it('given as the CLI gives them, are used, stored in the database file, and used by a later analysis given none', async () => {
    // `cuefinder analyze <project> --min-scene-len 1.5`
    const flagged = await withDb((ctx) => analyzeFootage(ctx, { projectDir: project, minSceneLengthSec: 1.5 }));
    expect(flagged.analyzed, 'the new setting analyses the video again').toBe(1);
    expect(starts(flagged), 'the 1 s shot loses a cut').toEqual([0, 125, 225]);

    const raw = new Database(dbPath, { readonly: true });
    expect(raw.prepare('SELECT root, sensitivity, min_scene_len_sec AS minSceneLengthSec FROM project_detection').all()).toEqual([
      { root: project, sensitivity: 0.5, minSceneLengthSec: 1.5 },
    ]);
    raw.close();

    // `cuefinder analyze <project>` later, and the app's analysis: the project's setting, nothing analysed again.
    const plain = await withDb((ctx) => analyzeFootage(ctx, { projectDir: project }));
    expect(plain.unchanged).toBe(1);
    expect(plain.analyzed).toBe(0);
    expect(starts(plain)).toEqual([0, 125, 225]);
    expect(await withDb((ctx) => projectDetection(ctx, { projectDir: project }))).toEqual({ sensitivity: 0.5, minSceneLengthSec: 1.5 });
  });

  it('keep a stored value the caller leaves out', async () => {
    // `--sensitivity 0` alone: the minimum scene length stays 1.5 s.
    const strict = await withDb((ctx) => analyzeFootage(ctx, { projectDir: project, sensitivity: 0 }));
    expect(starts(strict), 'the weak cut (the tint) is not counted').toEqual([0, 125]);
    expect(await withDb((ctx) => projectDetection(ctx, { projectDir: project }))).toEqual({ sensitivity: 0, minSceneLengthSec: 1.5 });
  });

  it('set as the app sets them, apply to the next analysis; the defaults again analyse as before any were stored', async () => {
    const settings = await withDb((ctx) => setProjectDetection(ctx, { projectDir: project, sensitivity: 0.5, minSceneLengthSec: 0.6, door: 'app' }));
    expect(settings).toEqual(DEFAULT_DETECTION);
    const back = await withDb((ctx) => analyzeFootage(ctx, { projectDir: project }));
    expect(starts(back)).toEqual([0, 100, 125, 225]);
    // The defaults spelled out are what "no settings" was analysed with: a database from before
    // settings were stored is not analysed again because of them.
    const raw = new Database(dbPath, { readonly: true });
    expect(raw.prepare('SELECT analysis_options AS o FROM videos').get()).toEqual({ o: '{}' });
    raw.close();
  });

  it('out of range are refused before any work, naming the value as each door calls it, and nothing is stored', async () => {
    const before = await withDb((ctx) => projectDetection(ctx, { projectDir: project }));
    await withDb(async (ctx) => {
      await expect(analyzeFootage(ctx, { projectDir: project, sensitivity: 2 })).rejects.toMatchObject({
        code: 'invalid-argument',
        message: 'The scene-cut sensitivity (--sensitivity) must be a number from 0 to 1 (got 2).',
      });
      await expect(analyzeFootage(ctx, { projectDir: project, minSceneLengthSec: 0 })).rejects.toMatchObject({
        code: 'invalid-argument',
        message: 'The shortest scene in seconds (--min-scene-len) must be a number above 0 and at most 600 (got 0).',
      });
      await expect(setProjectDetection(ctx, { projectDir: project, sensitivity: 'high', door: 'app' })).rejects.toMatchObject({
        code: 'invalid-argument',
        message: 'The cut sensitivity must be a number from 0 to 1 (got "high").',
      });
      await expect(setProjectDetection(ctx, { projectDir: project, sensitivity: 0.7, minSceneLengthSec: -1, door: 'app' })).rejects.toMatchObject({
        code: 'invalid-argument',
        message: 'The minimum scene length in seconds must be a number above 0 and at most 600 (got -1).',
      });
      await expect(setProjectDetection(ctx, { projectDir: project, minSceneLengthSec: Number.NaN, door: 'app' })).rejects.toMatchObject({
        message: expect.stringMatching(/^The minimum scene length in seconds must be a number .*\(got NaN\)\.$/),
      });
      await expect(setProjectDetection(ctx, { projectDir: project, door: 'app' })).rejects.toMatchObject({
        code: 'invalid-argument',
        message: 'Give the cut sensitivity, the minimum scene length in seconds or both (got nothing and nothing).',
      });
    });
    expect(await withDb((ctx) => projectDetection(ctx, { projectDir: project })), 'a refused value is not stored, even beside a good one').toEqual(before);
  });

  it('are not stored for a folder that is not there', async () => {
    const gone = join(tmp.dir, 'no such folder');
    await withDb(async (ctx) => {
      await expect(analyzeFootage(ctx, { projectDir: gone, sensitivity: 0.9 })).rejects.toThrow(/no such folder/);
      expect(projectDetection(ctx, { projectDir: gone })).toEqual(DEFAULT_DETECTION);
    });
  });
});
