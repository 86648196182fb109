import type { JobInfo, JobKind } from '../../shared/contract';
import { toErrorData } from './serviceErrors';
import { sentence } from './serviceFailure';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; forwarded to the UI at most every progressIntervalMs. */
  progress(stage: string, done: number, total: number, current?: string | null): void;
}

/** Runs the job; resolves to a one-line outcome shown when it finishes. */
export type JobRun = (ctx: JobContext) => Promise<string>;

export interface StartOptions {
  /** Kinds whose queued or running jobs must settle before this one starts. */
  after?: readonly JobKind[];
}

interface Entry {
  info: JobInfo;
  controller: AbortController;
  settled: Promise<void>;
}

const FINISHED_KEPT = 20;

/**
 * Long jobs with an id, throttled progress and cancellation (an AbortSignal the engine checks
 * between items). One job per kind at a time: starting a kind that is already queued or running
 * returns that job instead of a second one.
 */
export class JobManager {
  readonly #entries = new Map<string, Entry>();
  readonly #lastSent = new Map<string, number>();
  readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();
  #nextId = 1;

  constructor(
    private readonly emit: (job: JobInfo) => void,
    private readonly progressIntervalMs = 100,
  ) {}

  start(kind: JobKind, run: JobRun, opts: StartOptions = {}): JobInfo {
    const existing = this.active(kind);
    if (existing) return existing;
    const id = `${kind}-${this.#nextId++}`;
    const controller = new AbortController();
    // A cancelled job of the same kind may still be finishing its current item: wait for it too.
    const blockers = [...this.#entries.values()]
      .filter((e) => !isFinished(e.info) && (e.info.kind === kind || opts.after?.includes(e.info.kind)))
      .map((e) => e.settled);
    const entry: Entry = {
      info: { id, kind, state: blockers.length ? 'queued' : 'running', stage: blockers.length ? 'waiting' : 'starting', done: 0, total: 0, current: null, message: null, startedAt: Date.now(), finishedAt: null },
      controller,
      settled: Promise.resolve(),
    };
    this.#entries.set(id, entry);
    entry.settled = this.#execute(entry, blockers, run);
    this.#send(entry.info, true);
    this.#prune();
    return entry.info;
  }

  cancel(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry || isFinished(entry.info)) return;
    entry.controller.abort();
    this.#update(entry, { stage: 'cancelling' }, true);
  }

  /** The queued or running job of a kind that has not been asked to stop. */
  active(kind: JobKind): JobInfo | undefined {
    return [...this.#entries.values()].find((e) => e.info.kind === kind && !isFinished(e.info) && !e.controller.signal.aborted)?.info;
  }

  list(): JobInfo[] {
    return [...this.#entries.values()].map((e) => e.info);
  }

  /** Resolves when the job has finished, whatever the outcome. */
  settled(id: string): Promise<void> {
    return this.#entries.get(id)?.settled ?? Promise.resolve();
  }

  /** Cancels everything and waits for the jobs to stop. */
  async dispose(): Promise<void> {
    const entries = [...this.#entries.values()];
    for (const e of entries) e.controller.abort();
    await Promise.all(entries.map((e) => e.settled));
    for (const t of this.#pending.values()) clearTimeout(t);
    this.#pending.clear();
  }

  async #execute(entry: Entry, blockers: Promise<void>[], run: JobRun): Promise<void> {
    await Promise.all(blockers);
    const { signal } = entry.controller;
    if (signal.aborted) {
      this.#update(entry, { state: 'cancelled', stage: 'cancelled', message: 'Cancelled before it started.', finishedAt: Date.now() }, true);
      return;
    }
    this.#update(entry, { state: 'running', stage: 'starting' }, true);
    try {
      const outcome = await run({
        signal,
        progress: (stage, done, total, current = null) => this.#update(entry, { stage, done, total, current }, false),
      });
      const cancelled = signal.aborted;
      this.#update(entry, { state: cancelled ? 'cancelled' : 'done', stage: cancelled ? 'cancelled' : 'done', message: sentence(outcome), finishedAt: Date.now() }, true);
    } catch (err) {
      const cancelled = signal.aborted;
      const message = cancelled ? 'Cancelled; finished work is kept.' : toErrorData(err).message;
      this.#update(entry, { state: cancelled ? 'cancelled' : 'failed', stage: cancelled ? 'cancelled' : 'failed', message, finishedAt: Date.now() }, true);
    }
  }

  #update(entry: Entry, patch: Partial<JobInfo>, immediate: boolean): void {
    if (isFinished(entry.info)) return;
    entry.info = { ...entry.info, ...patch };
    this.#send(entry.info, immediate);
  }

  /** Progress is throttled per job; state changes always go out at once (and flush what was held back). */
  #send(info: JobInfo, immediate: boolean): void {
    const now = Date.now();
    const wait = this.progressIntervalMs - (now - (this.#lastSent.get(info.id) ?? 0));
    const held = this.#pending.get(info.id);
    if (immediate || wait <= 0) {
      if (held) clearTimeout(held);
      this.#pending.delete(info.id);
      this.#lastSent.set(info.id, now);
      this.emit(info);
      return;
    }
    if (held) return;
    this.#pending.set(
      info.id,
      setTimeout(() => {
        this.#pending.delete(info.id);
        const entry = this.#entries.get(info.id);
        if (!entry) return;
        this.#lastSent.set(info.id, Date.now());
        this.emit(entry.info);
      }, wait),
    );
  }

  #prune(): void {
    const finished = [...this.#entries.values()].filter((e) => isFinished(e.info));
    for (const e of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) {
      this.#entries.delete(e.info.id);
      this.#lastSent.delete(e.info.id);
    }
  }
}

export function isFinished(job: JobInfo): boolean {
  return job.state === 'done' || job.state === 'failed' || job.state === 'cancelled';
}
