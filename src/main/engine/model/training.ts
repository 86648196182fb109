import * as tf from '@tensorflow/tfjs-core';
import { matrix, type Matrix } from './matrix';
import { permutation, type Rng } from './rng';

/**
 * Pieces shared by the DCCA and AFCLNet training loops: shuffled mini-batches, early stopping with
 * best-weights bookkeeping, batched inference, and cooperative cancellation.
 */

/**
 * A shuffled split of 0..n-1 into ceil(n / batchSize) batches of nearly equal size, so no batch is a
 * tiny remainder (a CCA over a handful of rows is meaningless).
 */
export function miniBatches(rng: Rng, n: number, batchSize: number): Int32Array[] {
  const order = permutation(rng, n);
  const count = Math.max(1, Math.ceil(n / batchSize));
  return Array.from({ length: count }, (_, b) => order.subarray(Math.floor((b * n) / count), Math.floor(((b + 1) * n) / count)));
}

/** Tracks the best (lowest) validation score and says when `patience` epochs passed without improvement. */
export class EarlyStopping {
  private bestScore = Infinity;
  private bestEpochNo = -1;

  constructor(private readonly patience: number) {}

  /** Records an epoch's score; returns true when it is a new best (the caller snapshots weights then). */
  record(epoch: number, score: number): boolean {
    if (!(score < this.bestScore)) return false;
    this.bestScore = score;
    this.bestEpochNo = epoch;
    return true;
  }

  shouldStop(epoch: number): boolean {
    return epoch - this.bestEpochNo >= this.patience;
  }

  get bestEpoch(): number {
    return this.bestEpochNo;
  }
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

/** Lets pending I/O (progress messages, abort signals) run between training batches. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
