import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppEvent, JobInfo, ModelStatus } from '../../shared/contract';
import type { Db } from '../engine/db/database';
import { openContext, type UsecaseContext } from '../usecases/context';
import type { MediaRoots } from '../usecases/media';
import { appStatePath, loadAppState, saveAppState, withRecent, type PersistedAppState } from './appState';
import { JobManager } from './jobManager';
import { ServiceFailure } from './serviceFailure';
import type { SuggestRunner } from './suggestRunner';

export interface SessionOptions {
  /** Database file (':memory:' for tests that need no persistence). */
  dbPath: string;
  /** The analysis worker script for the library indexer's worker pool. */
  workerScript: () => string;
  modelDir: string;
  /** The segment encoders the library indexer runs (resources/encoders); none when absent. */
  encodersDir?: string;
  /** How suggest runs: a worker thread in the app, in-process in tests. */
  suggestRunner: (db: Db) => SuggestRunner;
  /** Reopen the project and library of the last run. */
  restore?: boolean;
  /** Suggestions kept per scene. */
  top?: number;
}

/**
 * The state the services share: one database connection, the open project and music folders
 * (the only folders media is served from), recent projects, the model's status and the jobs.
 * Every change is announced through `emit`.
 */
export class Session implements UsecaseContext {
  readonly db: Db;
  readonly dbPath: string;
  readonly cacheDir: string;
  readonly modelDir: string;
  readonly encodersDir: string | undefined;
  readonly top: number;
  readonly jobs: JobManager;
  readonly suggestRunner: SuggestRunner;
  readonly workerScript: () => string;
  model: ModelStatus;
  #state: PersistedAppState;
  readonly #statePath: string | null;
  readonly #listeners = new Set<(e: AppEvent) => void>();

  constructor(opts: SessionOptions) {
    const ctx = openContext(opts.dbPath);
    this.db = ctx.db;
    this.dbPath = ctx.dbPath;
    this.cacheDir = ctx.cacheDir;
    this.modelDir = resolve(opts.modelDir);
    this.encodersDir = opts.encodersDir && resolve(opts.encodersDir);
    this.top = opts.top ?? 5;
    this.workerScript = opts.workerScript;
    this.suggestRunner = opts.suggestRunner(this.db);
    this.model = { dir: this.modelDir, state: 'not-loaded', version: null, error: null };
    this.jobs = new JobManager((job: JobInfo) => this.emit({ type: 'job', job }));
    this.#statePath = appStatePath(this.dbPath);
    const saved = loadAppState(this.#statePath);
    const stillThere = (dir: string | null): string | null => (dir && isFolder(dir) ? dir : null);
    this.#state = opts.restore
      ? { ...saved, projectDir: stillThere(saved.projectDir), libraryDir: stillThere(saved.libraryDir) }
      : { ...saved, projectDir: null, libraryDir: null };
  }

  get projectDir(): string | null {
    return this.#state.projectDir;
  }

  get libraryDir(): string | null {
    return this.#state.libraryDir;
  }

  get recentProjects(): readonly string[] {
    return this.#state.recentProjects;
  }

  requireProject(): string {
    if (!this.#state.projectDir) throw new ServiceFailure('no-project', 'No project is open: open a folder of footage first.');
    return this.#state.projectDir;
  }

  setProject(dir: string | null): void {
    this.#state = { ...this.#state, projectDir: dir, recentProjects: dir ? withRecent(this.#state.recentProjects, dir) : this.#state.recentProjects };
    saveAppState(this.#statePath, this.#state);
    this.emit({ type: 'changed', what: 'state' });
    this.emit({ type: 'changed', what: 'project' });
  }

  setLibrary(dir: string): void {
    this.#state = { ...this.#state, libraryDir: dir };
    saveAppState(this.#statePath, this.#state);
    this.emit({ type: 'changed', what: 'state' });
    this.emit({ type: 'changed', what: 'library' });
  }

  /** The folders media may be served from: the open project, the open library, the thumbnail cache. */
  mediaRoots(): MediaRoots {
    return { project: this.#state.projectDir, library: this.#state.libraryDir, cache: this.cacheDir };
  }

  onEvent(listener: (e: AppEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const l of this.#listeners) l(event);
  }

  async dispose(): Promise<void> {
    await this.jobs.dispose();
    this.#listeners.clear();
    this.db.close();
  }
}

export { folderName, requireFolder } from '../usecases/folders';

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
