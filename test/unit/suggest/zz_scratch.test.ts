import { it } from 'vitest';
import { syntheticLibrary, syntheticScenes } from '../../../bench/suggestBench';
import { RetrievalIndex } from '../../../src/main/engine/suggest/retrievalIndex';
import { matrix } from '../../../src/main/engine/model/matrix';
import { seededRandom } from '../../../src/main/engine/suggest/seededRandom';

it('scratch', () => {
  for (const n of [20000, 100000]) {
    let t = performance.now();
    const lib = syntheticLibrary(n);
    const gen = performance.now() - t;
    // unclustered: gaussian rows normalised
    const r = seededRandom(5);
    const u = matrix(n, 96);
    for (let i = 0; i < u.data.length; i++) u.data[i] = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    for (const [name, vectors] of [['clustered', lib.vectors], ['uniform', u]] as const) {
      t = performance.now();
      const index = RetrievalIndex.build(vectors);
      const build = performance.now() - t;
      const scenes = syntheticScenes(lib, 50);
      for (const nprobe of [8, 16, 32]) {
        let rec = 0, ev = 0;
        for (const s of scenes) {
          const q = name === 'clustered' ? s.retrievalVector : vectors.data.slice(0, 96).map(() => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
          const exact = new Set(index.searchExact(q, 50).ids);
          const res = index.search(q, 50, { nprobe });
          rec += res.ids.filter((id) => exact.has(id)).length / 50;
          ev += res.evaluations;
        }
        console.log(name, n, 'gen', gen.toFixed(0), 'build', build.toFixed(0), 'nprobe', nprobe, 'recall', (rec / 50).toFixed(3), 'evals', ev / 50);
      }
    }
  }
});
