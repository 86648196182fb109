import { it } from 'vitest';
import { join } from 'node:path';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { loadDatasetSplitRows } from '../../../src/main/engine/training/datasetRows';
import { trainAffectPredictors, trainMatchingHead } from '../../../src/main/engine/training/cuefinderModel';
import { fitReduction } from '../../../src/main/engine/training/reduction';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { writeFeatureDataset } from './featureDataset';

it('scratch', async () => {
  await initTf();
  const dir = join('/tmp/scratch', 'ds' + Date.now());
  writeFeatureDataset(dir, { clips: { train: 200, val: 30, test: 60 }, seed: 7 });
  const rows = await loadDatasetSplitRows(dir, { audio: inProcessExecutor() });
  const affect = await trainAffectPredictors(rows.train, rows.val);
  const { reduction } = await fitReduction('adaptive-dcca', rows.train, rows.val, { preset: 'fast', seed: 1 });
  const xa = reduction.audio(rows.train.audio);
  let s = 0, s2 = 0; for (const v of xa.data) { s += v; s2 += v * v; }
  console.log('xa mean', s / xa.data.length, 'rms', Math.sqrt(s2 / xa.data.length), 'max', Math.max(...xa.data.map(Math.abs)));
  for (const cfg of [{}, { useSelfAttention: false, useMutualAttention: false, useFeatureConsistency: false }, { inputs: 'perceptual' as const }]) {
    const hist: string[] = [];
    const r = await trainMatchingHead(reduction, affect, rows.train, rows.val, { preset: 'fast', seed: 1, afclnet: cfg, onEpoch: (e) => { if (e.epoch % 5 === 0) hist.push(`${e.epoch}:${e.trainLoss.toFixed(3)}/${e.valLoss.toFixed(3)}/${e.valMae.toFixed(3)}`); } });
    console.log(JSON.stringify(cfg), r.result.bestEpoch, r.result.metrics, hist.join(' '));
    r.result.model.params.dispose();
  }
}, 600000);
