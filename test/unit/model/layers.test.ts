import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { matMul } from '../../../src/main/engine/model/layers';
import { Params, weightSpec, biasSpec, gainSpec } from '../../../src/main/engine/model/params';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { packWeights, unpackWeights } from '../../../src/main/engine/model/weights';

beforeAll(async () => {
  await initTf();
});

describe('matMul with explicit-transpose gradients', () => {
  it('gives the same values and gradients as tfjs matMul', () => {
    const a = tf.randomNormal([5, 7], 0, 1, 'float32', 1) as tf.Tensor2D;
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const weight = tf.randomNormal([5, 3], 0, 1, 'float32', 3);
    const loss = (f: (x: tf.Tensor2D, y: tf.Tensor2D) => tf.Tensor2D) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D, y as tf.Tensor2D), weight));
    const [ga, gb] = tf.grads(loss(matMul))([a, b]);
    const [ra, rb] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]);
    expect(Array.from(matMul(a, b).dataSync())).toEqual(Array.from(tf.matMul(a, b).dataSync()));
    ga.dataSync().forEach((v, i) => expect(v).toBeCloseTo(ra.dataSync()[i], 5));
    gb.dataSync().forEach((v, i) => expect(v).toBeCloseTo(rb.dataSync()[i], 5));
  });
});

describe('Params and packed weights', () => {
  const specs = [weightSpec('dense.w', 4, 3), biasSpec('dense.b', 3), gainSpec('norm.g', 3)];

  it('initialises reproducibly from a seed (glorot weights, zero biases, unit gains)', () => {
    const a = Params.init(specs, 7);
    const b = Params.init(specs, 7);
    const c = Params.init(specs, 8);
    const w = a.get('dense.w').dataSync();
    expect(Array.from(w)).toEqual(Array.from(b.get('dense.w').dataSync()));
    expect(Array.from(w)).not.toEqual(Array.from(c.get('dense.w').dataSync()));
    expect(Math.max(...Array.from(w, Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 7));
    expect(Array.from(a.get('dense.b').dataSync())).toEqual([0, 0, 0]);
    expect(Array.from(a.get('norm.g').dataSync())).toEqual([1, 1, 1]);
    expect(a.size()).toBe(12 + 3 + 3);
    [a, b, c].forEach((p) => p.dispose());
  });

  it('round-trips through a flat float32 buffer and refuses a wrong shape by name', () => {
    const a = Params.init(specs, 1);
    const packed = packWeights(a.toWeights());
    expect(packed.data.length).toBe(18);
    expect(packed.index.map((e) => [e.name, e.byteOffset])).toEqual([['dense.w', 0], ['dense.b', 48], ['norm.g', 60]]);
    const back = Params.fromWeights(specs, unpackWeights(packed.index, packed.data, 'test.bin'), 'test.bin');
    expect(Array.from(back.get('dense.w').dataSync())).toEqual(Array.from(a.get('dense.w').dataSync()));
    const wrong = [weightSpec('dense.w', 3, 4), biasSpec('dense.b', 3), gainSpec('norm.g', 3)];
    expect(() => Params.fromWeights(wrong, unpackWeights(packed.index, packed.data, 'test.bin'), 'test.bin')).toThrow(/test.bin: weight dense.w should have shape \[3, 4\] but has shape \[4, 3\]/);
    expect(() => unpackWeights(packed.index, packed.data.subarray(0, 14), 'short.bin')).toThrow(/short.bin: weight dense.b/);
    a.dispose();
    back.dispose();
  });

  it('restores a snapshot after the weights changed', () => {
    const p = Params.init(specs, 3);
    const snap = p.snapshot();
    p.get('dense.b').assign(tf.ones([3]));
    p.restore(snap);
    expect(Array.from(p.get('dense.b').dataSync())).toEqual([0, 0, 0]);
    p.dispose();
  });
});
