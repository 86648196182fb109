import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ffmpegBinaries } from './ffmpegBinaries';
import { MediaError, explainFfmpegFailure } from './mediaError';

export type FramePixelFormat = 'rgb24' | 'gray';

export interface VideoDecodeOptions {
  /** Output size in display orientation: ffmpeg applies the stream's rotation before scaling. */
  width: number;
  height: number;
  pixFmt?: FramePixelFormat;
  signal?: AbortSignal;
  /** Decoder threads; 0 or absent lets ffmpeg choose. */
  threads?: number;
  /**
   * Resample to this constant rate (ffmpeg `-vsync cfr -r num/den`), so that frame index × rate is
   * the frame's time. Meant for variable-frame-rate files; without it every decoded frame is
   * emitted exactly once (`-vsync passthrough`) and the index is the frame number in the file.
   */
  constantRate?: { num: number; den: number };
}

export interface VideoDecodeResult {
  frames: number;
}

const STDERR_TAIL_CHARS = 4000;

function bytesPerPixel(pixFmt: FramePixelFormat): number {
  return pixFmt === 'gray' ? 1 : 3;
}

/** The ffmpeg command line for one low-resolution pass over every frame of the first video stream. */
export function videoDecodeArgs(path: string, opts: VideoDecodeOptions): string[] {
  const { width, height, pixFmt = 'rgb24', threads = 0, constantRate } = opts;
  const sync = constantRate ? ['-vsync', 'cfr', '-r', `${constantRate.num}/${constantRate.den}`] : ['-vsync', 'passthrough'];
  return [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-threads',
    String(threads),
    '-i',
    path,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    // Area averaging: a fair low-resolution image (fast_bilinear aliases badly at 15:1) at about the same cost.
    '-vf',
    `scale=${width}:${height}:flags=area`,
    ...sync,
    '-pix_fmt',
    pixFmt,
    '-f',
    'rawvideo',
    'pipe:1',
  ];
}

function checkReadable(path: string): string | undefined {
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

/** Whether the file starts like an MP4/QuickTime file (an ftyp box), i.e. a missing index means it was cut short. */
function looksLikeMp4(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(8);
      return readSync(fd, head, 0, 8, 0) === 8 && head.toString('latin1', 4, 8) === 'ftyp';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function explainVideoFailure(path: string, stderr: string): string {
  if (/matches no streams|does not contain any stream/i.test(stderr)) return 'no video stream';
  // ffmpeg also prints 'Invalid data…' here; for a real MP4 the missing index is the reason a person can act on.
  if (/moov atom not found/i.test(stderr) && looksLikeMp4(path)) return 'truncated or incomplete file (moov atom missing)';
  return explainFfmpegFailure(stderr, 'ffmpeg could not decode the video');
}

/**
 * Decodes every frame of the first video stream, scaled by ffmpeg to width×height, and hands each
 * one to onFrame in order as raw pixels (rgb24: 3 bytes a pixel, row-major; gray: 1 byte).
 * The frame buffer is reused: onFrame must copy what it keeps. 10-bit and other pixel formats are
 * converted by ffmpeg. Rejects with MediaError naming the file (reason 'cancelled' on abort);
 * an error thrown by onFrame stops the decode and rejects with that error.
 */
export function decodeVideoFrames(
  path: string,
  opts: VideoDecodeOptions,
  onFrame: (frame: Uint8Array, index: number) => void,
): Promise<VideoDecodeResult> {
  const { width, height, pixFmt = 'rgb24', signal } = opts;
  return new Promise((resolve, reject) => {
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
      reject(new MediaError(path, `invalid decode size ${width}x${height}`));
      return;
    }
    if (signal?.aborted) {
      reject(new MediaError(path, 'cancelled'));
      return;
    }
    const unreadable = checkReadable(path);
    if (unreadable) {
      reject(new MediaError(path, unreadable));
      return;
    }

    const frameBytes = width * height * bytesPerPixel(pixFmt);
    const frame = new Uint8Array(frameBytes);
    let filled = 0;
    let frames = 0;
    let stderrTail = '';
    let settled = false;
    let callbackError: unknown;

    const child = spawn(ffmpegBinaries().ffmpeg, videoDecodeArgs(path, opts), { stdio: ['ignore', 'pipe', 'pipe'] });

    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve({ frames });
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      settle(new MediaError(path, 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (settled || callbackError) return;
      try {
        let offset = 0;
        while (offset < chunk.length) {
          const n = Math.min(frameBytes - filled, chunk.length - offset);
          frame.set(chunk.subarray(offset, offset + n), filled);
          filled += n;
          offset += n;
          if (filled === frameBytes) {
            filled = 0;
            onFrame(frame, frames);
            frames++;
          }
        }
      } catch (err) {
        callbackError = err;
        child.kill('SIGKILL');
      }
    });
    child.on('error', (err) => settle(new MediaError(path, `ffmpeg could not be started: ${err.message}`)));
    // 'close' fires after stdout has drained and the process has exited, so every frame has been seen.
    child.on('close', (code, sig) => {
      if (callbackError) return settle(callbackError);
      if (code === 0) return settle();
      const why = code === null ? `ffmpeg was killed (${sig})` : stderrTail;
      settle(new MediaError(path, explainVideoFailure(path, why)));
    });
  });
}
