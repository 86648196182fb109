import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runSuggestBench } from '../../../bench/suggestBench';
import { makeTempDir } from '../../helpers/fixtures';

const { dir: workDir, cleanup } = makeTempDir('cuefinder-suggest-bench-');
afterAll(cleanup);

describe('runSuggestBench (small sizes)', () => {
  it('measures both stages, recall, memory and growth at each size, and caches each index on disk', async () => {
    const result = (await runSuggestBench({ workDir, sizes: [1_000, 4_000], queries: 8 })) as {
      scorer: string;
      sizes: { segments: number; recallAt50: number; firstStage: { medianMs: number; evaluationsPerQuery: number }; endToEnd: { p95Ms: number }; memory: { peakRssMb: number } }[];
      growth: { evaluations: { exponent: number }[] };
    };
    expect(result.scorer).toMatch(/stand-in \(not AFCLNet\)/);
    expect(result.sizes.map((s) => s.segments)).toEqual([1_000, 4_000]);
    for (const size of result.sizes) {
      expect(size.recallAt50).toBeGreaterThanOrEqual(0.9);
      expect(size.firstStage.medianMs).toBeGreaterThan(0);
      expect(size.endToEnd.p95Ms).toBeGreaterThanOrEqual(size.firstStage.medianMs);
      expect(size.memory.peakRssMb).toBeGreaterThan(0);
    }
    expect(result.sizes[1].firstStage.evaluationsPerQuery).toBeLessThan(4_000);
    expect(result.growth.evaluations[0].exponent).toBeLessThan(1);
    expect(readdirSync(workDir).sort()).toEqual(['suggest-index-1000.bin', 'suggest-index-4000.bin']);
  });
});
