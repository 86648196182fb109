import { readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../../../src/main/engine/model/matrix';
import { cachedRetrievalIndex } from '../../../src/main/engine/suggest/indexCache';
import { seededRandom } from '../../../src/main/engine/model/rng';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-index-cache-');
afterAll(tmp.cleanup);

function vectors(seed: number, rows = 2000, cols = 24): Matrix {
  const random = seededRandom(seed);
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = random() * 2 - 1;
  return m;
}

const query = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
const files = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.ivf'));

describe('cachedRetrievalIndex', () => {
  it('reuses the index built for the same rows and answers exactly as the fresh one', () => {
    const dir = join(tmp.dir, 'same');
    const rows = vectors(1);
    const first = cachedRetrievalIndex(rows, dir);
    const again = cachedRetrievalIndex(rows, dir);
    expect([first.cached, again.cached]).toEqual([false, true]);
    expect(again.index.search(query, 20)).toEqual(first.index.search(query, 20));
    expect(files(dir)).toHaveLength(1);
  });

  it('never hands back an index of other rows: one changed value builds anew', () => {
    const dir = join(tmp.dir, 'changed');
    const rows = vectors(2);
    cachedRetrievalIndex(rows, dir);
    rows.data[777] += 0.5;
    const changed = cachedRetrievalIndex(rows, dir);
    expect(changed.cached).toBe(false);
    expect(changed.index.searchExact(query, 5)).toEqual(cachedRetrievalIndex(rows, undefined).index.searchExact(query, 5));
  });

  it('rebuilds a damaged file, keeps the four most recently used, and works where it cannot write', () => {
    const dir = join(tmp.dir, 'kept');
    const rows = vectors(3);
    cachedRetrievalIndex(rows, dir);
    truncateSync(join(dir, files(dir)[0]), 100);
    expect(cachedRetrievalIndex(rows, dir).cached).toBe(false);
    expect(cachedRetrievalIndex(rows, dir).cached).toBe(true);
    for (let seed = 10; seed < 16; seed++) cachedRetrievalIndex(vectors(seed, 300), dir);
    expect(files(dir)).toHaveLength(4);

    const notADir = join(tmp.dir, 'a file');
    writeFileSync(notADir, 'x');
    const fromMemory = cachedRetrievalIndex(rows, notADir);
    expect(fromMemory.cached).toBe(false);
    expect(fromMemory.index.size).toBe(rows.rows);
  });
});
