/**
 * Still-image descriptors of one keyframe (colour, texture, composition), computed on the
 * low-resolution analysis frame. Every value is finite for any input, black frames included.
 */
export const KEYFRAME_FEATURE_NAMES = [
  // colour
  'hue_x',
  'hue_y',
  'hue_spread',
  'saturation_mean',
  'saturation_std',
  'value_mean',
  'value_std',
  'brightness',
  'contrast',
  'colourfulness',
  'warm_cool',
  'colour_red',
  'colour_yellow',
  'colour_green',
  'colour_cyan',
  'colour_blue',
  'colour_magenta',
  'colour_neutral_dark',
  'colour_neutral_light',
  // texture
  'edge_density',
  'glcm_contrast',
  'glcm_homogeneity',
  'glcm_energy',
  'glcm_correlation',
  'lbp_0',
  'lbp_1',
  'lbp_2',
  'lbp_3',
  'lbp_4',
  'lbp_5',
  'lbp_6',
  'lbp_7',
  'lbp_8',
  'lbp_nonuniform',
  // composition
  'thirds_saliency',
  'symmetry',
  'visual_balance',
  'sharpness',
  'sharpness_centre_ratio',
] as const;

const F = Object.fromEntries(KEYFRAME_FEATURE_NAMES.map((name, i) => [name, i])) as Record<
  (typeof KEYFRAME_FEATURE_NAMES)[number],
  number
>;

const GLCM_LEVELS = 8;
/** L1 Sobel magnitude of a ~40-level step: an edge a viewer sees at this size. */
const EDGE_THRESHOLD = 160;
const MAX_LAPLACIAN = 4 * 255;
/** Chromatic pixels for the dominant-colour bins; the rest are neutral. */
const CHROMA_MIN_SAT = 0.25;
const CHROMA_MIN_VAL = 0.2;
/** Spread of the rule-of-thirds weight around each power point, in frame fractions. */
const THIRDS_SIGMA = 0.08;
/** Hue of the warmest colour (orange, 30°) in turns; its opposite (210°) is the coolest. */
const WARMEST_HUE = 30 / 360;

/** Maps an 8-bit LBP code to its rotation-invariant uniform bin: the count of ones, or 9 if not uniform. */
const LBP_BIN = (() => {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    let transitions = 0;
    let ones = 0;
    for (let b = 0; b < 8; b++) {
      const bit = (code >> b) & 1;
      ones += bit;
      if (bit !== ((code >> ((b + 1) % 8)) & 1)) transitions++;
    }
    table[code] = transitions <= 2 ? ones : 9;
  }
  return table;
})();

