import { it } from 'vitest';
import { matrix } from '../../../../src/main/engine/model/matrix';
import { createRng } from '../../../../src/main/engine/model/rng';
import { fitGbdt } from '../../../../src/main/engine/model/gbdt/gbdt';
import { loadLibxgboostEngine } from '../../../../src/main/engine/model/gbdt/libxgboostEngine';
function data(n: number, d: number, seed: number) { const rng = createRng(seed); const x = matrix(n, d); const y = new Float32Array(n);
 for (let i = 0; i < n; i++) { for (let j = 0; j < d; j++) x.data[i*d+j] = rng.next()*2-1; y[i] = Math.sin(3*x.data[i*d]) + x.data[i*d+1]**2 + rng.next(); } return { x, y }; }
it('timing', async () => {
  const e = await loadLibxgboostEngine();
  const tr = data(1800, 200, 1), va = data(220, 200, 2);
  for (const threads of [1, 2, 1, 2]) {
    const t = performance.now();
    const m = fitGbdt(e, tr, va, { rounds: 200, threads, earlyStoppingRounds: 1000 });
    console.log('threads', threads, 'ms', performance.now() - t, m.rounds);
  }
}, 600000);
