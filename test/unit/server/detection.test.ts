import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectView } from '../../../src/shared/contract';
import { createServiceHost, type ServiceHost } from '../../../src/main/services/createServices';
import { inProcessSuggestRunner } from '../../../src/main/services/suggestRunner';
import { makeTempDir } from '../../helpers/fixtures';
import { settledProjectView } from '../../helpers/serviceJobs';
import { steerableClip } from '../../helpers/videoFixtures';

/**
 * The editor steers scene detection from the app: the project's sensitivity and minimum scene
 * length, kept for the project and applied by analysing again; the editor's own splits stay.
 */

const tmp = makeTempDir('cuefinder-detection-service-');
const project = join(tmp.dir, 'footage');
const dbPath = join(tmp.dir, 'c.db');
let host: ServiceHost;

const startHost = (): ServiceHost =>
  createServiceHost({ dbPath, workerScript: () => 'unused.js', modelDir: join(tmp.dir, 'no-model'), suggestRunner: inProcessSuggestRunner });

const view = (): Promise<ProjectView> => settledProjectView(host);

const starts = (v: ProjectView): number[] => v.videos[0].scenes.map((s) => s.startFrame);
const call = (method: string, ...args: unknown[]) => host.dispatch({ service: 'project', method, args });

beforeAll(async () => {
  mkdirSync(project);
  // Cuts at frames 100, 125 (a 1 s shot) and 225 (a weak one).
  steerableClip(join(project, 'take.mp4'), { width: 160, height: 90, rate: '25' });
  host = startHost();
  await host.services.project.open(project);
}, 120_000);
afterAll(async () => {
  await host?.dispose();
  tmp.cleanup();
});

describe('scene detection from the app', () => {
  it('shows the defaults, then applies a longer minimum scene and a lower sensitivity, keeping the editor’s split', async () => {
    const first = await view();
    expect(first.detection).toEqual({ sensitivity: 0.5, minSceneLengthSec: 0.6 });
    expect(starts(first)).toEqual([0, 100, 125, 225]);

    await host.services.project.splitScene(first.videos[0].scenes[0].id, 50);
    expect(starts(await view())).toEqual([0, 50, 100, 125, 225]);

    const job = await host.services.project.setDetection({ minSceneLengthSec: 1.5 });
    expect(job.kind).toBe('analyze');
    const longer = await view();
    expect(longer.detection).toEqual({ sensitivity: 0.5, minSceneLengthSec: 1.5 });
    expect(starts(longer), 'the 1 s shot loses a cut; the split at 50 stays').toEqual([0, 50, 125, 225]);
    expect(longer.videos[0].scenes[1].transitionIn).toBe('edit');

    await host.services.project.setDetection({ sensitivity: 0 });
    const strict = await view();
    expect(strict.detection).toEqual({ sensitivity: 0, minSceneLengthSec: 1.5 });
    expect(starts(strict), 'the weak cut goes; the split stays').toEqual([0, 50, 125]);
    expect(strict.sceneCount).toBe(3);
  }, 120_000);

  it('refuses bad values with the value named, changing nothing', async () => {
    const before = await view();
    const refusals: [unknown, RegExp][] = [
      [{ sensitivity: 1.5 }, /^The cut sensitivity must be a number from 0 to 1 \(got 1\.5\)\.$/],
      [{ sensitivity: '0.7' }, /^The cut sensitivity must be a number from 0 to 1 \(got "0\.7"\)\.$/],
      [{ minSceneLengthSec: 0 }, /^The minimum scene length in seconds must be a number above 0 and at most 600 \(got 0\)\.$/],
      [{ minSceneLengthSec: null }, /^The minimum scene length in seconds must be a number .*\(got null\)\.$/],
      [{}, /^Give the cut sensitivity, the minimum scene length in seconds or both/],
      ['loose', /^The detection settings must be an object with sensitivity and\/or minSceneLengthSec \(got "loose"\)\.$/],
      [null, /^The detection settings must be an object/],
    ];
    for (const [settings, message] of refusals) {
      expect(await call('setDetection', settings), JSON.stringify(settings)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(message) } });
    }
    const after = await view();
    expect(after.detection).toEqual(before.detection);
    expect(starts(after)).toEqual(starts(before));
  });

  it('keeps the settings for the project when the app starts again', async () => {
    await host.dispose();
    host = startHost();
    await host.services.project.open(project);
    const reopened = await view();
    expect(reopened.detection).toEqual({ sensitivity: 0, minSceneLengthSec: 1.5 });
    expect(starts(reopened)).toEqual([0, 50, 125]);
  }, 120_000);
});
