import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { MediaError } from './mediaError';
import type { MediaProbe } from './probe';
import { runFfmpeg } from './thumbnails';

/**
 * Playable copies ("proxies") of footage a browser cannot decode: MJPEG or ProRes in .mov, MPEG-2
 * in .mpg, MXF, HEVC, 10-bit H.264 … The UI plays the proxy; analysis and every export use the
 * original. A proxy is a small H.264/AAC MP4 with the original's frames and timestamps (no frame
 * is dropped or duplicated), so a frame number means the same frame in both.
 *
 * The decision is kept in the cache next to the proxy, by content fingerprint: `<fp>.mp4` (the
 * proxy) or `<fp>.direct` (the original plays as it is), so it is made once per file content.
 */

/** What Chromium (and Electron) decode in a <video> element. */
const PLAYABLE_VIDEO = new Set(['h264', 'vp8', 'vp9', 'av1']);
const PLAYABLE_PIXELS = new Set(['yuv420p', 'yuvj420p']);
const PLAYABLE_AUDIO = new Set(['aac', 'mp3', 'opus', 'vorbis', 'flac']);
const PLAYABLE_CONTAINERS = new Set(['.mp4', '.m4v', '.mov', '.webm', '.mkv']);
/** Proxies are for watching against music, not grading: at most this many lines. */
const PROXY_MAX_HEIGHT = 720;

export type ProxyState = 'direct' | 'proxy' | 'unknown';

export function proxyFolder(cacheDir: string): string {
  return join(cacheDir, 'proxies');
}

export function proxyPath(cacheDir: string, fingerprint: string): string {
  return join(proxyFolder(cacheDir), `${fingerprint}.mp4`);
}

/** What is known about a video content's playability: a proxy exists, it plays directly, or not yet decided. */
export function proxyState(cacheDir: string, fingerprint: string): ProxyState {
  if (existsSync(proxyPath(cacheDir, fingerprint))) return 'proxy';
  if (existsSync(join(proxyFolder(cacheDir), `${fingerprint}.direct`))) return 'direct';
  return 'unknown';
}

/** True when a browser's <video> can play the file as it is (container, video codec and pixels, audio codec). */
export function browserPlays(path: string, probe: MediaProbe): boolean {
  const v = probe.video;
  if (!v || !PLAYABLE_CONTAINERS.has(extname(path).toLowerCase())) return false;
  if (!PLAYABLE_VIDEO.has(v.codec) || !PLAYABLE_PIXELS.has(v.pixFmt) || v.bitsPerSample > 8) return false;
  return !probe.audio || PLAYABLE_AUDIO.has(probe.audio.codec);
}

/**
 * Makes sure a video content has what the UI needs to play it: nothing when the browser plays the
 * original, else a proxy in the cache. Written to a temporary name and renamed, so a cancelled or
 * failed run leaves no half proxy. Returns the state; throws a MediaError when the proxy fails.
 */
export async function ensureProxy(path: string, fingerprint: string, probe: MediaProbe, cacheDir: string, signal?: AbortSignal): Promise<ProxyState> {
  const known = proxyState(cacheDir, fingerprint);
  if (known !== 'unknown') return known;
  mkdirSync(proxyFolder(cacheDir), { recursive: true });
  if (browserPlays(path, probe)) {
    writeFileSync(join(proxyFolder(cacheDir), `${fingerprint}.direct`), '');
    return 'direct';
  }
  const out = proxyPath(cacheDir, fingerprint);
  const tmp = `${out}.partial.mp4`;
  const args = [
    '-hide_banner', '-nostdin', '-y', '-i', path,
    '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn',
    // Every frame once, at its own time: the proxy's frame n is the original's frame n.
    '-vsync', 'passthrough',
    '-vf', `scale=-2:'min(${PROXY_MAX_HEIGHT},ih)'`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '128k', '-ac', '2',
    '-movflags', '+faststart', tmp,
  ];
  try {
    // Generous: a slow machine encodes a 720p proxy at a few times real time at worst.
    await runFfmpeg(path, args, signal, { timeoutMs: Math.max(120_000, probe.durationSec * 8_000), what: 'a playable proxy' });
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err instanceof MediaError ? err : new MediaError(path, `no playable proxy: ${(err as Error).message}`);
  }
  return 'proxy';
}
