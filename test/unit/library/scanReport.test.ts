import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/engine/db/database';
import type { AnalysisExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { AUDIO_EXTENSIONS, scanFolder, VIDEO_EXTENSIONS } from '../../../src/main/engine/library/fileScanner';
import { indexLibrary } from '../../../src/main/engine/library/libraryIndexer';
import { analyzeProject } from '../../../src/main/engine/project/projectAnalyzer';
import { makeTempDir } from '../../helpers/fixtures';

/**
 * Attack finding 6: analyze dropped what it could not scan without a word, and index listed it but
 * left it out of `failed`. Every skipped path is reported with its reason and counted.
 */
const tmp = makeTempDir('cuefinder-scan-');
afterAll(tmp.cleanup);

const unusedExecutor: AnalysisExecutor = {
  concurrency: 1,
  featureVersion: 'test',
  analyze: async () => {
    throw new Error('not called');
  },
  close: async () => {},
};

function folderWithProblems(name: string, ext: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, 'sub'), { recursive: true });
  symlinkSync(join(dir, 'gone' + ext), join(dir, 'broken' + ext));
  symlinkSync(dir, join(dir, 'sub', 'loop'));
  return dir;
}

describe('what a scan skips', () => {
  it('names a link back into a folder already scanned', async () => {
    const dir = folderWithProblems('loop', '.mp4');
    const scan = await scanFolder(dir, VIDEO_EXTENSIONS);
    expect(scan.problems.map((p) => [p.path, p.reason])).toEqual([
      [join(dir, 'broken.mp4'), 'not found (broken link or removed during the scan)'],
      [join(dir, 'sub', 'loop'), `skipped: a link to ${dir}, which is scanned already`],
    ]);
  });

  it('is counted as failed by index, with its reason', async () => {
    const dir = folderWithProblems('music', '.wav');
    const r = await indexLibrary(openDatabase(':memory:'), dir, { executor: unusedExecutor });
    expect(r.failed).toBe(2);
    expect(r.failures.map((f) => f.path)).toEqual([join(dir, 'broken.wav'), join(dir, 'sub', 'loop')]);
  });

  it('is reported and counted by analyze', async () => {
    const dir = folderWithProblems('footage', '.mp4');
    const r = await analyzeProject(openDatabase(':memory:'), dir, { cacheDir: join(tmp.dir, 'cache') });
    expect(r.failed).toBe(2);
    expect(r.videos.map((v) => [v.path, v.error])).toEqual([
      [join(dir, 'broken.mp4'), 'not found (broken link or removed during the scan)'],
      [join(dir, 'sub', 'loop'), `skipped: a link to ${dir}, which is scanned already`],
    ]);
  });
});

describe('file names that are not UTF-8', () => {
  it('are reported as such, not as broken links', async () => {
    const dir = join(tmp.dir, 'latin1');
    mkdirSync(dir);
    // "café.mp3" in Latin-1: the é is the single byte 0xe9, not valid UTF-8.
    writeFileSync(Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9]), Buffer.from('.mp3')]), 'x');
    const scan = await scanFolder(dir, AUDIO_EXTENSIONS);
    expect(scan.files).toEqual([]);
    expect(scan.problems).toHaveLength(1);
    expect(scan.problems[0].reason).toBe('the file name is not valid UTF-8, so it cannot be opened by name; rename it');
  });
});
