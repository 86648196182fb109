import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { afclnetConfig, createAfclnet, forwardAfclnet, predictAfclnet } from '../../../src/main/engine/model/afclnet';
import { afclnetLoss } from '../../../src/main/engine/model/afclnetLoss';
import { toTensor } from '../../../src/main/engine/model/layers';
import { matchingTask } from './synthetic';

function time(label: string, n: number, f: () => void) { f(); const t = performance.now(); for (let i = 0; i < n; i++) f(); console.log(label, ((performance.now() - t) / n).toFixed(1), 'ms'); }

it('probe', async () => {
  console.log(await initTf());
  const d = matchingTask(1024, 1);
  for (const B of [256, 1024]) {
    const cfg = afclnetConfig();
    const model = createAfclnet(cfg, 1);
    const xa = tf.slice(toTensor(d.xa), 0, B) as tf.Tensor2D, xv = tf.slice(toTensor(d.xv), 0, B) as tf.Tensor2D, p = tf.slice(toTensor(d.p), 0, B) as tf.Tensor2D;
    const t = { y: tf.fill([B], 0.5) as tf.Tensor1D, matched: tf.fill([B], 1) as tf.Tensor1D, affect: p };
    const opt = tf.train.adam(1e-3);
    time(`B=${B} forward`, 5, () => tf.tidy(() => { forwardAfclnet(model, xa, xv, p).match.dataSync(); }));
    time(`B=${B} grads`, 5, () => tf.tidy(() => { const g = tf.variableGrads(() => afclnetLoss(cfg, forwardAfclnet(model, xa, xv, p), t).total, model.params.variables()); g.value.dataSync(); }));
    time(`B=${B} step`, 5, () => { const c = opt.minimize(() => afclnetLoss(cfg, forwardAfclnet(model, xa, xv, p), t).total, true, model.params.variables()); c!.dataSync(); c!.dispose(); });
    const g = tf.variableGrads(() => afclnetLoss(cfg, forwardAfclnet(model, xa, xv, p), t).total, model.params.variables());
    time(`B=${B} adam apply only`, 5, () => { opt.applyGradients(g.grads); tf.sum(model.params.variables()[0]).dataSync(); });
    time(`predict 1000 rows`, 3, () => { predictAfclnet(model, d); });
    console.log('tensors', tf.memory().numTensors, 'params', model.params.size(), 'vars', model.params.variables().length);
  }
  // profile
  const cfg = afclnetConfig(); const model = createAfclnet(cfg, 1);
  const xa = toTensor(d.xa), xv = toTensor(d.xv), p = toTensor(d.p);
  const prof = await tf.profile(() => { const g = tf.variableGrads(() => afclnetLoss(cfg, forwardAfclnet(model, xa, xv, p), { y: tf.fill([1024], 0.5) as tf.Tensor1D, matched: tf.fill([1024], 1) as tf.Tensor1D, affect: p }).total, model.params.variables()); return g.value; });
  const by = new Map<string, { n: number; ms: number }>();
  for (const k of prof.kernels) { const e = by.get(k.name) ?? { n: 0, ms: 0 }; e.n++; e.ms += (k.kernelTimeMs as number) || 0; by.set(k.name, e); }
  console.log([...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15).map(([k, v]) => `${k} ${v.n} ${v.ms.toFixed(1)}`).join('\n'));
}, 600000);
