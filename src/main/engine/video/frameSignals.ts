import { GrowableFloat32 } from './growable';
import { BlockMatcher, type FrameMotion } from './motion';

/**
 * Compact per-frame measurements from one decode pass; scene detection and the motion features
 * read only these, never the frames. Distances are in 8-bit levels (0..255).
 */
export interface FrameSignals {
  frames: number;
  fps: number;
  /** Width of the plane the motion vectors were measured on, to turn pixels into frame widths. */
  motionPlaneWidth: number;
  /** Content distance (frameDistance) to the previous frame, PySceneDetect's content_val analogue; 0 for frame 0. */
  content: Float32Array;
  /** Content distance between frames t-2 and t, and t-3 and t (Infinity where undefined): flash tests. */
  skip2: Float32Array;
  skip3: Float32Array;
  /**
   * Flash and flicker test on the 4×4-averaged RGB plane (mean absolute difference, 0..255):
   * `returnJump[t]` is the distance of frame t from frame t−1; `returnBack[t]` the least distance
   * of frame t from any of the frames 2 … FLASH_RETURN_SEC before it; `returnForward[t]` the least
   * distance of frame t from any of the frames 2 … FLASH_RETURN_SEC after it. A jump whose picture
   * comes back, or which goes back to a picture just seen, is a flash, a flicker or a light change,
   * not a cut.
   */
  returnJump: Float32Array;
  returnBack: Float32Array;
  returnForward: Float32Array;
  /** Mean luma (Rec. 601, 0..255). */
  luma: Float32Array;
  /** Standard deviation of luma across the frame: near 0 for a black or white frame. */
  lumaSpread: Float32Array;
  /** FrameMotion from frame t-1 to t (all 0 for frame 0): grey levels and plane pixels per frame. */
  motionDifference: Float32Array;
  motionMagnitude: Float32Array;
  motionGlobal: Float32Array;
  motionLocal: Float32Array;
  motionExplained: Float32Array;
  /** Half-window lengths h (frames) of the dissolve test, one per scale. */
  dissolveHalfWindows: number[];
  /** Per scale: change between frames t-2h and t (mean-removed RGB, mean absolute difference). */
  dissolveChange: Float32Array[];
  /** Per scale: distance of frame t-h from the average of frames t-2h and t (0 for a linear mix). */
  dissolveNonlinearity: Float32Array[];
  /**
   * Per scale: the variance dip of the window over a quarter of its squared end difference. For a mix
   * x = (1−α)A + αB, E[x²] = (1−α)E[A²] + αE[B²] − α(1−α)E[(A−B)²] on any set of pixels, so the
   * middle frame's second moment lies below the chord of the ends by exactly a quarter of the ends'
   * squared difference: 1 for a dissolve, whether or not A and B move; near 0 for motion alone.
   */
  dissolveDip: Float32Array[];
  /**
   * Per scale: how evenly the window's change is spread over the picture, (mean |d|)² / mean d² of
   * the end difference d: about 0.5–0.7 between two different shots, near the changed share of the
   * frame when only a part changes (tiles lighting up, an object over a still background).
   */
  dissolveCoverage: Float32Array[];
  /**
   * Per scale: how well the middle frame is a *wipe* of the ends: Σ min(|M−A|, |M−B|) / Σ |B−A| per
   * pixel (RGB, means kept). Each pixel of a wipe, slide-in or growing box shows either the outgoing
   * or the incoming picture, so this is near 0 (the moving edge and the shots' own motion add a
   * little); a dissolve's middle frame is halfway everywhere (0.5); motion matches neither end.
   */
  dissolveStepFit: Float32Array[];
  /** Per scale: the share of the end difference whose pixels already show the incoming picture in the middle frame (0 or 1 around a cut). */
  dissolveStepShare: Float32Array[];
  /**
   * Per scale: how much the pixels showing the incoming picture hang together: the share of
   * neighbouring pairs of changed pixels (end difference at least half the mean) on the same side.
   * Near 1 for a wipe or a growing box (only the moving edge disagrees), about 0.5 for cells that
   * flip here and there (a cellular automaton, sparkle).
   */
  dissolveStepCoherence: Float32Array[];
}

