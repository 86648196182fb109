import { statSync } from 'node:fs';

/** A problem with one media file, phrased for a person: names the file and the reason. */
export class MediaError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'MediaError';
  }
}

/**
 * Why a path cannot be handed to ffmpeg or ffprobe at all (missing, not a regular file, empty,
 * unreadable), checked before a process is started; undefined when it can.
 */
export function unreadableReason(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile()) return 'not a regular file';
    if (st.size === 0) return 'empty file (0 bytes)';
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'file not found';
    return code === 'EACCES' ? 'permission denied' : `cannot read file (${code})`;
  }
}

/** Turns ffmpeg/ffprobe stderr into one human reason. */
export function explainFfmpegFailure(stderr: string, fallback: string): string {
  const s = stderr.toLowerCase();
  if (s.includes('permission denied')) return 'permission denied (the file cannot be read)';
  if (s.includes('no such file')) return 'file not found';
  if (s.includes('invalid data found when processing input') || /: invalid argument\s*$/m.test(s)) {
    return 'not a readable media file (invalid data)';
  }
  if (s.includes('moov atom not found')) return 'truncated or incomplete file (moov atom missing)';
  if (s.includes('end of file') || s.includes('truncat')) return 'file is truncated';
  if (s.includes('could not find codec parameters')) return 'unreadable stream (could not find codec parameters)';
  const crash = /killed with signal (SIG[A-Z]+)/.exec(stderr);
  if (crash) return `${fallback}: it crashed (${crash[1]})`;
  // The version banner (program, build, configuration, one line per library) is never the reason.
  const line = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(ff(mpeg|probe) version |built with |configuration:|lib[a-z]+\s+\d+\.\s*\d+\.\d+ \/)/.test(l))
    .pop();
  return line ? `${fallback}: ${line}` : fallback;
}
