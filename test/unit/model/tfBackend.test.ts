import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { afclnetConfig, createAfclnet } from '../../../src/main/engine/model/afclnet';
import { backendPlan, initTf } from '../../../src/main/engine/model/tfBackend';

const nativeInstalled = async (): Promise<boolean> => {
  const name = '@tensorflow/tfjs-node';
  return import(/* @vite-ignore */ name).then(
    () => true,
    () => false,
  );
};

describe('backendPlan', () => {
  it('prefers native GPU, then native CPU, then wasm, then cpu', () => {
    expect(backendPlan({})).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
  });

  it('pins one backend through CUEFINDER_TF_BACKEND and rejects unknown values', () => {
    expect(backendPlan({ CUEFINDER_TF_BACKEND: 'cpu' })).toEqual(['cpu']);
    expect(backendPlan({ CUEFINDER_TF_BACKEND: 'wasm' })).toEqual(['wasm']);
    expect(() => backendPlan({ CUEFINDER_TF_BACKEND: 'webgl' })).toThrow(/CUEFINDER_TF_BACKEND=webgl .*"wasm" or "cpu"/);
  });
});

describe('initTf', () => {
  // Runs first in this file's fresh process, before any initTf call.
  it('is required before a model is created, with an error that says so', () => {
    expect(() => createAfclnet(afclnetConfig(), 1)).toThrow(/await initTf\(\) before creating or loading a model/);
  });

  it('falls back to the wasm backend when the native packages are not installed, once per process', async () => {
    const first = await initTf();
    if (!process.env.CUEFINDER_TF_BACKEND && !(await nativeInstalled())) {
      expect(first).toMatchObject({ backend: 'wasm', native: false });
      expect(first.skipped.map((s) => s.split(':')[0])).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    }
    expect(tf.getBackend()).toBe(first.backend);
    expect(await initTf()).toBe(first);
  });

  it('registers gradients, so training works with tfjs-core alone', async () => {
    await initTf();
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.relu(x), tf.softmax(x))));
    const g = grad(tf.tensor1d([1, -1, 2])).dataSync();
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    expect(g[1]).not.toBe(0);
  });
});
