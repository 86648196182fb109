import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

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
