import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddingModel } from '../../../src/main/engine/embedding/embeddingModel';
import { embeddingFeatureVersion } from '../../../src/main/engine/embedding/featureVersion';
import { embeddingSlots } from '../../../src/main/engine/embedding/slots';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { makeTempDir } from '../../helpers/fixtures';
import { predictRows, saveModel, tinyAudioModel, tinyClipModel } from './tinyModels';

const temp = makeTempDir('cuefinder-embedding-');
const folder = (name: string): string => {
  const dir = join(temp.dir, name);
  mkdirSync(dir);
  return dir;
};

let audioDir: string;
let clipDir: string;

beforeAll(async () => {
  await initTf();
  audioDir = folder('vggish-tiny');
  clipDir = folder('clip-tiny');
  await saveModel(tinyAudioModel(), audioDir);
  await saveModel(tinyClipModel(), clipDir);
});
afterAll(() => temp.cleanup());

describe('loadEmbeddingModel', () => {
  it('loads a saved layers model from its folder and computes what the original computed', async () => {
    const original = tinyAudioModel();
    const dir = folder('roundtrip');
    await saveModel(original, dir);
    const loaded = await loadEmbeddingModel(dir);
    expect(loaded.name).toBe('roundtrip');
    expect(loaded.inputShape).toEqual([96, 64, 1]);
    expect(loaded.outputDim).toBe(8);
    const input = tf.randomNormal([3, 96, 64, 1], 0, 1, 'float32', 7);
    const got = loaded.embed(input).map((v) => Array.from(v));
    const want = predictRows(original, input);
    input.dispose();
    expect(got).toHaveLength(3);
    got.forEach((row, i) => row.forEach((x, d) => expect(x).toBeCloseTo(want[i][d], 5)));
    loaded.dispose();
    original.dispose();
  });

  it('versions a model by its content: the same files give the same version, other weights another', async () => {
    const a = await loadEmbeddingModel(audioDir);
    const again = await loadEmbeddingModel(audioDir);
    const other = folder('other-weights');
    await saveModel(retrained(), other);
    const b = await loadEmbeddingModel(other);
    expect(a.version).toMatch(/^[0-9a-f]{12}$/);
    expect(again.version).toBe(a.version);
    expect(b.version).not.toBe(a.version);
    [a, again, b].forEach((m) => m.dispose());
  });

  it('names the folder and the file when the model is missing, malformed or truncated', async () => {
    await expect(loadEmbeddingModel(join(temp.dir, 'nowhere'))).rejects.toThrow(/model file .*nowhere\/model\.json: not found/);

    const badJson = folder('bad-json');
    writeFileSync(join(badJson, 'model.json'), '{"modelTopology": ');
    await expect(loadEmbeddingModel(badJson)).rejects.toThrow(/bad-json\/model\.json: not valid JSON/);

    const truncated = folder('truncated');
    await saveModel(tinyAudioModel(), truncated);
    const full = readFileSync(join(truncated, 'weights.bin')).byteLength;
    truncateSync(join(truncated, 'weights.bin'), full - 10);
    await expect(loadEmbeddingModel(truncated)).rejects.toThrow(new RegExp(`truncated/weights\\.bin: weight file holds ${full - 10} bytes, model\\.json describes ${full}`));

    const noWeights = folder('no-weights');
    await saveModel(tinyAudioModel(), noWeights);
    unlinkSync(join(noWeights, 'weights.bin'));
    await expect(loadEmbeddingModel(noWeights)).rejects.toThrow(/weight file .*no-weights\/weights\.bin: not found/);

    const escaping = folder('escaping');
    await saveModel(tinyAudioModel(), escaping);
    const json = JSON.parse(readFileSync(join(escaping, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../truncated/weights.bin'];
    writeFileSync(join(escaping, 'model.json'), JSON.stringify(json));
    await expect(loadEmbeddingModel(escaping)).rejects.toThrow(/leaves the model folder/);
  });

  it('rejects a model whose input has free dimensions besides the batch', async () => {
    const dir = folder('free-length');
    await saveModel(tinyAudioModel([null, 64, 1]), dir);
    await expect(loadEmbeddingModel(dir)).rejects.toThrow(/free-length: input shape \[null, null, 64, 1\] has free dimensions/);
  });
});

describe('embedding slots', () => {
  it('are absent unless configured, and load each configured folder once per process', async () => {
    expect(await embeddingSlots({})).toEqual({});
    const env = { CUEFINDER_AUDIO_EMBEDDING: audioDir, CUEFINDER_VIDEO_EMBEDDING: clipDir };
    const first = await embeddingSlots(env);
    const second = await embeddingSlots(env);
    expect(first.audio?.inputShape).toEqual([96, 64, 1]);
    expect(first.video?.inputShape).toEqual([4, 32, 32, 3]);
    expect(second.audio).toBe(first.audio);
    expect(second.video).toBe(first.video);
  });

  it('refuse a model that cannot be fed by its slot, naming the folder', async () => {
    await expect(embeddingSlots({ CUEFINDER_AUDIO_EMBEDDING: clipDir })).rejects.toThrow(/audio embedding model .*clip-tiny: input \[4, 32, 32, 3\] is not a 96×64 log-mel patch/);
    await expect(embeddingSlots({ CUEFINDER_VIDEO_EMBEDDING: audioDir })).rejects.toThrow(/video embedding model .*vggish-tiny: input \[96, 64, 1\] is neither one RGB frame/);
  });

  it('suffix the feature version with the model version only when a model is present', async () => {
    expect(embeddingFeatureVersion('audio-features/1')).toBe('audio-features/1');
    const { audio } = await embeddingSlots({ CUEFINDER_AUDIO_EMBEDDING: audioDir });
    expect(embeddingFeatureVersion('audio-features/1', audio)).toBe(`audio-features/1+emb:${audio?.version}`);
  });
});

/** The same architecture with every weight shifted: another network of the same shape. */
function retrained() {
  const model = tinyAudioModel();
  model.setWeights(model.getWeights().map((w) => tf.add(w, 0.05)));
  return model;
}
