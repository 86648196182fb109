import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectView } from '../../../src/shared/contract';
import { createServiceHost, type ServiceHost } from '../../../src/main/services/createServices';
import { inProcessSuggestRunner } from '../../../src/main/services/suggestRunner';
import { makeTempDir } from '../../helpers/fixtures';
import { settledProjectView } from '../../helpers/serviceJobs';
import { SHOT_LIBRARY, buildClip } from '../../helpers/videoFixtures';

/**
 * The editor corrects scene detection from the app: split a scene at a frame, join a scene to the
 * one before it. The corrections are kept for the file and survive later analyses and a rename.
 */

const tmp = makeTempDir('cuefinder-scene-edits-');
const project = join(tmp.dir, 'footage');
let host: ServiceHost;

const view = (): Promise<ProjectView> => settledProjectView(host);

const starts = (v: ProjectView): number[] => v.videos[0].scenes.map((s) => s.startFrame);

beforeAll(async () => {
  mkdirSync(project);
  // Three 3 s shots at 25 fps joined by hard cuts at frames 75 and 150.
  buildClip(join(project, 'take.mp4'), ['testsrc2', 'smptebars', 'mandelbrot'].map((name) => ({ source: SHOT_LIBRARY[name], frames: 75 })), [{ kind: 'cut' }, { kind: 'cut' }], { width: 160, height: 90, rate: '25' });
  host = createServiceHost({ dbPath: join(tmp.dir, 'c.db'), workerScript: () => 'unused.js', modelDir: join(tmp.dir, 'no-model'), suggestRunner: inProcessSuggestRunner });
  await host.services.project.open(project);
}, 120_000);
afterAll(async () => {
  await host?.dispose();
  tmp.cleanup();
});

describe('scene edits', () => {
  it('splits a scene at a frame and joins scenes, detected boundaries and the editor’s own cuts alike', async () => {
    const detected = await view();
    expect(starts(detected)).toEqual([0, 75, 150]);
    expect(detected.videos[0].scenes.map((s) => s.transitionIn)).toEqual(['start', 'cut', 'cut']);

    await host.services.project.splitScene(detected.videos[0].scenes[1].id, 110);
    const split = await view();
    expect(starts(split)).toEqual([0, 75, 110, 150]);
    expect(split.videos[0].scenes[2].transitionIn).toBe('edit');
    expect(split.sceneCount).toBe(4);

    await host.services.project.mergeWithPrevious(split.videos[0].scenes[1].id);
    const joined = await view();
    expect(starts(joined)).toEqual([0, 110, 150]);

    await host.services.project.mergeWithPrevious(joined.videos[0].scenes[1].id);
    expect(starts(await view())).toEqual([0, 150]);
  }, 120_000);

  it('keeps the corrections on the next analysis and when the file is renamed', async () => {
    const jobs = await host.services.project.analyze();
    expect(jobs.kind).toBe('analyze');
    expect(starts(await view())).toEqual([0, 150]);

    renameSync(join(project, 'take.mp4'), join(project, 'take (final).mp4'));
    await host.services.project.analyze();
    const renamed = await view();
    expect(renamed.videos[0].name).toBe('take (final).mp4');
    expect(starts(renamed)).toEqual([0, 150]);
  }, 120_000);

  it('explains a split outside the scene, a join of the first scene and an unknown scene', async () => {
    const scenes = (await view()).videos[0].scenes;
    const call = (method: string, ...args: unknown[]) => host.dispatch({ service: 'project', method, args });
    expect(await call('splitScene', scenes[1].id, scenes[1].startFrame)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(/not after the first \(150\) and before the end \(225\) of scene 2 of take \(final\)\.mp4/) },
    });
    expect(await call('splitScene', scenes[0].id, 12.5)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call('mergeWithPrevious', scenes[0].id)).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/starts the video/) } });
    expect(await call('mergeWithPrevious', 987654)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(starts(await view())).toEqual([0, 150]);
  });
});
