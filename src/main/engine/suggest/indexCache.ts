import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../model/matrix';
import { RetrievalIndex, type IndexBuildOptions } from './retrievalIndex';

/** Cached indexes kept per folder (one per library state and model version in use). */
const KEEP = 4;
const SUFFIX = '.ivf';

/**
 * The retrieval index of these vectors, from `dir` when it was built before for exactly the same
 * rows (the file is named by a hash of the vectors and the build options, so a changed library,
 * re-indexed tracks or another model never hit a stale index), else built and written there.
 * A damaged cache file is rebuilt; a cache that cannot be written only costs the next build.
 */
export function cachedRetrievalIndex(vectors: Matrix, dir: string | undefined, opts: IndexBuildOptions = {}): { index: RetrievalIndex; cached: boolean } {
  if (!dir) return { index: RetrievalIndex.build(vectors, opts), cached: false };
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ rows: vectors.rows, cols: vectors.cols, opts }));
  hash.update(new Uint8Array(vectors.data.buffer, vectors.data.byteOffset, vectors.rows * vectors.cols * 4));
  const file = join(dir, `${hash.digest('hex').slice(0, 32)}${SUFFIX}`);
  try {
    const index = RetrievalIndex.fromBuffer(readFileSync(file), file);
    const now = new Date();
    utimesSync(file, now, now);
    return { index, cached: true };
  } catch {
    // Missing or damaged: build it again.
  }
  const index = RetrievalIndex.build(vectors, opts);
  try {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, index.toBuffer());
    renameSync(partial, file);
    pruneCache(dir);
  } catch {
    // A read-only or full disk: the index works from memory all the same.
  }
  return { index, cached: false };
}

/** Keeps the KEEP most recently used index files. */
function pruneCache(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => ({ path: join(dir, f), used: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const f of files.slice(KEEP)) rmSync(f.path, { force: true });
}
