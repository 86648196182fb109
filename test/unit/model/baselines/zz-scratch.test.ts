import { it } from 'vitest';
import { trainMlp } from '../../../../src/main/engine/model/baselines/mlp';
import { BlockScaler } from '../../../../src/main/engine/model/baselines/pairs';
import { CcaFusion } from '../../../../src/main/engine/model/baselines/ccaFeatures';
import { matrix } from '../../../../src/main/engine/model/matrix';
import { createRng } from '../../../../src/main/engine/model/rng';
import { mse, r2 } from '../../../../src/main/engine/model/metrics';
import { syntheticPairs } from './syntheticPairs';
const train = syntheticPairs(500, 1), val = syntheticPairs(150, 2), test = syntheticPairs(300, 3);
it('mlp debug', () => {
  const rng = createRng(1);
  const mk = (n: number) => { const x = matrix(n, 5); const y = new Float32Array(n); for (let i = 0; i < n; i++) { for (let j = 0; j < 5; j++) x.data[i*5+j] = rng.next()*2-1; y[i] = 0.5 + 0.2*x.data[i*5] - 0.1*x.data[i*5+1] + 0.2 * x.data[i*5+2]*x.data[i*5+3]; } return { x, y }; };
  const a = mk(500), b = mk(150), c = mk(300);
  for (const hidden of [[], [16]]) { const net = trainMlp(a, b, { hidden, activation: 'tanh', learningRate: 3e-3, batchSize: 32, maxEpochs: 300, patience: 30, weightDecay: 0, seed: 1 });
    console.log('toy', hidden, net.epochs, 'r2', r2(c.y, net.predict(c.x)).toFixed(3)); }
  const f = CcaFusion.fit(train);
  const F = (d: any) => f.transform(d); const s2 = BlockScaler.fit([F(train)]);
  for (const hidden of [[], [32]]) {
    const net = trainMlp({ x: s2.apply([F(train)], 'x'), y: train.y }, { x: s2.apply([F(val)], 'x'), y: val.y }, { hidden, activation: 'tanh', learningRate: 3e-3, batchSize: 32, maxEpochs: 300, patience: 30, weightDecay: 1e-4, seed: 1 });
    console.log('cca', hidden, 'epochs', net.epochs, 'val', mse(val.y, net.predict(s2.apply([F(val)], 'x'))).toFixed(4), 'test', mse(test.y, net.predict(s2.apply([F(test)], 'x'))).toFixed(4), 'train', mse(train.y, net.predict(s2.apply([F(train)], 'x'))).toFixed(4));
  }
  const ft = F(test), fv = F(val), ftr = F(train);
  // correlation of sum(u*v) with y
  const dot = (m: any) => Float32Array.from({ length: m.rows }, (_, i) => { let s = 0; for (let c = 0; c < 4; c++) s += m.data[i*m.cols + 2*(m.cols/3) + c]; return s; });
  const corr = (x: Float32Array, y: Float32Array) => { const mx = x.reduce((s,v)=>s+v,0)/x.length, my = y.reduce((s,v)=>s+v,0)/y.length; let a=0,b=0,c=0; for (let i=0;i<x.length;i++){a+=(x[i]-mx)*(y[i]-my); b+=(x[i]-mx)**2; c+=(y[i]-my)**2;} return a/Math.sqrt(b*c); };
  console.log('corr dot-y train', corr(dot(ftr), train.y).toFixed(3), 'val', corr(dot(fv), val.y).toFixed(3), 'test', corr(dot(ft), test.y).toFixed(3));
});
