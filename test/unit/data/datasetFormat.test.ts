import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AFFECT_DIMENSIONS } from '../../../src/shared/affect';
import { formatCsv, parseCsv } from '../../../src/main/engine/data/csv';
import {
  DatasetError,
  datasetSplits,
  formatAffectCsv,
  formatPairsCsv,
  readDataset,
  splitPairs,
  type PairsCsvRow,
} from '../../../src/main/engine/data/datasetFormat';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-dataset-');
afterAll(tmp.cleanup);
let counter = 0;

/** A dataset folder with `clips` video/music clip pairs (empty placeholder media), positives and negatives. */
function writeDataset(clips: number, edit?: { pairs?: (text: string) => string; affect?: (text: string) => string; meta?: unknown }): string {
  const dir = join(tmp.dir, `ds${counter++}`);
  mkdirSync(join(dir, 'video'), { recursive: true });
  mkdirSync(join(dir, 'music'), { recursive: true });
  const rows: PairsCsvRow[] = [];
  for (let i = 0; i < clips; i++) {
    writeFileSync(join(dir, 'video', `v${i}.mp4`), '');
    writeFileSync(join(dir, 'music', `m${i}.flac`), '');
    rows.push({ id: `p${i}a`, video: `video/v${i}.mp4`, music: `music/m${i}.flac`, score: 4.2, videoClip: `v${i}`, musicClip: `m${i}` });
    const j = (i + 1) % clips;
    rows.push({ id: `p${i}b`, video: `video/v${i}.mp4`, music: `music/m${j}.flac`, score: 1.7, videoClip: `v${i}`, musicClip: `m${j}` });
  }
  const affect = Array.from({ length: clips }, (_, i) => [
    { clipId: `v${i}`, modality: 'video' as const, affect: AFFECT_DIMENSIONS.map((_, d) => ((i + d) % 10) / 10) },
    { clipId: `m${i}`, modality: 'music' as const, affect: AFFECT_DIMENSIONS.map((_, d) => ((i * d) % 10) / 10) },
  ]).flat();
  const pairsText = formatPairsCsv(rows);
  writeFileSync(join(dir, 'pairs.csv'), edit?.pairs ? edit.pairs(pairsText) : pairsText);
  const affectText = formatAffectCsv(affect);
  writeFileSync(join(dir, 'affect.csv'), edit?.affect ? edit.affect(affectText) : affectText);
  if (edit?.meta !== undefined) writeFileSync(join(dir, 'meta.json'), JSON.stringify(edit.meta));
  return dir;
}

/** Replaces line `n` (1-based) of a CSV text. */
const replaceLine = (text: string, n: number, fn: (line: string) => string): string =>
  text
    .split('\n')
    .map((l, i) => (i === n - 1 ? fn(l) : l))
    .join('\n');

