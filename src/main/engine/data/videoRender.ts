import { clamp, rngFor, type Rng } from './random';
import { tempoFromArousal, unit, type Latent, type Mood } from './affectModel';

export const CONTENT_TYPES = ['blobs', 'bars', 'shards', 'particles'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/**
 * Everything needed to render one clip. The first group follows from the latent affect
 * (docs/synthaffect.md §4); the nuisance group is random and unrelated to affect.
 */
export interface VideoSpec {
  /** HSV value of the background, 0..1 (shapes are brighter). */
  brightness: number;
  saturation: number;
  /** Base hue in degrees: 220 cool blue (valence −1) through purple to 30 warm orange (+1), plus a nuisance offset. */
  hueDeg: number;
  /** Contrast around mid-grey, 1 = unchanged. */
  contrast: number;
  /** Shape speed in frame widths per second. */
  motionSpeed: number;
  /** Visual tempo: shapes swell on each pulse; cuts fall on pulse multiples. */
  pulseBpm: number;
  pulseDepth: number;
  /** Mean cuts per second inside a clip. */
  cutsPerSec: number;
  /** Camera shake amplitude as a fraction of the frame width. */
  shake: number;
  content: ContentType;
  shapeCount: number;
  /** Spread of the shapes' hues around the base hue, degrees. */
  hueSpread: number;
  /** Film-grain standard deviation as a fraction of full scale, 0..0.015. */
  grain: number;
  directionDeg: number;
  layoutSeed: number;
}

/** Constants of §4, written to meta.json. */
export const VIDEO_PARAMS = {
  pulseJitterSd: 0.04,
  hueCool: 220,
  /** Added at valence +1, going the warm way round the colour wheel (blue → purple → red → orange). */
  hueWarmSpan: 170,
  hueNuisanceSd: 15,
  preferredContentProbability: 0.7,
  preferredContent: {
    happy: 'blobs',
    tender: 'blobs',
    calm: 'bars',
    melancholic: 'bars',
    suspense: 'shards',
    aggressive: 'shards',
    heroic: 'particles',
    mysterious: 'particles',
  } satisfies Record<Mood, ContentType>,
} as const;

/** The affect → picture law plus nuisance draws from rng (docs/synthaffect.md §4). */
export function videoSpecFromLatent(z: Latent, mood: Mood, rng: Rng): VideoSpec {
  const P = VIDEO_PARAMS;
  const { valence: v, arousal: a, tension: t } = z;
  const tPos = Math.max(0, t);
  const content = rng.chance(P.preferredContentProbability) ? P.preferredContent[mood] : rng.pick(CONTENT_TYPES);
  return {
    brightness: clamp(0.3 + 0.22 * v + 0.1 * a - 0.08 * tPos + rng.normal(0, 0.03), 0.08, 0.9),
    saturation: clamp(0.35 + 0.25 * a + 0.15 * v + rng.normal(0, 0.05), 0.05, 1),
    hueDeg: (((P.hueCool + P.hueWarmSpan * unit(v) + rng.normal(0, P.hueNuisanceSd)) % 360) + 360) % 360,
    contrast: 0.7 + 0.45 * unit(t) + 0.15 * Math.max(0, a),
    motionSpeed: 0.02 + 0.5 * unit(a) ** 2,
    pulseBpm: tempoFromArousal(a) * (1 + rng.normal(0, P.pulseJitterSd)),
    pulseDepth: 0.05 + 0.15 * unit(a),
    cutsPerSec: 0.08 + 0.9 * unit(a) ** 2,
    shake: 0.04 * tPos ** 1.2 * (0.4 + 0.6 * unit(a)),
    content,
    shapeCount: content === 'particles' ? rng.int(20, 40) : rng.int(3, 8),
    hueSpread: rng.uniform(20, 60),
    grain: rng.uniform(0, 0.015),
    directionDeg: rng.uniform(0, 360),
    layoutSeed: rng.int(0, 0x7fffffff),
  };
}

export interface RenderOptions {
  width: number;
  height: number;
  fps: number;
  durationSec: number;
  /** One continuous shot (no cuts inside), used where cuts must mark scene boundaries only. */
  singleShot?: boolean;
}

export interface FrameRenderer {
  frameCount: number;
  /** First frame of every shot (always starts with 0). */
  shotStarts: number[];
  /** Writes frame i as packed rgb24 into out (width·height·3 bytes). */
  render(frameIndex: number, out: Uint8Array): void;
}

interface Shape {
  x: number;
  y: number;
  size: number;
  vx: number;
  vy: number;
  spin: number;
  rgb: [number, number, number];
}

interface Shot {
  startFrame: number;
  top: [number, number, number];
  bottom: [number, number, number];
  shapes: Shape[];
}

function hsvToRgb(hueDeg: number, s: number, v: number): [number, number, number] {
  const h = ((((hueDeg % 360) + 360) % 360) / 60);
  const c = v * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = v - c;
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [Math.round(255 * (r + m)), Math.round(255 * (g + m)), Math.round(255 * (b + m))];
}

/** Shot boundaries on whole pulses: mean length 1/cutsPerSec, each shot 0.6–1.4× that, at least one pulse. */
function planShots(spec: VideoSpec, options: RenderOptions, frameCount: number, rng: Rng): number[] {
  if (options.singleShot) return [0];
  const beatSec = 60 / spec.pulseBpm;
  const meanBeats = Math.max(1, Math.round(1 / spec.cutsPerSec / beatSec));
  const starts = [0];
  let sec = 0;
  for (;;) {
    sec += Math.max(1, Math.round(meanBeats * rng.uniform(0.6, 1.4))) * beatSec;
    const frame = Math.round(sec * options.fps);
    if (frame >= frameCount) return starts;
    starts.push(frame);
  }
}

function makeShot(spec: VideoSpec, startFrame: number, rng: Rng): Shot {
  const { brightness: v, saturation: s, hueDeg: hue } = spec;
  const dir = ((spec.directionDeg + rng.normal(0, 30)) * Math.PI) / 180;
  const sizeRange: Record<ContentType, [number, number]> = {
    blobs: [0.12, 0.3],
    bars: [0.04, 0.12],
    shards: [0.15, 0.35],
    particles: [0.015, 0.03],
  };
  const [minSize, maxSize] = sizeRange[spec.content];
  const shapes: Shape[] = [];
  for (let i = 0; i < spec.shapeCount; i++) {
    const speed = spec.motionSpeed * rng.uniform(0.7, 1.3);
    shapes.push({
      x: rng.next(),
      y: rng.next(),
      size: rng.uniform(minSize, maxSize),
      vx: speed * Math.cos(dir),
      vy: speed * Math.sin(dir) * 0.5,
      spin: rng.uniform(-1, 1) * (0.5 + 4 * spec.motionSpeed),
      rgb: hsvToRgb(hue + rng.uniform(-spec.hueSpread, spec.hueSpread), Math.min(1, s * 1.1), Math.min(1, v * 1.5 + 0.1)),
    });
  }
  const shift = rng.uniform(-10, 10);
  return {
    startFrame,
    top: hsvToRgb(hue + shift, s * 0.6, v * 0.75),
    bottom: hsvToRgb(hue + shift + 15, s * 0.8, Math.min(1, v * 1.05)),
    shapes,
  };
}

/** Smooth random camera offsets in pixels: low-passed white noise scaled to the shake amplitude. */
function shakePath(spec: VideoSpec, frameCount: number, width: number, rng: Rng): Float32Array {
  const out = new Float32Array(frameCount * 2);
  const amp = spec.shake * width;
  let x = 0;
  let y = 0;
  for (let f = 0; f < frameCount; f++) {
    x = 0.5 * x + rng.normal(0, amp);
    y = 0.5 * y + rng.normal(0, amp * 0.7);
    out[2 * f] = x;
    out[2 * f + 1] = y;
  }
  return out;
}

const wrap = (x: number, lo: number, span: number): number => lo + ((((x - lo) % span) + span) % span);

/**
 * Builds a deterministic renderer for one clip: shots, layouts, camera path and grain are fixed at
 * creation from spec.layoutSeed, so frames can be rendered in any order with identical results.
 */
export function createFrameRenderer(spec: VideoSpec, options: RenderOptions): FrameRenderer {
  const { width: W, height: H, fps } = options;
  const frameCount = Math.round(options.durationSec * fps);
  const rng = rngFor(spec.layoutSeed, 'layout');
  const shotStarts = planShots(spec, options, frameCount, rng);
  const shots = shotStarts.map((start) => makeShot(spec, start, rng));
  const shake = shakePath(spec, frameCount, W, rng);
  const lut = new Uint8Array(256);
  for (let i = 0; i < 256; i++) lut[i] = clamp(Math.round(128 + (i - 128) * spec.contrast), 0, 255);
  const grainTile = new Int16Array(128 * 128);
  for (let i = 0; i < grainTile.length; i++) grainTile[i] = Math.round(rng.normal(0, spec.grain * 255));
  const grainOffsets = Array.from({ length: frameCount }, () => [rng.int(0, 127), rng.int(0, 127)]);

  const shotAt = (frame: number): Shot => {
    let lo = 0;
    for (let i = 1; i < shots.length; i++) if (shots[i].startFrame <= frame) lo = i;
    return shots[lo];
  };

  const fillRect = (out: Uint8Array, x0: number, y0: number, x1: number, y1: number, rgb: readonly number[]): void => {
    const xa = Math.max(0, Math.floor(x0));
    const xb = Math.min(W, Math.ceil(x1));
    const ya = Math.max(0, Math.floor(y0));
    const yb = Math.min(H, Math.ceil(y1));
    for (let y = ya; y < yb; y++) {
      for (let x = xa, i = (y * W + xa) * 3; x < xb; x++, i += 3) {
        out[i] = rgb[0];
        out[i + 1] = rgb[1];
        out[i + 2] = rgb[2];
      }
    }
  };

  const fillCircle = (out: Uint8Array, cx: number, cy: number, r: number, rgb: readonly number[]): void => {
    const ya = Math.max(0, Math.floor(cy - r));
    const yb = Math.min(H, Math.ceil(cy + r));
    for (let y = ya; y < yb; y++) {
      const dy = y + 0.5 - cy;
      const half = r * r - dy * dy;
      if (half <= 0) continue;
      const dx = Math.sqrt(half);
      fillRect(out, cx - dx, y, cx + dx, y + 1, rgb);
    }
  };

  const fillTriangle = (out: Uint8Array, pts: number[], rgb: readonly number[]): void => {
    const [ax, ay, bx, by, cx, cy] = pts;
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    if (area === 0) return;
    const xa = Math.max(0, Math.floor(Math.min(ax, bx, cx)));
    const xb = Math.min(W, Math.ceil(Math.max(ax, bx, cx)));
    const ya = Math.max(0, Math.floor(Math.min(ay, by, cy)));
    const yb = Math.min(H, Math.ceil(Math.max(ay, by, cy)));
    const sign = Math.sign(area);
    for (let y = ya; y < yb; y++) {
      const py = y + 0.5;
      for (let x = xa; x < xb; x++) {
        const px = x + 0.5;
        const w0 = ((bx - ax) * (py - ay) - (by - ay) * (px - ax)) * sign;
        const w1 = ((cx - bx) * (py - by) - (cy - by) * (px - bx)) * sign;
        const w2 = ((ax - cx) * (py - cy) - (ay - cy) * (px - cx)) * sign;
        if (w0 >= 0 && w1 >= 0 && w2 >= 0) {
          const i = (y * W + x) * 3;
          out[i] = rgb[0];
          out[i + 1] = rgb[1];
          out[i + 2] = rgb[2];
        }
      }
    }
  };

  const render = (frame: number, out: Uint8Array): void => {
    if (out.length < W * H * 3) throw new Error(`frame buffer holds ${out.length} bytes, need ${W * H * 3}`);
    const shot = shotAt(frame);
    const t = frame / fps;
    const ts = (frame - shot.startFrame) / fps;
    const beatPhase = (t * spec.pulseBpm) / 60;
    const pulse = 1 + spec.pulseDepth * Math.max(0, Math.cos(2 * Math.PI * beatPhase)) ** 4;
    const camX = shake[2 * frame];
    const camY = shake[2 * frame + 1];

    for (let y = 0; y < H; y++) {
      const k = y / Math.max(1, H - 1);
      const rgb = [0, 1, 2].map((c) => Math.round(shot.top[c] + (shot.bottom[c] - shot.top[c]) * k));
      fillRect(out, 0, y, W, y + 1, rgb);
    }

    for (const s of shot.shapes) {
      const margin = s.size * W;
      const cx = wrap((s.x + s.vx * ts) * W, -margin, W + 2 * margin) + camX;
      const cy = wrap((s.y + s.vy * ts) * H, -margin, H + 2 * margin) + camY;
      const r = s.size * H * pulse;
      switch (spec.content) {
        case 'blobs':
          fillCircle(out, cx, cy, r, s.rgb);
          break;
        case 'bars':
          fillRect(out, cx - s.size * W * pulse * 0.5, 0, cx + s.size * W * pulse * 0.5, H, s.rgb);
          break;
        case 'shards': {
          const angle = s.spin * ts;
          const pts: number[] = [];
          for (let v = 0; v < 3; v++) {
            const a = angle + (v * 2 * Math.PI) / 3 + (v === 1 ? 0.6 : 0);
            pts.push(cx + r * Math.cos(a) * (v === 0 ? 1.6 : 1), cy + r * Math.sin(a) * (v === 0 ? 1.6 : 1));
          }
          fillTriangle(out, pts, s.rgb);
          break;
        }
        case 'particles': {
          const half = Math.max(1, s.size * W * pulse * 0.5);
          fillRect(out, cx - half, cy - half, cx + half, cy + half, s.rgb);
          break;
        }
      }
    }

    const [ox, oy] = grainOffsets[frame];
    for (let y = 0; y < H; y++) {
      const row = ((y + oy) & 127) * 128;
      for (let x = 0, i = y * W * 3; x < W; x++, i += 3) {
        const g = grainTile[row + ((x + ox) & 127)];
        out[i] = clamp(lut[out[i]] + g, 0, 255);
        out[i + 1] = clamp(lut[out[i + 1]] + g, 0, 255);
        out[i + 2] = clamp(lut[out[i + 2]] + g, 0, 255);
      }
    }
  };

  return { frameCount, shotStarts, render };
}
