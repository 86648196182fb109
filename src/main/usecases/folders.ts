import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { AUDIO_EXTENSIONS, describeFsError, VIDEO_EXTENSIONS } from '../engine/library/fileScanner';
import { UsecaseError } from './errors';

/**
 * The one rule for "is this file inside that folder" (engine/insideFolder: real paths, links
 * followed), for the front doors that decide what belongs to an opened folder: the media the app
 * serves, the browser server's own files.
 */
export { isInsideFolder } from '../engine/insideFolder';

/** A folder's name as the app shows it (the path itself for a root). */
export const folderName = (dir: string): string => basename(dir) || dir;

/** What a file is to Cuefinder by its name, as the scanners judge it: footage, music, or neither. */
export function mediaKindOf(fileName: string): 'video' | 'audio' | undefined {
  const ext = extname(fileName).toLowerCase();
  return VIDEO_EXTENSIONS.has(ext) ? 'video' : AUDIO_EXTENSIONS.has(ext) ? 'audio' : undefined;
}

/**
 * An existing, readable folder as an absolute path; `~` means the home folder. Throws a
 * sentence naming the folder and the reason.
 */
export function requireFolder(input: string, what: string): string {
  const expanded = input.trim() === '~' ? homedir() : input.trim().startsWith('~/') ? join(homedir(), input.trim().slice(2)) : input.trim();
  if (!isAbsolute(expanded)) throw new UsecaseError('invalid-argument', `Give the ${what} as a full path (starting with / or ~), not "${input}".`);
  const dir = resolve(expanded);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsecaseError('not-found', code === 'ENOENT' ? `The ${what} ${dir} does not exist.` : `The ${what} ${dir} cannot be opened: ${describeFsError(err)}.`);
  }
  if (!isDir) throw new UsecaseError('invalid-argument', `${dir} is a file, not a folder: choose the ${what} that contains it.`);
  return dir;
}
