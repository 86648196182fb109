import { it } from 'vitest';
import { trainMlp } from '../../../../src/main/engine/model/baselines/mlp';
import { BlockScaler } from '../../../../src/main/engine/model/baselines/pairs';
import { CcaFusion } from '../../../../src/main/engine/model/baselines/ccaFeatures';
import { mse } from '../../../../src/main/engine/model/metrics';
import { syntheticPairs } from './syntheticPairs';
const train = syntheticPairs(500, 1), val = syntheticPairs(150, 2), test = syntheticPairs(300, 3);
it('mlp debug', () => {
  const m = train.y.reduce((s, v) => s + v, 0) / 500;
  console.log('mean mse', mse(test.y, new Float32Array(300).fill(m)));
  const sc = BlockScaler.fit([train.xa, train.xv]);
  const X = (d: any) => sc.apply([d.xa, d.xv], 'x');
  for (const [hidden, lr, wd, act] of [[[64, 32], 1e-3, 1e-4, 'relu'], [[32], 1e-3, 1e-2, 'relu'], [[64, 32], 3e-4, 1e-4, 'relu'], [[128], 1e-3, 1e-3, 'tanh']] as const) {
    const net = trainMlp({ x: X(train), y: train.y }, { x: X(val), y: val.y }, { hidden, activation: act, learningRate: lr, batchSize: 64, maxEpochs: 300, patience: 30, weightDecay: wd, seed: 1 });
    console.log('raw', hidden, lr, wd, act, 'epochs', net.epochs, 'test', mse(test.y, net.predict(X(test))).toFixed(4), 'train', mse(train.y, net.predict(X(train))).toFixed(4));
  }
  const f = CcaFusion.fit(train); console.log('cca corr', f.correlations.map(c => c.toFixed(2)).join(' '));
  const F = (d: any) => f.transform(d); const s2 = BlockScaler.fit([F(train)]);
  for (const [hidden, lr, act] of [[[32], 3e-3, 'tanh'], [[32], 1e-3, 'tanh'], [[32], 3e-3, 'relu']] as const) {
    const net = trainMlp({ x: s2.apply([F(train)], 'x'), y: train.y }, { x: s2.apply([F(val)], 'x'), y: val.y }, { hidden, activation: act, learningRate: lr, batchSize: 32, maxEpochs: 300, patience: 30, weightDecay: 1e-4, seed: 1 });
    console.log('cca', hidden, lr, act, 'epochs', net.epochs, 'test', mse(test.y, net.predict(s2.apply([F(test)], 'x'))).toFixed(4));
  }
});
