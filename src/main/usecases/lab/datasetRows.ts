import { resolve } from 'node:path';
import { defaultConcurrency, workerPoolExecutor } from '../../engine/library/analysisExecutor';
import { loadDatasetSplitRows, type DatasetSplitRows } from '../../engine/training/datasetRows';
import { requireFolder } from '../folders';
import { requireSlots } from '../slots';
import { expectString } from '../validate';

export type { DatasetSplitRows };

/** What the lab use cases run against: no database, only the worker script for audio analysis. */
export interface LabContext {
  readonly workerScript: () => string;
}

export interface DatasetRowsInput {
  /** A dataset folder (docs/dataset-format.md). */
  dataDir: unknown;
  signal?: AbortSignal;
  /** Feature extraction, per clip (cached in the dataset folder). */
  onProgress?: (done: number, total: number, stage: string) => void;
  /** The rows as loaded, before any check on their counts (the CLI prints skipped files and the split). */
  onRows?: (rows: DatasetSplitRows) => void;
}

/**
 * A dataset folder's train/val/test rows with features from the extractors in use (the embedding
 * slots set in the environment), for `train --data` and `eval` alike. The folder is checked before
 * the worker pool starts; a cancel during extraction rejects with the signal's AbortError (the
 * clips extracted so far stay cached).
 */
export async function loadLabRows(ctx: LabContext, input: DatasetRowsInput): Promise<{ dataDir: string; rows: DatasetSplitRows }> {
  const dataDir = requireFolder(resolve(expectString(input.dataDir, 'The dataset folder (--data)')), 'dataset folder (--data)');
  const slots = await requireSlots();
  const audio = workerPoolExecutor(ctx.workerScript(), defaultConcurrency(), slots.audio);
  try {
    const rows = await loadDatasetSplitRows(dataDir, { audio, videoEmbedding: slots.video, signal: input.signal, onProgress: input.onProgress });
    input.onRows?.(rows);
    input.signal?.throwIfAborted();
    return { dataDir, rows };
  } finally {
    await audio.close();
  }
}
