import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { describeFsError } from '../engine/library/fileScanner';
import { UsecaseError } from './errors';

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
