import { it } from 'vitest';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { afclnetConfig, predictAfclnet } from '../../../src/main/engine/model/afclnet';
import { trainAfclnet, regressionMetrics } from '../../../src/main/engine/model/trainer';
import { scoreToTarget } from '../../../src/shared/affect';
import { matchingTask } from './synthetic';

it('probe', async () => {
  await initTf();
  const tr = matchingTask(1500, 1), va = matchingTask(300, 2), te = matchingTask(500, 3);
  const y = Array.from(te.score, scoreToTarget);
  const variants: Record<string, object> = { residual: { selfResidual: true }, tokenResidual: { attnMode: 'token', selfResidual: true }, residualConsecutive: { selfResidual: true, poolMode: 'consecutive' } };
  for (const [name, cfg] of Object.entries(variants)) {
    const res = [];
    for (const seed of [1, 2]) {
      const r = await trainAfclnet(tr, va, { config: afclnetConfig(cfg), training: { learningRate: 1e-3, batchSize: 256, maxEpochs: 40, patience: 10 }, seed });
      const m = regressionMetrics(y, Array.from(predictAfclnet(r.model, te).score, scoreToTarget));
      res.push(m); r.model.params.dispose();
    }
    console.log(`RESULT ${name}: test MAE ${(res.reduce((a, m) => a + m.mae, 0) / 2).toFixed(4)} R2 ${(res.reduce((a, m) => a + m.r2, 0) / 2).toFixed(3)}`);
  }
}, 3600000);
