import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AUDIO_FEATURE_VERSION } from '../audio/featureSchema';
import type { EmbeddingModel } from '../embedding/embeddingModel';
import { embeddingFeatureVersion } from '../embedding/featureVersion';
import type { SegmentEncoderSource, SegmentEncoders } from '../encoders/segmentEncoder';
import type { WorkReply, WorkRequest } from '../../../shared/workProtocol';
import { MediaError } from '../media/mediaError';
import { analyzeTrackFile, type AnalyzedTrack } from './trackAnalysis';

/** Runs track analyses; the indexer keeps `concurrency` of them in flight. */
export interface AnalysisExecutor {
  readonly concurrency: number;
  /** Version of the feature vectors it produces (AUDIO_FEATURE_VERSION, with the embedding model's when one is set). */
  readonly featureVersion: string;
  /** Version of the segment encodings it produces; undefined when it runs no encoders. */
  readonly encoderVersion?: string;
  analyze(path: string, signal: AbortSignal): Promise<AnalyzedTrack>;
  close(): Promise<void>;
}

/** Analyses on the calling thread. ffmpeg still decodes in its own process. */
export function inProcessExecutor(concurrency = 1, audioEmbedding?: EmbeddingModel, encoders?: SegmentEncoders): AnalysisExecutor {
  return {
    concurrency,
    featureVersion: embeddingFeatureVersion(AUDIO_FEATURE_VERSION, audioEmbedding),
    encoderVersion: encoders?.version,
    analyze: (path, signal) => analyzeTrackFile(path, signal, audioEmbedding, encoders),
    close: async () => {},
  };
}

/** Requests and replies between the pool and its workers (the one work protocol): one track per request. */
export type AnalysisRequest = WorkRequest<{ path: string }>;
/** An error reply's code is 'failed' for a MediaError (its reason is the message), 'internal' otherwise. */
export type AnalysisReply = WorkReply<AnalyzedTrack>;
/** What every analysis worker is started with: the audio embedding model and segment encoders to load, if any, and the versions they must have. */
export interface AnalysisWorkerData {
  audioEmbedding?: { dir: string; version: string };
  segmentEncoders?: SegmentEncoderSource;
}

export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * A pool of worker threads, each running analyzeTrackFile, so JS analysis uses every core.
 * Cancelling a job terminates the worker that runs it (killing its ffmpeg); a fresh one replaces it.
 * With an audio embedding model or segment encoders, each worker loads its own copy from their folders.
 */
export function workerPoolExecutor(
  workerScript: string,
  size = defaultConcurrency(),
  audioEmbedding?: EmbeddingModel,
  segmentEncoders?: SegmentEncoderSource,
): AnalysisExecutor {
  const workerData: AnalysisWorkerData = {
    ...(audioEmbedding && { audioEmbedding: { dir: audioEmbedding.source, version: audioEmbedding.version } }),
    ...(segmentEncoders && { segmentEncoders }),
  };
  interface Slot {
    worker: Worker;
    busy: boolean;
    retired: boolean;
  }
  const slots: Slot[] = [];
  const waiting: Array<(slot: Slot) => void> = [];
  let nextId = 1;
  let closed = false;

  const spawnBusy = (): Slot => {
    const slot = { worker: new Worker(workerScript, { workerData }), busy: true, retired: false };
    slots.push(slot);
    return slot;
  };
  const acquire = (): Promise<Slot> => {
    const free = slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (slots.length < size) return Promise.resolve(spawnBusy());
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot): void => {
    const next = waiting.shift();
    if (!slot.retired) {
      if (next) next(slot);
      else slot.busy = false;
    } else if (next && !closed) next(spawnBusy());
  };
  /** Takes a worker out of the pool after a crash or a cancel; it is replaced only when needed. */
  const retire = (slot: Slot, cancelId?: number): void => {
    slot.retired = true;
    slots.splice(slots.indexOf(slot), 1);
    // Ask the worker to kill its ffmpeg first; terminating the thread alone would orphan it.
    if (cancelId !== undefined) slot.worker.postMessage({ type: 'cancel', seq: cancelId } satisfies AnalysisRequest);
    setTimeout(() => void slot.worker.terminate(), cancelId === undefined ? 0 : 100).unref();
  };

  return {
    concurrency: size,
    featureVersion: embeddingFeatureVersion(AUDIO_FEATURE_VERSION, audioEmbedding),
    encoderVersion: segmentEncoders?.version,
    async analyze(path, signal) {
      if (closed) throw new Error('analysis pool is closed');
      const slot = await acquire();
      const id = nextId++;
      try {
        return await new Promise<AnalyzedTrack>((resolve, reject) => {
          const onMessage = (msg: AnalysisReply): void => {
            if ((msg.type !== 'done' && msg.type !== 'error') || msg.seq !== id) return;
            cleanup();
            if (msg.type === 'done') resolve(msg.result);
            else reject(msg.error.code === 'failed' ? new MediaError(path, msg.error.message) : new Error(msg.error.message));
          };
          const onError = (err: Error): void => {
            cleanup();
            retire(slot);
            reject(new MediaError(path, `analysis crashed: ${err.message}`));
          };
          const onAbort = (): void => {
            cleanup();
            retire(slot, id);
            reject(new MediaError(path, 'cancelled'));
          };
          const cleanup = (): void => {
            slot.worker.off('message', onMessage);
            slot.worker.off('error', onError);
            signal.removeEventListener('abort', onAbort);
          };
          if (signal.aborted) return onAbort();
          slot.worker.on('message', onMessage);
          slot.worker.on('error', onError);
          signal.addEventListener('abort', onAbort, { once: true });
          slot.worker.postMessage({ type: 'run', seq: id, payload: { path } } satisfies AnalysisRequest);
        });
      } finally {
        release(slot);
      }
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
      slots.length = 0;
    },
  };
}
