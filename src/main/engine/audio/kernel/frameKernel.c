/*
 * The per-frame arithmetic of the audio analyzer (spectralFrames.ts, hpss.ts), compiled to
 * WebAssembly by scripts/build-frame-kernel.sh: window and FFT, the spectral descriptors, mel
 * bands, MFCCs, chroma and the onset value; the harmonic/percussive split; the harmonic-change
 * stage. Double precision throughout, no fused multiply-adds; sums run two lanes at a time and the
 * FFT is a Stockham radix-4, so values differ from the TypeScript this replaced by rounding only
 * (about 1e-15 relative; test/unit/audio/featureValues.test.ts holds them to 1e-4, and the
 * stored values of real recordings were found equal, docs/audio-features.md).
 *
 * Contract with frameKernel.ts:
 * - Sizes are fixed here and checked by the loader against spectralFrames.ts (kernel_geometry).
 * - Every table (window, split and Stockham twiddles, mel weights, DCT rows, band edges) is
 *   computed in TypeScript and written into this module's memory once per instance, so the numbers
 *   the analysis rests on are defined in one place.
 * - One instance analyses one stream: the previous frame's spectrum and mel levels, the split's
 *   and the harmonic change's held frames are state.
 * - analyse() reads `frame` (FRAME_SIZE samples, centred on the frame's time) and writes
 *   `descriptors` (the slots before mfcc_delta), `chroma`, `mel_power` and returns the onset
 *   strength; sanitise() cleans a run of `frame` as it is filled.
 * Freestanding: no libc; the logarithm and exponential are below.
 */

#include <stdint.h>
#include <wasm_simd128.h>

#define FRAME_SIZE 2048
#define HALF (FRAME_SIZE / 2)
#define BINS (FRAME_SIZE / 2 + 1)
#define MEL_BANDS 64
#define MFCC_COUNT 13
#define CHROMA_BINS 12
#define CONTRAST_BANDS 7
#define MAX_CONTRAST_COUNT 16
#define MEL_WEIGHTS_MAX 4096

/* Descriptor slots, FRAME_DESCRIPTOR_NAMES order. */
#define AT_ZCR 0
#define AT_CENTROID 1
#define AT_BANDWIDTH 2
#define AT_ROLLOFF 3
#define AT_FLATNESS 4
#define AT_FLUX 5
#define AT_CONTRAST 6
#define AT_MFCC (AT_CONTRAST + CONTRAST_BANDS)
#define DESCRIPTORS (AT_MFCC + MFCC_COUNT)

/* Power floor (−100 dB re a full-scale sine) so logs of silence stay finite. */
#define POWER_FLOOR 1e-10
/* The roll-off frequency is where the magnitude sum reaches this share. */
#define ROLLOFF_FRACTION 0.85
/* Bins multiplied together before one log in the geometric mean (products stay within double range). */
#define FLATNESS_GROUP 16
/* Spectral peaks more than 40 dB under the frame's strongest one do not count towards chroma. */
#define CHROMA_PEAK_RELATIVE 0.01
#define CHROMA_PEAK_ABSOLUTE 1e-5

/* ---- memory shared with TypeScript ---- */

double frame[FRAME_SIZE];
double descriptors[DESCRIPTORS];
double chroma[CHROMA_BINS];
double mel_power[MEL_BANDS];

double window_table[FRAME_SIZE];
double cos_full[HALF + 1];
double sin_full[HALF + 1];
/* Radix-4 stages: twiddles (W^j, W^2j, W^3j) as (re, im) pairs, six numbers per j, stage after stage. */
/*
 * Twiddles of the Stockham passes (fft.ts, stockhamTwiddles): for the pass over blocks of n
 * (n = HALF, HALF/4, …, 4), with p < n/4, W^p, W^2p and W^3p (W = e^{-2πi/n}) as six arrays of
 * n/4 numbers (w1 re, w1 im, w2 re, w2 im, w3 re, w3 im), pass after pass.
 */
double stockham_twiddles[2 * HALF];
uint32_t mel_start[MEL_BANDS];
uint32_t mel_length[MEL_BANDS];
double mel_weights[MEL_WEIGHTS_MAX];
double dct_rows[MFCC_COUNT * MEL_BANDS];
uint32_t contrast_from[CONTRAST_BANDS];
uint32_t contrast_to[CONTRAST_BANDS];
uint32_t contrast_count[CONTRAST_BANDS];
/* magnitude_scale, bin_hz, c0_hz, chroma_min_bin, chroma_max_bin, zcr_from, zcr_to */
double params[7];

/* ---- state of the stream ---- */

static double zr[HALF], zi[HALF];
static double re[BINS], im[BINS];
static double magnitude[BINS], power[BINS];
static double prev_unit_magnitude[BINS];
static double mel_db[MEL_BANDS], prev_mel_db[MEL_BANDS];
static double largest[MAX_CONTRAST_COUNT], smallest[MAX_CONTRAST_COUNT];
static int first_frame = 1;
static double yr[HALF], yi[HALF];

/* ---- math ---- */

#define LN2 0.6931471805599453
#define INV_LN10 0.4342944819032518
#define INV_LN2 1.4426950408889634
#define SQRT2 1.4142135623730951

/* Natural logarithm of a positive, finite, normal x; within a few ulp (atanh series on [1/√2, √2)). */
static double ln(double x) {
  union { double d; uint64_t u; } v = { x };
  int e = (int)((v.u >> 52) & 0x7ff) - 1023;
  v.u = (v.u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m = v.d;
  if (m > SQRT2) { m *= 0.5; e++; }
  double s = (m - 1) / (m + 1);
  double s2 = s * s;
  double tail = s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9 + s2 * (1.0 / 11 + s2 * (1.0 / 13 +
                s2 * (1.0 / 15 + s2 * (1.0 / 17 + s2 * (1.0 / 19)))))))));
  return e * LN2 + (2 * s + 2 * s * tail);
}

