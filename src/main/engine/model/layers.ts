import * as tf from '@tensorflow/tfjs-core';
import { matrix, type Matrix } from './matrix';
import type { Params } from './params';

/**
 * Building blocks written with tfjs-core ops only (no chained tensor methods: tfjs-core alone does
 * not install them).
 */

/**
 * a·b whose gradients use explicit transposes. tfjs' own MatMul gradient multiplies with
 * transposeA/transposeB flags, which the wasm backend runs ~25× slower than a transpose plus a plain
 * product (environment.md 3b/3c).
 */
export const matMul = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1] as tf.Tensor2D)),
      tf.matMul(tf.transpose(saved[0] as tf.Tensor2D), dy as tf.Tensor2D),
    ],
  };
}) as unknown as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

/** x·W + b with weights `${name}.w` and, when present, `${name}.b`. */
export function dense(params: Params, name: string, x: tf.Tensor2D): tf.Tensor2D {
  const y = matMul(x, params.get(`${name}.w`) as tf.Tensor2D);
  return params.has(`${name}.b`) ? tf.add(y, params.get(`${name}.b`)) : y;
}

/** Normalises each row to zero mean and unit variance, then scales by `${name}.g` and shifts by `${name}.b`. */
export function layerNorm(params: Params, name: string, x: tf.Tensor2D, epsilon = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  return tf.add(tf.mul(normed, params.get(`${name}.g`)), params.get(`${name}.b`));
}

export const toTensor = (m: Matrix): tf.Tensor2D => tf.tensor2d(m.data, [m.rows, m.cols], 'float32');

/** Rows picked by index (a shuffled mini-batch) as a tensor. */
export function gatherTensor(m: Matrix, indices: ArrayLike<number>): tf.Tensor2D {
  const out = new Float32Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) out.set(m.data.subarray(indices[k] * m.cols, (indices[k] + 1) * m.cols), k * m.cols);
  return tf.tensor2d(out, [indices.length, m.cols], 'float32');
}

/** Throws a clear error when a matrix does not have the expected width or row count. */
export function checkShape(m: Matrix, what: string, cols: number, rows?: number): void {
  if (m.cols !== cols) throw new Error(`${what} has ${m.cols} columns, the model expects ${cols}`);
  if (rows !== undefined && m.rows !== rows) throw new Error(`${what} has ${m.rows} rows, expected ${rows}`);
  if (m.data.length !== m.rows * m.cols) throw new Error(`${what} holds ${m.data.length} values for ${m.rows}×${m.cols}`);
}

/**
 * Runs `forward` over row chunks of the inputs (all with the same row count) and gathers its outputs,
 * whose widths the caller states (so zero rows need no forward pass: wasm kernels reject empty
 * tensors). Memory stays bounded by one chunk; every tensor is freed.
 */
export function batchedForward(
  inputs: readonly Matrix[],
  batchSize: number,
  widths: readonly number[],
  forward: (batch: tf.Tensor2D[]) => tf.Tensor[],
): Matrix[] {
  const rows = inputs[0].rows;
  const outputs = widths.map((w) => matrix(rows, w));
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(rows, start + batchSize);
    tf.tidy(() => {
      const batch = inputs.map((m) => tf.tensor2d(m.data.subarray(start * m.cols, end * m.cols), [end - start, m.cols], 'float32'));
      forward(batch).forEach((t, i) => {
        if (t.size !== (end - start) * widths[i]) throw new Error(`batchedForward: output ${i} has shape [${t.shape.join(', ')}], expected width ${widths[i]}`);
        outputs[i].data.set(t.dataSync(), start * widths[i]);
      });
    });
  }
  return outputs;
}
