import { parentPort, workerData } from 'node:worker_threads';
import { openContext } from '../usecases/context';
import { toErrorData } from './serviceErrors';
import { runSuggestStep, type SuggestRunInput } from './suggestRunner';
import type { SuggestWorkerReply, SuggestWorkerRequest } from './suggestWorkerProtocol';

/**
 * Worker-thread entry: one suggest run on its own database connection (SQLite WAL lets it write
 * while the app keeps reading), so scoring never blocks the thread that answers the UI.
 */
const input = workerData as SuggestRunInput & { dbPath: string };
const port = parentPort!;
const controller = new AbortController();
const post = (reply: SuggestWorkerReply): void => port.postMessage(reply);

port.on('message', (msg: SuggestWorkerRequest) => {
  if (msg.type === 'cancel') controller.abort();
});

let ctx;
try {
  ctx = openContext(input.dbPath);
  const outcome = await runSuggestStep(ctx, input, {
    signal: controller.signal,
    onStage: (stage) => post({ type: 'stage', stage }),
    onProgress: (done, total) => post({ type: 'progress', done, total }),
  });
  post({ type: 'done', outcome });
} catch (err) {
  post({ type: 'error', error: toErrorData(err) });
} finally {
  ctx?.close();
  port.close();
}
