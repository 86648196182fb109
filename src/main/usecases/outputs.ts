import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsecaseError, storageFailure } from './errors';
import { expectString } from './validate';

/**
 * An output file a command will write, checked before any work starts: a path, not a folder, in
 * an existing folder that can be written. Returns the absolute path.
 */
export function checkOutputPath(value: unknown, name: string): string {
  const path = resolve(expectString(value, name));
  const folder = dirname(path);
  const fail = (reason: string): never => {
    throw new UsecaseError('invalid-argument', `${name} ${path} cannot be written: ${reason}.`);
  };
  try {
    if (statSync(path).isDirectory()) fail('it is a folder');
  } catch (err) {
    if (err instanceof UsecaseError) throw err;
  }
  try {
    if (!statSync(folder).isDirectory()) fail(`${folder} is not a folder`);
    accessSync(folder, constants.W_OK);
  } catch (err) {
    if (err instanceof UsecaseError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `the folder ${folder} does not exist` : code === 'EROFS' ? 'the file system is read-only' : `the folder ${folder} is not writable`);
  }
  return path;
}

/**
 * Writes a whole file or nothing: the text goes to a temporary file beside it that is renamed
 * over the target, so a full disk leaves the old file (or none), never half of a new one. A target
 * that exists and is not a regular file (/dev/stdout, a pipe) is written directly.
 */
export function writeOutput(path: string, text: string): void {
  if (!isRegularOrAbsent(path)) {
    try {
      writeFileSync(path, text);
      return;
    } catch (err) {
      throw storageFailure(err, path) ?? err;
    }
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw storageFailure(err, path) ?? err;
  }
}

function isRegularOrAbsent(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}