/* ln() of both lanes: the same steps, two at a time. */
static v128_t ln2x(v128_t x) {
  const v128_t one = wasm_f64x2_splat(1);
  v128_t exponent = wasm_i64x2_sub(wasm_u64x2_shr(x, 52), wasm_i64x2_splat(1023));
  v128_t m = wasm_v128_or(wasm_v128_and(x, wasm_i64x2_splat(0x000fffffffffffffLL)), wasm_i64x2_splat(0x3ff0000000000000LL));
  const v128_t big = wasm_f64x2_gt(m, wasm_f64x2_splat(SQRT2));
  m = wasm_v128_bitselect(wasm_f64x2_mul(m, wasm_f64x2_splat(0.5)), m, big);
  exponent = wasm_i64x2_sub(exponent, big); /* a true lane is −1 */
  const v128_t e = wasm_f64x2_convert_low_i32x4(wasm_i32x4_shuffle(exponent, exponent, 0, 2, 0, 2));
  const v128_t s = wasm_f64x2_div(wasm_f64x2_sub(m, one), wasm_f64x2_add(m, one));
  const v128_t s2 = wasm_f64x2_mul(s, s);
  v128_t tail = wasm_f64x2_splat(1.0 / 19);
  static const double coefficients[] = { 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3 };
  for (int i = 0; i < 8; i++) tail = wasm_f64x2_add(wasm_f64x2_splat(coefficients[i]), wasm_f64x2_mul(s2, tail));
  tail = wasm_f64x2_mul(s2, tail);
  const v128_t two_s = wasm_f64x2_add(s, s);
  return wasm_f64x2_add(wasm_f64x2_mul(e, wasm_f64x2_splat(LN2)), wasm_f64x2_add(two_s, wasm_f64x2_mul(two_s, tail)));
}

/* e^x for |x| < 700; within a few ulp (range reduction by ln 2, then the Taylor series). */
static double exp_(double x) {
  double k = __builtin_nearbyint(x * INV_LN2);
  double r = x - k * LN2;
  double term = 1, sum = 1;
  for (int i = 1; i <= 17; i++) { term *= r / i; sum += term; }
  union { double d; uint64_t u; } scale = { 0 };
  scale.u = (uint64_t)((int64_t)k + 1023) << 52;
  return sum * scale.d;
}

/* ---- FFT ---- */

/* (u·w) for complex vectors (two numbers per lane pair). */
#define CMUL_RE(ur, ui, wr, wi) wasm_f64x2_sub(wasm_f64x2_mul(ur, wr), wasm_f64x2_mul(ui, wi))
#define CMUL_IM(ur, ui, wr, wi) wasm_f64x2_add(wasm_f64x2_mul(ur, wi), wasm_f64x2_mul(ui, wr))

/*
 * One complex FFT of HALF points, in natural order, by Stockham radix-4 passes (decimation in
 * frequency, autosorting: no bit reversal): the pass over blocks of n with stride s reads
 * x[q + s(p + k·n/4)] and writes y[q + s(4p + k)], k = 0…3. Two butterflies at a time: over q
 * where s ≥ 2, over p in the first pass (s = 1). Input zr/zi; returns where the spectrum is.
 */
static void stockham_fft(const double **out_re, const double **out_im) {
  double *xr = zr, *xi = zi, *tr = yr, *ti = yi;
  const double *w = stockham_twiddles;
  int s = 1;
  for (int n = HALF; n >= 4; n /= 4, s *= 4) {
    const int n1 = n / 4;
    const double *w1r = w, *w1i = w + n1, *w2r = w + 2 * n1, *w2i = w + 3 * n1, *w3r = w + 4 * n1, *w3i = w + 5 * n1;
    for (int p = 0; p < n1; p += (s == 1 ? 2 : 1)) {
      v128_t a1r, a1i, a2r, a2i, a3r, a3i;
      if (s == 1) {
        a1r = wasm_v128_load(w1r + p); a1i = wasm_v128_load(w1i + p);
        a2r = wasm_v128_load(w2r + p); a2i = wasm_v128_load(w2i + p);
        a3r = wasm_v128_load(w3r + p); a3i = wasm_v128_load(w3i + p);
      } else {
        a1r = wasm_f64x2_splat(w1r[p]); a1i = wasm_f64x2_splat(w1i[p]);
        a2r = wasm_f64x2_splat(w2r[p]); a2i = wasm_f64x2_splat(w2i[p]);
        a3r = wasm_f64x2_splat(w3r[p]); a3i = wasm_f64x2_splat(w3i[p]);
      }
      for (int q = 0; q < (s == 1 ? 1 : s); q += 2) {
        const int in = q + s * p;
        const v128_t ar = wasm_v128_load(xr + in), ai = wasm_v128_load(xi + in);
        const v128_t br = wasm_v128_load(xr + in + s * n1), bi = wasm_v128_load(xi + in + s * n1);
        const v128_t cr = wasm_v128_load(xr + in + 2 * s * n1), ci = wasm_v128_load(xi + in + 2 * s * n1);
        const v128_t dr = wasm_v128_load(xr + in + 3 * s * n1), di = wasm_v128_load(xi + in + 3 * s * n1);
        const v128_t apc_r = wasm_f64x2_add(ar, cr), apc_i = wasm_f64x2_add(ai, ci);
        const v128_t amc_r = wasm_f64x2_sub(ar, cr), amc_i = wasm_f64x2_sub(ai, ci);
        const v128_t bpd_r = wasm_f64x2_add(br, dr), bpd_i = wasm_f64x2_add(bi, di);
        /* i·(b − d) */
        const v128_t jbmd_r = wasm_f64x2_sub(di, bi), jbmd_i = wasm_f64x2_sub(br, dr);
        const v128_t y0r = wasm_f64x2_add(apc_r, bpd_r), y0i = wasm_f64x2_add(apc_i, bpd_i);
        const v128_t u1r = wasm_f64x2_sub(amc_r, jbmd_r), u1i = wasm_f64x2_sub(amc_i, jbmd_i);
        const v128_t u2r = wasm_f64x2_sub(apc_r, bpd_r), u2i = wasm_f64x2_sub(apc_i, bpd_i);
        const v128_t u3r = wasm_f64x2_add(amc_r, jbmd_r), u3i = wasm_f64x2_add(amc_i, jbmd_i);
        const v128_t y1r = CMUL_RE(u1r, u1i, a1r, a1i), y1i = CMUL_IM(u1r, u1i, a1r, a1i);
        const v128_t y2r = CMUL_RE(u2r, u2i, a2r, a2i), y2i = CMUL_IM(u2r, u2i, a2r, a2i);
        const v128_t y3r = CMUL_RE(u3r, u3i, a3r, a3i), y3i = CMUL_IM(u3r, u3i, a3r, a3i);
        if (s == 1) {
          /* Lanes are p and p + 1: y[4p … 4p + 3] and y[4p + 4 … 4p + 7]. */
          double *o_r = tr + 4 * p, *o_i = ti + 4 * p;
          wasm_v128_store(o_r, wasm_i64x2_shuffle(y0r, y1r, 0, 2)); wasm_v128_store(o_r + 2, wasm_i64x2_shuffle(y2r, y3r, 0, 2));
          wasm_v128_store(o_r + 4, wasm_i64x2_shuffle(y0r, y1r, 1, 3)); wasm_v128_store(o_r + 6, wasm_i64x2_shuffle(y2r, y3r, 1, 3));
          wasm_v128_store(o_i, wasm_i64x2_shuffle(y0i, y1i, 0, 2)); wasm_v128_store(o_i + 2, wasm_i64x2_shuffle(y2i, y3i, 0, 2));
          wasm_v128_store(o_i + 4, wasm_i64x2_shuffle(y0i, y1i, 1, 3)); wasm_v128_store(o_i + 6, wasm_i64x2_shuffle(y2i, y3i, 1, 3));
        } else {
          const int o = q + s * 4 * p;
          wasm_v128_store(tr + o, y0r); wasm_v128_store(ti + o, y0i);
          wasm_v128_store(tr + o + s, y1r); wasm_v128_store(ti + o + s, y1i);
          wasm_v128_store(tr + o + 2 * s, y2r); wasm_v128_store(ti + o + 2 * s, y2i);
          wasm_v128_store(tr + o + 3 * s, y3r); wasm_v128_store(ti + o + 3 * s, y3i);
        }
      }
    }
    w += 6 * n1;
    double *swap_r = xr, *swap_i = xi;
    xr = tr; xi = ti; tr = swap_r; ti = swap_i;
  }
  *out_re = xr;
  *out_im = xi;
}

