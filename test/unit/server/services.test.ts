import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_METHODS, type AppEvent, type JobInfo } from '../../../src/shared/contract';
import { createServiceHost, type ServiceHost } from '../../../src/main/services/createServices';
import { JobManager } from '../../../src/main/services/jobManager';
import { parseRange } from '../../../src/main/services/mediaFiles';
import { inProcessSuggestRunner } from '../../../src/main/services/suggestRunner';
import { envelopeToPeaks } from '../../../src/main/usecases/views';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-services-');
let host: ServiceHost;

beforeAll(() => {
  host = createServiceHost({ dbPath: join(tmp.dir, 'c.db'), workerScript: () => 'unused.js', modelDir: join(tmp.dir, 'no-model'), suggestRunner: inProcessSuggestRunner });
});
afterAll(async () => {
  await host.dispose();
  tmp.cleanup();
});

const call = (service: string, method: string, ...args: unknown[]) => host.dispatch({ service, method, args });

describe('the service contract', () => {
  it('is implemented method for method, nothing missing and nothing extra', () => {
    for (const [service, methods] of Object.entries(SERVICE_METHODS)) {
      const impl = (host.services as unknown as Record<string, Record<string, unknown>>)[service];
      const own = Object.keys(impl).filter((k) => typeof impl[k] === 'function');
      expect(own.sort(), service).toEqual([...methods].sort());
    }
  });

  it('answers names outside the contract and malformed requests with an error, never a call', async () => {
    expect(await call('project', 'constructor')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('fs', 'readFile', '/etc/passwd')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await host.dispatch({ service: 'app', method: 'state', args: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await host.dispatch(null)).toMatchObject({ ok: false });
  });

  it('explains bad input in one sentence naming the folder and the reason', async () => {
    const missing = join(tmp.dir, 'nowhere');
    expect(await call('project', 'open', missing)).toEqual({ ok: false, error: { code: 'not-found', message: `The project folder ${missing} does not exist.` } });
    expect(await call('project', 'open', 'footage/day1')).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'Give the project folder as a full path (starting with / or ~), not "footage/day1".' } });
    const file = join(tmp.dir, 'clip.mp4');
    writeFileSync(file, 'not a folder');
    expect(await call('library', 'open', file)).toMatchObject({ ok: false, error: { message: `${file} is a file, not a folder: choose the music folder that contains it.` } });
    expect(await call('export', 'render', 'pdf')).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'The export format must be one of edl, otio, fcpxml, fcp7 (got "pdf").' } });
    expect(await call('export', 'renderPreview', { sceneSound: 'loud' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'The scene sound option must be one of duck, mute, keep (got "loud").' } });
    expect(await call('export', 'renderPreview')).toMatchObject({ ok: false, error: { code: 'no-project' } });
    expect(await call('export', 'render', 'edl', { markers: 'ticks' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: 'The markers option must be one of bars, beats, none (got "ticks").' } });
    expect(await call('suggestions', 'forScene', 1)).toMatchObject({ ok: false, error: { code: 'no-project', message: 'No project is open: open a folder of footage first.' } });
    expect(await call('suggestions', 'rate', 1, 2, 9)).toMatchObject({ ok: false, error: { code: 'no-project' } });
    expect(await call('library', 'index')).toMatchObject({ ok: false, error: { code: 'no-library' } });
  });

  it('lists folders with their media counts for the browser-mode folder picker', async () => {
    writeFileSync(join(tmp.dir, 'a.mp3'), '');
    const listing = await host.services.folders.list(tmp.dir);
    expect(listing.path).toBe(tmp.dir);
    expect(listing.audioFiles).toBe(1);
    expect(listing.videoFiles).toBe(1);
    expect(listing.places.map((p) => p.label)).toContain('Home');
  });
});

