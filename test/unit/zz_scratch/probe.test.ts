import { it } from 'vitest';
import { readDataset, datasetSplits } from '../../../src/main/engine/data/datasetFormat';
import { assemblePairRows } from '../../../src/main/engine/training/pairRows';
import { loadCuefinderModel, predictFusedAffect, scorePairs } from '../../../src/main/engine/training/cuefinderModel';
import { readFileSync } from 'node:fs';

it('probe', async () => {
  const ds = readDataset('/work/data/synth-2200');
  const music = new Map<string, Float32Array>(); const video = new Map<string, Float32Array>();
  for (const line of readFileSync('/work/data/synth-2200/.cuefinder/features.jsonl', 'utf8').split('\n')) {
    if (!line) continue; const e = JSON.parse(line);
    const [kind, id] = [e.key.split(':')[0], e.key.slice(e.key.indexOf(':') + 1)];
    (kind === 'music' ? music : video).set(id, Float32Array.from(e.features));
  }
  const split = datasetSplits(ds.pairs);
  const test = assemblePairRows(ds, { music, video, failures: [] }, split.test).rows;
  const model = await loadCuefinderModel('/work/data/models/fast-s42');
  const p = predictFusedAffect(model, test.audio, test.video);
  const y = Array.from(test.score, (s) => (s - 1) / 4);
  const corr = (a: number[], b: number[]) => { const n=a.length; const ma=a.reduce((s,x)=>s+x,0)/n, mb=b.reduce((s,x)=>s+x,0)/n; let c=0,va=0,vb=0; for(let i=0;i<n;i++){c+=(a[i]-ma)*(b[i]-mb);va+=(a[i]-ma)**2;vb+=(b[i]-mb)**2;} return c/Math.sqrt(va*vb); };
  const cos = (m: Float32Array, v: Float32Array) => { let mm=0, dot=0, vv=0; const mu=m.reduce((s,x)=>s+x,0)/16, vu=v.reduce((s,x)=>s+x,0)/16; for (let d=0; d<16; d++){dot+=(m[d]-mu)*(v[d]-vu); mm+=(m[d]-mu)**2; vv+=(v[d]-vu)**2;} return dot/Math.sqrt(mm*vv+1e-9); };
  const simPred = y.map((_, i) => cos(p.music.data.subarray(i*16, i*16+16), p.video.data.subarray(i*16, i*16+16)));
  const simTrue = y.map((_, i) => cos(test.musicAffect.data.subarray(i*16, i*16+16), test.videoAffect.data.subarray(i*16, i*16+16)));
  const { score } = scorePairs(model, test.audio, test.video);
  console.log('corr(y, cos predicted affect)=', corr(y, simPred).toFixed(3), ' corr(y, cos true affect)=', corr(y, simTrue).toFixed(3), ' corr(y, afclnet)=', corr(y, Array.from(score)).toFixed(3));
  const fusedSpread = y.map((_, i) => { const f = p.fused.data.subarray(i*16,i*16+16); const mu=f.reduce((s,x)=>s+x,0)/16; return Math.sqrt(f.reduce((s,x)=>s+(x-mu)**2,0)/16); });
  console.log('corr(y, spread of predicted fused)=', corr(y, fusedSpread).toFixed(3));
}, 300000);
