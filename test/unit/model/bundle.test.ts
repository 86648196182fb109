import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/fixtures';
import { projectAudio, projectVideo, type AdaptiveDcca } from '../../../src/main/engine/model/adaptiveDcca';
import { fitAdaptiveDcca } from '../../../src/main/engine/model/dccaTrainer';
import { afclnetConfig, predictAfclnet, type AfclnetModel } from '../../../src/main/engine/model/afclnet';
import { disposeBundle, FeatureSchemaMismatchError, loadBundle, readBundleManifest, saveBundle, type ModelBundle } from '../../../src/main/engine/model/bundle';
import { dccaConfig } from '../../../src/main/engine/model/dcca';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { trainAfclnet } from '../../../src/main/engine/model/trainer';
import { matchingTask, type MatchingSample } from './synthetic';

const SCHEMA = { audio: 'audio-features@3', video: 'video-features@2' };
const temp = makeTempDir('cuefinder-bundle-');
let bundle: ModelBundle;
let raw: MatchingSample;

/** A complete (tiny) pipeline: raw 12-d features → adaptive DCCA (2×4 = 8-d) → AFCLNet. */
beforeAll(async () => {
  await initTf();
  raw = matchingTask(240, 1, 12);
  const pairs = { audio: raw.xa, video: raw.xv, score: raw.score };
  const { model: dcca } = await fitAdaptiveDcca(pairs, pairs, {
    config: dccaConfig(12, 12, { hidden: [16], outDim: 4 }),
    training: { learningRate: 1e-3, batchSize: 128, maxEpochs: 2, patience: 2 },
    seed: 1,
  });
  const projected = { ...raw, xa: projectAudio(dcca, raw.xa), xv: projectVideo(dcca, raw.xv) };
  const { model: afclnet } = await trainAfclnet(projected, projected, {
    config: afclnetConfig({ audioDim: 8, videoDim: 8, selfHeads: 2, cgc: { sharedExperts: 1, taskExperts: 1, expertHidden: [16], towerHidden: 8 } }),
    training: { learningRate: 1e-3, batchSize: 128, maxEpochs: 1, patience: 1 },
    seed: 1,
  });
  bundle = {
    modelVersion: 'test-model-1',
    featureSchema: SCHEMA,
    preset: 'fast',
    metrics: { mae: 0.2 },
    createdAt: '2026-11-25T12:00:00.000Z',
    trainingData: { source: 'synthetic', pairs: 240 },
    extras: { affectPredictor: { kind: 'gbdt', rounds: 3 } },
    dcca,
    afclnet,
  };
});

afterAll(() => {
  disposeBundle(bundle);
  temp.cleanup();
});

function score(dcca: AdaptiveDcca, afclnet: AfclnetModel, sample: MatchingSample): Float32Array {
  return predictAfclnet(afclnet, { xa: projectAudio(dcca, sample.xa), xv: projectVideo(dcca, sample.xv), p: sample.p }).score;
}

describe('model bundle', () => {
  it('predicts exactly the same after save and load, and keeps the metadata and extra parts', async () => {
    const dir = join(temp.dir, 'roundtrip');
    await saveBundle(dir, bundle, { 'affect-gbdt.json': '{"trees":[]}' });
    const loaded = await loadBundle(dir, SCHEMA);
    const probe = matchingTask(50, 2, 12);
    expect(Array.from(score(loaded.dcca, loaded.afclnet, probe))).toEqual(Array.from(score(bundle.dcca, bundle.afclnet, probe)));
    expect(loaded.afclnet.params.size()).toBe(bundle.afclnet.params.size());
    expect(loaded).toMatchObject({ modelVersion: 'test-model-1', preset: 'fast', createdAt: bundle.createdAt, metrics: { mae: 0.2 }, trainingData: { pairs: 240 } });
    expect(loaded.extras).toEqual({ affectPredictor: { kind: 'gbdt', rounds: 3 } });
    expect(await readFile(loaded.parts['affect-gbdt.json'], 'utf8')).toBe('{"trees":[]}');
    disposeBundle(loaded);

    const manifest = await readBundleManifest(dir);
    const weightBytes = (await readFile(join(dir, 'weights.bin'))).byteLength;
    expect(manifest.weights.byteLength).toBe(weightBytes);
    const last = manifest.weights.entries[manifest.weights.entries.length - 1];
    expect(last.byteOffset + 4 * last.shape.reduce((a, b) => a * b, 1)).toBe(weightBytes);
    expect(manifest.weights.entries.some((e) => e.name === 'dcca.unmatched.cca.video.proj')).toBe(true);
    expect(manifest.standardizers.audio.mean).toHaveLength(12);
  });

  it('refuses a bundle trained on another feature schema, before reading weights', async () => {
    const dir = join(temp.dir, 'schema');
    await saveBundle(dir, bundle);
    await rm(join(dir, 'weights.bin'));
    const attempt = loadBundle(dir, { audio: 'audio-features@4', video: SCHEMA.video });
    await expect(attempt).rejects.toBeInstanceOf(FeatureSchemaMismatchError);
    await expect(attempt).rejects.toThrow(/trained on feature schema audio "audio-features@3".*extracts audio "audio-features@4"/);
  });

  it('explains missing, corrupt and truncated bundles by file', async () => {
    const before = tf.memory().numTensors;
    await expect(loadBundle(join(temp.dir, 'nowhere'), SCHEMA)).rejects.toThrow(/nowhere\/manifest.json: cannot read the model bundle manifest \(ENOENT\)/);

    const corrupt = join(temp.dir, 'corrupt');
    await saveBundle(corrupt, bundle);
    await writeFile(join(corrupt, 'manifest.json'), '{"format": ');
    await expect(loadBundle(corrupt, SCHEMA)).rejects.toThrow(/corrupt\/manifest.json: not valid JSON/);

    const truncated = join(temp.dir, 'truncated');
    await saveBundle(truncated, bundle);
    await truncate(join(truncated, 'weights.bin'), 100);
    await expect(loadBundle(truncated, SCHEMA)).rejects.toThrow(/truncated\/weights.bin: has 100 bytes, the manifest expects \d+/);

    const escaping = join(temp.dir, 'escaping');
    const manifest = await saveBundle(escaping, bundle);
    await writeFile(join(escaping, 'manifest.json'), JSON.stringify({ ...manifest, parts: { gbdt: '../../etc/passwd' } }));
    await expect(loadBundle(escaping, SCHEMA)).rejects.toThrow(/file name "..\/..\/etc\/passwd" is not a plain file inside the bundle/);

    await expect(saveBundle(join(temp.dir, 'bad-part'), bundle, { 'weights.bin': 'x' })).rejects.toThrow(/"weights.bin" .* reserved/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses weights that do not fit the configured graph, naming the weight', async () => {
    const dir = join(temp.dir, 'mismatch');
    const manifest = await saveBundle(dir, bundle);
    const config = { ...manifest.config, afclnet: { ...manifest.config.afclnet, cgc: { ...manifest.config.afclnet.cgc, towerHidden: 9 } } };
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, config }));
    await expect(loadBundle(dir, SCHEMA)).rejects.toThrow(/weights.bin: weight tower.match.hidden.w should have shape \[16, 9\] but has shape \[16, 8\]/);
  });
});