/** The longest flash or flicker excursion the return test looks across: shorter than a scene. */
const FLASH_RETURN_SEC = 0.5;

/** Dissolve test half-windows in seconds: catches mixes of roughly 0.3 to 2.5 s. */
const DISSOLVE_HALF_WINDOWS_SEC = [0.2, 0.4, 0.7, 1.1];
const HSV_RING = 4;
const LUMA_BINS = 16;

/** Planar HSV (hue 0..255 circular) and the luma histogram (shares summing to 1) of one detection-resolution frame. */
interface FramePlanes {
  hue: Uint8Array;
  sat: Uint8Array;
  val: Uint8Array;
  lumaHistogram: Float32Array;
}

/**
 * Consumes decoded frames (rgb24 at the analysis size) one at a time and records FrameSignals.
 * Works on a 2×2-averaged plane for HSV distances and motion and a 4×4-averaged, mean-removed RGB
 * plane for the dissolve test; keeps only a short ring of those planes, so memory does not grow
 * with the frame size or the length of the file beyond a few floats a frame.
 */
export class FrameSignalTracker {
  private readonly pw: number;
  private readonly ph: number;
  private readonly sw: number;
  private readonly sh: number;
  private readonly hsvRing: FramePlanes[];
  private readonly lumaRing: Uint8Array[];
  private readonly mixRing: Float32Array[];
  private readonly halfWindows: number[];
  private readonly planeRgb: Float32Array;
  private readonly matcher: BlockMatcher;
  private readonly motion: FrameMotion = { difference: 0, magnitude: 0, global: 0, local: 0, explained: 0 };
  private count = 0;