/* Lanes swapped: (v[1], v[0]). */
static v128_t reversed(v128_t v) { return wasm_i64x2_shuffle(v, v, 1, 0); }

/*
 * Real FFT of the windowed frame: the even samples as the real part and the odd ones as the
 * imaginary part of one complex FFT of half the length, then the split step
 * X[k] = E[k] + W^k O[k], with E/O the spectra of the even/odd samples recovered from Z; bins k
 * and HALF − k read the same two values of Z.
 */
static void real_fft(void) {
  for (int n = 0; n < HALF; n += 2) {
    const v128_t x01 = wasm_f64x2_mul(wasm_v128_load(frame + 2 * n), wasm_v128_load(window_table + 2 * n));
    const v128_t x23 = wasm_f64x2_mul(wasm_v128_load(frame + 2 * n + 2), wasm_v128_load(window_table + 2 * n + 2));
    wasm_v128_store(zr + n, wasm_i64x2_shuffle(x01, x23, 0, 2));
    wasm_v128_store(zi + n, wasm_i64x2_shuffle(x01, x23, 1, 3));
  }
  const double *fr, *fi;
  stockham_fft(&fr, &fi);
  re[0] = fr[0] + fi[0]; im[0] = 0;
  re[HALF] = fr[0] - fi[0]; im[HALF] = 0;
  const v128_t half = wasm_f64x2_splat(0.5), minus_half = wasm_f64x2_splat(-0.5);
  /* k = 1 … HALF/2 − 2 two at a time (their partners b = HALF − k lie reversed below HALF − k + 1). */
  int k = 1;
  for (; k + 1 < HALF / 2 - 1; k += 2) {
    const int b = HALF - k - 1; /* the pair (HALF − k − 1, HALF − k) read reversed is (HALF − k, HALF − k − 1) */
    const v128_t zk_r = wasm_v128_load(fr + k), zk_i = wasm_v128_load(fi + k);
    const v128_t zb_r = reversed(wasm_v128_load(fr + b)), zb_i = reversed(wasm_v128_load(fi + b));
    const v128_t even_re = wasm_f64x2_mul(half, wasm_f64x2_add(zk_r, zb_r));
    const v128_t even_im = wasm_f64x2_mul(half, wasm_f64x2_sub(zk_i, zb_i));
    const v128_t odd_re = wasm_f64x2_mul(half, wasm_f64x2_add(zk_i, zb_i));
    const v128_t odd_im = wasm_f64x2_mul(minus_half, wasm_f64x2_sub(zk_r, zb_r));
    const v128_t ck = wasm_v128_load(cos_full + k), sk = wasm_v128_load(sin_full + k);
    const v128_t cb = reversed(wasm_v128_load(cos_full + b)), sb = reversed(wasm_v128_load(sin_full + b));
    wasm_v128_store(re + k, wasm_f64x2_sub(wasm_f64x2_add(even_re, wasm_f64x2_mul(ck, odd_re)), wasm_f64x2_mul(sk, odd_im)));
    wasm_v128_store(im + k, wasm_f64x2_add(wasm_f64x2_add(even_im, wasm_f64x2_mul(ck, odd_im)), wasm_f64x2_mul(sk, odd_re)));
    const v128_t rb = wasm_f64x2_add(wasm_f64x2_add(even_re, wasm_f64x2_mul(cb, odd_re)), wasm_f64x2_mul(sb, odd_im));
    const v128_t ib = wasm_f64x2_add(wasm_f64x2_sub(wasm_f64x2_neg(even_im), wasm_f64x2_mul(cb, odd_im)), wasm_f64x2_mul(sb, odd_re));
    wasm_v128_store(re + b, reversed(rb));
    wasm_v128_store(im + b, reversed(ib));
  }
  for (int b = HALF - k; k <= b; k++, b--) {
    const double even_re = 0.5 * (fr[k] + fr[b]);
    const double even_im = 0.5 * (fi[k] - fi[b]);
    const double odd_re = 0.5 * (fi[k] + fi[b]);
    const double odd_im = -0.5 * (fr[k] - fr[b]);
    re[k] = even_re + cos_full[k] * odd_re - sin_full[k] * odd_im;
    im[k] = even_im + cos_full[k] * odd_im + sin_full[k] * odd_re;
    re[b] = even_re + cos_full[b] * odd_re + sin_full[b] * odd_im;
    im[b] = -even_im - cos_full[b] * odd_im + sin_full[b] * odd_re;
  }
}

