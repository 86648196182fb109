import { spawnSync } from 'node:child_process';
import { ffmpegBinaries } from '../../src/main/engine/media/ffmpegBinaries';
import type { TruthTransition } from '../../src/main/engine/video/detectionMetrics';

/**
 * Synthetic footage with transitions at known frames. Shots come from ffmpeg lavfi sources;
 * the editing (cuts, fades, dissolves) is done here on raw rgb24 frames, so every transition
 * sits exactly where the ground truth says; the result is encoded by ffmpeg.
 */

export interface Geometry {
  width: number;
  height: number;
  /** Frame rate as ffmpeg writes it, e.g. '24000/1001'. */
  rate: string;
}

/** A lavfi graph for one shot at the given geometry; multi-chain graphs must end in [out0]. */
export type ShotSource = (g: Geometry) => string;

const size = (g: Geometry): string => `s=${g.width}x${g.height}:r=${g.rate}`;

/** A varied library of shot looks: test patterns, fields with moving shapes, pans, fractals, noise. */
export const SHOT_LIBRARY: Record<string, ShotSource> = {
  testsrc2: (g) => `testsrc2=${size(g)}`,
  testsrc2Hue: (g) => `testsrc2=${size(g)},hue=h=140:s=1.4`,
  smptebars: (g) => `smptebars=${size(g)}`,
  smptehdbars: (g) => `smptehdbars=${size(g)},hflip`,
  pal100bars: (g) => `pal100bars=${size(g)},vflip`,
  rgbtestsrc: (g) => `rgbtestsrc=${size(g)}`,
  yuvtestsrc: (g) => `yuvtestsrc=${size(g)},negate`,
  testsrc: (g) => `testsrc=${size(g)}`,
  mandelbrot: (g) => `mandelbrot=${size(g)}:start_scale=2`,
  mandelbrotDeep: (g) => `mandelbrot=${size(g)}:start_x=-0.743643887037151:start_y=0.13182590420533:start_scale=0.01,hue=h=60`,
  life: (g) => `life=${size(g)}:mold=10:ratio=0.3:life_color=#F0C040:death_color=#402010`,
  cellauto: (g) => `cellauto=${size(g)}:rule=110:random_fill_ratio=0.5`,
  greyNoise: (g) => `color=c=0x808080:${size(g)},noise=alls=40:allf=t+u`,
  navyBox: (g) => movingBox(g, 'navy', 'yellow', 0.25, 1.0),
  greenBox: (g) => movingBox(g, 'darkgreen', 'white', 0.2, -0.6),
  redField: (g) => `color=c=0xB02020:${size(g)},noise=alls=8:allf=t`,
  skyField: (g) => `color=c=0x70A0E0:${size(g)},noise=alls=6:allf=t`,
  panBars: (g) => pan(g, 'smptehdbars', 0.5),
  panTestsrc: (g) => pan(g, 'testsrc', -0.4),
  zoneplate: (g) => `testsrc2=${size(g)},hue=H=t*0.5,negate`,
  mandelbrotRed: (g) => `mandelbrot=${size(g)}:start_scale=1.2:start_x=-1.2,hue=h=200`,
  rgbtestsrcFlip: (g) => `rgbtestsrc=${size(g)},transpose=1,scale=${g.width}:${g.height},eq=brightness=-0.2`,
  testsrcDark: (g) => `testsrc=${size(g)},eq=brightness=-0.3:saturation=0.4`,
  smpteGrey: (g) => `smptebars=${size(g)},hue=s=0,eq=contrast=0.6`,
};

const LAVFI_PATTERNS = new Set(['smptebars', 'smptehdbars', 'testsrc', 'pal100bars', 'rgbtestsrc']);

/**
 * A box crossing a still background: an object moving in a static shot. The background is a colour
 * name or a lavfi source ('smptebars'); speed in frame widths a second.
 */
export function movingBox(g: Geometry, background: string, box: string, boxShare: number, widthsPerSec: number): string {
  const bw = Math.round(g.width * boxShare);
  const bh = Math.round(g.height * boxShare * 1.6);
  const span = g.width - bw;
  const speed = Math.abs(widthsPerSec) * g.width;
  // Bounces between the edges so that it keeps moving for any shot length.
  const x = `abs(mod(t*${speed.toFixed(3)}+${widthsPerSec < 0 ? span : 0},${2 * span})-${span})`;
  return (
    `${LAVFI_PATTERNS.has(background) ? `${background}=${size(g)}` : `color=c=${background}:${size(g)}`}[bg];color=c=${box}:s=${bw}x${bh}:r=${g.rate}[fg];` +
    `[bg][fg]overlay=x='${x}':y='(H-h)/2+sin(t*3)*H/8':shortest=1[out0]`
  );
}

