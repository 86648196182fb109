import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/engine/db/database';
import { failureKind } from '../../../src/main/engine/jobs/incrementalPlan';
import type { AnalysisExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { indexLibrary } from '../../../src/main/engine/library/libraryIndexer';
import { MediaError } from '../../../src/main/engine/media/mediaError';
import { makeTempDir } from '../../helpers/fixtures';

/**
 * Attack finding 2: a failure was remembered until the file's size or time changed, so a file made
 * readable again, a decode that failed under load, or every file while the bundled ffprobe could
 * not run stayed failed forever. Only permanent failures (the file's content) are remembered now;
 * --retry-failed tries those again too.
 */
const tmp = makeTempDir('cuefinder-retry-');
afterAll(tmp.cleanup);

function failingExecutor(reason: string): AnalysisExecutor & { calls: number } {
  const ex = {
    calls: 0,
    concurrency: 1,
    featureVersion: 'test-audio',
    analyze: async (path: string) => {
      ex.calls++;
      throw new MediaError(path, reason);
    },
    close: async () => {},
  };
  return ex;
}

describe('failed files', () => {
  it('have a kind: the file itself (permanent), the machine now (transient), or the setup (environment)', () => {
    expect(failureKind('not a readable media file (invalid data)')).toBe('permanent');
    expect(failureKind('file is truncated')).toBe('permanent');
    expect(failureKind('permission denied (the file cannot be read)')).toBe('environment');
    expect(failureKind('cannot run ffprobe (spawn /x/ffprobe EACCES)')).toBe('environment');
    expect(failureKind('decoding timed out after 120 s')).toBe('transient');
    expect(failureKind('unexpected error: worker exited with code 1')).toBe('transient');
    expect(failureKind('cannot read file (EMFILE)')).toBe('transient');
    expect(failureKind('ffprobe could not read the file: it crashed (SIGSEGV)')).toBe('transient');
  });

  for (const [reason, kind, retried] of [
    ['not a readable media file (invalid data)', 'permanent', false],
    ['permission denied (the file cannot be read)', 'environment', true],
    ['unexpected error: worker exited with code 1', 'transient', true],
  ] as const) {
    it(`${retried ? 'are tried again' : 'are remembered'} on the next run when ${kind} (${reason})`, async () => {
      const dir = join(tmp.dir, kind);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(dir);
      writeFileSync(join(dir, 'a.wav'), 'RIFF not really');
      const db = openDatabase(':memory:');
      const first = failingExecutor(reason);
      const r1 = await indexLibrary(db, dir, { executor: first });
      expect(r1.failures).toEqual([{ path: join(dir, 'a.wav'), reason, kind }]);
      const second = failingExecutor(reason);
      const r2 = await indexLibrary(db, dir, { executor: second });
      expect(second.calls).toBe(retried ? 1 : 0);
      expect(r2.failed).toBe(1);
      const third = failingExecutor(reason);
      await indexLibrary(db, dir, { executor: third, retryFailed: true });
      expect(third.calls).toBe(1);
      db.close();
    });
  }
});
