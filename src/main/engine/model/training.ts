import { permutation, type Rng } from './rng';

/**
 * Pieces shared by the DCCA and AFCLNet training loops: shuffled mini-batches, early stopping with
 * best-weights bookkeeping, and cooperative cancellation (batched inference is layers.ts's).
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

/** Lets pending I/O (progress messages, abort signals) run between training batches. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
