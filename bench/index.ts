import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runIndexBench } from './indexBench';
import { runAnalyzeBench } from './analyzeBench';
import { runScenesBench } from './scenesBench';
import { runRealScenesBench } from './realScenes';
import { runSuggestBench, type ScorerFactory } from './suggestBench';
import { runModelBench } from './modelBench';
import { runRealBench } from './realBench';
import { runExportsBench } from './exportsBench';
import { runRenderBench } from './renderBench';
import { runMusicnnBench } from './musicnnBench';
import { generateSynthAffect } from '../src/main/engine/data/synthAffect';
import { AFFECT_DIM } from '../src/shared/affect';
import { matrix } from '../src/main/engine/model/matrix';
import { perceptualInput, predictAfclnet } from '../src/main/engine/model/afclnet';
import { loadCuefinderModel } from '../src/main/engine/model/cuefinderModel';

/**
 * `npm run bench -- <name…>`: runs the named benchmarks (all when none are named) and writes one
 * JSON file per benchmark to bench-results/ (and the JSON to stdout).
 */
const entryDir = import.meta.dirname;
const repoRoot = join(entryDir, '..', '..');
const shippedModel = join(repoRoot, 'resources', 'models', 'default');

/**
 * End-to-end scoring with the shipped AFCLNet on the synthetic rows: candidates' 80-d projections,
 * the scene's projection taken from its retrieval vector, both affects. Same work per candidate as in
 * `suggest`.
 */
async function afclnetScorerFactory(): Promise<{ factory: ScorerFactory; modelVersion: string } | undefined> {
  if (!existsSync(join(shippedModel, 'manifest.json'))) return undefined;
  const model = await loadCuefinderModel(shippedModel);
  const factory: ScorerFactory = (library) => (scene, candidates) => {
    const n = candidates.length;
    const pd = library.projections.cols;
    const xa = matrix(n, pd);
    const xv = matrix(n, pd);
    const music = matrix(n, AFFECT_DIM);
    const video = matrix(n, AFFECT_DIM);
    candidates.forEach((c, i) => {
      const r = c.segmentId - 1;
      xa.data.set(library.projections.data.subarray(r * pd, (r + 1) * pd), i * pd);
      xv.data.set(scene.retrievalVector.subarray(0, pd), i * pd);
      music.data.set(library.affects.data.subarray(r * AFFECT_DIM, (r + 1) * AFFECT_DIM), i * AFFECT_DIM);
      video.data.set(scene.affect as Float32Array, i * AFFECT_DIM);
    });
    const p = perceptualInput(model.afclnet.config, music, video);
    return predictAfclnet(model.afclnet, { xa, xv, p }).score.map((s) => (s - 1) / 4);
  };
  return { factory, modelVersion: model.modelVersion };
}

const benches: Record<string, (workDir: string) => Promise<Record<string, unknown>>> = {
  index: (workDir) => runIndexBench({ workDir, entryDir }),
  analyze: (workDir) => runAnalyzeBench({ workDir }),
  scenes: (workDir) => runScenesBench({ workDir, repoRoot }),
  // The real-footage part of `scenes` alone (labelled videos and the PySceneDetect peer).
  'scenes-real': () => runRealScenesBench({ repoRoot }),
  // The real-media development corpus (CUEFINDER_REAL_CORPUS); docs/results-real.md.
  real: (workDir) => runRealBench({ workDir, entryDir }),
  // Corpus check: CUEFINDER_CORPUS_MUSIC (default /work/corpus/dev/music); package log-mels from
  // CUEFINDER_MUSICNN_REFERENCE (default /tmp/musicnn-reference), both written by scripts/musicnn-reference.py.
  musicnn: () =>
    runMusicnnBench({
      encodersDir: join(repoRoot, 'resources', 'encoders'),
      fixture: join(repoRoot, 'test', 'fixtures', 'musicnn', 'corpus-reference.json'),
      corpusDir: process.env.CUEFINDER_CORPUS_MUSIC ?? '/work/corpus/dev/music',
      melDir: process.env.CUEFINDER_MUSICNN_REFERENCE ?? '/tmp/musicnn-reference',
    }),
  // SynthAffect 2200 pairs, seed 42: CUEFINDER_BENCH_DATA, else generated once into the work folder.
  model: async (workDir) => {
    const dataDir = process.env.CUEFINDER_BENCH_DATA ?? join(workDir, 'synth-2200');
    if (!existsSync(join(dataDir, 'pairs.csv'))) await generateSynthAffect({ outDir: dataDir, pairs: 2200, seed: 42 });
    return runModelBench({ workDir, dataDir, workerScript: join(entryDir, 'analysisWorker.js') });
  },
  exports: (workDir) => runExportsBench({ workDir, entryDir }),
  render: (workDir) => runRenderBench({ workDir, entryDir }),
  suggest: async (workDir) => {
    const real = await afclnetScorerFactory();
    const result = await runSuggestBench({ workDir, scorer: real?.factory });
    return { ...result, scorer: real ? `AFCLNet ${real.modelVersion} (shipped model)` : 'stand-in (no shipped model found)' };
  },
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = names.length ? names : Object.keys(benches);
const outDir = resolve('bench-results');
mkdirSync(outDir, { recursive: true });
for (const name of selected) {
  const run = benches[name];
  if (!run) {
    process.stderr.write(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}\n`);
    process.exitCode = 2;
    continue;
  }
  const workDir = join(outDir, `work-${name}`);
  mkdirSync(workDir, { recursive: true });
  process.stderr.write(`bench ${name}…\n`);
  const result = { bench: name, date: new Date().toISOString(), ...(await run(workDir)) };
  const file = join(outDir, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.stderr.write(`wrote ${file}\n`);
}
