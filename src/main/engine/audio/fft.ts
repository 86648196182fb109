/**
 * Radix-2 FFT of a real signal, computed as one complex FFT of half the length (even samples as
 * the real part, odd samples as the imaginary part) followed by the split step. All tables are
 * built once per size; forward() allocates nothing, so it can run once per analysis frame.
 */
export interface RealFft {
  readonly size: number;
  /** Spectrum bins 0..size/2 of `input` (length size) into re/im (length size/2 + 1 each). */
  forward(input: Float64Array, re: Float64Array, im: Float64Array): void;
}

export function createRealFft(size: number): RealFft {
  if (!Number.isInteger(size) || size < 8 || (size & (size - 1)) !== 0) {
    throw new Error(`FFT size must be a power of two >= 8, got ${size}`);
  }
  const half = size / 2;
  const bitReversed = bitReversalTable(half);
  // Twiddles of the half-length complex FFT: e^{-2πik/half}, k < half/2.
  const cosHalf = new Float64Array(half / 2);
  const sinHalf = new Float64Array(half / 2);
  for (let k = 0; k < half / 2; k++) {
    cosHalf[k] = Math.cos((2 * Math.PI * k) / half);
    sinHalf[k] = -Math.sin((2 * Math.PI * k) / half);
  }
  // Split-step twiddles of the full length: e^{-2πik/size}, k <= half.
  const cosFull = new Float64Array(half + 1);
  const sinFull = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    cosFull[k] = Math.cos((2 * Math.PI * k) / size);
    sinFull[k] = -Math.sin((2 * Math.PI * k) / size);
  }
  const zr = new Float64Array(half);
  const zi = new Float64Array(half);

  function forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    for (let n = 0; n < half; n++) {
      const src = bitReversed[n];
      zr[n] = input[2 * src];
      zi[n] = input[2 * src + 1];
    }
    complexButterflies(zr, zi, cosHalf, sinHalf);
    // X[k] = E[k] + W^k O[k], with E/O the spectra of the even/odd samples recovered from Z.
    for (let k = 0; k <= half; k++) {
      const a = k === half ? 0 : k;
      const b = k === 0 ? 0 : half - k;
      const evenRe = 0.5 * (zr[a] + zr[b]);
      const evenIm = 0.5 * (zi[a] - zi[b]);
      const oddRe = 0.5 * (zi[a] + zi[b]);
      const oddIm = -0.5 * (zr[a] - zr[b]);
      const wr = cosFull[k];
      const wi = sinFull[k];
      re[k] = evenRe + wr * oddRe - wi * oddIm;
      im[k] = evenIm + wr * oddIm + wi * oddRe;
    }
  }

  return { size, forward };
}

function bitReversalTable(n: number): Uint32Array {
  const bits = Math.log2(n);
  const table = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
    table[i] = r;
  }
  return table;
}

/**
 * In-place iterative decimation-in-time butterflies on bit-reversed input. The first two stages
 * (twiddles 1 and −i) run as one multiplication-free radix-4 pass.
 */
function complexButterflies(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array): void {
  const n = re.length;
  for (let p = 0; p < n; p += 4) {
    const ar = re[p] + re[p + 1];
    const ai = im[p] + im[p + 1];
    const br = re[p] - re[p + 1];
    const bi = im[p] - im[p + 1];
    const cr = re[p + 2] + re[p + 3];
    const ci = im[p + 2] + im[p + 3];
    // (x2 − x3)·(−i)
    const dr = im[p + 2] - im[p + 3];
    const di = re[p + 3] - re[p + 2];
    re[p] = ar + cr;
    im[p] = ai + ci;
    re[p + 2] = ar - cr;
    im[p + 2] = ai - ci;
    re[p + 1] = br + dr;
    im[p + 1] = bi + di;
    re[p + 3] = br - dr;
    im[p + 3] = bi - di;
  }
  for (let len = 8; len <= n; len <<= 1) {
    const halfLen = len >> 1;
    const step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let j = 0, t = 0; j < halfLen; j++, t += step) {
        const wr = cos[t];
        const wi = sin[t];
        const p = start + j;
        const q = p + halfLen;
        const xr = re[q] * wr - im[q] * wi;
        const xi = re[q] * wi + im[q] * wr;
        re[q] = re[p] - xr;
        im[q] = im[p] - xi;
        re[p] += xr;
        im[p] += xi;
      }
    }
  }
}
