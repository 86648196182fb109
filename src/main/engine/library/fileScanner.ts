import { opendir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isInsideFolder, realPathOf } from '../insideFolder';

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
  /** With `others`: the regular files whose extension is not in the set (none start with a dot). */
  others: ScannedFile[];
}

/** Audio containers worth probing. mkv/webm/mp4 count only when they hold no picture stream. */
export const AUDIO_EXTENSIONS = new Set([
  '.mp3', '.flac', '.wav', '.wave', '.aif', '.aiff', '.aifc', '.ogg', '.oga', '.opus',
  '.m4a', '.m4b', '.aac', '.wma', '.mka', '.mkv', '.webm', '.alac', '.caf', '.ape', '.wv',
]);

/**
 * Extensions of containers that normally hold video; a project scan takes these without probing
 * (one that holds no picture is reported when it is analysed). `.ogg` is not here: it is usually
 * sound, sometimes Theora video, so it is probed like any file of unknown extension.
 */
export const VIDEO_EXTENSIONS = new Set([
  '.mp4', '.mov', '.m4v', '.mkv', '.webm', '.avi', '.mxf', '.mts', '.m2ts', '.mpg', '.mpeg', '.wmv', '.3gp',
  '.3g2', '.ogv', '.ogm', '.ts', '.m2t', '.trp', '.tod', '.mod', '.vob', '.evo', '.m1v', '.m2v', '.mpe', '.mpv',
  '.dv', '.dif', '.flv', '.f4v', '.asf', '.divx', '.xvid', '.qt', '.mk3d', '.nut', '.rm', '.rmvb', '.y4m',
  '.ivf', '.mjpeg', '.mjpg', '.h264', '.264', '.h265', '.265', '.hevc', '.wtv', '.dvr-ms', '.gxf', '.amv',
]);

/**
 * Extensions a project scan skips without probing (listed with the reason): still images, sound,
 * documents, subtitles, edit lists and project files, archives. Any other file is probed.
 */
export const NON_VIDEO_EXTENSIONS = new Set([
  '.jpg', '.jpeg', '.png', '.gif', '.bmp', '.tif', '.tiff', '.webp', '.heic', '.heif', '.avif', '.svg', '.psd',
  '.exr', '.dpx', '.cr2', '.cr3', '.nef', '.arw', '.dng', '.raw', '.ico',
  '.mp3', '.flac', '.wav', '.wave', '.aif', '.aiff', '.aifc', '.oga', '.opus', '.m4a', '.m4b', '.aac', '.wma',
  '.mka', '.alac', '.caf', '.ape', '.wv', '.mid', '.midi', '.it', '.s3m', '.xm',
  '.txt', '.md', '.pdf', '.doc', '.docx', '.odt', '.rtf', '.csv', '.json', '.xml', '.html', '.htm', '.yaml', '.yml',
  '.srt', '.vtt', '.ass', '.ssa', '.sub', '.idx', '.sbv', '.scc', '.stl',
  '.edl', '.otio', '.fcpxml', '.xmeml', '.aaf', '.prproj', '.drp', '.kdenlive', '.mlt', '.veg', '.aep',
  '.zip', '.tar', '.gz', '.7z', '.rar', '.xz', '.bz2', '.db', '.sqlite', '.log', '.ini', '.cfg', '.lnk',
  '.xmp', '.thm', '.bin', '.exe', '.dll', '.so', '.dylib', '.js', '.map', '.py', '.sh',
]);

/**
 * Walks a folder recursively and returns the files whose extension is in `extensions`, sorted by
 * path (with `others`, every other regular file too, apart). Follows links that stay inside `root`
 * (isInsideFolder) and visits each real directory once, so link loops end. Unreadable directories,
 * broken links and links leading outside `root` become problems, not errors.
 */
export async function scanFolder(
  root: string,
  extensions: ReadonlySet<string>,
  signal?: AbortSignal,
  opts: { others?: boolean } = {},
): Promise<ScanResult> {
  const files: ScannedFile[] = [];
  const others: ScannedFile[] = [];
  const problems: ScanProblem[] = [];
  const wanted = (name: string): boolean => opts.others === true || extensions.has(extname(name).toLowerCase());
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
    if (visited.has(real)) return;
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
          if (wanted(entry.name)) problems.push({ path: full, reason: describeFsError(err) });
          continue;
        }
        // A link is followed only where it stays inside the folder (the one rule, insideFolder.ts).
        // (A link back to the folder itself is inside: the visited set ends the loop.)
        if (!isInsideFolder(root, full, { orFolderItself: isDir })) {
          if (isDir || wanted(entry.name)) {
            problems.push({ path: full, reason: `a link to ${realPathOf(full) ?? 'a missing file'}, outside the folder: only files inside the folders you open are used` });
          }
          continue;
        }
      }
      if (isDir) subdirs.push(full);
      else if (isFile && wanted(entry.name)) {
        try {
          const st = await stat(full);
          (extensions.has(extname(entry.name).toLowerCase()) ? files : others).push({ path: full, size: st.size, mtimeMs: st.mtimeMs });
        } catch (err) {
          problems.push({ path: full, reason: describeFsError(err) });
        }
      }
    }
    for (const sub of subdirs) await walk(sub);
  }

  await walk(root);
  files.sort(byPath);
  others.sort(byPath);
  return { files, problems, others };
}

export const byPath = (a: { path: string }, b: { path: string }): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

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