  private readonly content = new GrowableFloat32();
  private readonly skip2 = new GrowableFloat32();
  private readonly skip3 = new GrowableFloat32();
  private readonly luma = new GrowableFloat32();
  private readonly lumaSpread = new GrowableFloat32();
  private readonly motionDifference = new GrowableFloat32();
  private readonly motionMagnitude = new GrowableFloat32();
  private readonly motionGlobal = new GrowableFloat32();
  private readonly motionLocal = new GrowableFloat32();
  private readonly motionExplained = new GrowableFloat32();
  private readonly dissolveChange: GrowableFloat32[];
  private readonly dissolveNonlinearity: GrowableFloat32[];
  private readonly dissolveDip: GrowableFloat32[];
  private readonly dissolveCoverage: GrowableFloat32[];
  private readonly dissolveStepFit: GrowableFloat32[];
  private readonly dissolveStepShare: GrowableFloat32[];
  private readonly dissolveStepCoherence: GrowableFloat32[];
  /** Per pixel of the mix plane, scratch for the wipe test: its end difference, and whether the middle frame shows the incoming picture. */
  private readonly stepEnds: Float32Array;
  private readonly stepRevealed: Uint8Array;
  private readonly returnJump = new GrowableFloat32();
  private readonly returnBack = new GrowableFloat32();
  private readonly returnForward = new GrowableFloat32();
  /** The 4×4-averaged RGB planes (not mean-removed) of the last returnLags + 1 frames. */
  private readonly returnRing: Float32Array[];
  private readonly returnLags: number;
  /** Mean square of each mix plane in mixRing, at the same ring position. */
  private readonly momentRing: Float64Array;
  /** The R, G and B means removed from each mix plane in mixRing (3 per ring position), for the wipe test. */
  private readonly meanRing: Float32Array;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly fps: number,
  ) {
    if (width < 4 || height < 4) throw new Error(`analysis frame ${width}x${height} is too small`);
    this.pw = width >> 1;
    this.ph = height >> 1;
    this.sw = Math.max(1, this.pw >> 1);
    this.sh = Math.max(1, this.ph >> 1);
    const n = this.pw * this.ph;
    this.hsvRing = Array.from({ length: HSV_RING }, () => ({
      hue: new Uint8Array(n),
      sat: new Uint8Array(n),
      val: new Uint8Array(n),
      lumaHistogram: new Float32Array(LUMA_BINS),
    }));
    this.lumaRing = [new Uint8Array(n), new Uint8Array(n)];
    this.planeRgb = new Float32Array(n * 3);
    this.halfWindows = [...new Set(DISSOLVE_HALF_WINDOWS_SEC.map((s) => Math.max(2, Math.round(s * fps))))];
    const ringLength = 2 * Math.max(...this.halfWindows) + 1;
    this.mixRing = Array.from({ length: ringLength }, () => new Float32Array(this.sw * this.sh * 3));
    this.dissolveChange = this.halfWindows.map(() => new GrowableFloat32());
    this.dissolveNonlinearity = this.halfWindows.map(() => new GrowableFloat32());
    this.dissolveDip = this.halfWindows.map(() => new GrowableFloat32());
    this.dissolveCoverage = this.halfWindows.map(() => new GrowableFloat32());
    this.dissolveStepFit = this.halfWindows.map(() => new GrowableFloat32());
    this.dissolveStepShare = this.halfWindows.map(() => new GrowableFloat32());
    this.dissolveStepCoherence = this.halfWindows.map(() => new GrowableFloat32());
    this.stepEnds = new Float32Array(this.sw * this.sh);
    this.stepRevealed = new Uint8Array(this.sw * this.sh);
    this.returnLags = Math.max(2, Math.round(FLASH_RETURN_SEC * fps));
    this.returnRing = Array.from({ length: this.returnLags + 1 }, () => new Float32Array(this.sw * this.sh * 3));
    this.momentRing = new Float64Array(ringLength);
    this.meanRing = new Float32Array(3 * ringLength);
    this.matcher = new BlockMatcher(this.pw, this.ph);
  }

  /** Records the signals of the next frame (rgb24, width×height). */
  push(rgb: Uint8Array): void {
    const t = this.count;
    const slot = this.hsvRing[t % HSV_RING];
    const lumaPlane = this.lumaRing[t % 2];
    this.downsample(rgb, slot, lumaPlane);

    if (t === 0) {
      this.content.push(0);
      this.pushMotion(false);
    } else {
      this.content.push(frameDistance(this.hsvRing[(t - 1) % HSV_RING], slot));
      this.matcher.estimate(this.lumaRing[(t - 1) % 2], lumaPlane, this.motion);
      this.pushMotion(true);
    }
    this.skip2.push(t >= 2 ? frameDistance(this.hsvRing[(t - 2) % HSV_RING], slot) : Infinity);
    this.skip3.push(t >= 3 ? frameDistance(this.hsvRing[(t - 3) % HSV_RING], slot) : Infinity);

    this.pushDissolveTest(t);
    this.pushReturnTest(t);
    this.count++;
  }

  finish(): FrameSignals {
    return {
      frames: this.count,
      fps: this.fps,
      motionPlaneWidth: this.pw,
      content: this.content.view(),
      skip2: this.skip2.view(),
      skip3: this.skip3.view(),
      luma: this.luma.view(),
      lumaSpread: this.lumaSpread.view(),
      motionDifference: this.motionDifference.view(),
      motionMagnitude: this.motionMagnitude.view(),
      motionGlobal: this.motionGlobal.view(),
      motionLocal: this.motionLocal.view(),
      motionExplained: this.motionExplained.view(),
      dissolveHalfWindows: [...this.halfWindows],
      dissolveChange: this.dissolveChange.map((g) => g.view()),
      dissolveNonlinearity: this.dissolveNonlinearity.map((g) => g.view()),
      dissolveDip: this.dissolveDip.map((g) => g.view()),
      dissolveCoverage: this.dissolveCoverage.map((g) => g.view()),
      dissolveStepFit: this.dissolveStepFit.map((g) => g.view()),
      dissolveStepShare: this.dissolveStepShare.map((g) => g.view()),
      dissolveStepCoherence: this.dissolveStepCoherence.map((g) => g.view()),
      returnJump: this.returnJump.view(),
      returnBack: this.returnBack.view(),
      returnForward: this.returnForward.view(),
    };
  }

  /** 2×2 box average into HSV + luma planes and planeRgb; records the luma mean and spread. */
  private downsample(rgb: Uint8Array, slot: FramePlanes, lumaPlane: Uint8Array): void {
    const { pw, ph, width } = this;
    const rowStride = width * 3;
    let lumaSum = 0;
    let lumaSq = 0;
    const histogram = slot.lumaHistogram;
    histogram.fill(0);
    const share = 1 / (pw * ph);
    for (let y = 0; y < ph; y++) {
      const top = 2 * y * rowStride;
      const bottom = top + rowStride;
      for (let x = 0; x < pw; x++) {
        const a = top + 6 * x;
        const b = bottom + 6 * x;
        const r = (rgb[a] + rgb[a + 3] + rgb[b] + rgb[b + 3]) * 0.25;
        const g = (rgb[a + 1] + rgb[a + 4] + rgb[b + 1] + rgb[b + 4]) * 0.25;
        const bl = (rgb[a + 2] + rgb[a + 5] + rgb[b + 2] + rgb[b + 5]) * 0.25;
        const i = y * pw + x;
        this.planeRgb[3 * i] = r;
        this.planeRgb[3 * i + 1] = g;
        this.planeRgb[3 * i + 2] = bl;
        const max = r > g ? (r > bl ? r : bl) : g > bl ? g : bl;
        const min = r < g ? (r < bl ? r : bl) : g < bl ? g : bl;
        const delta = max - min;
        slot.val[i] = max;
        slot.sat[i] = max > 0 ? (255 * delta) / max : 0;
        let hue = 0;
        if (delta > 0) {
          if (max === r) hue = (g - bl) / delta;
          else if (max === g) hue = 2 + (bl - r) / delta;
          else hue = 4 + (r - g) / delta;
        }
        // Hue in 1/256 turns, wrapping: Uint8 arithmetic then gives circular distances.
        slot.hue[i] = Math.round((hue * 256) / 6) & 255;
        const y601 = 0.299 * r + 0.587 * g + 0.114 * bl;
        lumaPlane[i] = y601;
        lumaSum += y601;
        lumaSq += y601 * y601;
        // Soft binning: a flat field whose luma drifts across a bin edge moves its mass gradually; hard
        // bins flip it all at once, which reads as a cut inside slow fades and dissolves.
        const position = (y601 * LUMA_BINS) / 256 - 0.5;
        const lower = Math.floor(position);
        const upperShare = position - lower;
        if (lower < 0) histogram[0] += share;
        else if (lower >= LUMA_BINS - 1) histogram[LUMA_BINS - 1] += share;
        else {
          histogram[lower] += share * (1 - upperShare);
          histogram[lower + 1] += share * upperShare;
        }
      }
    }
    const mean = lumaSum * share;
    this.luma.push(mean);
    this.lumaSpread.push(Math.sqrt(Math.max(0, lumaSq * share - mean * mean)));
  }

  private pushMotion(valid: boolean): void {
    const m = this.motion;
    this.motionDifference.push(valid ? m.difference : 0);
    this.motionMagnitude.push(valid ? m.magnitude : 0);
    this.motionGlobal.push(valid ? m.global : 0);
    this.motionLocal.push(valid ? m.local : 0);
    this.motionExplained.push(valid ? m.explained : 0);
  }

  /**
   * Dissolve test: in a cross-dissolve of A into B every frame is a linear mix, so the middle frame
   * of a window equals the mean of its two ends; motion and cuts break that. Compares on a mean-removed
   * plane so that a global brightness drift alone does not look like a change of picture.
   */
  private pushDissolveTest(t: number): void {
    const ring = this.mixRing;
    const cur = ring[t % ring.length];
    const moments = this.momentRing;
    moments[t % ring.length] = this.fillMixPlane(cur, t % ring.length);
    const means = this.meanRing;
    const n = cur.length;
    for (let k = 0; k < this.halfWindows.length; k++) {
      const h = this.halfWindows[k];
      if (t < 2 * h) {
        this.dissolveChange[k].push(0);
        this.dissolveNonlinearity[k].push(0);
        this.dissolveDip[k].push(0);
        this.dissolveCoverage[k].push(0);
        this.dissolveStepFit[k].push(1);
        this.dissolveStepShare[k].push(0);
        this.dissolveStepCoherence[k].push(0);
        continue;
      }
      const ia = (t - 2 * h) % ring.length;
      const im = (t - h) % ring.length;
      const ib = t % ring.length;
      const a = ring[ia];
      const m = ring[im];
      // The wipe test compares pictures as they are: the means the mix planes lack, put back per channel.
      const aR = means[3 * ia] - means[3 * im];
      const aG = means[3 * ia + 1] - means[3 * im + 1];
      const aB = means[3 * ia + 2] - means[3 * im + 2];
      const bR = means[3 * ib] - means[3 * im];
      const bG = means[3 * ib + 1] - means[3 * im + 1];
      const bB = means[3 * ib + 2] - means[3 * im + 2];
      let change = 0;
      let changeSq = 0;
      let nonlinear = 0;
      let stepMiss = 0;
      let stepTotal = 0;
      let revealed = 0;
      // One pass per pixel (R, G, B in plane order, so every sum adds up in the same order as two passes would).
      for (let i = 0; i < n; i += 3) {
        let toA = 0;
        let toB = 0;
        let ends = 0;
        for (let c = 0; c < 3; c++) {
          const j = i + c;
          const d = cur[j] - a[j];
          change += Math.abs(d);
          changeSq += d * d;
          nonlinear += Math.abs(m[j] - 0.5 * (a[j] + cur[j]));
          const av = a[j] + (c === 0 ? aR : c === 1 ? aG : aB);
          const bv = cur[j] + (c === 0 ? bR : c === 1 ? bG : bB);
          toA += Math.abs(m[j] - av);
          toB += Math.abs(m[j] - bv);
          ends += Math.abs(bv - av);
        }
        stepMiss += toA < toB ? toA : toB;
        stepTotal += ends;
        if (toB < toA) revealed += ends;
        this.stepEnds[i / 3] = ends;
        this.stepRevealed[i / 3] = toB < toA ? 1 : 0;
      }
      this.dissolveStepFit[k].push(stepTotal > 1e-6 ? stepMiss / stepTotal : 1);
      this.dissolveStepShare[k].push(stepTotal > 1e-6 ? revealed / stepTotal : 0);
      this.dissolveStepCoherence[k].push(this.revealCoherence((0.5 * stepTotal) / (n / 3)));
      this.dissolveChange[k].push(change / n);
      this.dissolveNonlinearity[k].push(nonlinear / n);
      const dip = 0.5 * (moments[(t - 2 * h) % ring.length] + moments[t % ring.length]) - moments[(t - h) % ring.length];
      const expected = (0.25 * changeSq) / n;
      this.dissolveDip[k].push(expected > 1e-6 ? dip / expected : 0);
      this.dissolveCoverage[k].push(changeSq > 1e-6 ? (change * change) / (n * changeSq) : 0);
    }
  }

  /** dissolveStepCoherence of the pixels filled in by the wipe test: neighbouring pairs whose end differences both reach `floor`. */
  private revealCoherence(floor: number): number {
    const { sw, sh, stepEnds: ends, stepRevealed: side } = this;
    let pairs = 0;
    let same = 0;
    for (let y = 0; y < sh; y++) {
      for (let x = 0; x < sw; x++) {
        const i = y * sw + x;
        if (ends[i] < floor) continue;
        if (x + 1 < sw && ends[i + 1] >= floor) {
          pairs++;
          if (side[i] === side[i + 1]) same++;
        }
        if (y + 1 < sh && ends[i + sw] >= floor) {
          pairs++;
          if (side[i] === side[i + sw]) same++;
        }
      }
    }
    return pairs ? same / pairs : 0;
  }

  /** Distances of this frame's small plane to the previous one and to the frames 2 … returnLags before it (see FrameSignals.returnBack). */
  private pushReturnTest(t: number): void {
    const ring = this.returnRing;
    const cur = ring[t % ring.length];
    let back = Infinity;
    for (let lag = 1; lag <= Math.min(t, this.returnLags); lag++) {
      const other = ring[(t - lag) % ring.length];
      let sum = 0;
      for (let i = 0; i < cur.length; i++) sum += Math.abs(cur[i] - other[i]);
      const distance = sum / cur.length;
      if (lag === 1) this.returnJump.push(distance);
      else {
        back = Math.min(back, distance);
        this.returnForward.lowerAt(t - lag, distance);
      }
    }
    if (t === 0) this.returnJump.push(0);
    this.returnBack.push(back);
    this.returnForward.push(Infinity);
  }

  /** Fills the mean-removed 4×4-averaged RGB plane (and this frame's return-test plane, as it is) and records its means at `slot` of meanRing; returns its mean square. */
  private fillMixPlane(out: Float32Array, slot: number): number {
    const { pw, sw, sh } = this;
    const src = this.planeRgb;
    const small = this.returnRing[this.count % this.returnRing.length];
    let sumR = 0;
    let sumG = 0;
    let sumB = 0;
    for (let y = 0; y < sh; y++) {
      for (let x = 0; x < sw; x++) {
        const a = 3 * (2 * y * pw + 2 * x);
        const b = a + 3 * pw;
        const o = 3 * (y * sw + x);
        const r = 0.25 * (src[a] + src[a + 3] + src[b] + src[b + 3]);
        const g = 0.25 * (src[a + 1] + src[a + 4] + src[b + 1] + src[b + 4]);
        const bl = 0.25 * (src[a + 2] + src[a + 5] + src[b + 2] + src[b + 5]);
        out[o] = r;
        out[o + 1] = g;
        out[o + 2] = bl;
        small[o] = r;
        small[o + 1] = g;
        small[o + 2] = bl;
        sumR += r;
        sumG += g;
        sumB += bl;
      }
    }
    const n = sw * sh;
    this.meanRing[3 * slot] = sumR / n;
    this.meanRing[3 * slot + 1] = sumG / n;
    this.meanRing[3 * slot + 2] = sumB / n;
    let squares = 0;
    for (let i = 0; i < out.length; i += 3) {
      out[i] -= sumR / n;
      out[i + 1] -= sumG / n;
      out[i + 2] -= sumB / n;
      squares += out[i] * out[i] + out[i + 1] * out[i + 1] + out[i + 2] * out[i + 2];
    }
    return squares / out.length;
  }
}

