import { opendir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface ScannedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanProblem {
  path: string;
  reason: string;
}

export interface ScanResult {
  files: ScannedFile[];
  problems: ScanProblem[];
}

/** Audio containers worth probing. mkv/webm/mp4 count only when they hold no picture stream. */
export const AUDIO_EXTENSIONS = new Set([
  '.mp3', '.flac', '.wav', '.wave', '.aif', '.aiff', '.aifc', '.ogg', '.oga', '.opus',
  '.m4a', '.m4b', '.aac', '.wma', '.mka', '.mkv', '.webm', '.alac', '.caf', '.ape', '.wv',
]);

/** Video containers a project folder may hold. */
export const VIDEO_EXTENSIONS = new Set([
  '.mp4', '.mov', '.m4v', '.mkv', '.webm', '.avi', '.mxf', '.mts', '.m2ts', '.mpg', '.mpeg', '.wmv', '.3gp',
]);

/**
 * Node reads a file name that is not valid UTF-8 (a Latin-1 "café") with U+FFFD in place of the
 * bad bytes, and no file has that name: the file exists, but cannot be opened by the name we got.
 */
const NOT_UTF8 = 'the file name is not valid UTF-8, so it cannot be opened by name; rename it';

/**
 * Walks a folder recursively and returns the files whose extension is in `extensions`, sorted by
 * path. Follows symlinks but visits each real directory once, so link loops end. Unreadable
 * directories, broken links and links to a directory scanned already become problems (reported,
 * not errors).
 */
export async function scanFolder(root: string, extensions: ReadonlySet<string>, signal?: AbortSignal): Promise<ScanResult> {
  const files: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  const visited = new Set<string>();

  async function walk(dir: string): Promise<void> {
    if (signal?.aborted) return;
    let real: string;
    try {
      real = await realpath(dir);
    } catch (err) {
      problems.push({ path: dir, reason: describeFsError(err) });
      return;
    }
    if (visited.has(real)) {
      problems.push({ path: dir, reason: `skipped: a link to ${real}, which is scanned already` });
      return;
    }
    visited.add(real);
    let handle;
    try {
      handle = await opendir(dir);
    } catch (err) {
      problems.push({ path: dir, reason: describeFsError(err) });
      return;
    }
    const subdirs: string[] = [];
    for await (const entry of handle) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await stat(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (err) {
          if (extensions.has(extname(entry.name).toLowerCase())) problems.push({ path: full, reason: entry.name.includes('\uFFFD') ? NOT_UTF8 : describeFsError(err) });
          continue;
        }
      }
      if (isDir) subdirs.push(full);
      else if (isFile && extensions.has(extname(entry.name).toLowerCase())) {
        try {
          const st = await stat(full);
          files.push({ path: full, size: st.size, mtimeMs: st.mtimeMs });
        } catch (err) {
          problems.push({ path: full, reason: entry.name.includes('\uFFFD') ? NOT_UTF8 : describeFsError(err) });
        }
      }
    }
    for (const sub of subdirs) await walk(sub);
  }

  await walk(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'not found (broken link or removed during the scan)';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'ENOTDIR':
      return 'not a folder';
    default:
      return (err as Error)?.message ?? String(err);
  }
}
