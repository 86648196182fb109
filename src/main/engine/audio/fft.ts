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

/** Split-step twiddles of a real FFT of `size`: e^{-2πik/size}, k <= size/2 (also read by the frame kernel). */
export function splitTwiddles(size: number): { cosFull: Float64Array; sinFull: Float64Array } {
  if (!Number.isInteger(size) || size < 8 || (size & (size - 1)) !== 0) {
    throw new Error(`FFT size must be a power of two >= 8, got ${size}`);
  }
  const half = size / 2;
  const cosFull = new Float64Array(half + 1);
  const sinFull = new Float64Array(half + 1);
  for (let k = 0; k <= half; k++) {
    cosFull[k] = Math.cos((2 * Math.PI * k) / size);
    sinFull[k] = -Math.sin((2 * Math.PI * k) / size);
  }
  return { cosFull, sinFull };
}

/**
 * Twiddles of Stockham radix-4 passes over `n` complex points (a power of 4), as the frame kernel
 * reads them: for the pass over blocks of m = n, n/4, …, 4 and p < m/4, W^p, W^2p, W^3p
 * (W = e^{-2πi/m}) as six runs of m/4 numbers (w1 re, w1 im, w2 re, w2 im, w3 re, w3 im).
 */
export function stockhamTwiddles(n: number): Float64Array {
  if (!Number.isInteger(Math.log(n) / Math.log(4)) || n < 4) throw new Error(`Stockham radix-4 needs a power of 4 >= 4, got ${n}`);
  const out: number[] = [];
  for (let m = n; m >= 4; m /= 4) {
    const quarter = m / 4;
    for (const [power, part] of [[1, 'cos'], [1, 'sin'], [2, 'cos'], [2, 'sin'], [3, 'cos'], [3, 'sin']] as const) {
      for (let p = 0; p < quarter; p++) {
        const angle = (2 * Math.PI * power * p) / m;
        out.push(part === 'cos' ? Math.cos(angle) : -Math.sin(angle));
      }
    }
  }
  return Float64Array.from(out);
}