describe('jobs', () => {
  const settle = (jobs: JobManager, id: string) => jobs.settled(id);

  it('throttles progress but always reports start, state changes and the end', async () => {
    const seen: JobInfo[] = [];
    const jobs = new JobManager((j) => seen.push(j), 50);
    const job = jobs.start('index', async ({ progress }) => {
      for (let i = 0; i < 1000; i++) progress('analysing', i, 1000);
      return '1000 files';
    });
    await settle(jobs, job.id);
    expect(seen.length).toBeLessThan(10);
    expect(seen.at(-1)).toMatchObject({ state: 'done', message: '1000 files.' });
  });

  it('cancels through the signal and keeps one job per kind', async () => {
    const jobs = new JobManager(() => {});
    let stoppedAt = -1;
    const job = jobs.start('analyze', async ({ signal }) => {
      for (let i = 0; i < 100; i++) {
        if (signal.aborted) {
          stoppedAt = i;
          return 'stopped';
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return 'all done';
    });
    expect(jobs.start('analyze', async () => 'second').id, 'a second analyze joins the running one').toBe(job.id);
    await new Promise((r) => setTimeout(r, 30));
    jobs.cancel(job.id);
    await settle(jobs, job.id);
    expect(jobs.list().find((j) => j.id === job.id)?.state).toBe('cancelled');
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(100);
  });

  it('starts a fresh job of a kind whose last one was cancelled, once that one has stopped', async () => {
    const order: string[] = [];
    const jobs = new JobManager(() => {});
    const old = jobs.start('analyze', async ({ signal }) => {
      while (!signal.aborted) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20));
      order.push('old stopped');
      return 'stopped';
    });
    await new Promise((r) => setTimeout(r, 20));
    jobs.cancel(old.id);
    const fresh = jobs.start('analyze', async () => {
      order.push('fresh ran');
      return 'done';
    });
    expect(fresh.id).not.toBe(old.id);
    await settle(jobs, fresh.id);
    expect(order).toEqual(['old stopped', 'fresh ran']);
  });

  it('starts a job queued after another kind only once that one finished', async () => {
    const order: string[] = [];
    const jobs = new JobManager(() => {});
    const first = jobs.start('index', async () => {
      await new Promise((r) => setTimeout(r, 40));
      order.push('index');
      return '';
    });
    const second = jobs.start('suggest', async () => {
      order.push('suggest');
      return '';
    }, { after: ['index', 'analyze'] });
    expect(second.state).toBe('queued');
    await settle(jobs, second.id);
    await settle(jobs, first.id);
    expect(order).toEqual(['index', 'suggest']);
  });

  it('reports a failed job with a sentence', async () => {
    const events: AppEvent[] = [];
    const jobs = new JobManager((job) => events.push({ type: 'job', job }));
    const job = jobs.start('suggest', async () => {
      throw new Error('boom');
    });
    await settle(jobs, job.id);
    expect(jobs.list()[0]).toMatchObject({ state: 'failed', message: 'Something went wrong inside Cuefinder: boom.' });
  });
});

describe('media ranges and waveform peaks', () => {
  it('parses the Range forms media elements send', () => {
    expect(parseRange(undefined, 1000)).toBe('none');
    expect(parseRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 1000)).toBe('unsatisfiable');
    expect(parseRange('items=1-2', 1000)).toBe('none');
  });

  it('turns a dB loudness envelope into peaks in [0, 1], pooled for long tracks', () => {
    const { peaks, rate } = envelopeToPeaks([-6.0206, -12.0412, 0, -100]);
    expect(rate).toBe(10);
    expect(peaks[2]).toBe(1);
    expect(peaks[0]).toBeCloseTo(0.5, 2);
    expect(peaks[1]).toBeCloseTo(0.25, 2);
    expect(peaks[3]).toBeLessThan(0.001);
    const long = envelopeToPeaks(Array.from({ length: 9000 }, (_, i) => (i === 4500 ? 0 : -20)));
    expect(long.peaks.length).toBeLessThanOrEqual(3000);
    expect(long.rate).toBeCloseTo(10 / 3);
    expect(Math.max(...long.peaks)).toBe(1);
  });
});
