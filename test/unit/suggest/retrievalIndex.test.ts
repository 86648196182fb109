import { describe, expect, it } from 'vitest';
import { syntheticLibrary, syntheticScenes } from '../../../bench/suggestBench';
import { AFFECT_DIM } from '../../../src/shared/affect';
import { matrix, type Matrix } from '../../../src/main/engine/model/matrix';
import { RetrievalIndex } from '../../../src/main/engine/suggest/retrievalIndex';
import { retrievalVector } from '../../../src/main/engine/suggest/retrievalVector';
import { seededRandom } from '../../../src/main/engine/model/rng';
import { TopK } from '../../../src/main/engine/suggest/topK';

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const random = seededRandom(seed);
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = random() * 2 - 1;
  return m;
}

function innerProducts(m: Matrix, query: Float32Array): number[] {
  return Array.from({ length: m.rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j] * query[j];
    return s;
  });
}

function recallAt(index: RetrievalIndex, queries: Float32Array[], k: number): number {
  const perQuery = queries.map((q) => {
    const exact = new Set(index.searchExact(q, k).ids);
    return index.search(q, k).ids.filter((id) => exact.has(id)).length / k;
  });
  return perQuery.reduce((a, b) => a + b, 0) / perQuery.length;
}

describe('TopK', () => {
  it('keeps the k largest scores, best first', () => {
    const random = seededRandom(4);
    const scores = Array.from({ length: 1000 }, () => random());
    const top = new TopK(25);
    scores.forEach((s, id) => top.offer(id, s));
    const expected = scores.map((s, id) => ({ s, id })).sort((a, b) => b.s - a.s).slice(0, 25).map((e) => e.id);
    expect(Array.from(top.sorted().ids)).toEqual(expected);
  });
});

describe('retrievalVector', () => {
  it('scores a pair by the weighted projection cosine plus the affect-profile correlation', () => {
    const random = seededRandom(9);
    const p1 = Array.from({ length: 80 }, () => random() - 0.5);
    const p2 = Array.from({ length: 80 }, () => random() - 0.5);
    const a1 = Array.from({ length: AFFECT_DIM }, () => random());
    const a2 = Array.from({ length: AFFECT_DIM }, () => random());
    const v1 = retrievalVector(p1, a1);
    const v2 = retrievalVector(p2, a2);
    const cosine = (x: number[], y: number[]) => {
      const d = (u: number[], w: number[]) => u.reduce((s, ui, i) => s + ui * w[i], 0);
      return d(x, y) / Math.sqrt(d(x, x) * d(y, y));
    };
    const centred = (a: number[]) => a.map((v) => v - a.reduce((s, x) => s + x, 0) / a.length);
    const expected = 0.5 * cosine(p1, p2) + 0.5 * cosine(centred(a1), centred(a2));
    expect(v1.reduce((s, x, i) => s + x * v2[i], 0)).toBeCloseTo(expected, 5);
    expect(Math.hypot(...v1)).toBeCloseTo(1, 5);
  });

  it('rejects an affect vector of the wrong length', () => {
    expect(() => retrievalVector([1, 2], [0.5, 0.5])).toThrow(/16 values/);
  });
});

