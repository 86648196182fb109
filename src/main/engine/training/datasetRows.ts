import { join } from 'node:path';
import { datasetSplits, readDataset, type Dataset } from '../data/datasetFormat';
import type { EmbeddingModel } from '../embedding/embeddingModel';
import type { AnalysisExecutor } from '../library/analysisExecutor';
import { extractDatasetFeatures } from './datasetFeatures';
import { assemblePairRows, type PairRows } from './pairRows';

/** A dataset folder read into aligned model rows per official split. */
export interface DatasetSplitRows {
  dataset: Dataset;
  train: PairRows;
  val: PairRows;
  test: PairRows;
  /** Pairs left out for missing features or labels. */
  skipped: number;
  failures: { path: string; reason: string }[];
}

/** Where a dataset keeps its extracted-feature cache (shared by `train`, `eval` and the model bench). */
export const featureCacheFile = (dataDir: string): string => join(dataDir, '.cuefinder', 'features.jsonl');

/**
 * Reads the dataset, extracts (or reuses cached) features and assembles the rows of the dataset's
 * own split (docs/dataset-format.md). Throws the reader's DatasetError for a malformed folder.
 */
export async function loadDatasetSplitRows(
  dataDir: string,
  opts: { audio: AnalysisExecutor; videoEmbedding?: EmbeddingModel; signal?: AbortSignal; onProgress?: (done: number, total: number, stage: string) => void },
): Promise<DatasetSplitRows> {
  const dataset = readDataset(dataDir);
  const features = await extractDatasetFeatures(dataset, { ...opts, cacheFile: featureCacheFile(dataDir) });
  const split = datasetSplits(dataset.pairs);
  const train = assemblePairRows(dataset, features, split.train);
  const val = assemblePairRows(dataset, features, split.val);
  const test = assemblePairRows(dataset, features, split.test);
  return {
    dataset,
    train: train.rows,
    val: val.rows,
    test: test.rows,
    skipped: train.skipped + val.skipped + test.skipped,
    failures: features.failures,
  };
}
