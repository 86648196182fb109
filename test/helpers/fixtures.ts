import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpegBinaries } from '../../src/main/engine/media/ffmpegBinaries';

/** Runs ffmpeg synchronously with the project's binary; throws with stderr on failure. */
export function runFfmpeg(args: string[]): void {
  const res = spawnSync(ffmpegBinaries().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (res.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${res.stderr}`);
}

/** A fresh temp folder; call the returned cleanup in afterAll. */
export function makeTempDir(prefix = 'cuefinder-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes mono float samples as a 16-bit PCM WAV through ffmpeg (encoding handled by ffmpeg). */
export function writeWav(path: string, samples: Float32Array, sampleRate: number, extraArgs: string[] = []): void {
  const res = spawnSync(
    ffmpegBinaries().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'f32le', '-ar', String(sampleRate), '-ac', '1', '-i', 'pipe:0', ...extraArgs, path],
    { input: Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength), maxBuffer: 64 << 20 },
  );
  if (res.status !== 0) throw new Error(`ffmpeg could not write ${path}: ${res.stderr}`);
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
