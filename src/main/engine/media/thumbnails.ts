import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpegBinaries } from './ffmpegBinaries';
import { MediaError, explainFfmpegFailure } from './mediaError';
import type { MediaProbe } from './probe';

export interface ThumbnailOptions {
  /** Width in pixels; the height follows the displayed aspect ratio. Default 320. */
  width?: number;
  /** ffmpeg JPEG quality scale, 2 (best) .. 31. Default 5. */
  quality?: number;
  signal?: AbortSignal;
}

/** One still can take a while on a long-GOP 4K file, but never this long. */
const STILL_TIMEOUT_MS = 60_000;

/** Size of a picture `width` wide with the video's displayed aspect ratio (rotation applied), even sides. */
export function displaySize(probe: MediaProbe, width: number): { width: number; height: number } {
  const video = probe.video;
  if (!video) throw new MediaError(probe.path, 'no video stream');
  const quarterTurn = video.rotation === 90 || video.rotation === 270;
  const w = quarterTurn ? video.height : video.width;
  const h = quarterTurn ? video.width : video.height;
  const even = (x: number): number => Math.max(2, 2 * Math.round(x / 2));
  return { width: even(width), height: even((width * h) / w) };
}

/** Keeps a seek inside the video: a still asked for at or past the end is taken just before it. */
function clampSec(probe: MediaProbe, sec: number): number {
  const video = probe.video!;
  const frameSec = video.fpsDen / video.fpsNum;
  const last = Math.max(0, probe.durationSec - 2 * frameSec);
  return Math.min(Math.max(0, sec), last);
}

/** Writes one JPEG of the frame shown at `sec` (fast keyframe seek, then decode to the exact time). */
function extractStill(
  path: string,
  sec: number,
  outFile: string,
  size: { width: number; height: number },
  quality: number,
  signal?: AbortSignal,
): Promise<void> {
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-ss',
    sec.toFixed(3),
    '-i',
    path,
    '-map',
    '0:v:0',
    '-frames:v',
    '1',
    '-vf',
    `scale=${size.width}:${size.height}:flags=area,setsar=1`,
    '-q:v',
    String(quality),
    outFile,
  ];
  return runFfmpeg(path, args, signal).then(() => {
    if (!existsSync(outFile) || statSync(outFile).size === 0) {
      throw new MediaError(path, `no frame could be decoded at ${sec.toFixed(3)} s`);
    }
  });
}

/**
 * Runs ffmpeg on `path` to write a file; rejects with a MediaError naming the file and the reason
 * (also when cancelled or when it runs past `timeoutMs`).
 */
export function runFfmpeg(path: string, args: string[], signal?: AbortSignal, opts: { timeoutMs?: number; what?: string } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? STILL_TIMEOUT_MS;
  const what = opts.what ?? 'a still';
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MediaError(path, 'cancelled'));
      return;
    }
    const child = spawn(ffmpegBinaries().ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let settled = false;
    const settle = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      settle(new MediaError(path, 'cancelled'));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle(new MediaError(path, `ffmpeg did not finish ${what} within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4000);
    });
    child.on('error', (err) => settle(new MediaError(path, `ffmpeg could not be started: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) settle();
      else settle(new MediaError(path, explainFfmpegFailure(stderr, `ffmpeg could not make ${what}`)));
    });
  });
}

/**
 * Writes one small JPEG per scene, `scene-NNNN.jpg` (scene index, zero-padded) in outDir, from the
 * frame at keyframeSec, display-oriented. Returns the paths in the order of `scenes`.
 */
export async function writeSceneThumbnails(
  path: string,
  probe: MediaProbe,
  scenes: readonly { index: number; keyframeSec: number }[],
  outDir: string,
  opts: ThumbnailOptions = {},
): Promise<string[]> {
  const size = displaySize(probe, opts.width ?? 320);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const scene of scenes) {
    const file = join(outDir, `scene-${String(scene.index).padStart(4, '0')}.jpg`);
    await extractStill(path, clampSec(probe, scene.keyframeSec), file, size, opts.quality ?? 5, opts.signal);
    written.push(file);
  }
  return written;
}