function problemsOf(dir: string): string[] {
  try {
    readDataset(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return (err as DatasetError).problems;
  }
  throw new Error('expected readDataset to reject the folder');
}

describe('readDataset', () => {
  it('reads pairs, affect and meta, with media paths resolved against the folder', () => {
    const dir = writeDataset(3, { meta: { name: 'tiny' } });
    const ds = readDataset(dir);
    expect(ds.pairs).toHaveLength(6);
    expect(ds.pairs[0]).toEqual({
      id: 'p0a',
      videoPath: join(dir, 'video/v0.mp4'),
      musicPath: join(dir, 'music/m0.flac'),
      score: 4.2,
      videoClipId: 'v0',
      musicClipId: 'm0',
    });
    expect(ds.affect.size).toBe(6);
    expect(ds.affect.get('m2')!.modality).toBe('music');
    expect(ds.affect.get('v1')!.affect).toHaveLength(16);
    expect(ds.meta).toEqual({ name: 'tiny' });
  });

  it('accepts snake_case headers, a BOM, CRLF line ends and a missing affect.csv', () => {
    const dir = writeDataset(2, {
      pairs: (t) => '\ufeff' + t.replace('videoClip,musicClip', 'video_clip,Music_Clip').replace(/\n/g, '\r\n'),
    });
    writeFileSync(join(dir, 'affect.csv'), formatAffectCsv([]));
    expect(readDataset(dir).pairs[1].musicClipId).toBe('m1');
  });

  it('maps a declared scoreRange and affectRange onto 1–5 and [0, 1]', () => {
    const dir = writeDataset(2, {
      meta: { scoreRange: [0, 5], affectRange: [1, 5] },
      affect: () =>
        formatCsv(
          ['clipId', 'modality', ...AFFECT_DIMENSIONS],
          [
            ['v0', 'video', ...AFFECT_DIMENSIONS.map(() => 5)],
            ['m0', 'music', ...AFFECT_DIMENSIONS.map(() => 3)],
          ],
        ),
    });
    const ds = readDataset(dir);
    expect(ds.pairs[0].score).toBeCloseTo(1 + (4 * 4.2) / 5, 10);
    expect(ds.affect.get('v0')!.affect.every((x) => x === 1)).toBe(true);
    expect(ds.affect.get('m0')!.affect.every((x) => x === 0.5)).toBe(true);
  });

  it('names file and line for a row with a wrong field count and a bad score', () => {
    const dir = writeDataset(3, {
      pairs: (t) => replaceLine(replaceLine(t, 3, (l) => l.replace(',1.7,', ',1.7,extra,')), 5, (l) => l.replace(',1.7,', ',abc,')),
    });
    const problems = problemsOf(dir);
    expect(problems).toContain(`${join(dir, 'pairs.csv')}:3: expected 6 fields, found 7`);
    expect(problems).toContain(`${join(dir, 'pairs.csv')}:5: score "abc" is not a number`);
  });

  it('rejects out-of-range scores, duplicate ids, missing media and a missing column', () => {
    const file = (dir: string): string => join(dir, 'pairs.csv');
    let dir = writeDataset(2, { pairs: (t) => replaceLine(t, 2, (l) => l.replace(',4.2,', ',5.5,')) });
    expect(problemsOf(dir)).toEqual([`${file(dir)}:2: score 5.5 is outside 1–5`]);
    dir = writeDataset(2, { pairs: (t) => replaceLine(t, 3, (l) => l.replace('p0b', 'p0a')) });
    expect(problemsOf(dir)).toEqual([`${file(dir)}:3: duplicate id "p0a" (first on line 2)`]);
    dir = writeDataset(2, { pairs: (t) => replaceLine(t, 4, (l) => l.replace('video/v1.mp4', 'video/nope.mp4')) });
    expect(problemsOf(dir)[0]).toBe(`${file(dir)}:4: video file not found: video/nope.mp4`);
    dir = writeDataset(2, { pairs: (t) => t.replace('score', 'rating') });
    expect(problemsOf(dir)).toEqual([`${file(dir)}:1: missing column "score"`]);
  });

  it('rejects bad affect rows and clip ids used for two modalities', () => {
    const file = (dir: string): string => join(dir, 'affect.csv');
    let dir = writeDataset(2, { affect: (t) => replaceLine(t, 3, (l) => l.replace(/,[^,]*$/, ',1.5')) });
    expect(problemsOf(dir)).toEqual([`${file(dir)}:3: solemn 1.5 is outside 0–1`]);
    dir = writeDataset(2, { affect: (t) => replaceLine(t, 2, (l) => l.replace('v0,video', 'v0,music')) });
    expect(problemsOf(dir)).toEqual([`${file(dir)}:2: clip "v0" is a video clip in pairs.csv but labelled music`]);
    dir = writeDataset(2, { affect: (t) => t.replace(',epic', ',epik') });
    expect(problemsOf(dir)).toEqual([`${file(dir)}:1: missing column "epic"`]);
  });

  it('rejects a missing folder, a missing pairs.csv, broken meta.json and broken quoting', () => {
    expect(() => readDataset(join(tmp.dir, 'absent'))).toThrow(/folder not found/);
    const dir = writeDataset(2, { pairs: (t) => replaceLine(t, 4, (l) => l.replace('p1a', 'p1"a')) });
    writeFileSync(join(dir, 'meta.json'), '{ nope');
    const problems = problemsOf(dir);
    expect(problems.some((p) => p.startsWith(`${join(dir, 'meta.json')}: invalid JSON`))).toBe(true);
    expect(problems).toContain(`${join(dir, 'pairs.csv')}:4: quote inside an unquoted field`);
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    expect(problemsOf(empty)).toEqual([`${join(empty, 'pairs.csv')}: file not found`]);
  });
});

describe('CSV', () => {
  it('round-trips quotes, commas and newlines and reports the line a record starts on', () => {
    const text = formatCsv(['a', 'b'], [['x,y', 'say "hi"'], ['multi\nline', 'z'], ['last', '1']]);
    const records = parseCsv(text);
    expect(records.map((r) => r.fields)).toEqual([['a', 'b'], ['x,y', 'say "hi"'], ['multi\nline', 'z'], ['last', '1']]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });
});

describe('splitPairs', () => {
  // 200 videos, each with a positive and a negative that borrows the next video's music.
  const pairs = Array.from({ length: 400 }, (_, k) => {
    const v = k >> 1;
    const m = k % 2 === 0 ? v : (v + 1) % 200;
    return { id: `p${k}`, videoClipId: `v${v}`, musicClipId: `m${m}` };
  });

  it('splits 8:1:1 within one group and never puts a video clip on two sides', () => {
    const { train, val, test } = splitPairs(pairs);
    expect(train.length + val.length + test.length).toBe(400);
    expect(Math.abs(train.length - 320)).toBeLessThanOrEqual(2);
    expect(Math.abs(val.length - 40)).toBeLessThanOrEqual(2);
    expect(Math.abs(test.length - 40)).toBeLessThanOrEqual(2);
    const side = new Map<string, string>();
    for (const [name, part] of Object.entries({ train, val, test })) {
      for (const p of part) {
        expect(side.get(p.videoClipId) ?? name).toBe(name);
        side.set(p.videoClipId, name);
      }
    }
  });

  it("with groupBy 'clips' keeps music clips on one side too", () => {
    // Music shared in triples only, as SynthAffect builds it.
    const triples = Array.from({ length: 300 }, (_, k) => {
      const v = k >> 1;
      const base = v - (v % 3);
      const m = k % 2 === 0 ? v : base + ((v - base + 1) % 3);
      return { id: `p${k}`, videoClipId: `v${v}`, musicClipId: `m${m}` };
    });
    const split = splitPairs(triples, 42, [0.8, 0.1, 0.1], 'clips');
    const sides = new Map<string, Set<string>>();
    for (const [name, part] of Object.entries(split)) {
      for (const p of part) for (const clip of [p.videoClipId, p.musicClipId]) sides.set(clip, (sides.get(clip) ?? new Set()).add(name));
    }
    expect([...sides.values()].every((s) => s.size === 1)).toBe(true);
    expect(Math.abs(split.test.length - 30)).toBeLessThanOrEqual(6);
  });

  it('is seeded and ignores the input order', () => {
    const a = splitPairs(pairs, 42);
    const b = splitPairs([...pairs].reverse(), 42);
    const ids = (x: { id: string }[]): string[] => x.map((p) => p.id).sort();
    expect(ids(b.test)).toEqual(ids(a.test));
    expect(ids(splitPairs(pairs, 7).test)).not.toEqual(ids(a.test));
    expect(() => splitPairs(pairs, 42, [0.8, -0.1, 0.3])).toThrow(/non-negative/);
  });

  it('datasetSplits prefers the split column', () => {
    const labelled = pairs.map((p, i) => ({ ...p, split: (i < 10 ? 'test' : 'train') as 'test' | 'train' }));
    expect(datasetSplits(labelled).test).toHaveLength(10);
    expect(datasetSplits(pairs).test.length).toBeGreaterThan(30);
  });
});
