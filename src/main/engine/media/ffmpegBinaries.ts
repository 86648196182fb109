import { createRequire } from 'node:module';
import { chmodSync, statSync } from 'node:fs';

const requireCjs = createRequire(import.meta.url);

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

let cached: FfmpegBinaries | undefined;

/**
 * A bundled binary that everyone can run, or undefined. The npm packages ship some of them without
 * execute bits for the group and others (ffprobe 0744), so every file failed for any user but the
 * installer; such a binary is made executable where this process may (its owner), and is passed
 * over for the system's otherwise.
 */
export function usableBinary(path: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o111) === 0o111) return path;
  try {
    chmodSync(path, mode | 0o111);
    return path;
  } catch {
    return undefined;
  }
}

function fromInstaller(pkg: string): string | undefined {
  try {
    const path = (requireCjs(pkg) as { path?: string }).path;
    return path ? usableBinary(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves ffmpeg/ffprobe: FFMPEG_PATH / FFPROBE_PATH win, then the binaries shipped inside
 * @ffmpeg-installer / @ffprobe-installer (when they can be run by everyone), then whatever is on PATH.
 */
export function ffmpegBinaries(): FfmpegBinaries {
  if (cached) return cached;
  cached = {
    ffmpeg: process.env.FFMPEG_PATH || fromInstaller('@ffmpeg-installer/ffmpeg') || 'ffmpeg',
    ffprobe: process.env.FFPROBE_PATH || fromInstaller('@ffprobe-installer/ffprobe') || 'ffprobe',
  };
  return cached;
}