describe('RetrievalIndex', () => {
  it('exact search returns the true top-k by inner product', () => {
    const m = randomMatrix(500, 12, 1);
    const index = RetrievalIndex.build(m);
    const query = randomMatrix(1, 12, 2).data;
    const scores = innerProducts(m, query);
    const expected = scores.map((s, id) => ({ s, id })).sort((a, b) => b.s - a.s).slice(0, 10);
    const got = index.searchExact(query, 10);
    expect(Array.from(got.ids)).toEqual(expected.map((e) => e.id));
    got.scores.forEach((s, i) => expect(s).toBeCloseTo(expected[i].s, 4));
  });

  it('finds each stored row as its own best match', () => {
    const data = syntheticLibrary(3000, 21);
    const index = RetrievalIndex.build(data.vectors);
    for (const row of [0, 17, 1234, 2999]) {
      const q = data.vectors.data.slice(row * data.vectors.cols, (row + 1) * data.vectors.cols);
      expect(index.search(q, 1).ids[0]).toBe(row);
    }
  });

  it('has recall@50 of at least 0.9 against brute force at 20k clustered rows (default nprobe)', () => {
    const data = syntheticLibrary(20_000, 31);
    const index = RetrievalIndex.build(data.vectors);
    const queries = syntheticScenes(data, 50, 32).map((s) => s.retrievalVector);
    expect(recallAt(index, queries, 50)).toBeGreaterThanOrEqual(0.9);
  });

  it('costs clearly less than linear: inner products per query at 100k are under 20% of N and grow about as √N', () => {
    const cost = (n: number) => {
      const data = syntheticLibrary(n, 41);
      const index = RetrievalIndex.build(data.vectors);
      const queries = syntheticScenes(data, 20, 42).map((s) => s.retrievalVector);
      const evaluations = queries.map((q) => index.search(q, 50).evaluations);
      return { evaluations: evaluations.reduce((a, b) => a + b, 0) / queries.length, recall: recallAt(index, queries, 50) };
    };
    const small = cost(10_000);
    const large = cost(100_000);
    expect(large.evaluations).toBeLessThan(0.2 * 100_000);
    const exponent = Math.log(large.evaluations / small.evaluations) / Math.log(10);
    expect(exponent).toBeLessThan(0.7);
    expect(large.recall).toBeGreaterThanOrEqual(0.9);
  }, 60_000);

  it('round-trips through a buffer, also from an unaligned one, with identical results', () => {
    const data = syntheticLibrary(2000, 51);
    const index = RetrievalIndex.build(data.vectors);
    const buffer = index.toBuffer();
    const unaligned = new Uint8Array(buffer.byteLength + 1).subarray(1);
    unaligned.set(buffer);
    const query = syntheticScenes(data, 1, 52)[0].retrievalVector;
    for (const copy of [RetrievalIndex.fromBuffer(buffer), RetrievalIndex.fromBuffer(unaligned)]) {
      expect(copy.lists).toBe(index.lists);
      expect(copy.search(query, 30)).toEqual(index.search(query, 30));
    }
  });

  it('rejects a damaged buffer with the source named', () => {
    const buffer = RetrievalIndex.build(randomMatrix(300, 8, 3)).toBuffer();
    expect(() => RetrievalIndex.fromBuffer(buffer.subarray(0, buffer.byteLength - 4), '/cache/idx.bin')).toThrow(/\/cache\/idx\.bin: .*bytes, expected/);
    const wrongMagic = buffer.slice();
    wrongMagic[0] ^= 0xff;
    expect(() => RetrievalIndex.fromBuffer(wrongMagic, 'x.bin')).toThrow(/x\.bin: not a retrieval index/);
    expect(() => RetrievalIndex.fromBuffer(new Uint8Array(5), 'y.bin')).toThrow(/y\.bin: truncated/);
  });

  it('rejects non-finite rows and mis-sized queries, and answers empty from an empty library', () => {
    const bad = randomMatrix(50, 4, 5);
    bad.data[4 * 7 + 2] = Number.NaN;
    expect(() => RetrievalIndex.build(bad)).toThrow(/row 7 has a non-finite value/);
    const index = RetrievalIndex.build(randomMatrix(50, 4, 6));
    expect(() => index.search(new Float32Array(3), 5)).toThrow(/3 values, the index has 4 dims/);
    const empty = RetrievalIndex.build(matrix(0, 4));
    expect(empty.search(new Float32Array(4), 5).ids).toHaveLength(0);
    expect(RetrievalIndex.fromBuffer(empty.toBuffer()).size).toBe(0);
  });
});