/** Computes KEYFRAME_FEATURE_NAMES for rgb24 frames of one size; holds scratch planes so describe() does not allocate. */
export class KeyframeDescriber {
  private readonly hue: Float32Array;
  private readonly sat: Float32Array;
  private readonly val: Float32Array;
  private readonly gray: Float32Array;
  private readonly thirdsWeight: Float32Array;
  private readonly thirdsUniform: number;
  private readonly glcm = new Float64Array(GLCM_LEVELS * GLCM_LEVELS);
  private readonly hw: number;
  private readonly hh: number;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    const n = width * height;
    this.hue = new Float32Array(n);
    this.sat = new Float32Array(n);
    this.val = new Float32Array(n);
    this.gray = new Float32Array(n);
    this.hw = Math.max(1, width >> 1);
    this.hh = Math.max(1, height >> 1);
    this.thirdsWeight = new Float32Array(this.hw * this.hh);
    let sum = 0;
    for (let y = 0; y < this.hh; y++) {
      for (let x = 0; x < this.hw; x++) {
        const u = (x + 0.5) / this.hw;
        const v = (y + 0.5) / this.hh;
        let w = 0;
        for (const px of [1 / 3, 2 / 3]) {
          for (const py of [1 / 3, 2 / 3]) {
            w = Math.max(w, Math.exp(-((u - px) ** 2 + (v - py) ** 2) / (2 * THIRDS_SIGMA ** 2)));
          }
        }
        this.thirdsWeight[y * this.hw + x] = w;
        sum += w;
      }
    }
    this.thirdsUniform = sum / (this.hw * this.hh);
  }

  get size(): number {
    return KEYFRAME_FEATURE_NAMES.length;
  }

  /** Writes the descriptor of one rgb24 frame into out[offset .. offset + size). */
  describe(rgb: Uint8Array, out: Float32Array, offset = 0): void {
    this.colour(rgb, out, offset);
    this.texture(out, offset);
    this.composition(rgb, out, offset);
  }

  private colour(rgb: Uint8Array, out: Float32Array, o: number): void {
    const n = this.width * this.height;
    let hx = 0;
    let hy = 0;
    let satSum = 0;
    let satSq = 0;
    let valSum = 0;
    let valSq = 0;
    let lumaSum = 0;
    let lumaSq = 0;
    let warm = 0;
    let rgSum = 0;
    let rgSq = 0;
    let ybSum = 0;
    let ybSq = 0;
    const bins = new Float64Array(8);
    for (let i = 0; i < n; i++) {
      const r = rgb[3 * i];
      const g = rgb[3 * i + 1];
      const b = rgb[3 * i + 2];
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      const min = r < g ? (r < b ? r : b) : g < b ? g : b;
      const delta = max - min;
      let h = 0;
      if (delta > 0) {
        if (max === r) h = (g - b) / delta;
        else if (max === g) h = 2 + (b - r) / delta;
        else h = 4 + (r - g) / delta;
        h = (h / 6 + 1) % 1;
      }
      const s = max > 0 ? delta / max : 0;
      const v = max / 255;
      const y = 0.299 * r + 0.587 * g + 0.114 * b;
      this.hue[i] = h;
      this.sat[i] = s;
      this.val[i] = v;
      this.gray[i] = y;
      const angle = 2 * Math.PI * h;
      hx += s * Math.cos(angle);
      hy += s * Math.sin(angle);
      warm += s * Math.cos(2 * Math.PI * (h - WARMEST_HUE));
      satSum += s;
      satSq += s * s;
      valSum += v;
      valSq += v * v;
      lumaSum += y;
      lumaSq += y * y;
      const rg = r - g;
      const yb = 0.5 * (r + g) - b;
      rgSum += rg;
      rgSq += rg * rg;
      ybSum += yb;
      ybSq += yb * yb;
      if (s >= CHROMA_MIN_SAT && v >= CHROMA_MIN_VAL) bins[Math.floor(h * 6 + 0.5) % 6]++;
      else bins[v < 0.5 ? 6 : 7]++;
    }
    const resultant = Math.hypot(hx, hy);
    out[o + F.hue_x] = hx / n;
    out[o + F.hue_y] = hy / n;
    out[o + F.hue_spread] = satSum > 1e-9 ? 1 - resultant / satSum : 0;
    out[o + F.saturation_mean] = satSum / n;
    out[o + F.saturation_std] = std(satSum, satSq, n);
    out[o + F.value_mean] = valSum / n;
    out[o + F.value_std] = std(valSum, valSq, n);
    out[o + F.brightness] = lumaSum / n / 255;
    out[o + F.contrast] = std(lumaSum, lumaSq, n) / 255;
    // Hasler & Süsstrunk (2003), on 0..255 RGB, reported /255.
    const rgStd = std(rgSum, rgSq, n);
    const ybStd = std(ybSum, ybSq, n);
    out[o + F.colourfulness] = (Math.hypot(rgStd, ybStd) + 0.3 * Math.hypot(rgSum / n, ybSum / n)) / 255;
    out[o + F.warm_cool] = warm / n;
    for (let k = 0; k < 8; k++) out[o + F.colour_red + k] = bins[k] / n;
  }

  private texture(out: Float32Array, o: number): void {
    const { width: w, height: h, gray } = this;
    const glcm = this.glcm;
    glcm.fill(0);
    const lbp = new Float64Array(10);
    let edges = 0;
    let interior = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const q = Math.min(GLCM_LEVELS - 1, gray[i] >> 5);
        if (x + 1 < w) {
          const r = Math.min(GLCM_LEVELS - 1, gray[i + 1] >> 5);
          glcm[q * GLCM_LEVELS + r]++;
          glcm[r * GLCM_LEVELS + q]++;
        }
        if (y + 1 < h) {
          const d = Math.min(GLCM_LEVELS - 1, gray[i + w] >> 5);
          glcm[q * GLCM_LEVELS + d]++;
          glcm[d * GLCM_LEVELS + q]++;
        }
        if (x === 0 || y === 0 || x === w - 1 || y === h - 1) continue;
        interior++;
        const nw = gray[i - w - 1];
        const nn = gray[i - w];
        const ne = gray[i - w + 1];
        const ee = gray[i + 1];
        const se = gray[i + w + 1];
        const ss = gray[i + w];
        const sw = gray[i + w - 1];
        const ww = gray[i - 1];
        const gx = ne + 2 * ee + se - nw - 2 * ww - sw;
        const gy = sw + 2 * ss + se - nw - 2 * nn - ne;
        if (Math.abs(gx) + Math.abs(gy) > EDGE_THRESHOLD) edges++;
        const c = gray[i];
        const code =
          (nw >= c ? 1 : 0) |
          (nn >= c ? 2 : 0) |
          (ne >= c ? 4 : 0) |
          (ee >= c ? 8 : 0) |
          (se >= c ? 16 : 0) |
          (ss >= c ? 32 : 0) |
          (sw >= c ? 64 : 0) |
          (ww >= c ? 128 : 0);
        lbp[LBP_BIN[code]]++;
      }
    }
    out[o + F.edge_density] = interior ? edges / interior : 0;
    for (let k = 0; k < 10; k++) out[o + F.lbp_0 + k] = interior ? lbp[k] / interior : 0;

    let total = 0;
    for (let k = 0; k < glcm.length; k++) total += glcm[k];
    let mean = 0;
    for (let i = 0; i < GLCM_LEVELS; i++) for (let j = 0; j < GLCM_LEVELS; j++) mean += (i * glcm[i * GLCM_LEVELS + j]) / total;
    let variance = 0;
    let contrast = 0;
    let homogeneity = 0;
    let energy = 0;
    let covariance = 0;
    for (let i = 0; i < GLCM_LEVELS; i++) {
      for (let j = 0; j < GLCM_LEVELS; j++) {
        const p = glcm[i * GLCM_LEVELS + j] / total;
        variance += (i - mean) ** 2 * p;
        contrast += (i - j) ** 2 * p;
        homogeneity += p / (1 + (i - j) ** 2);
        energy += p * p;
        covariance += (i - mean) * (j - mean) * p;
      }
    }
    out[o + F.glcm_contrast] = contrast / (GLCM_LEVELS - 1) ** 2;
    out[o + F.glcm_homogeneity] = homogeneity;
    out[o + F.glcm_energy] = Math.sqrt(energy);
    // A flat image is perfectly correlated with itself (scikit-image's convention).
    out[o + F.glcm_correlation] = variance > 1e-12 ? covariance / variance : 1;
  }

  private composition(rgb: Uint8Array, out: Float32Array, o: number): void {
    const { width: w, height: h, gray, hw, hh } = this;

    // Frequency-tuned saliency (Achanta et al. 2009) in RGB: distance of a 2×2-blurred pixel from the mean colour.
    let mr = 0;
    let mg = 0;
    let mb = 0;
    for (let i = 0; i < w * h; i++) {
      mr += rgb[3 * i];
      mg += rgb[3 * i + 1];
      mb += rgb[3 * i + 2];
    }
    mr /= w * h;
    mg /= w * h;
    mb /= w * h;
    let salSum = 0;
    let thirds = 0;
    let cx = 0;
    let cy = 0;
    for (let y = 0; y < hh; y++) {
      for (let x = 0; x < hw; x++) {
        const x0 = Math.min(2 * x, w - 1);
        const x1 = Math.min(2 * x + 1, w - 1);
        const y0 = Math.min(2 * y, h - 1) * w;
        const y1 = Math.min(2 * y + 1, h - 1) * w;
        const a = 3 * (y0 + x0);
        const b = 3 * (y0 + x1);
        const c = 3 * (y1 + x0);
        const d = 3 * (y1 + x1);
        const dr = 0.25 * (rgb[a] + rgb[b] + rgb[c] + rgb[d]) - mr;
        const dg = 0.25 * (rgb[a + 1] + rgb[b + 1] + rgb[c + 1] + rgb[d + 1]) - mg;
        const db = 0.25 * (rgb[a + 2] + rgb[b + 2] + rgb[c + 2] + rgb[d + 2]) - mb;
        const s = Math.sqrt(dr * dr + dg * dg + db * db);
        const k = y * hw + x;
        salSum += s;
        thirds += s * this.thirdsWeight[k];
        cx += s * ((x + 0.5) / hw);
        cy += s * ((y + 0.5) / hh);
      }
    }
    const hasSaliency = salSum > 1e-6 * hw * hh;
    out[o + F.thirds_saliency] = hasSaliency ? thirds / salSum : this.thirdsUniform;
    const offCentre = hasSaliency ? Math.hypot(cx / salSum - 0.5, cy / salSum - 0.5) : 0;
    out[o + F.visual_balance] = 1 - Math.min(1, offCentre / Math.SQRT1_2);

    let mirror = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w >> 1; x++) mirror += Math.abs(gray[y * w + x] - gray[y * w + (w - 1 - x)]);
    }
    out[o + F.symmetry] = 1 - mirror / (Math.max(1, h * (w >> 1)) * 255);

    let lapSum = 0;
    let lapSq = 0;
    let centre = 0;
    let centreCount = 0;
    let border = 0;
    let borderCount = 0;
    for (let y = 1; y < h - 1; y++) {
      for (let x = 1; x < w - 1; x++) {
        const i = y * w + x;
        const lap = 4 * gray[i] - gray[i - 1] - gray[i + 1] - gray[i - w] - gray[i + w];
        lapSum += lap;
        lapSq += lap * lap;
        const inCentre = x >= w / 3 && x < (2 * w) / 3 && y >= h / 3 && y < (2 * h) / 3;
        if (inCentre) {
          centre += lap * lap;
          centreCount++;
        } else {
          border += lap * lap;
          borderCount++;
        }
      }
    }
    const lapCount = Math.max(1, (w - 2) * (h - 2));
    const lapVar = lapSq / lapCount - (lapSum / lapCount) ** 2;
    out[o + F.sharpness] = Math.log1p(Math.max(0, lapVar)) / Math.log1p(MAX_LAPLACIAN ** 2);
    const ce = centreCount ? centre / centreCount : 0;
    const be = borderCount ? border / borderCount : 0;
    out[o + F.sharpness_centre_ratio] = ce + be > 1e-9 ? ce / (ce + be) : 0.5;
  }
}

function std(sum: number, sumSq: number, n: number): number {
  return Math.sqrt(Math.max(0, sumSq / n - (sum / n) ** 2));
}
