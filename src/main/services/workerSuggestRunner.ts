import type { Worker, WorkerOptions } from 'node:worker_threads';
import { ServiceFailure } from './serviceFailure';
import type { SuggestRunner } from './suggestRunner';
import type { SuggestWorkerReply, SuggestWorkerRequest } from './suggestWorkerProtocol';

/** Time a cancelled worker gets to stop between scenes before it is terminated. */
const CANCEL_GRACE_MS = 5000;

/**
 * Runs each suggest step in a fresh worker thread made by createWorker (the built
 * suggestWorker entry), reporting its progress and turning its error reply back into a failure.
 */
export function workerSuggestRunner(createWorker: (options: WorkerOptions) => Worker, dbPath: string): SuggestRunner {
  return (input, hooks) =>
    new Promise((resolve, reject) => {
      const worker = createWorker({ workerData: { ...input, dbPath } });
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
        worker.postMessage({ type: 'cancel' } satisfies SuggestWorkerRequest);
        killTimer = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
      };
      hooks.signal.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (msg: SuggestWorkerReply) => {
        switch (msg.type) {
          case 'stage':
            return hooks.onStage(msg.stage);
          case 'progress':
            return hooks.onProgress(msg.done, msg.total);
          case 'done':
            return finish(() => resolve(msg.outcome));
          case 'error':
            return finish(() => reject(new ServiceFailure(msg.error.code, msg.error.message)));
        }
      });
      worker.on('error', (err) => finish(() => reject(err)));
      worker.on('exit', (code) => finish(() => reject(new ServiceFailure('failed', hooks.signal.aborted ? 'Suggesting was cancelled.' : `The suggest worker stopped unexpectedly (exit code ${code}).`))));
    });
}