/** A horizontal camera pan across a pattern three frames wide. Speed in frame widths a second. */
export function pan(g: Geometry, pattern: string, widthsPerSec: number): string {
  const wide = g.width * 3;
  const speed = Math.abs(widthsPerSec) * g.width;
  const x = widthsPerSec >= 0 ? `min(t*${speed.toFixed(3)},${wide - g.width})` : `max(${wide - g.width}-t*${speed.toFixed(3)},0)`;
  return `${pattern}=s=${wide}x${g.height}:r=${g.rate},crop=${g.width}:${g.height}:x='${x}':y=0`;
}

/** Renders `frames` frames of a lavfi source as packed rgb24 at the geometry's size. */
export function renderShot(source: ShotSource, frames: number, g: Geometry): Buffer {
  const res = spawnSync(
    ffmpegBinaries().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', source(g), '-frames:v', String(frames), '-vf', `scale=${g.width}:${g.height}`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'],
    { maxBuffer: 1 << 30 },
  );
  const expected = frames * g.width * g.height * 3;
  if (res.status !== 0 || res.stdout.length !== expected) {
    throw new Error(`lavfi shot failed (${res.stdout?.length ?? 0}/${expected} bytes): ${source(g)}\n${res.stderr}`);
  }
  return res.stdout;
}

export type Join =
  | { kind: 'cut' }
  /** Fade out over `frames`, hold `hold` frames of black/white, fade in over `frames`. */
  | { kind: 'fade'; frames: number; hold?: number; through?: 'black' | 'white' }
  /** Cross-dissolve: the two shots overlap for `frames` frames. */
  | { kind: 'dissolve'; frames: number };

export interface Shot {
  source: ShotSource;
  frames: number;
}

export interface BuiltClip {
  frames: number;
  truth: TruthTransition[];
}

/**
 * Edits shots together with the given joins (one fewer than shots) and returns the raw rgb24 clip
 * with its ground truth: a cut at the first frame of the new shot, a fade at its darkest (brightest)
 * point, a dissolve at the middle of the overlap.
 */
export function editShots(shots: Shot[], joins: Join[], g: Geometry): { rgb: Buffer; clip: BuiltClip } {
  if (joins.length !== shots.length - 1) throw new Error('one join between each pair of shots');
  const frameBytes = g.width * g.height * 3;
  const out: Buffer[] = [];
  const truth: TruthTransition[] = [];
  let written = 0;
  const push = (frame: Buffer): void => {
    out.push(frame);
    written++;
  };
  let pending = renderShot(shots[0].source, shots[0].frames, g);
  for (let i = 0; i < joins.length; i++) {
    const join = joins[i];
    const next = renderShot(shots[i + 1].source, shots[i + 1].frames, g);
    const frameOf = (buf: Buffer, k: number): Buffer => buf.subarray(k * frameBytes, (k + 1) * frameBytes);
    const count = (buf: Buffer): number => buf.length / frameBytes;
    let nextStart = 0;
    if (join.kind === 'cut') {
      for (let k = 0; k < count(pending); k++) push(frameOf(pending, k));
      truth.push({ frame: written, kind: 'cut', frames: 0 });
    } else if (join.kind === 'fade') {
      const target = join.through === 'white' ? 255 : 0;
      const hold = join.hold ?? 0;
      const n = count(pending);
      for (let k = 0; k < n - join.frames; k++) push(frameOf(pending, k));
      for (let k = 0; k < join.frames; k++) push(mix(frameOf(pending, n - join.frames + k), target, (k + 1) / join.frames));
      const extremeStart = written - 1;
      for (let k = 0; k < hold; k++) push(Buffer.alloc(frameBytes, target));
      for (let k = 0; k < join.frames; k++) push(mix(frameOf(next, k), target, 1 - k / join.frames));
      nextStart = join.frames;
      // The extreme run: the last faded-out frame, the hold, the first faded-in frame.
      const extremeEnd = extremeStart + hold + 2;
      truth.push({ frame: (extremeStart + extremeEnd) >> 1, kind: 'fade', frames: 2 * join.frames + hold });
    } else {
      const n = count(pending);
      for (let k = 0; k < n - join.frames; k++) push(frameOf(pending, k));
      const start = written;
      for (let k = 0; k < join.frames; k++) push(blend(frameOf(pending, n - join.frames + k), frameOf(next, k), (k + 0.5) / join.frames));
      nextStart = join.frames;
      truth.push({ frame: start + Math.round(join.frames / 2), kind: 'dissolve', frames: join.frames });
    }
    pending = next.subarray(nextStart * frameBytes);
  }
  for (let k = 0; k < pending.length / frameBytes; k++) push(pending.subarray(k * frameBytes, (k + 1) * frameBytes));
  return { rgb: Buffer.concat(out), clip: { frames: written, truth } };
}

function mix(frame: Buffer, target: number, alpha: number): Buffer {
  const out = Buffer.allocUnsafe(frame.length);
  for (let i = 0; i < frame.length; i++) out[i] = Math.round(frame[i] * (1 - alpha) + target * alpha);
  return out;
}