export function createRealFft(size: number): RealFft {
  const { cosFull, sinFull } = splitTwiddles(size);
  const half = size / 2;
  const bitReversed = bitReversalTable(half);
  const stages = butterflyStages(half);
  const zr = new Float64Array(half);
  const zi = new Float64Array(half);

  function forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    for (let n = 0; n < half; n++) {
      const src = bitReversed[n];
      zr[n] = input[2 * src];
      zi[n] = input[2 * src + 1];
    }
    complexButterflies(zr, zi, stages);
    // X[k] = E[k] + W^k O[k], with E/O the spectra of the even/odd samples recovered from Z.
    // Bins k and half − k read the same two values of Z: E and O of one are the conjugates of the other's.
    re[0] = zr[0] + zi[0];
    im[0] = 0;
    re[half] = zr[0] - zi[0];
    im[half] = 0;
    for (let k = 1, b = half - 1; k <= b; k++, b--) {
      const evenRe = 0.5 * (zr[k] + zr[b]);
      const evenIm = 0.5 * (zi[k] - zi[b]);
      const oddRe = 0.5 * (zi[k] + zi[b]);
      const oddIm = -0.5 * (zr[k] - zr[b]);
      re[k] = evenRe + cosFull[k] * oddRe - sinFull[k] * oddIm;
      im[k] = evenIm + cosFull[k] * oddIm + sinFull[k] * oddRe;
      re[b] = evenRe + cosFull[b] * oddRe + sinFull[b] * oddIm;
      im[b] = -evenIm - cosFull[b] * oddIm + sinFull[b] * oddRe;
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

/** One pass of butterflies over blocks of `len`, with its twiddles laid out in the order they are read. */
interface ButterflyStage {
  len: number;
  radix: 2 | 4;
  /** radix 4: (W^j, W^2j, W^3j) as six numbers (re, im) per j < len/4; radix 2: W^j per j < len/2. */
  twiddles: Float64Array;
}

/**
 * The passes after the first (twiddle-free) radix-4 pass: radix 4 while a factor of 4 is left,
 * then one radix-2 pass when log2(n) is odd. W = e^{-2πi/len}.
 */
function butterflyStages(n: number): ButterflyStage[] {
  const stages: ButterflyStage[] = [];
  let len = 16;
  for (; len <= n; len <<= 2) {
    const quarter = len >> 2;
    const twiddles = new Float64Array(6 * quarter);
    for (let j = 0; j < quarter; j++) {
      for (let m = 1; m <= 3; m++) {
        twiddles[6 * j + 2 * (m - 1)] = Math.cos((2 * Math.PI * m * j) / len);
        twiddles[6 * j + 2 * (m - 1) + 1] = -Math.sin((2 * Math.PI * m * j) / len);
      }
    }
    stages.push({ len, radix: 4, twiddles });
  }
  len >>= 1;
  if (len === n) {
    const halfLen = len >> 1;
    const twiddles = new Float64Array(2 * halfLen);
    for (let j = 0; j < halfLen; j++) {
      twiddles[2 * j] = Math.cos((2 * Math.PI * j) / len);
      twiddles[2 * j + 1] = -Math.sin((2 * Math.PI * j) / len);
    }
    stages.push({ len, radix: 2, twiddles });
  }
  return stages;
}

/**
 * In-place iterative decimation-in-time butterflies on bit-reversed input: a multiplication-free
 * radix-4 pass (twiddles 1 and −i), radix-4 passes (half the passes over the data of radix 2, and
 * a quarter fewer multiplications), and one radix-2 pass when log2(n) is odd. In a block of `len`
 * the four quarters hold the spectra of the samples ≡ 0, 2, 1, 3 (mod 4) of that block's sequence.
 */
function complexButterflies(re: Float64Array, im: Float64Array, stages: readonly ButterflyStage[]): void {
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
  for (const { len, radix, twiddles: w } of stages) {
    if (radix === 2) {
      const halfLen = len >> 1;
      for (let start = 0; start < n; start += len) {
        for (let j = 0; j < halfLen; j++) {
          const wr = w[2 * j];
          const wi = w[2 * j + 1];
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
      continue;
    }
    const quarter = len >> 2;
    for (let start = 0; start < n; start += len) {
      for (let j = 0, t = 0; j < quarter; j++, t += 6) {
        const p0 = start + j;
        const p1 = p0 + quarter;
        const p2 = p1 + quarter;
        const p3 = p2 + quarter;
        // Quarter 1 holds residue 2 (twiddle W^2j), quarter 2 residue 1 (W^j), quarter 3 residue 3 (W^3j).
        const ar = re[p0];
        const ai = im[p0];
        const br = re[p1] * w[t + 2] - im[p1] * w[t + 3];
        const bi = re[p1] * w[t + 3] + im[p1] * w[t + 2];
        const cr = re[p2] * w[t] - im[p2] * w[t + 1];
        const ci = re[p2] * w[t + 1] + im[p2] * w[t];
        const dr = re[p3] * w[t + 4] - im[p3] * w[t + 5];
        const di = re[p3] * w[t + 5] + im[p3] * w[t + 4];
        const sumAbR = ar + br;
        const sumAbI = ai + bi;
        const difAbR = ar - br;
        const difAbI = ai - bi;
        const sumCdR = cr + dr;
        const sumCdI = ci + di;
        // −i·(c − d)
        const rotR = ci - di;
        const rotI = dr - cr;
        re[p0] = sumAbR + sumCdR;
        im[p0] = sumAbI + sumCdI;
        re[p1] = difAbR + rotR;
        im[p1] = difAbI + rotI;
        re[p2] = sumAbR - sumCdR;
        im[p2] = sumAbI - sumCdI;
        re[p3] = difAbR - rotR;
        im[p3] = difAbI - rotI;
      }
    }
  }
}
