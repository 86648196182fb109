import { homedir } from 'node:os';
import { join } from 'node:path';

/** Per-user data folder: $CUEFINDER_HOME, else the platform's usual application-data place. */
export function defaultDataDir(): string {
  if (process.env.CUEFINDER_HOME) return process.env.CUEFINDER_HOME;
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Cuefinder');
    case 'win32':
      return join(process.env.APPDATA || join(home, 'AppData', 'Roaming'), 'Cuefinder');
    default:
      return join(process.env.XDG_DATA_HOME || join(home, '.local', 'share'), 'cuefinder');
  }
}

export function defaultDbPath(): string {
  return process.env.CUEFINDER_DB || join(defaultDataDir(), 'cuefinder.db');
}

/** Derived files (thumbnails, proxies) live next to the database they belong to. */
export function cacheDirFor(dbPath: string): string {
  return dbPath === ':memory:' ? join(defaultDataDir(), 'cache') : join(dbPath + '-cache');
}

/** Where cached retrieval indexes live inside a cache folder (engine/suggest/indexCache.ts). */
export function retrievalCacheDir(cacheDir: string): string {
  return join(cacheDir, 'retrieval');
}
