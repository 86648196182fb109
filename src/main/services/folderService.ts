import { readdirSync, statSync, type Dirent } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import type { FolderEntry, FolderListing, FolderService } from '../../shared/contract';
import { mediaKindOf } from '../usecases/folders';
import { ServiceFailure } from './serviceFailure';
import { folderName, requireFolder, type Session } from './session';

/** Sub-folders listed at most; a folder with more is not one a person browses by eye. */
const MAX_FOLDERS = 500;
/** Sub-folders whose media files are counted (one more directory read each). */
const MAX_COUNTED = 150;

function readEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ServiceFailure('failed', code === 'EACCES' || code === 'EPERM' ? `Cuefinder may not read ${dir} (permission denied).` : `${dir} cannot be read (${(err as Error).message}).`);
  }
}

function isDirectory(dir: string, e: Dirent): boolean {
  if (e.isDirectory()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, e.name)).isDirectory();
  } catch {
    return false;
  }
}

function mediaCounts(entries: readonly Dirent[]): { videoFiles: number; audioFiles: number } {
  let videoFiles = 0;
  let audioFiles = 0;
  for (const e of entries) {
    if (e.name.startsWith('.') || e.isDirectory()) continue;
    const kind = mediaKindOf(e.name);
    if (kind === 'video') videoFiles++;
    else if (kind === 'audio') audioFiles++;
  }
  return { videoFiles, audioFiles };
}

function safeCounts(dir: string): { videoFiles: number; audioFiles: number } {
  try {
    return mediaCounts(readdirSync(dir, { withFileTypes: true }));
  } catch {
    return { videoFiles: 0, audioFiles: 0 };
  }
}

/** Folder browsing for hosts without a native folder dialog (browser mode): folders only, never file contents. */
export function createFolderService(session: Session): FolderService {
  return {
    async list(dir): Promise<FolderListing> {
      const path = dir === null || dir === undefined || dir === '' ? homedir() : requireFolder(String(dir), 'folder');
      const entries = readEntries(path);
      const folders: FolderEntry[] = entries
        .filter((e) => !e.name.startsWith('.') && isDirectory(path, e))
        .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }))
        .slice(0, MAX_FOLDERS)
        .map((e, i) => {
          const full = join(path, e.name);
          return { name: e.name, path: full, ...(i < MAX_COUNTED ? safeCounts(full) : { videoFiles: 0, audioFiles: 0 }) };
        });
      const root = parse(path).root;
      const places = [
        { label: 'Home', path: homedir() },
        ...(session.libraryDir ? [{ label: `Music: ${folderName(session.libraryDir)}`, path: session.libraryDir }] : []),
        ...session.recentProjects.map((p) => ({ label: `Near ${folderName(p)}`, path: dirname(p) })),
        { label: 'Computer', path: root },
      ].filter((p, i, all) => all.findIndex((q) => q.path === p.path) === i);
      return { path, parent: path === root ? null : dirname(path), folders, ...mediaCounts(entries), places };
    },
  };
}
