import type { ServiceErrorData } from './contract';

/**
 * The one protocol between a host and what does its work in another thread or process: the
 * library's analysis worker threads, the suggest worker thread and Electron's engine process.
 *
 * The host numbers each request (`seq`) and may cancel one by its number. The worker answers that
 * number with any number of `progress` replies and then exactly one `done` or `error`; a worker
 * that dies answers nothing, and the host fails what it had open. `event` carries what a worker
 * announces on its own, with no request behind it (the engine process's app events).
 */
export type WorkRequest<Payload> = { readonly type: 'run'; readonly seq: number; readonly payload: Payload } | { readonly type: 'cancel'; readonly seq: number };

export type WorkReply<Result, Progress = never, Event = never> =
  | { readonly type: 'progress'; readonly seq: number; readonly progress: Progress }
  | { readonly type: 'done'; readonly seq: number; readonly result: Result }
  | { readonly type: 'error'; readonly seq: number; readonly error: ServiceErrorData }
  | { readonly type: 'event'; readonly event: Event };
