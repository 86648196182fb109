import { matrix, type Matrix } from '../model/matrix';
import { seededRandom } from '../model/rng';
import { TopK } from './topK';

/**
 * An inverted-file (IVF) index for maximum-inner-product search over retrieval vectors.
 *
 * Build: spherical k-means (unit centroids, assignment by largest inner product) on a random
 * sample of the rows, then every row goes into the list of its best centroid. Rows of one list are
 * stored contiguously, so a probe is one linear scan.
 * Search: score the query against every centroid, scan the `nprobe` best lists exactly.
 * With lists ≈ √N and a fixed nprobe a query costs about (1 + nprobe)·√N inner products instead
 * of N. It assumes rows of (about) equal norm, which retrieval vectors have by construction.
 * From ROUTE_FROM_LISTS lists on, the build finds a row's centroid through a small IVF over the
 * centroids themselves (probing ROUTE_PROBES of its ≈√lists groups), which makes the build about
 * N·4√lists instead of N·lists inner products; a row that lands in a near-best list only costs
 * recall if that list is not probed.
 */

export interface IndexBuildOptions {
  /** Inverted lists; default round(√N), clamped to [1, MAX_LISTS] and to N. */
  lists?: number;
  /** Rows k-means trains on; default max(TRAIN_ROWS_PER_LIST · lists, MIN_TRAIN_ROWS), at most N. */
  trainingRows?: number;
  /** k-means iterations; default 8 (centroids only need to partition, not to converge). */
  iterations?: number;
  seed?: number;
  /** Lists a search probes unless it says otherwise; default DEFAULT_NPROBE. */
  nprobe?: number;
}

export interface SearchResult {
  /** Row numbers of the build matrix, best first. */
  ids: Int32Array;
  scores: Float32Array;
  /** Inner products computed (centroids included): the cost of the query. */
  evaluations: number;
}

export const MAX_LISTS = 4096;
export const DEFAULT_NPROBE = 24;
const TRAIN_ROWS_PER_LIST = 32;
const MIN_TRAIN_ROWS = 4096;
const DEFAULT_ITERATIONS = 8;
const ROUTE_FROM_LISTS = 64;
const ROUTE_PROBES = 4;

const MAGIC = 0x56494643; // 'CFIV' read as a little-endian uint32
const FORMAT_VERSION = 1;
const HEADER_INTS = 8;

export class RetrievalIndex {
  private constructor(
    readonly dims: number,
    readonly size: number,
    readonly defaultNprobe: number,
    /** lists × dims, unit rows. */
    private readonly centroids: Float32Array,
    /** lists + 1 offsets into listIds/listVectors (CSR). */
    private readonly listOffsets: Int32Array,
    /** Build-matrix row of each stored vector, grouped by list. */
    private readonly listIds: Int32Array,
    /** size × dims, in listIds order. */
    private readonly listVectors: Float32Array,
  ) {}

  get lists(): number {
    return this.listOffsets.length - 1;
  }

  static build(vectors: Matrix, opts: IndexBuildOptions = {}): RetrievalIndex {
    const { rows: n, cols: dims, data } = vectors;
    if (dims < 1) throw new Error('retrieval index: vectors need at least one column');
    for (let i = 0; i < n * dims; i++) {
      if (!Number.isFinite(data[i])) throw new Error(`retrieval index: row ${Math.floor(i / dims)} has a non-finite value`);
    }
    const nprobe = Math.max(1, Math.round(opts.nprobe ?? DEFAULT_NPROBE));
    if (n === 0) return new RetrievalIndex(dims, 0, nprobe, new Float32Array(0), new Int32Array(1), new Int32Array(0), new Float32Array(0));

    const lists = Math.min(n, MAX_LISTS, Math.max(1, Math.round(opts.lists ?? Math.sqrt(n))));
    const trainingRows = Math.min(n, Math.max(lists, Math.round(opts.trainingRows ?? Math.max(TRAIN_ROWS_PER_LIST * lists, MIN_TRAIN_ROWS))));
    const seed = opts.seed ?? 1;
    const centroids = RetrievalIndex.trainCentroids(data, n, dims, lists, trainingRows, opts.iterations ?? DEFAULT_ITERATIONS, seed);

    const nearest = RetrievalIndex.centroidRouter(centroids, lists, dims, seed);
    const assignment = new Int32Array(n);
    const counts = new Int32Array(lists);
    for (let i = 0; i < n; i++) {
      assignment[i] = nearest(data, i * dims);
      counts[assignment[i]]++;
    }
    const listOffsets = new Int32Array(lists + 1);
    for (let c = 0; c < lists; c++) listOffsets[c + 1] = listOffsets[c] + counts[c];
    const cursor = listOffsets.slice(0, lists);
    const listIds = new Int32Array(n);
    const listVectors = new Float32Array(n * dims);
    for (let i = 0; i < n; i++) {
      const at = cursor[assignment[i]]++;
      listIds[at] = i;
      listVectors.set(data.subarray(i * dims, (i + 1) * dims), at * dims);
    }
    return new RetrievalIndex(dims, n, nprobe, centroids, listOffsets, listIds, listVectors);
  }