/**
 * Content distance, 0..255: PySceneDetect's mean per-pixel hue, saturation and value differences,
 * plus a fourth, equal term for the luma histogram (half its L1 distance, as HistogramDetector
 * uses), which sees cuts between two busy or noisy shots whose per-pixel differences are all high.
 * Hue counts only where both pixels are saturated (min saturation weight), so that noise in greys
 * and near-black, where hue is undefined, does not read as a change.
 */
export function frameDistance(a: FramePlanes, b: FramePlanes): number {
  const n = a.hue.length;
  let dh = 0;
  let ds = 0;
  let dv = 0;
  for (let i = 0; i < n; i++) {
    let h = (a.hue[i] - b.hue[i]) & 255;
    if (h > 128) h = 256 - h;
    const sa = a.sat[i];
    const sb = b.sat[i];
    dh += h * (sa < sb ? sa : sb);
    ds += Math.abs(sa - sb);
    dv += Math.abs(a.val[i] - b.val[i]);
  }
  let histogram = 0;
  for (let k = 0; k < LUMA_BINS; k++) histogram += Math.abs(a.lumaHistogram[k] - b.lumaHistogram[k]);
  // Hue distance is at most 128 (half a turn): ×2/255 brings the weighted sum to the 0..255 scale.
  return ((dh * 2) / 255 / n + ds / n + dv / n + 127.5 * histogram) / 4;
}
