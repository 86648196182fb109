import * as tf from '@tensorflow/tfjs-core';
import { createRng } from './rng';
import { assertTfReady } from './tfBackend';
import { elementCount, type WeightMap } from './weights';

/** A trainable tensor of a model, declared before it exists so a graph's weights can be listed from its config. */
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** glorot: uniform ±sqrt(6 / (fanIn + fanOut)) with fans from the first and last dimensions. */
  readonly init: 'glorot' | 'zeros' | 'ones';
}

export const weightSpec = (name: string, fanIn: number, fanOut: number): ParamSpec => ({ name, shape: [fanIn, fanOut], init: 'glorot' });
export const biasSpec = (name: string, size: number): ParamSpec => ({ name, shape: [size], init: 'zeros' });
export const gainSpec = (name: string, size: number): ParamSpec => ({ name, shape: [size], init: 'ones' });

/**
 * The named trainable variables of one model. Variables are created unnamed (tfjs names must be
 * unique per process) and looked up by the spec name here. The owner must call dispose().
 */
export class Params {
  private constructor(private readonly vars: ReadonlyMap<string, tf.Variable>) {}

  /** Fresh weights; the same specs and seed always give the same values. */
  static init(specs: readonly ParamSpec[], seed: number): Params {
    const rng = createRng(seed);
    const vars = new Map<string, tf.Variable>();
    for (const spec of specs) {
      const data = new Float32Array(elementCount(spec.shape));
      if (spec.init === 'ones') data.fill(1);
      if (spec.init === 'glorot') {
        const limit = Math.sqrt(6 / (spec.shape[0] + spec.shape[spec.shape.length - 1]));
        for (let i = 0; i < data.length; i++) data[i] = (rng.next() * 2 - 1) * limit;
      }
      addVariable(vars, spec.name, spec.shape, data);
    }
    return new Params(vars);
  }

  /** Restores saved weights; every spec must be present with its exact shape (`source` names the file in errors). */
  static fromWeights(specs: readonly ParamSpec[], weights: WeightMap, source: string): Params {
    const vars = new Map<string, tf.Variable>();
    for (const spec of specs) {
      const w = weights.get(spec.name);
      if (!w || w.shape.join('x') !== spec.shape.join('x')) {
        vars.forEach((v) => v.dispose());
        const found = w ? `shape [${w.shape.join(', ')}]` : 'nothing';
        throw new Error(`${source}: weight ${spec.name} should have shape [${spec.shape.join(', ')}] but has ${found}`);
      }
      addVariable(vars, spec.name, spec.shape, w.data);
    }
    return new Params(vars);
  }

  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new Error(`model has no weight named ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Total number of scalar weights. */
  size(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  toWeights(): WeightMap {
    const out: WeightMap = new Map();
    for (const [name, v] of this.vars) out.set(name, { shape: [...v.shape], data: (v.dataSync() as Float32Array).slice() });
    return out;
  }

  /** A copy of the current values, for restoring the best epoch after early stopping. */
  snapshot(): Float32Array[] {
    return [...this.vars.values()].map((v) => (v.dataSync() as Float32Array).slice());
  }

  restore(snapshot: readonly Float32Array[]): void {
    [...this.vars.values()].forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(snapshot[i], v.shape))));
  }

  dispose(): void {
    this.vars.forEach((v) => v.dispose());
  }
}

function addVariable(vars: Map<string, tf.Variable>, name: string, shape: readonly number[], data: Float32Array): void {
  assertTfReady();
  if (vars.has(name)) throw new Error(`weight ${name} is declared twice`);
  const initial = tf.tensor(data, [...shape], 'float32');
  vars.set(name, tf.variable(initial, true));
  initial.dispose();
}