  /**
   * The k rows with the largest inner product among the probed lists. Lists are probed best
   * centroid first; probing goes past nprobe until at least k rows were seen, so a small list
   * never returns fewer than k results when the index holds k.
   */
  search(query: Float32Array, k: number, opts: { nprobe?: number } = {}): SearchResult {
    this.#checkQuery(query, k);
    const lists = this.lists;
    if (lists === 0 || k === 0) return { ids: new Int32Array(0), scores: new Float32Array(0), evaluations: 0 };
    const nprobe = Math.min(lists, Math.max(1, Math.round(opts.nprobe ?? this.defaultNprobe)));
    const centroidScores = new Float32Array(lists);
    for (let c = 0; c < lists; c++) centroidScores[c] = dot(this.centroids, c * this.dims, query, 0, this.dims);
    const order = Array.from({ length: lists }, (_, c) => c).sort((a, b) => centroidScores[b] - centroidScores[a]);

    const best = new TopK(Math.min(k, this.size));
    let scanned = 0;
    for (let p = 0; p < lists && (p < nprobe || scanned < k); p++) {
      const list = order[p];
      const end = this.listOffsets[list + 1];
      for (let at = this.listOffsets[list]; at < end; at++) {
        best.offer(this.listIds[at], dot(this.listVectors, at * this.dims, query, 0, this.dims));
      }
      scanned += end - this.listOffsets[list];
    }
    return { ...best.sorted(), evaluations: lists + scanned };
  }

  /** Brute force over every row: the reference for recall, and the answer when exactness matters more than time. */
  searchExact(query: Float32Array, k: number): SearchResult {
    this.#checkQuery(query, k);
    const best = new TopK(Math.min(k, this.size));
    for (let at = 0; at < this.size; at++) best.offer(this.listIds[at], dot(this.listVectors, at * this.dims, query, 0, this.dims));
    return { ...best.sorted(), evaluations: this.size };
  }

  /** Bytes the index holds in memory (and on disk, plus a 32-byte header). */
  get byteLength(): number {
    return this.centroids.byteLength + this.listOffsets.byteLength + this.listIds.byteLength + this.listVectors.byteLength;
  }

  /**
   * A self-describing little-endian image for a disk cache. The caller keys the file by model
   * version and library state; this format only guards its own shape.
   */
  toBuffer(): Uint8Array {
    const out = new Uint8Array(HEADER_INTS * 4 + this.byteLength);
    const header = new Int32Array(out.buffer, 0, HEADER_INTS);
    header.set([MAGIC, FORMAT_VERSION, this.dims, this.size, this.lists, this.defaultNprobe]);
    let at = HEADER_INTS * 4;
    for (const part of [this.centroids, this.listOffsets, this.listIds, this.listVectors]) {
      out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
      at += part.byteLength;
    }
    return out;
  }

  /** Reads a toBuffer() image; `source` (e.g. the cache file path) names the input in errors. */
  static fromBuffer(buffer: Uint8Array, source = 'retrieval index'): RetrievalIndex {
    const fail = (reason: string): never => {
      throw new Error(`${source}: ${reason}`);
    };
    if (buffer.byteLength < HEADER_INTS * 4) fail(`truncated: ${buffer.byteLength} bytes, shorter than the header`);
    // Typed views need 4-byte alignment; Node buffers from a pool may start anywhere.
    const bytes = buffer.byteOffset % 4 === 0 ? buffer : buffer.slice();
    const header = new Int32Array(bytes.buffer, bytes.byteOffset, HEADER_INTS);
    const [magic, version, dims, size, lists, nprobe] = header;
    if (magic !== MAGIC) fail('not a retrieval index (bad magic number)');
    if (version !== FORMAT_VERSION) fail(`format version ${version}, this build reads ${FORMAT_VERSION}`);
    if (dims < 1 || size < 0 || lists < 0 || lists > Math.max(size, 0) || nprobe < 1 || (size > 0 && lists === 0)) {
      fail(`corrupt header (dims ${dims}, rows ${size}, lists ${lists}, nprobe ${nprobe})`);
    }
    const expected = 4 * (HEADER_INTS + lists * dims + lists + 1 + size + size * dims);
    if (bytes.byteLength !== expected) fail(`${bytes.byteLength} bytes, expected ${expected} for ${size} rows × ${dims} dims`);
    let at = bytes.byteOffset + HEADER_INTS * 4;
    const take = <T>(make: (b: ArrayBufferLike, offset: number, length: number) => T, length: number): T => {
      const part = make(bytes.buffer, at, length);
      at += 4 * length;
      return part;
    };
    const centroids = take((b, o, l) => new Float32Array(b, o, l), lists * dims);
    const listOffsets = take((b, o, l) => new Int32Array(b, o, l), lists + 1);
    const listIds = take((b, o, l) => new Int32Array(b, o, l), size);
    const listVectors = take((b, o, l) => new Float32Array(b, o, l), size * dims);
    if (listOffsets[0] !== 0 || listOffsets[lists] !== size) fail('corrupt list offsets');
    for (let c = 0; c < lists; c++) if (listOffsets[c + 1] < listOffsets[c]) fail('corrupt list offsets');
    const seen = new Uint8Array(size);
    for (const id of listIds) {
      if (id < 0 || id >= size || seen[id]) fail('corrupt row ids');
      seen[id] = 1;
    }
    return new RetrievalIndex(dims, size, nprobe, centroids, listOffsets, listIds, listVectors);
  }

