import type { Matrix } from '../matrix';
import { mse } from '../metrics';
import { createRng, permutation, type Rng } from '../rng';

/**
 * A small fully connected regressor (hidden layers → one linear output) trained with Adam on
 * squared error, in plain JS: the baselines' networks have at most a few tens of thousands of weights,
 * where a tensor backend's per-op overhead outweighs its arithmetic.
 */

export interface MlpOptions {
  readonly hidden: readonly number[];
  readonly activation: 'relu' | 'tanh';
  readonly learningRate: number;
  readonly batchSize: number;
  readonly maxEpochs: number;
  /** Stop after this many epochs without a lower validation MSE; the best epoch's weights are kept. */
  readonly patience: number;
  /** Decoupled weight decay (AdamW), per step, scaled by the learning rate. */
  readonly weightDecay: number;
  readonly seed: number;
}

export interface Mlp {
  readonly epochs: number;
  predict(x: Matrix): Float32Array;
}

interface Layer {
  readonly inputs: number;
  readonly outputs: number;
  /** inputs×outputs, row-major. */
  readonly w: Float64Array;
  readonly b: Float64Array;
}

export function trainMlp(train: { x: Matrix; y: Float32Array }, val: { x: Matrix; y: Float32Array }, options: MlpOptions): Mlp {
  if (val.x.cols !== train.x.cols) throw new Error(`MLP: validation has ${val.x.cols} features, training ${train.x.cols}`);
  const rng = createRng(options.seed);
  const widths = [train.x.cols, ...options.hidden, 1];
  const layers = widths.slice(1).map((outputs, l) => initLayer(widths[l], outputs, options.activation, rng));
  // The output starts near the mean label, and the untrained net counts as epoch 0 for early stopping.
  layers[layers.length - 1].b[0] = train.y.reduce((s, v) => s + v, 0) / train.y.length;
  const adam = layers.map((layer) => ({
    mw: new Float64Array(layer.w.length),
    vw: new Float64Array(layer.w.length),
    mb: new Float64Array(layer.b.length),
    vb: new Float64Array(layer.b.length),
  }));
  let best = { loss: mse(val.y, forward(layers, options.activation, val.x)), epoch: 0, weights: snapshot(layers) };
  let step = 0;

  for (let epoch = 1; epoch <= options.maxEpochs && epoch - best.epoch <= options.patience; epoch++) {
    const order = permutation(rng, train.x.rows);
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.subarray(start, Math.min(order.length, start + options.batchSize));
      const grads = backprop(layers, options.activation, train.x, train.y, batch);
      step++;
      layers.forEach((layer, l) => {
        adamUpdate(layer.w, grads[l].w, adam[l].mw, adam[l].vw, step, options, true);
        adamUpdate(layer.b, grads[l].b, adam[l].mb, adam[l].vb, step, options, false);
      });
    }
    const loss = mse(val.y, forward(layers, options.activation, val.x));
    if (loss < best.loss) best = { loss, epoch, weights: snapshot(layers) };
  }

  const finalLayers = best.weights;
  return { epochs: best.epoch, predict: (x) => forward(finalLayers, options.activation, x) };
}

function initLayer(inputs: number, outputs: number, activation: MlpOptions['activation'], rng: Rng): Layer {
  // He-uniform for ReLU, Glorot-uniform for tanh.
  const limit = activation === 'relu' ? Math.sqrt(6 / inputs) : Math.sqrt(6 / (inputs + outputs));
  const w = Float64Array.from({ length: inputs * outputs }, () => (rng.next() * 2 - 1) * limit);
  return { inputs, outputs, w, b: new Float64Array(outputs) };
}

function snapshot(layers: Layer[]): Layer[] {
  return layers.map((l) => ({ ...l, w: l.w.slice(), b: l.b.slice() }));
}

function activate(v: Float64Array, activation: MlpOptions['activation']): void {
  for (let i = 0; i < v.length; i++) v[i] = activation === 'relu' ? Math.max(0, v[i]) : Math.tanh(v[i]);
}

/** Affine map of `rows` input rows through one layer. */
function affine(input: Float64Array, rows: number, layer: Layer): Float64Array {
  const { inputs, outputs, w, b } = layer;
  const out = new Float64Array(rows * outputs);
  for (let i = 0; i < rows; i++) {
    const o = i * outputs;
    out.set(b, o);
    for (let k = 0; k < inputs; k++) {
      const a = input[i * inputs + k];
      if (a === 0) continue;
      const wk = k * outputs;
      for (let j = 0; j < outputs; j++) out[o + j] += a * w[wk + j];
    }
  }
  return out;
}

function rowsOf(x: Matrix, batch?: ArrayLike<number>): Float64Array {
  if (!batch) return Float64Array.from(x.data);
  const out = new Float64Array(batch.length * x.cols);
  for (let i = 0; i < batch.length; i++) out.set(x.data.subarray(batch[i] * x.cols, (batch[i] + 1) * x.cols), i * x.cols);
  return out;
}

function forward(layers: Layer[], activation: MlpOptions['activation'], x: Matrix): Float32Array {
  let h = rowsOf(x);
  layers.forEach((layer, l) => {
    h = affine(h, x.rows, layer);
    if (l < layers.length - 1) activate(h, activation);
  });
  return Float32Array.from(h);
}

/** Gradients of the batch's mean squared error. */
function backprop(
  layers: Layer[],
  activation: MlpOptions['activation'],
  x: Matrix,
  y: Float32Array,
  batch: Int32Array,
): { w: Float64Array; b: Float64Array }[] {
  const n = batch.length;
  const acts: Float64Array[] = [rowsOf(x, batch)];
  layers.forEach((layer, l) => {
    const h = affine(acts[l], n, layer);
    if (l < layers.length - 1) activate(h, activation);
    acts.push(h);
  });

  let delta = new Float64Array(n);
  const out = acts[layers.length];
  for (let i = 0; i < n; i++) delta[i] = (2 * (out[i] - y[batch[i]])) / n;

  const grads: { w: Float64Array; b: Float64Array }[] = new Array(layers.length);
  for (let l = layers.length - 1; l >= 0; l--) {
    const { inputs, outputs, w } = layers[l];
    const input = acts[l];
    const gw = new Float64Array(w.length);
    const gb = new Float64Array(outputs);
    const back = new Float64Array(n * inputs);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < outputs; j++) gb[j] += delta[i * outputs + j];
      for (let k = 0; k < inputs; k++) {
        const a = input[i * inputs + k];
        let s = 0;
        for (let j = 0; j < outputs; j++) {
          const d = delta[i * outputs + j];
          gw[k * outputs + j] += a * d;
          s += d * w[k * outputs + j];
        }
        back[i * inputs + k] = s;
      }
    }
    grads[l] = { w: gw, b: gb };
    if (l > 0) {
      // Through the hidden activation of the layer below (its stored output is post-activation).
      for (let t = 0; t < back.length; t++) {
        const h = input[t];
        back[t] *= activation === 'relu' ? (h > 0 ? 1 : 0) : 1 - h * h;
      }
      delta = back;
    }
  }
  return grads;
}

function adamUpdate(
  param: Float64Array,
  grad: Float64Array,
  m: Float64Array,
  v: Float64Array,
  step: number,
  { learningRate, weightDecay }: MlpOptions,
  decay: boolean,
): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const c1 = 1 - b1 ** step;
  const c2 = 1 - b2 ** step;
  for (let i = 0; i < param.length; i++) {
    m[i] = b1 * m[i] + (1 - b1) * grad[i];
    v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
    if (decay) param[i] -= learningRate * weightDecay * param[i];
    param[i] -= (learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
  }
}
