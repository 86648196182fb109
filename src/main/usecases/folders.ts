import { realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describeFsError } from '../engine/library/fileScanner';
import { UsecaseError } from './errors';

/**
 * True when `file` (after following links) lies inside `root` (after following links): the
 * "inside an opened folder" rule, for scenes of the open project and media served to the app.
 */
export function isInside(root: string, file: string): boolean {
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = realpathSync(root);
    realFile = realpathSync(file);
  } catch {
    return false;
  }
  const rel = relative(realRoot, realFile);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
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