/* ---- descriptors ---- */

/*
 * The `count` largest and smallest powers of bins [from, to) into largest/smallest, sorted
 * (count ≤ 16). One pass; each list's bound is kept in a local, so a bin that enters neither list
 * (nearly all of them) costs two comparisons.
 */
static void collect_extremes(uint32_t from, uint32_t to, int count) {
  for (int i = 0; i < count; i++) { largest[i] = -__builtin_inf(); smallest[i] = __builtin_inf(); }
  const int last = count - 1;
  double upper = -__builtin_inf(), lower = __builtin_inf();
  for (uint32_t k = from; k < to; k++) {
    const double x = power[k];
    if (x > upper) {
      int i = last;
      while (i > 0 && largest[i - 1] < x) { largest[i] = largest[i - 1]; i--; }
      largest[i] = x;
      upper = largest[last];
    }
    if (x < lower) {
      int i = last;
      while (i > 0 && smallest[i - 1] > x) { smallest[i] = smallest[i - 1]; i--; }
      smallest[i] = x;
      lower = smallest[last];
    }
  }
}

/* Spectral peaks of the chroma range (at most one bin in two), and their pitches. */
static int peak_bin[BINS / 2 + 2];
static double peak_pitch[BINS / 2 + 2];

static void peak_chroma(void) {
  const double bin_hz = params[1], c0_hz = params[2];
  const int min_bin = (int)params[3], max_bin = (int)params[4];
  for (int i = 0; i < CHROMA_BINS; i++) chroma[i] = 0;
  v128_t strongest2 = wasm_f64x2_splat(0);
  int k = min_bin;
  for (; k + 1 <= max_bin; k += 2) strongest2 = wasm_f64x2_pmax(strongest2, wasm_v128_load(magnitude + k));
  double strongest = wasm_f64x2_extract_lane(strongest2, 0);
  if (wasm_f64x2_extract_lane(strongest2, 1) > strongest) strongest = wasm_f64x2_extract_lane(strongest2, 1);
  for (; k <= max_bin; k++) if (magnitude[k] > strongest) strongest = magnitude[k];
  double threshold = strongest * CHROMA_PEAK_RELATIVE;
  if (threshold < CHROMA_PEAK_ABSOLUTE) threshold = CHROMA_PEAK_ABSOLUTE;
  /* The peaks first (bin by bin), then their pitches two at a time, then their shares in bin order. */
  int peaks = 0;
  const v128_t threshold2 = wasm_f64x2_splat(threshold);
  k = min_bin;
  /* Two bins at a time, without branches: a bin is written at the end of the list, which grows only where it is a peak. */
  for (; k + 1 <= max_bin; k += 2) {
    const v128_t m = wasm_v128_load(magnitude + k);
    const v128_t is_peak = wasm_v128_and(wasm_v128_and(wasm_f64x2_ge(m, threshold2), wasm_f64x2_gt(m, wasm_v128_load(magnitude + k - 1))),
                                         wasm_f64x2_ge(m, wasm_v128_load(magnitude + k + 1)));
    const int bits = wasm_i64x2_bitmask(is_peak);
    peak_bin[peaks] = k;
    peaks += bits & 1;
    peak_bin[peaks] = k + 1;
    peaks += bits >> 1;
  }
  for (; k <= max_bin; k++) {
    const double m = magnitude[k];
    if (m < threshold || m <= magnitude[k - 1] || m < magnitude[k + 1]) continue;
    peak_bin[peaks++] = k;
  }
  if (peaks & 1) peak_bin[peaks] = peak_bin[peaks - 1];
  const v128_t half = wasm_f64x2_splat(0.5), two = wasm_f64x2_splat(2), zero = wasm_f64x2_splat(0);
  const v128_t bin_hz2 = wasm_f64x2_splat(bin_hz), c0_hz2 = wasm_f64x2_splat(c0_hz), twelve = wasm_f64x2_splat(12), inv_ln2 = wasm_f64x2_splat(INV_LN2);
  for (int j = 0; j < peaks; j += 2) {
    const int k0 = peak_bin[j], k1 = peak_bin[j + 1];
    const v128_t a = wasm_f64x2_make(magnitude[k0 - 1], magnitude[k1 - 1]);
    const v128_t b = wasm_f64x2_make(magnitude[k0], magnitude[k1]);
    const v128_t c = wasm_f64x2_make(magnitude[k0 + 1], magnitude[k1 + 1]);
    const v128_t curvature = wasm_f64x2_add(wasm_f64x2_sub(a, wasm_f64x2_mul(two, b)), c);
    const v128_t offset = wasm_v128_bitselect(wasm_f64x2_div(wasm_f64x2_mul(half, wasm_f64x2_sub(a, c)), curvature), zero, wasm_f64x2_lt(curvature, zero));
    const v128_t hz = wasm_f64x2_mul(wasm_f64x2_add(wasm_f64x2_make(k0, k1), offset), bin_hz2);
    const v128_t pitch = wasm_f64x2_mul(twelve, wasm_f64x2_mul(ln2x(wasm_f64x2_div(hz, c0_hz2)), inv_ln2));
    wasm_v128_store(peak_pitch + j, pitch);
  }
  for (int j = 0; j < peaks; j++) {
    const double m = magnitude[peak_bin[j]];
    const double pitch = peak_pitch[j];
    const double lower = __builtin_floor(pitch);
    const double frac = pitch - lower;
    const int pc = (((int)lower % 12) + 12) % 12;
    chroma[pc] += m * (1 - frac);
    chroma[(pc + 1) % 12] += m * frac;
  }
}

