import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddingModel } from '../engine/embedding/embeddingModel';
import type { SegmentEncoders } from '../engine/encoders/segmentEncoder';
import { analyzeTrackFile } from '../engine/library/trackAnalysis';
import type { AnalysisReply, AnalysisRequest, AnalysisWorkerData } from '../engine/library/analysisExecutor';
import { MediaError } from '../engine/media/mediaError';

/** Worker-thread entry: analyses one track per request and posts the result back. */
if (!parentPort) throw new Error('analysisWorker must run in a worker thread');
const port = parentPort;

const running = new Map<number, AbortController>();

const { audioEmbedding, segmentEncoders } = (workerData ?? {}) as AnalysisWorkerData;
/**
 * Loaded once per worker; a folder whose content changed since the pool was made is refused.
 * TensorFlow.js (the models' runtime) is imported only when a model is asked for: a worker without
 * one starts without it.
 */
const audioModel: Promise<EmbeddingModel | undefined> = audioEmbedding
  ? import('../engine/embedding/embeddingModel').then(({ loadEmbeddingModel }) => loadEmbeddingModel(audioEmbedding.dir)).then((model) => {
      if (model.version !== audioEmbedding.version) {
        throw new Error(`embedding model ${audioEmbedding.dir} changed while indexing (version ${model.version}, expected ${audioEmbedding.version})`);
      }
      return model;
    })
  : Promise.resolve(undefined);
audioModel.catch(() => undefined);
const encoders: Promise<SegmentEncoders | undefined> = segmentEncoders
  ? import('../engine/encoders/segmentEncoder').then(({ loadSegmentEncoders }) => loadSegmentEncoders(segmentEncoders))
  : Promise.resolve(undefined);
encoders.catch(() => undefined);

port.on('message', async (msg: AnalysisRequest) => {
  if (msg.type === 'cancel') {
    running.get(msg.seq)?.abort();
    return;
  }
  const ctrl = new AbortController();
  running.set(msg.seq, ctrl);
  try {
    const result = await analyzeTrackFile(msg.payload.path, ctrl.signal, await audioModel, await encoders);
    // Vectors may be views of one shared buffer: transfer each buffer once.
    const buffers = new Set<ArrayBuffer>([
      result.analysis.features.buffer as ArrayBuffer,
      ...result.analysis.segments.map((s) => s.features.buffer as ArrayBuffer),
    ]);
    if (result.analysis.loudness) buffers.add(result.analysis.loudness.buffer as ArrayBuffer);
    port.postMessage({ type: 'done', seq: msg.seq, result } satisfies AnalysisReply, [...buffers]);
  } catch (err) {
    const error = err instanceof MediaError ? { code: 'failed' as const, message: err.reason } : { code: 'internal' as const, message: (err as Error)?.message ?? String(err) };
    port.postMessage({ type: 'error', seq: msg.seq, error } satisfies AnalysisReply);
  } finally {
    running.delete(msg.seq);
  }
});
