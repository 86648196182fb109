import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ffmpegBinaries } from '../media/ffmpegBinaries';
import { MediaError, explainFfmpegFailure } from '../media/mediaError';

/**
 * Output flags that keep encodes reproducible: no encoder/version strings or creation times in
 * the files, and one encoder thread so x264's decisions do not depend on scheduling.
 */
const REPRODUCIBLE = ['-map_metadata', '-1', '-fflags', '+bitexact', '-flags', '+bitexact', '-threads', '1'];

/**
 * Runs ffmpeg with raw input on stdin, fed by `feed` through `write` (which honours back-pressure).
 * Resolves when ffmpeg exits 0; otherwise rejects with a MediaError naming outPath, and removes
 * the partial output. Aborting kills ffmpeg and rejects with reason 'cancelled'.
 */
export async function encodeFromStdin(
  outPath: string,
  args: readonly string[],
  feed: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) throw new MediaError(outPath, 'cancelled');
  const child = spawn(ffmpegBinaries().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.stdin.on('error', () => {
    // EPIPE when ffmpeg stops reading; the exit status below carries the reason.
  });
  let cancelled = false;
  const onAbort = (): void => {
    cancelled = true;
    child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new MediaError(outPath, `ffmpeg could not start: ${err.message}`)));
    child.on('close', (code) => {
      if (cancelled) reject(new MediaError(outPath, 'cancelled'));
      else if (code === 0) resolve();
      else reject(new MediaError(outPath, explainFfmpegFailure(stderr, `ffmpeg failed to encode (exit ${code})`)));
    });
  });
  exited.catch(() => undefined);
  const earlyExit = exited.then(() => {
    throw new MediaError(outPath, 'ffmpeg exited before all input was written');
  });
  earlyExit.catch(() => undefined);
  const write = async (chunk: Uint8Array): Promise<void> => {
    if (cancelled) throw new MediaError(outPath, 'cancelled');
    if (!child.stdin.write(chunk)) {
      await Promise.race([new Promise<void>((r) => child.stdin.once('drain', () => r())), earlyExit]);
    }
  };
  try {
    await feed(write);
    child.stdin.end();
    await exited;
  } catch (err) {
    child.kill('SIGKILL');
    await exited.catch(() => undefined);
    rmSync(outPath, { force: true });
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

const pcmBytes = (samples: Float32Array): Uint8Array => new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);

/** Encodes mono float PCM; `codecArgs` choose the codec and tags, e.g. ['-c:a', 'flac']. */
export function encodeAudio(outPath: string, samples: Float32Array, sampleRate: number, codecArgs: readonly string[], signal?: AbortSignal): Promise<void> {
  const args = ['-f', 'f32le', '-ar', String(sampleRate), '-ac', '1', '-i', 'pipe:0', ...REPRODUCIBLE, ...codecArgs, outPath];
  return encodeFromStdin(outPath, args, (write) => write(pcmBytes(samples)), signal);
}

export interface VideoEncodeOptions {
  width: number;
  height: number;
  fps: string;
  frameCount: number;
  /** An audio file muxed in as the second stream (AAC), cut to the video's length. */
  audioPath?: string;
  /** x264 preset; ultrafast by default. */
  preset?: string;
  signal?: AbortSignal;
}

/** Encodes rgb24 frames from renderFrame(i, buffer) to H.264 yuv420p mp4. */
export function encodeVideo(outPath: string, options: VideoEncodeOptions, renderFrame: (index: number, out: Uint8Array) => void): Promise<void> {
  const { width, height, fps, frameCount, audioPath, preset = 'ultrafast', signal } = options;
  const args = [
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', fps, '-i', 'pipe:0',
    ...(audioPath ? ['-i', audioPath, '-map', '0:v:0', '-map', '1:a:0', '-c:a', 'aac', '-b:a', '96k', '-shortest'] : []),
    ...REPRODUCIBLE,
    '-c:v', 'libx264', '-preset', preset, '-crf', '23', '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
    outPath,
  ];
  const frameBytes = width * height * 3;
  const batch = Math.max(1, Math.floor((1 << 20) / frameBytes));
  return encodeFromStdin(
    outPath,
    args,
    async (write) => {
      for (let start = 0; start < frameCount; start += batch) {
        const n = Math.min(batch, frameCount - start);
        // A fresh buffer per write: the pipe may still hold the previous one.
        const buf = new Uint8Array(n * frameBytes);
        for (let k = 0; k < n; k++) renderFrame(start + k, buf.subarray(k * frameBytes, (k + 1) * frameBytes));
        await write(buf);
      }
    },
    signal,
  );
}