  private static trainCentroids(
    data: Float32Array,
    n: number,
    dims: number,
    lists: number,
    trainingRows: number,
    iterations: number,
    seed: number,
  ): Float32Array {
    const random = seededRandom(seed);
    // The first trainingRows of a random permutation: a uniform sample without replacement.
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < trainingRows; i++) {
      const j = i + Math.floor(random() * (n - i));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const train = new Float32Array(trainingRows * dims);
    for (let i = 0; i < trainingRows; i++) train.set(data.subarray(rows[i] * dims, (rows[i] + 1) * dims), i * dims);

    const centroids = train.slice(0, lists * dims);
    for (let c = 0; c < lists; c++) normalizeRow(centroids, c * dims, dims);
    const sums = new Float64Array(lists * dims);
    const counts = new Int32Array(lists);
    for (let iter = 0; iter < iterations; iter++) {
      sums.fill(0);
      counts.fill(0);
      const nearest = RetrievalIndex.centroidRouter(centroids, lists, dims, seed + iter + 1);
      for (let i = 0; i < trainingRows; i++) {
        const c = nearest(train, i * dims);
        counts[c]++;
        for (let j = 0; j < dims; j++) sums[c * dims + j] += train[i * dims + j];
      }
      for (let c = 0; c < lists; c++) {
        if (counts[c] === 0) {
          // An empty list would waste a probe: restart it on a random training row.
          const r = Math.floor(random() * trainingRows);
          centroids.set(train.subarray(r * dims, (r + 1) * dims), c * dims);
        } else {
          for (let j = 0; j < dims; j++) centroids[c * dims + j] = sums[c * dims + j];
        }
        normalizeRow(centroids, c * dims, dims);
      }
    }
    return centroids;
  }

  /** The best centroid for the row at data[offset..offset+dims): exact below ROUTE_FROM_LISTS lists, else routed. */
  private static centroidRouter(centroids: Float32Array, lists: number, dims: number, seed: number): (data: Float32Array, offset: number) => number {
    if (lists < ROUTE_FROM_LISTS) return (data, offset) => bestCentroid(centroids, lists, data, offset, dims);
    const route = RetrievalIndex.build(matrix(lists, dims, centroids), { seed, nprobe: ROUTE_PROBES });
    const groups = new TopK(Math.min(ROUTE_PROBES, route.lists));
    return (data, offset) => {
      groups.clear();
      for (let g = 0; g < route.lists; g++) groups.offer(g, dot(route.centroids, g * dims, data, offset, dims));
      let best = 0;
      let bestScore = -Infinity;
      for (let p = 0; p < groups.size; p++) {
        const g = groups.idAt(p);
        for (let at = route.listOffsets[g]; at < route.listOffsets[g + 1]; at++) {
          const score = dot(route.listVectors, at * dims, data, offset, dims);
          if (score > bestScore) {
            bestScore = score;
            best = route.listIds[at];
          }
        }
      }
      return best;
    };
  }

  #checkQuery(query: Float32Array, k: number): void {
    if (query.length !== this.dims) throw new Error(`retrieval query has ${query.length} values, the index has ${this.dims} dims`);
    if (!Number.isInteger(k) || k < 0) throw new Error(`retrieval k must be a non-negative integer (got ${k})`);
  }
}

function bestCentroid(centroids: Float32Array, lists: number, data: Float32Array, offset: number, dims: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < lists; c++) {
    const s = dot(centroids, c * dims, data, offset, dims);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

function normalizeRow(m: Float32Array, offset: number, dims: number): void {
  const norm = Math.sqrt(dot(m, offset, m, offset, dims));
  if (norm > 0) for (let j = 0; j < dims; j++) m[offset + j] /= norm;
}

/** Inner product of a[ao..ao+d) and b[bo..bo+d), four accumulators so the loop pipelines. */
export function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < d; i += 4) {
    s0 += a[ao + i] * b[bo + i];
    s1 += a[ao + i + 1] * b[bo + i + 1];
    s2 += a[ao + i + 2] * b[bo + i + 2];
    s3 += a[ao + i + 3] * b[bo + i + 3];
  }
  for (; i < d; i++) s0 += a[ao + i] * b[bo + i];
  return s0 + s1 + s2 + s3;
}
