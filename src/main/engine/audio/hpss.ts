/**
 * Streaming harmonic/percussive split (Fitzgerald 2010) on the mel power spectrogram, ~16×
 * smaller than the linear one. A median across time keeps sustained
 * partials (harmonic), a median across bands keeps broadband transients (percussive), and soft
 * Wiener masks share each frame's energy between the two. Only the time kernel's frames are
 * held, so a frame's energies come out HALF_TIME_KERNEL frames late.
 */
const HALF_TIME_KERNEL = 8;
const HALF_BAND_KERNEL = 4;
const TIME_KERNEL = 2 * HALF_TIME_KERNEL + 1;
/** One more than the kernel: the frame leaving the window is still readable when the next arrives. */
const RING = TIME_KERNEL + 1;

export interface HpssStage {
  /** One mel power frame (copied). */
  push(melPower: Float64Array): void;
  /** Emits the frames still held back, with the time kernel cut at the end of the stream. */
  flush(): void;
}

export type HpssFrameHandler = (frameIndex: number, harmonicEnergy: number, percussiveEnergy: number) => void;

export function createHpssStage(bands: number, onFrame: HpssFrameHandler): HpssStage {
  const ring = Array.from({ length: RING }, () => new Float64Array(bands));
  // Per band, the values of frames [lo, hi] in ascending order: a sliding median in O(kernel).
  const sorted = Array.from({ length: bands }, () => new Float64Array(TIME_KERNEL));
  const scratch = new Float64Array(2 * HALF_BAND_KERNEL + 1);
  let lo = 0;
  let hi = -1;
  let received = 0;
  let emitted = 0;

  const insert = (frame: number): void => {
    const values = ring[frame % RING];
    const count = hi - lo + 1;
    for (let b = 0; b < bands; b++) {
      const list = sorted[b];
      const v = values[b];
      let i = count;
      while (i > 0 && list[i - 1] > v) {
        list[i] = list[i - 1];
        i--;
      }
      list[i] = v;
    }
  };
  const remove = (frame: number): void => {
    const values = ring[frame % RING];
    const count = hi - lo + 1;
    for (let b = 0; b < bands; b++) {
      const list = sorted[b];
      let i = 0;
      while (i < count - 1 && list[i] !== values[b]) i++;
      list.copyWithin(i, i + 1, count);
    }
  };

  const emit = (): void => {
    const frame = emitted;
    const wantLo = Math.max(0, frame - HALF_TIME_KERNEL);
    const wantHi = Math.min(received - 1, frame + HALF_TIME_KERNEL);
    // Drop before adding: the lists hold at most TIME_KERNEL values.
    while (lo < wantLo) {
      remove(lo);
      lo++;
    }
    while (hi < wantHi) {
      insert(hi + 1);
      hi++;
    }
    const middle = (hi - lo + 1) >> 1;
    const current = ring[frame % RING];
    let harmonic = 0;
    let percussive = 0;
    for (let b = 0; b < bands; b++) {
      const alongTime = sorted[b][middle];
      let n = 0;
      const lowest = Math.max(0, b - HALF_BAND_KERNEL);
      const highest = Math.min(bands - 1, b + HALF_BAND_KERNEL);
      for (let k = lowest; k <= highest; k++) scratch[n++] = current[k];
      const alongBands = median(scratch, n);
      const h2 = alongTime * alongTime;
      const p2 = alongBands * alongBands;
      const harmonicShare = h2 + p2 > 0 ? h2 / (h2 + p2) : 0.5;
      harmonic += current[b] * harmonicShare;
      percussive += current[b] * (1 - harmonicShare);
    }
    onFrame(frame, harmonic, percussive);
    emitted++;
  };

  return {
    push(melPower) {
      ring[received % RING].set(melPower);
      received++;
      if (received - emitted > HALF_TIME_KERNEL) emit();
    },
    flush() {
      while (emitted < received) emit();
    },
  };
}

/** Median (upper one for even n) of values[0, n) by insertion sort; n is at most 9. */
function median(values: Float64Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
  return values[n >> 1];
}
