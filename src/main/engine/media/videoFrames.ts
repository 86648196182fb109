import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { ffmpegBinaries } from './ffmpegBinaries';
import { MediaError, explainFfmpegFailure, unreadableReason } from './mediaError';

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
   * Resample to this constant rate (ffmpeg's `fps` filter), so that frame index × rate is the
   * frame's time. Meant for variable-frame-rate files; without it every decoded frame is emitted
   * exactly once (`-vsync passthrough`) and the index is the frame number in the file.
   */
  constantRate?: { num: number; den: number };
  /**
   * A second stream of frames from the same decode: every `everyFrames`-th frame (frame 0 first),
   * scaled to width×height rgb24, for an analyzer that needs another size (a deep embedding model).
   */
  sample?: { width: number; height: number; everyFrames: number };
}

export interface VideoDecodeResult {
  frames: number;
}

const STDERR_TAIL_CHARS = 4000;

function bytesPerPixel(pixFmt: FramePixelFormat): number {
  return pixFmt === 'gray' ? 1 : 3;
}

/**
 * The ffmpeg command line for one low-resolution pass over every frame of the first video stream
 * (to pipe:1) and, with `sample`, every n-th frame of the same decode at another size (to pipe:3).
 */
export function videoDecodeArgs(path: string, opts: VideoDecodeOptions): string[] {
  const { width, height, pixFmt = 'rgb24', threads = 0, constantRate, sample } = opts;
  // The rate conversion is a filter ahead of everything else, so that with or without a sampled
  // second output the same frames come out; passthrough then neither drops nor duplicates any.
  const head = constantRate ? `fps=${constantRate.num}/${constantRate.den},` : '';
  // Area averaging: a fair low-resolution image (fast_bilinear aliases badly at 15:1) at about the same cost.
  const scale = (w: number, h: number): string => `scale=${w}:${h}:flags=area`;
  const rawOut = (format: FramePixelFormat, pipe: string): string[] => ['-vsync', 'passthrough', '-pix_fmt', format, '-f', 'rawvideo', pipe];
  const input = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-threads', String(threads), '-i', path];
  if (!sample) return [...input, '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', `${head}${scale(width, height)}`, ...rawOut(pixFmt, 'pipe:1')];
  const graph =
    `[0:v:0]${head}split=2[main][side];[main]${scale(width, height)}[out];` +
    `[side]select='not(mod(n\\,${sample.everyFrames}))',${scale(sample.width, sample.height)}[sampled]`;
  return [...input, '-filter_complex', graph, '-map', '[out]', ...rawOut(pixFmt, 'pipe:1'), '-map', '[sampled]', ...rawOut('rgb24', 'pipe:3')];
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
  onSample?: (frame: Uint8Array, index: number) => void,
): Promise<VideoDecodeResult> {
  const { width, height, pixFmt = 'rgb24', signal, sample } = opts;
  return new Promise((resolve, reject) => {
    const validSize = (w: number, h: number): boolean => Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0;
    if (!validSize(width, height)) {
      reject(new MediaError(path, `invalid decode size ${width}x${height}`));
      return;
    }
    if (sample && !(validSize(sample.width, sample.height) && Number.isInteger(sample.everyFrames) && sample.everyFrames > 0)) {
      reject(new MediaError(path, `invalid sample size ${sample.width}x${sample.height} every ${sample.everyFrames} frames`));
      return;
    }
    if (signal?.aborted) {
      reject(new MediaError(path, 'cancelled'));
      return;
    }
    const unreadable = unreadableReason(path);
    if (unreadable) {
      reject(new MediaError(path, unreadable));
      return;
    }

    let frames = 0;
    let stderrTail = '';
    let settled = false;
    let callbackError: unknown;

    // fd 3 carries the sampled frames; ffmpeg leaves it alone without `sample`.
    const child = spawn(ffmpegBinaries().ffmpeg, videoDecodeArgs(path, opts), { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    const [, stdout, stderr, sampleOut] = child.stdio as unknown as [null, Readable, Readable, Readable];

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

    stderr.setEncoding('utf8');
    stderr.on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    const collect = (stream: Readable, frameBytes: number, deliver: (frame: Uint8Array) => void): void => {
      const frame = new Uint8Array(frameBytes);
      let filled = 0;
      stream.on('data', (chunk: Buffer) => {
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
              deliver(frame);
            }
          }
        } catch (err) {
          callbackError = err;
          child.kill('SIGKILL');
        }
      });
    };
    collect(stdout, width * height * bytesPerPixel(pixFmt), (frame) => onFrame(frame, frames++));
    if (sample) {
      let sampled = 0;
      collect(sampleOut, sample.width * sample.height * 3, (frame) => onSample?.(frame, sampled++ * sample.everyFrames));
    }
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