/** Zero-crossing rate over frame[from, to); exact zeros count as positive. Two samples at a time. */
static double zero_crossing_rate(int from, int to) {
  const v128_t zero = wasm_f64x2_splat(0);
  v128_t crossings = wasm_i64x2_splat(0);
  int i = from;
  for (; i + 1 < to; i += 2) {
    /* A lane is all ones where the sample is negative; where it differs from its predecessor's, a crossing. */
    const v128_t changed = wasm_v128_xor(wasm_f64x2_lt(wasm_v128_load(frame + i), zero), wasm_f64x2_lt(wasm_v128_load(frame + i - 1), zero));
    crossings = wasm_i64x2_sub(crossings, changed);
  }
  int64_t count = wasm_i64x2_extract_lane(crossings, 0) + wasm_i64x2_extract_lane(crossings, 1);
  for (; i < to; i++) count += (frame[i] < 0) != (frame[i - 1] < 0);
  return (double)count / (to - from);
}

/*
 * Corrupt packets can decode to NaN, Infinity or absurd values: frame[from, to) outside
 * ±SAMPLE_LIMIT become 0 (silence). Returns the sum of the run's squares (for the power envelope).
 */
#define SAMPLE_LIMIT 16.0
double sanitise(int from, int to) {
  const v128_t limit = wasm_f64x2_splat(SAMPLE_LIMIT), minus_limit = wasm_f64x2_splat(-SAMPLE_LIMIT);
  v128_t squares = wasm_f64x2_splat(0);
  int i = from;
  for (; i + 1 < to; i += 2) {
    const v128_t x = wasm_v128_load(frame + i);
    const v128_t ok = wasm_v128_and(wasm_f64x2_ge(x, minus_limit), wasm_f64x2_le(x, limit));
    const v128_t clean = wasm_v128_and(x, ok);
    wasm_v128_store(frame + i, clean);
    squares = wasm_f64x2_add(squares, wasm_f64x2_mul(clean, clean));
  }
  double sum = wasm_f64x2_extract_lane(squares, 0) + wasm_f64x2_extract_lane(squares, 1);
  for (; i < to; i++) {
    if (!(frame[i] >= -SAMPLE_LIMIT && frame[i] <= SAMPLE_LIMIT)) frame[i] = 0;
    sum += frame[i] * frame[i];
  }
  return sum;
}

/* log of a product kept as mantissa × 2^exponent: the exponent bits move into `exponent`, the mantissa to [1, 2). */
static v128_t renormalise(v128_t product, v128_t *exponent) {
  const v128_t bits = product;
  *exponent = wasm_i64x2_add(*exponent, wasm_i64x2_sub(wasm_u64x2_shr(bits, 52), wasm_i64x2_splat(1023)));
  return wasm_v128_or(wasm_v128_and(bits, wasm_i64x2_splat(0x000fffffffffffffLL)), wasm_i64x2_splat(0x3ff0000000000000LL));
}

static double lane_sum(v128_t v) { return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1); }

