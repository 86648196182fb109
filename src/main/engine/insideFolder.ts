import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * The one rule for "is this file inside that folder", used everywhere Cuefinder decides what
 * belongs to a folder the editor opened: the music and footage scanners, media and thumbnails
 * served to the UI, scene ownership and scene edits.
 *
 * Both paths are resolved to their real paths (links followed, at every level), and the file's
 * real path must lie below the folder's. So a folder reached through a link, and links inside a
 * folder to files that are themselves inside it, work everywhere; a link leading outside the folder
 * is refused, and so is anything that does not exist (a broken link).
 */
export function isInsideFolder(folder: string, file: string, opts: { orFolderItself?: boolean } = {}): boolean {
  const realFolder = realPathOf(folder);
  const realFile = realPathOf(file);
  if (realFolder === null || realFile === null) return false;
  return isBelow(realFolder, realFile) || (opts.orFolderItself === true && realFile === realFolder);
}

/** Where a path really leads (links followed), or null when it does not exist. */
export function realPathOf(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** Whether `file` lies below `folder` by their names alone (no links followed; neither need exist). */
export function isBelow(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
}
