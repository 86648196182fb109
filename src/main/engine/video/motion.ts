/** Motion between two consecutive low-resolution luma frames, all in plane pixels per frame. */
export interface FrameMotion {
  /** Mean absolute luma difference per pixel (0..255), no compensation. */
  difference: number;
  /** Mean length of the block motion vectors over textured blocks. */
  magnitude: number;
  /** Length of the median vector: the camera's share of the motion (pan, tilt). */
  global: number;
  /** Mean distance of block vectors from the median, beyond one pixel: objects moving against the camera. */
  local: number;
  /** Share of the frame difference that motion compensation removes (0..1); near 0 for cuts and dissolves. */
  explained: number;
}

/** A block with less texture than this (grey levels per pixel step, see blockTexture) has no trustworthy vector. */
const MIN_BLOCK_TEXTURE = 2;
const BLOCK = 8;
/**
 * Whole-pixel vectors of a sub-pixel pan scatter by up to a pixel around the median; deviations
 * within that are quantisation, not objects moving.
 */
const QUANTISATION_PX = 1;
/** Three-step search: offsets up to ±7 plane pixels with 25 SAD evaluations per block. */
const SEARCH_STEPS = [4, 2, 1] as const;
const NEIGHBOURS: ReadonlyArray<readonly [number, number]> = [
  [-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1],
];

/**
 * Block matching on low-resolution luma planes (three-step search, 8×8 blocks).
 * Holds its scratch storage so that per-frame estimation allocates nothing.
 */
export class BlockMatcher {
  private readonly cols: number;
  private readonly rows: number;
  private readonly vx: Float32Array;
  private readonly vy: Float32Array;
  private readonly sortScratch: Float32Array;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.cols = Math.floor(width / BLOCK);
    this.rows = Math.floor(height / BLOCK);
    const blocks = Math.max(1, this.cols * this.rows);
    this.vx = new Float32Array(blocks);
    this.vy = new Float32Array(blocks);
    this.sortScratch = new Float32Array(blocks);
  }

  estimate(prev: Uint8Array, cur: Uint8Array, out: FrameMotion): void {
    const { width, height } = this;
    let diff = 0;
    for (let i = 0; i < width * height; i++) diff += Math.abs(cur[i] - prev[i]);
    out.difference = diff / (width * height);

    let textured = 0;
    let zeroSum = 0;
    let bestSum = 0;
    for (let by = 0; by < this.rows; by++) {
      for (let bx = 0; bx < this.cols; bx++) {
        const x0 = bx * BLOCK;
        const y0 = by * BLOCK;
        const zero = this.sad(prev, cur, x0, y0, 0, 0);
        let best = zero;
        let cx = 0;
        let cy = 0;
        for (const step of SEARCH_STEPS) {
          let nx = cx;
          let ny = cy;
          for (const [sx, sy] of NEIGHBOURS) {
            const dx = cx + sx * step;
            const dy = cy + sy * step;
            if (x0 + dx < 0 || y0 + dy < 0 || x0 + dx + BLOCK > width || y0 + dy + BLOCK > height) continue;
            const s = this.sad(prev, cur, x0, y0, dx, dy);
            // Strictly better only: ties keep the smaller vector, so flat areas stay still.
            if (s < best) {
              best = s;
              nx = dx;
              ny = dy;
            }
          }
          cx = nx;
          cy = ny;
        }
        zeroSum += zero;
        bestSum += best;
        if (blockTexture(cur, width, x0, y0) >= MIN_BLOCK_TEXTURE) {
          this.vx[textured] = cx;
          this.vy[textured] = cy;
          textured++;
        }
      }
    }
    const pixels = this.cols * this.rows * BLOCK * BLOCK;
    // Below one grey level per pixel there is nothing to explain.
    out.explained = zeroSum > pixels ? Math.max(0, 1 - bestSum / zeroSum) : 0;

    if (textured === 0) {
      out.magnitude = 0;
      out.global = 0;
      out.local = 0;
      return;
    }
    let magnitude = 0;
    for (let i = 0; i < textured; i++) magnitude += Math.hypot(this.vx[i], this.vy[i]);
    const gx = this.median(this.vx, textured);
    const gy = this.median(this.vy, textured);
    let local = 0;
    for (let i = 0; i < textured; i++) local += Math.max(0, Math.hypot(this.vx[i] - gx, this.vy[i] - gy) - QUANTISATION_PX);
    out.magnitude = magnitude / textured;
    out.global = Math.hypot(gx, gy);
    out.local = local / textured;
  }

  /** Sum of absolute differences between the block at (x0,y0) in cur and the block displaced by (dx,dy) in prev. */
  private sad(prev: Uint8Array, cur: Uint8Array, x0: number, y0: number, dx: number, dy: number): number {
    const w = this.width;
    let sum = 0;
    for (let y = 0; y < BLOCK; y++) {
      const c = (y0 + y) * w + x0;
      const p = (y0 + y + dy) * w + x0 + dx;
      for (let x = 0; x < BLOCK; x++) sum += Math.abs(cur[c + x] - prev[p + x]);
    }
    return sum;
  }

  private median(values: Float32Array, count: number): number {
    const s = this.sortScratch.subarray(0, count);
    s.set(values.subarray(0, count));
    s.sort();
    return count % 2 ? s[count >> 1] : 0.5 * (s[(count >> 1) - 1] + s[count >> 1]);
  }
}

/**
 * Texture in the weaker direction: the smaller of the mean absolute horizontal and vertical
 * gradients. A block with edges in one direction only (a horizon, a stripe) cannot show motion
 * along them (the aperture problem), so it needs both.
 */
function blockTexture(plane: Uint8Array, width: number, x0: number, y0: number): number {
  let gx = 0;
  let gy = 0;
  for (let y = 0; y < BLOCK - 1; y++) {
    const row = (y0 + y) * width + x0;
    for (let x = 0; x < BLOCK - 1; x++) {
      const v = plane[row + x];
      gx += Math.abs(plane[row + x + 1] - v);
      gy += Math.abs(plane[row + width + x] - v);
    }
  }
  return Math.min(gx, gy) / ((BLOCK - 1) * (BLOCK - 1));
}
