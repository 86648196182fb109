import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** What the app remembers between runs, next to the database it belongs to. */
export interface PersistedAppState {
  projectDir: string | null;
  libraryDir: string | null;
  recentProjects: string[];
}

const EMPTY: PersistedAppState = { projectDir: null, libraryDir: null, recentProjects: [] };
const RECENT_KEPT = 8;

/** The state file of a database; an in-memory database remembers nothing. */
export function appStatePath(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : `${dbPath}-app.json`;
}

/** A missing or unreadable state file is a fresh start, never an error. */
export function loadAppState(path: string | null): PersistedAppState {
  if (!path) return { ...EMPTY };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<PersistedAppState>;
    const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
    return {
      projectDir: text(raw.projectDir),
      libraryDir: text(raw.libraryDir),
      recentProjects: Array.isArray(raw.recentProjects) ? raw.recentProjects.filter((p): p is string => typeof p === 'string').slice(0, RECENT_KEPT) : [],
    };
  } catch {
    return { ...EMPTY };
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a file. */
export function saveAppState(path: string | null, state: PersistedAppState): void {
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2));
  renameSync(tmp, path);
}

export function withRecent(recent: readonly string[], dir: string): string[] {
  return [dir, ...recent.filter((d) => d !== dir)].slice(0, RECENT_KEPT);
}