double analyse(void) {
  const double magnitude_scale = params[0], bin_hz = params[1];
  descriptors[AT_ZCR] = zero_crossing_rate((int)params[5], (int)params[6]);
  real_fft();

  /*
   * Power and magnitude per bin and the sums the descriptors need, two bins at a time. The
   * geometric mean's log is that of one running product per lane, renormalised every
   * FLATNESS_GROUP bins (its exponent counted apart), so one logarithm serves the whole frame.
   */
  const v128_t scale2 = wasm_f64x2_splat(magnitude_scale * magnitude_scale);
  const v128_t floor = wasm_f64x2_splat(POWER_FLOOR);
  const v128_t hz_step = wasm_f64x2_splat(2 * bin_hz);
  v128_t hz = wasm_f64x2_make(0, bin_hz);
  v128_t mag_sum = wasm_f64x2_splat(0), mag_sq_sum = mag_sum, weighted_hz = mag_sum, weighted_hz_sq = mag_sum, power_sum = mag_sum;
  v128_t product = wasm_f64x2_splat(1);
  v128_t exponent = wasm_i64x2_splat(0);
  for (int k = 0; k < HALF; k += 2) {
    const v128_t r = wasm_v128_load(re + k), i = wasm_v128_load(im + k);
    const v128_t p = wasm_f64x2_mul(wasm_f64x2_add(wasm_f64x2_mul(r, r), wasm_f64x2_mul(i, i)), scale2);
    const v128_t m = wasm_f64x2_sqrt(p);
    wasm_v128_store(power + k, p);
    wasm_v128_store(magnitude + k, m);
    mag_sum = wasm_f64x2_add(mag_sum, m);
    mag_sq_sum = wasm_f64x2_add(mag_sq_sum, p);
    const v128_t hz_m = wasm_f64x2_mul(hz, m);
    weighted_hz = wasm_f64x2_add(weighted_hz, hz_m);
    weighted_hz_sq = wasm_f64x2_add(weighted_hz_sq, wasm_f64x2_mul(hz, hz_m));
    const v128_t floored = wasm_f64x2_add(p, floor);
    product = wasm_f64x2_mul(product, floored);
    power_sum = wasm_f64x2_add(power_sum, floored);
    if ((k + 2) % FLATNESS_GROUP == 0) product = renormalise(product, &exponent);
    hz = wasm_f64x2_add(hz, hz_step);
  }
  /* The Nyquist bin. */
  const double p_last = (re[HALF] * re[HALF] + im[HALF] * im[HALF]) * magnitude_scale * magnitude_scale;
  const double m_last = __builtin_sqrt(p_last);
  const double hz_last = HALF * bin_hz;
  power[HALF] = p_last;
  magnitude[HALF] = m_last;
  product = renormalise(product, &exponent);
  const double total_mag = lane_sum(mag_sum) + m_last;
  const double total_mag_sq = lane_sum(mag_sq_sum) + p_last;
  const double total_weighted_hz = lane_sum(weighted_hz) + hz_last * m_last;
  const double total_weighted_hz_sq = lane_sum(weighted_hz_sq) + hz_last * hz_last * m_last;
  const double total_power = lane_sum(power_sum) + (p_last + POWER_FLOOR);
  const double log_power_sum = ln(wasm_f64x2_extract_lane(product, 0) * wasm_f64x2_extract_lane(product, 1) * (p_last + POWER_FLOOR)) +
                               (double)(wasm_i64x2_extract_lane(exponent, 0) + wasm_i64x2_extract_lane(exponent, 1)) * LN2;

  const double centroid = total_mag > 0 ? total_weighted_hz / total_mag : 0;
  descriptors[AT_CENTROID] = centroid;
  if (total_mag > 0) {
    const double variance = total_weighted_hz_sq / total_mag - centroid * centroid;
    descriptors[AT_BANDWIDTH] = __builtin_sqrt(variance > 0 ? variance : 0);
  } else {
    descriptors[AT_BANDWIDTH] = 0;
  }
  double rolloff = 0;
  if (total_mag > 0) {
    const double target = ROLLOFF_FRACTION * total_mag;
    /* Whole blocks of 16 bins while the running sum stays short of the target, then bin by bin. */
    double acc = 0;
    int k = 0;
    for (; k + 16 <= BINS; k += 16) {
      v128_t block = wasm_f64x2_add(wasm_v128_load(magnitude + k), wasm_v128_load(magnitude + k + 2));
      for (int j = 4; j < 16; j += 2) block = wasm_f64x2_add(block, wasm_v128_load(magnitude + k + j));
      const double sum = lane_sum(block);
      if (acc + sum >= target) break;
      acc += sum;
    }
    for (; k < BINS; k++) {
      acc += magnitude[k];
      if (acc >= target) break;
    }
    rolloff = (k < BINS ? k : BINS - 1) * bin_hz;
  }
  descriptors[AT_ROLLOFF] = rolloff;
  descriptors[AT_FLATNESS] = exp_(log_power_sum / BINS) / (total_power / BINS);

  /* Flux between unit-norm magnitude spectra: spectral change independent of loudness. */
  const double norm = __builtin_sqrt(total_mag_sq);
  const v128_t inverse_norm = wasm_f64x2_splat(norm > 0 ? 1 / norm : 0);
  v128_t flux = wasm_f64x2_splat(0);
  for (int k = 0; k < HALF; k += 2) {
    const v128_t unit = wasm_f64x2_mul(wasm_v128_load(magnitude + k), inverse_norm);
    const v128_t diff = wasm_f64x2_sub(unit, wasm_v128_load(prev_unit_magnitude + k));
    flux = wasm_f64x2_add(flux, wasm_f64x2_mul(diff, diff));
    wasm_v128_store(prev_unit_magnitude + k, unit);
  }
  const double unit_last = m_last * (norm > 0 ? 1 / norm : 0);
  const double diff_last = unit_last - prev_unit_magnitude[HALF];
  prev_unit_magnitude[HALF] = unit_last;
  descriptors[AT_FLUX] = __builtin_sqrt(lane_sum(flux) + diff_last * diff_last);

  for (int b = 0; b < CONTRAST_BANDS; b++) {
    const int count = (int)contrast_count[b];
    collect_extremes(contrast_from[b], contrast_to[b], count);
    double peak = 0, valley = 0;
    for (int i = 0; i < count; i++) { peak += largest[i]; valley += smallest[i]; }
    descriptors[AT_CONTRAST + b] = 10 * (ln((peak / count + POWER_FLOOR) / (valley / count + POWER_FLOOR)) * INV_LN10);
  }

  const double *weights = mel_weights;
  for (int m = 0; m < MEL_BANDS; m++) {
    const uint32_t length = mel_length[m];
    const double *bins = power + mel_start[m];
    v128_t acc2 = wasm_f64x2_splat(0);
    uint32_t i = 0;
    for (; i + 1 < length; i += 2) acc2 = wasm_f64x2_add(acc2, wasm_f64x2_mul(wasm_v128_load(weights + i), wasm_v128_load(bins + i)));
    double acc = lane_sum(acc2);
    if (i < length) acc += weights[i] * bins[i];
    weights += length;
    mel_power[m] = acc;
  }
  const v128_t ten = wasm_f64x2_splat(10), inv_ln10 = wasm_f64x2_splat(INV_LN10);
  for (int m = 0; m < MEL_BANDS; m += 2) {
    const v128_t level = wasm_f64x2_add(wasm_v128_load(mel_power + m), floor);
    wasm_v128_store(mel_db + m, wasm_f64x2_mul(ten, wasm_f64x2_mul(ln2x(level), inv_ln10)));
  }
  double onset = 0;
  for (int m = 0; m < MEL_BANDS; m++) {
    if (mel_db[m] > prev_mel_db[m]) onset += mel_db[m] - prev_mel_db[m];
    prev_mel_db[m] = mel_db[m];
  }
  /* The first frame has nothing to rise from: the track's start is not an onset. */
  const double onset_strength = first_frame ? 0 : onset / MEL_BANDS;
  first_frame = 0;
  for (int i = 0; i < MFCC_COUNT; i++) {
    const double *row = dct_rows + i * MEL_BANDS;
    v128_t acc = wasm_f64x2_splat(0);
    for (int m = 0; m < MEL_BANDS; m += 2) acc = wasm_f64x2_add(acc, wasm_f64x2_mul(wasm_v128_load(row + m), wasm_v128_load(mel_db + m)));
    descriptors[AT_MFCC + i] = lane_sum(acc);
  }

  peak_chroma();
  return onset_strength;
}

/*
 * ---- Streaming harmonic/percussive split (Fitzgerald 2010), hpss.ts's stage ----
 * A median across time keeps sustained partials (harmonic), a median across bands keeps broadband
 * transients (percussive), and soft Wiener masks share each frame's energy between the two. Only
 * the time kernel's frames are held, so a frame's energies come out HALF_TIME_KERNEL frames late.
 * hpss_push() reads hpss_input; when a frame is due it writes (frame, harmonic, percussive) to
 * hpss_output and returns 1. hpss_flush() emits one held frame per call (time kernel cut at the
 * end of the stream) and returns 0 when none is left.
 */
#define HPSS_MAX_BANDS 64
#define HALF_TIME_KERNEL 8
#define HALF_BAND_KERNEL 4
#define TIME_KERNEL (2 * HALF_TIME_KERNEL + 1)
/* One more than the kernel: the frame leaving the window is still readable when the next arrives. */
#define HPSS_RING (TIME_KERNEL + 1)

