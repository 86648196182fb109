import { parentPort } from 'node:worker_threads';
import { openContext } from '../usecases/context';
import { toErrorData } from './serviceErrors';
import { runSuggestStep } from './suggestRunner';
import type { SuggestWorkerReply, SuggestWorkerRequest } from './suggestWorkerProtocol';

/**
 * Worker-thread entry: one suggest run on its own database connection (SQLite WAL lets it write
 * while the app keeps reading), so scoring never blocks the thread that answers the UI. It takes
 * one 'run' request, then closes its port.
 */
const port = parentPort!;
const controller = new AbortController();
const post = (reply: SuggestWorkerReply): void => port.postMessage(reply);

port.on('message', (msg: SuggestWorkerRequest) => {
  if (msg.type === 'cancel') controller.abort();
  else void run(msg.seq, msg.payload);
});

let started = false;
async function run(seq: number, { dbPath, ...input }: Extract<SuggestWorkerRequest, { type: 'run' }>['payload']): Promise<void> {
  if (started) return;
  started = true;
  let ctx;
  try {
    ctx = openContext(dbPath);
    const result = await runSuggestStep(ctx, input, {
      signal: controller.signal,
      onStage: (stage) => post({ type: 'progress', seq, progress: { stage } }),
      onProgress: (done, total) => post({ type: 'progress', seq, progress: { done, total } }),
    });
    post({ type: 'done', seq, result });
  } catch (err) {
    post({ type: 'error', seq, error: toErrorData(err) });
  } finally {
    ctx?.close();
    port.close();
  }
}
