import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const requireCjs = createRequire(import.meta.url);

export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string;
}

let cached: FfmpegBinaries | undefined;

function fromInstaller(pkg: string): string | undefined {
  try {
    const path = (requireCjs(pkg) as { path?: string }).path;
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves ffmpeg/ffprobe: FFMPEG_PATH / FFPROBE_PATH win, then the binaries shipped inside
 * @ffmpeg-installer / @ffprobe-installer, then whatever is on PATH.
 */
export function ffmpegBinaries(): FfmpegBinaries {
  if (cached) return cached;
  cached = {
    ffmpeg: process.env.FFMPEG_PATH || fromInstaller('@ffmpeg-installer/ffmpeg') || 'ffmpeg',
    ffprobe: process.env.FFPROBE_PATH || fromInstaller('@ffprobe-installer/ffprobe') || 'ffprobe',
  };
  return cached;
}