double hpss_input[HPSS_MAX_BANDS];
double hpss_output[3];
static double hpss_ring[HPSS_RING][HPSS_MAX_BANDS];
/* Per band, the values of frames [lo, hi] in ascending order: a sliding median in O(kernel). */
static double hpss_sorted[HPSS_MAX_BANDS][TIME_KERNEL];
/* The bands around the one being split, in ascending order: the median across bands. */
static double across_bands[2 * HALF_BAND_KERNEL + 1];
static int hpss_bands, hpss_lo, hpss_hi = -1, hpss_received, hpss_emitted;

/* Inserts v into the ascending list[0, n); returns the new length. */
static int insert_sorted(double *list, int n, double v) {
  int i = n;
  while (i > 0 && list[i - 1] > v) { list[i] = list[i - 1]; i--; }
  list[i] = v;
  return n + 1;
}

/* Removes one value equal to v from the ascending list[0, n); returns the new length. */
static int remove_sorted(double *list, int n, double v) {
  int i = 0;
  while (i < n - 1 && list[i] != v) i++;
  for (; i < n - 1; i++) list[i] = list[i + 1];
  return n - 1;
}

/*
 * Replaces one value equal to `old` in the ascending list[0, n) by v, keeping it sorted: the same
 * list as removing `old` and inserting v, with the values between the two positions moved once.
 */
static void replace_sorted(double *list, int n, double old, double v) {
  /* The first position holding a value ≥ old: old itself (all equal values are alike). */
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    const int mid = (lo + hi) >> 1;
    if (list[mid] < old) lo = mid + 1; else hi = mid;
  }
  int i = lo;
  if (v > old) {
    while (i < n - 1 && list[i + 1] < v) { list[i] = list[i + 1]; i++; }
  } else {
    while (i > 0 && list[i - 1] > v) { list[i] = list[i - 1]; i--; }
  }
  list[i] = v;
}

/* The medians across bands of this frame. */
static double hpss_across[HPSS_MAX_BANDS];

/*
 * Medians of values[0 … 8] and values[1 … 9] into out[0], out[1]: the 19 compare-exchanges of
 * Devillard's median-of-9 network, on both windows at once.
 */
static void median9_pair(const double *values, double *out) {
  v128_t p[9];
  for (int i = 0; i < 9; i++) p[i] = wasm_v128_load(values + i);
#define SORT2(a, b) { const v128_t lo = wasm_f64x2_pmin(p[a], p[b]); p[b] = wasm_f64x2_pmax(p[a], p[b]); p[a] = lo; }
  SORT2(1, 2) SORT2(4, 5) SORT2(7, 8) SORT2(0, 1) SORT2(3, 4) SORT2(6, 7) SORT2(1, 2) SORT2(4, 5) SORT2(7, 8)
  SORT2(0, 3) SORT2(5, 8) SORT2(4, 7) SORT2(3, 6) SORT2(1, 4) SORT2(2, 5) SORT2(4, 7) SORT2(4, 2) SORT2(6, 4)
  SORT2(4, 2)
#undef SORT2
  wasm_v128_store(out, p[4]);
}

/* Starts a stream of frames of `bands` values (at most HPSS_MAX_BANDS); returns 0 if too many. */
int hpss_begin(int bands) {
  if (bands < 1 || bands > HPSS_MAX_BANDS) return 0;
  hpss_bands = bands;
  hpss_lo = 0;
  hpss_hi = -1;
  hpss_received = 0;
  hpss_emitted = 0;
  return 1;
}

static void hpss_emit(void) {
  const int frame = hpss_emitted;
  const int want_lo = frame - HALF_TIME_KERNEL > 0 ? frame - HALF_TIME_KERNEL : 0;
  const int want_hi = frame + HALF_TIME_KERNEL < hpss_received - 1 ? frame + HALF_TIME_KERNEL : hpss_received - 1;
  /* In the stream's body one frame leaves and one enters each band's list: one move. */
  for (; hpss_lo < want_lo && hpss_hi < want_hi; hpss_lo++, hpss_hi++) {
    const double *leaving = hpss_ring[hpss_lo % HPSS_RING], *entering = hpss_ring[(hpss_hi + 1) % HPSS_RING];
    const int count = hpss_hi - hpss_lo + 1;
    for (int b = 0; b < hpss_bands; b++) replace_sorted(hpss_sorted[b], count, leaving[b], entering[b]);
  }
  /* At the ends: drop before adding, so the lists hold at most TIME_KERNEL values. */
  for (; hpss_lo < want_lo; hpss_lo++) {
    const double *values = hpss_ring[hpss_lo % HPSS_RING];
    const int count = hpss_hi - hpss_lo + 1;
    for (int b = 0; b < hpss_bands; b++) remove_sorted(hpss_sorted[b], count, values[b]);
  }
  for (; hpss_hi < want_hi; hpss_hi++) {
    const double *values = hpss_ring[(hpss_hi + 1) % HPSS_RING];
    const int count = hpss_hi - hpss_lo + 1;
    for (int b = 0; b < hpss_bands; b++) insert_sorted(hpss_sorted[b], count, values[b]);
  }
  const int middle = (hpss_hi - hpss_lo + 1) >> 1;
  const double *current = hpss_ring[frame % HPSS_RING];
  double harmonic = 0, percussive = 0;
  /*
   * The median across bands: where the whole ±HALF_BAND_KERNEL window fits, by a median-of-9
   * network two bands at a time; at the edges, where it is cut, by sorting what is there.
   */
  const int first_full = HALF_BAND_KERNEL, last_full = hpss_bands - 1 - HALF_BAND_KERNEL;
  for (int b = 0; b < hpss_bands; b++) {
    if (b >= first_full && b + 1 <= last_full) {
      median9_pair(current + b - HALF_BAND_KERNEL, hpss_across + b);
      b++;
      continue;
    }
    int n = 0;
    for (int k = b - HALF_BAND_KERNEL; k <= b + HALF_BAND_KERNEL; k++) {
      if (k >= 0 && k < hpss_bands) n = insert_sorted(across_bands, n, current[k]);
    }
    hpss_across[b] = across_bands[n >> 1];
  }
  for (int b = 0; b < hpss_bands; b++) {
    const double along_time = hpss_sorted[b][middle];
    const double along_bands = hpss_across[b];
    const double h2 = along_time * along_time;
    const double p2 = along_bands * along_bands;
    const double harmonic_share = h2 + p2 > 0 ? h2 / (h2 + p2) : 0.5;
    harmonic += current[b] * harmonic_share;
    percussive += current[b] * (1 - harmonic_share);
  }
  hpss_output[0] = frame;
  hpss_output[1] = harmonic;
  hpss_output[2] = percussive;
  hpss_emitted++;
}

