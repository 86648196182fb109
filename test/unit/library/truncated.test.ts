import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/engine/db/database';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { indexLibrary } from '../../../src/main/engine/library/libraryIndexer';
import { makeTempDir, writeWav } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-truncated-');
afterAll(tmp.cleanup);

/** Attack finding 9: a truncated file was indexed as a shorter track without a word. */
describe('a truncated audio file', () => {
  it('is indexed with what can be decoded, and a warning naming both lengths', async () => {
    const dir = join(tmp.dir, 'music');
    mkdirSync(dir);
    const path = join(dir, 'cut off.flac');
    writeWav(path, Float32Array.from({ length: 22050 * 10 }, (_, n) => 0.3 * Math.sin(n / 7)), 22050);
    truncateSync(path, Math.floor(statSync(path).size * 0.4));
    const r = await indexLibrary(openDatabase(':memory:'), dir, { executor: inProcessExecutor() });
    expect(r.indexed).toBe(1);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0].path).toBe(path);
    expect(r.warnings[0].reason).toMatch(/^truncated: only [34]\.\d s of its 10\.0 s could be decoded$/);
  }, 60_000);
});