function blend(a: Buffer, b: Buffer, alpha: number): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.round(a[i] * (1 - alpha) + b[i] * alpha);
  return out;
}

/** Encodes packed rgb24 frames to a file; the codec arguments default to H.264 yuv420p in mp4. */
export function encodeRgb(rgb: Buffer, path: string, g: Geometry, codecArgs: string[] = ['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '16', '-pix_fmt', 'yuv420p']): void {
  const res = spawnSync(
    ffmpegBinaries().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${g.width}x${g.height}`, '-r', g.rate, '-i', 'pipe:0', ...codecArgs, path],
    { input: rgb, maxBuffer: 64 << 20 },
  );
  if (res.status !== 0) throw new Error(`ffmpeg could not encode ${path}: ${res.stderr}`);
}

/** Edits shots and writes the clip; returns its ground truth. */
export function buildClip(path: string, shots: Shot[], joins: Join[], g: Geometry, codecArgs?: string[]): BuiltClip {
  const { rgb, clip } = editShots(shots, joins, g);
  encodeRgb(rgb, path, g, codecArgs);
  return clip;
}

/** One shot straight from lavfi, encoded as H.264 (for clips without edits). */
export function buildShot(path: string, source: ShotSource, frames: number, g: Geometry): void {
  encodeRgb(renderShot(source, frames, g), path, g);
}

/** Replaces frames [at, at + length) of a raw clip by white: a camera flash. */
export function flashFrames(rgb: Buffer, at: number, length: number, g: Geometry): Buffer {
  const frameBytes = g.width * g.height * 3;
  const out = Buffer.from(rgb);
  out.fill(255, at * frameBytes, (at + length) * frameBytes);
  return out;
}

/** How an animated transition reveals the incoming shot. */
export type WipeShape =
  /** A straight edge crossing the picture from left to right. */
  | 'left'
  /** A centred box growing from nothing to the whole picture, the incoming shot still inside it. */
  | 'box'
  /** The incoming shot itself grows from the centre (scaled down inside the box) over the outgoing one. */
  | 'zoom';

/**
 * An animated transition from shot `a` to shot `b` over `frames` frames (both buffers hold at least
 * that many rgb24 frames: the last ones of `a`, the first ones of `b`, which go on moving under it).
 * Frame k shows a share (k + 0.5) / frames of the way.
 */
export function wipeFrames(a: Buffer, b: Buffer, frames: number, shape: WipeShape, g: Geometry): Buffer {
  const frameBytes = g.width * g.height * 3;
  const out = Buffer.alloc(frames * frameBytes);
  const aStart = a.length / frameBytes - frames;
  for (let k = 0; k < frames; k++) {
    const p = (k + 0.5) / frames;
    const fa = (aStart + k) * frameBytes;
    const fb = k * frameBytes;
    const w = p * g.width;
    const h = p * g.height;
    const x0 = (g.width - w) / 2;
    const y0 = (g.height - h) / 2;
    for (let y = 0; y < g.height; y++) {
      for (let x = 0; x < g.width; x++) {
        const o = k * frameBytes + (y * g.width + x) * 3;
        let src = fa + (y * g.width + x) * 3;
        let from = a;
        if (shape === 'left' ? x < w : x >= x0 && x < x0 + w && y >= y0 && y < y0 + h) {
          from = b;
          src = shape === 'zoom'
            ? fb + (Math.min(g.height - 1, Math.floor((y - y0) / p)) * g.width + Math.min(g.width - 1, Math.floor((x - x0) / p))) * 3
            : fb + (y * g.width + x) * 3;
        }
        from.copy(out, o, src, src + 3);
      }
    }
  }
  return out;
}

/**
 * A clip whose scenes follow the detection settings, at 25 fps: testsrc2 for 4 s, colour bars for
 * 1 s, a sky-blue field for 4 s, and the same field a little redder for 4 s (cuts at frames 100,
 * 125 and 225). At the defaults all four scenes are found; a minimum scene length of 1.5 s takes
 * one cut of the 1 s shot (the one at 100); sensitivity 0 does not count the tint (225) as a cut,
 * which 0.4 and up do (measured at 320×180 and 160×90).
 */
export function steerableClip(path: string, g: Geometry = { width: 320, height: 180, rate: '25' }): BuiltClip {
  const tinted: ShotSource = (geo) => `color=c=0x80A0D0:${size(geo)},noise=alls=6:allf=t`;
  return buildClip(
    path,
    [
      { source: SHOT_LIBRARY.testsrc2, frames: 100 },
      { source: SHOT_LIBRARY.smptebars, frames: 25 },
      { source: SHOT_LIBRARY.skyField, frames: 100 },
      { source: tinted, frames: 100 },
    ],
    [{ kind: 'cut' }, { kind: 'cut' }, { kind: 'cut' }],
    g,
  );
}
