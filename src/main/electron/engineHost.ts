import type { UtilityProcess } from 'electron';
import type { AppEvent, MediaRef, ServiceRequest, ServiceResponse } from '../../shared/contract';
import type { MediaFile } from '../services/mediaResolver';
import type { HostCall, HostReply, HostRequest } from './hostProtocol';

/** Makes (or remakes, after a crash) the engine's utility process. */
export type SpawnEngine = () => UtilityProcess;

type Pending = (response: ServiceResponse<never>) => void;

/**
 * Main's handle on the engine utility process: calls are numbered and answered by `seq`, events
 * are fanned out to listeners, and a process that dies fails its open calls with a sentence and is
 * started again on the next call.
 */
export class EngineHost {
  #child: UtilityProcess | null = null;
  #seq = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(e: AppEvent) => void>();
  #disposed = false;

  constructor(private readonly spawn: SpawnEngine) {}

  invoke(request: ServiceRequest): Promise<ServiceResponse> {
    return this.#send({ call: request });
  }

  resolveMedia(ref: MediaRef): Promise<ServiceResponse<MediaFile>> {
    return this.#send({ media: ref });
  }

  onEvent(listener: (e: AppEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  dispose(): void {
    this.#disposed = true;
    this.#child?.kill();
    this.#child = null;
  }

  #send<T>(payload: HostCall): Promise<ServiceResponse<T>> {
    if (this.#disposed) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'Cuefinder is shutting down.' } });
    const seq = this.#seq++;
    return new Promise((resolve) => {
      this.#pending.set(seq, resolve as Pending);
      this.#process().postMessage({ type: 'run', seq, payload } satisfies HostRequest);
    });
  }

  #process(): UtilityProcess {
    if (this.#child) return this.#child;
    const child = this.spawn();
    child.on('message', (msg: HostReply) => {
      if (msg.type === 'event') return this.#listeners.forEach((l) => l(msg.event));
      if (msg.type === 'progress') return;
      const resolve = this.#pending.get(msg.seq);
      this.#pending.delete(msg.seq);
      resolve?.((msg.type === 'done' ? msg.result : { ok: false, error: msg.error }) as ServiceResponse<never>);
    });
    child.on('exit', (code) => {
      if (this.#child === child) this.#child = null;
      for (const resolve of this.#pending.values()) {
        resolve({ ok: false, error: { code: 'internal', message: `The Cuefinder engine stopped unexpectedly (exit code ${code}); try again, it restarts on its own.` } });
      }
      this.#pending.clear();
    });
    this.#child = child;
    return child;
  }
}
