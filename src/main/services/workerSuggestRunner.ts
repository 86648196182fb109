import type { Worker, WorkerOptions } from 'node:worker_threads';
import { ServiceFailure } from './serviceFailure';
import type { SuggestRunner } from './suggestRunner';
import type { SuggestWorkerReply, SuggestWorkerRequest } from './suggestWorkerProtocol';

/** Time a cancelled worker gets to stop between scenes before it is terminated. */
const CANCEL_GRACE_MS = 5000;
/** A suggest worker runs one request; this is its number. */
const SEQ = 1;

/**
 * Runs each suggest step in a fresh worker thread made by createWorker (the built
 * suggestWorker entry), reporting its progress and turning its error reply back into a failure.
 */
export function workerSuggestRunner(createWorker: (options: WorkerOptions) => Worker, dbPath: string): SuggestRunner {
  return (input, hooks) =>
    new Promise((resolve, reject) => {
      const worker = createWorker({});
      let settled = false;
      let killTimer: ReturnType<typeof setTimeout> | undefined;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        hooks.signal.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
        fn();
      };
      const onAbort = (): void => {
        worker.postMessage({ type: 'cancel', seq: SEQ } satisfies SuggestWorkerRequest);
        killTimer = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
      };
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (msg: SuggestWorkerReply) => {
        switch (msg.type) {
          case 'progress':
            return 'stage' in msg.progress ? hooks.onStage(msg.progress.stage) : hooks.onProgress(msg.progress.done, msg.progress.total);
          case 'done':
            return finish(() => resolve(msg.result));
          case 'error':
            return finish(() => reject(new ServiceFailure(msg.error.code, msg.error.message)));
        }
      });
      worker.on('error', (err) => finish(() => reject(err)));
      worker.on('exit', (code) => finish(() => reject(new ServiceFailure('failed', hooks.signal.aborted ? 'Suggesting was cancelled.' : `The suggest worker stopped unexpectedly (exit code ${code}).`))));
      worker.postMessage({ type: 'run', seq: SEQ, payload: { ...input, dbPath } } satisfies SuggestWorkerRequest);
    });
}
