import { it } from 'vitest';
import { AFFECT_DIM } from '../../../../src/shared/affect';
import { matrix } from '../../../../src/main/engine/model/matrix';
import { createRng } from '../../../../src/main/engine/model/rng';
import { loadGbdtEngine } from '../../../../src/main/engine/model/gbdt/gbdt';
import { trainAffectPredictor } from '../../../../src/main/engine/model/gbdt/affectPredictor';
function data(n: number, d: number, seed: number) { const rng = createRng(seed); const x = matrix(n, d); const y = matrix(n, AFFECT_DIM);
 for (let i = 0; i < n; i++) { for (let j = 0; j < d; j++) x.data[i*d+j] = rng.next()*2-1;
   for (let k = 0; k < AFFECT_DIM; k++) { const r = x.data.subarray(i*d, i*d+d); const z = r[k] + Math.sin(3*r[k+20]) + r[k+40]**2 + 0.5*(rng.next()-0.5); y.data[i*AFFECT_DIM+k] = 1/(1+Math.exp(-z)); } }
 return { x, y }; }
it('timing', async () => {
  const tr = data(1760, 200, 1), va = data(220, 200, 2);
  for (const name of ['libxgboost']) {
    const engine = await loadGbdtEngine({ CUEFINDER_GBDT: name });
    const t = performance.now(); const cpu = process.cpuUsage();
    const p = await trainAffectPredictor(tr.x, tr.y, va.x, va.y, { engine });
    const c = process.cpuUsage(cpu);
    console.log(name, 'train s', ((performance.now() - t) / 1000).toFixed(1), 'cpu s', ((c.user + c.system) / 1e6).toFixed(1), 'rounds', p.rounds.join(','));
  }
}, 900000);