int hpss_push(void) {
  double *slot = hpss_ring[hpss_received % HPSS_RING];
  for (int b = 0; b < hpss_bands; b++) slot[b] = hpss_input[b];
  hpss_received++;
  if (hpss_received - hpss_emitted <= HALF_TIME_KERNEL) return 0;
  hpss_emit();
  return 1;
}

int hpss_flush(void) {
  if (hpss_emitted >= hpss_received) return 0;
  hpss_emit();
  return 1;
}

/*
 * ---- Harmonic change, spectralFrames.ts's chroma novelty stage ----
 * At each frame the cosine distance between the chroma summed over the preceding and the
 * following NOVELTY_HALF_WINDOW frames (Davies & Plumbley's downbeat cue); 0 where either side is
 * silent. The ring holds 2·NOVELTY_HALF_WINDOW frames, so the oldest frame of a "preceding" sum is
 * read from the slot the newest frame has just taken (the stage has always done so; changing it
 * changes the features). novelty_push() reads novelty_input; when a frame is due it writes
 * (frame, novelty) to novelty_output and returns 1. novelty_flush() emits one held frame per call
 * and returns 0 when none is left.
 */
#define NOVELTY_HALF_WINDOW 25
#define NOVELTY_SPAN (2 * NOVELTY_HALF_WINDOW)

double novelty_input[CHROMA_BINS];
double novelty_output[2];
static double novelty_ring[NOVELTY_SPAN][CHROMA_BINS];
static int novelty_received, novelty_emitted;

static void sum_chroma(v128_t *target, int from, int to) {
  for (int i = 0; i < CHROMA_BINS / 2; i++) target[i] = wasm_f64x2_splat(0);
  for (int t = from > 0 ? from : 0; t < to; t++) {
    const double *c = novelty_ring[t % NOVELTY_SPAN];
    for (int i = 0; i < CHROMA_BINS / 2; i++) target[i] = wasm_f64x2_add(target[i], wasm_v128_load(c + 2 * i));
  }
}

static void novelty_emit(void) {
  const int frame = novelty_emitted;
  v128_t before[CHROMA_BINS / 2], after[CHROMA_BINS / 2];
  sum_chroma(before, frame - NOVELTY_HALF_WINDOW, frame);
  sum_chroma(after, frame, frame + NOVELTY_HALF_WINDOW < novelty_received ? frame + NOVELTY_HALF_WINDOW : novelty_received);
  v128_t dot = wasm_f64x2_splat(0), norm_before = dot, norm_after = dot;
  for (int i = 0; i < CHROMA_BINS / 2; i++) {
    dot = wasm_f64x2_add(dot, wasm_f64x2_mul(before[i], after[i]));
    norm_before = wasm_f64x2_add(norm_before, wasm_f64x2_mul(before[i], before[i]));
    norm_after = wasm_f64x2_add(norm_after, wasm_f64x2_mul(after[i], after[i]));
  }
  const double norms = __builtin_sqrt(lane_sum(norm_before) * lane_sum(norm_after));
  const double distance = norms > 0 ? 1 - lane_sum(dot) / norms : 0;
  novelty_output[0] = frame;
  novelty_output[1] = distance > 0 ? distance : 0;
  novelty_emitted++;
}

int novelty_push(void) {
  double *slot = novelty_ring[novelty_received % NOVELTY_SPAN];
  for (int i = 0; i < CHROMA_BINS; i++) slot[i] = novelty_input[i];
  novelty_received++;
  if (novelty_received - novelty_emitted <= NOVELTY_HALF_WINDOW) return 0;
  novelty_emit();
  return 1;
}

int novelty_flush(void) {
  if (novelty_emitted >= novelty_received) return 0;
  novelty_emit();
  return 1;
}

/*
 * Starts a new stream on this instance: the frame buffer is silence (the first frame is centred on
 * the first sample, half of it before the signal), as is the frame before the first, and the first
 * frame is no onset.
 */
void spectral_begin(void) {
  for (int k = 0; k < FRAME_SIZE; k++) frame[k] = 0;
  for (int k = 0; k < BINS; k++) prev_unit_magnitude[k] = 0;
  for (int m = 0; m < MEL_BANDS; m++) prev_mel_db[m] = 0;
  first_frame = 1;
}

/* Starts a new stream of chroma frames on this instance. */
void novelty_begin(void) {
  novelty_received = 0;
  novelty_emitted = 0;
}

/* Sizes the loader checks against spectralFrames.ts: frame, mel bands, MFCCs, chroma, contrast bands, descriptor slots, mel weights. */
static const uint32_t geometry[] = { FRAME_SIZE, MEL_BANDS, MFCC_COUNT, CHROMA_BINS, CONTRAST_BANDS, DESCRIPTORS, MEL_WEIGHTS_MAX };
const uint32_t *kernel_geometry(void) { return geometry; }

/* Addresses of the shared arrays, in the order frameKernel.ts reads them. */
static uint32_t addresses[20];
const uint32_t *kernel_addresses(void) {
  const void *list[] = { frame, descriptors, chroma, mel_power, window_table, cos_full, sin_full,
                         stockham_twiddles, mel_start, mel_length, mel_weights, dct_rows,
                         contrast_from, contrast_to, contrast_count, params, hpss_input, hpss_output,
                         novelty_input, novelty_output };
  for (unsigned i = 0; i < sizeof list / sizeof list[0]; i++) addresses[i] = (uint32_t)(uintptr_t)list[i];
  return addresses;
}
