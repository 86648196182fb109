import { Worker } from 'node:worker_threads';
import { createServiceHost } from '../services/createServices';
import { toErrorData } from '../services/serviceErrors';
import { workerSuggestRunner } from '../services/workerSuggestRunner';
import type { HostConfig, HostReply, HostRequest } from './hostProtocol';

/**
 * Entry of the Electron utility process that runs the engine: the services, the database and
 * every job live here, so heavy work never blocks the window's main process. Main forwards each
 * IPC call as a HostRequest and relays events back to the windows.
 */
interface ParentPortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!port) throw new Error('serviceHost must run as an Electron utility process');
const config = JSON.parse(process.argv[process.argv.length - 1]) as HostConfig;

const host = createServiceHost({
  dbPath: config.dbPath,
  modelDir: config.modelDir,
  encodersDir: config.encodersDir,
  workerScript: () => config.workerScript,
  suggestRunner: () => workerSuggestRunner((options) => new Worker(config.suggestWorkerScript, options), config.dbPath),
  restore: true,
});
const post = (reply: HostReply): void => port.postMessage(reply);
host.onEvent((event) => post({ type: 'event', event }));

port.on('message', ({ data }) => {
  const msg = data as HostRequest;
  if (msg.type !== 'run') return;
  const { seq, payload } = msg;
  if ('call' in payload) {
    void host.dispatch(payload.call).then((result) => post({ type: 'done', seq, result }));
    return;
  }
  try {
    post({ type: 'done', seq, result: { ok: true, value: host.resolveMedia(payload.media) } });
  } catch (err) {
    post({ type: 'done', seq, result: { ok: false, error: toErrorData(err) } });
  }
});

process.on('SIGTERM', () => void host.dispose().finally(() => process.exit(0)));
