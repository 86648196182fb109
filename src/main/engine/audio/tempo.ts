/**
 * Rhythm from the onset envelope (one value per frame): global tempo by prior-weighted
 * autocorrelation, beats by Ellis' (2007) dynamic programme, a least-squares beat period,
 * downbeats by bar phase, onsets by adaptive peak picking, and local pulse clarity.
 * Frame positions are frame indices; callers convert to seconds.
 */

const MIN_BPM = 30;
const MAX_BPM = 300;
/**
 * Log-normal tempo prior centred on 120 BPM; narrower than librosa's (1 octave) so a strong
 * two-beat kick/snare period does not halve the tempo of a backbeat.
 */
const PRIOR_CENTRE_BPM = 120;
const PRIOR_OCTAVES = 0.7;
/** How strongly the beat DP holds on to the period: penalty weight on log(interval/period)². */
const TIGHTNESS = 100;
const BEATS_PER_BAR = 4;

export interface TempoEstimate {
  /** 0 when the envelope is flat (silence). */
  bpm: number;
  /** Beat period in frames (fractional); 0 when bpm is 0. */
  periodFrames: number;
  /** Normalised autocorrelation of the envelope at one or two periods (the larger), in [0, 1]. */
  confidence: number;
}

const NO_TEMPO: TempoEstimate = { bpm: 0, periodFrames: 0, confidence: 0 };

export function estimateTempo(envelope: ArrayLike<number>, framesPerSecond: number): TempoEstimate {
  const x = centred(envelope, 0, envelope.length);
  const n = x.length;
  const minLag = Math.max(2, Math.floor((framesPerSecond * 60) / MAX_BPM));
  const maxLag = Math.min(Math.ceil((framesPerSecond * 60) / MIN_BPM), Math.floor(n / 2));
  if (maxLag <= minLag + 1 || !(energy(x) > 1e-12)) return NO_TEMPO;
  // One lag beyond each end so the chosen peak can be interpolated.
  const acf = new Float64Array(maxLag + 2);
  for (let lag = minLag - 1; lag <= maxLag + 1; lag++) acf[lag] = normalisedAutocorrelation(x, lag);

  let bestLag = 0;
  let bestScore = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    const bpm = (60 * framesPerSecond) / lag;
    const score = acf[lag] * tempoPrior(bpm);
    if (score > bestScore) {
      bestScore = score;
      bestLag = lag;
    }
  }
  if (bestLag === 0) return NO_TEMPO;
  const { offset, peak } = parabolicPeak(acf[bestLag - 1], acf[bestLag], acf[bestLag + 1]);
  const periodFrames = bestLag + offset;
  // A steady pulse shows at the beat or at two beats (a kick/snare pattern repeats every two);
  // the longer lag only counts where enough of the track overlaps itself.
  const twoBeatLag = 2 * periodFrames;
  const twoBeats =
    2 * twoBeatLag <= n
      ? Math.max(normalisedAutocorrelation(x, Math.floor(twoBeatLag)), normalisedAutocorrelation(x, Math.ceil(twoBeatLag)))
      : 0;
  return {
    bpm: (60 * framesPerSecond) / periodFrames,
    periodFrames,
    confidence: clamp01(Math.max(peak, twoBeats)),
  };
}

function tempoPrior(bpm: number): number {
  const octaves = Math.log2(bpm / PRIOR_CENTRE_BPM) / PRIOR_OCTAVES;
  return Math.exp(-0.5 * octaves * octaves);
}

/**
 * Beat frames by dynamic programming (Ellis 2007): each beat maximises the onset strength
 * under it plus the best predecessor's score, penalised by how far the interval strays from
 * the period. Weak beats at the ends (fade-in, tail) are trimmed.
 */
export function trackBeats(envelope: ArrayLike<number>, periodFrames: number): number[] {
  const n = envelope.length;
  if (!(periodFrames > 0) || n < 2 * periodFrames) return [];
  const local = localBeatScore(envelope, periodFrames);
  const minGap = Math.max(1, Math.round(periodFrames / 2));
  const maxGap = Math.max(minGap, Math.round(2 * periodFrames));
  const penalty = new Float64Array(maxGap + 1);
  for (let gap = minGap; gap <= maxGap; gap++) {
    const l = Math.log(gap / periodFrames);
    penalty[gap] = TIGHTNESS * l * l;
  }
  let strongest = 0;
  for (let t = 0; t < n; t++) strongest = Math.max(strongest, local[t]);
  // Beats start where the music does: no chain runs back through a silent intro.
  const startThreshold = 0.01 * strongest;

  const cumulative = new Float64Array(n);
  const backlink = new Int32Array(n).fill(-1);
  let started = false;
  for (let t = 0; t < n; t++) {
    let best = -Infinity;
    let bestPrev = -1;
    for (let gap = minGap; gap <= maxGap && t - gap >= 0; gap++) {
      const candidate = cumulative[t - gap] - penalty[gap];
      if (candidate > best) {
        best = candidate;
        bestPrev = t - gap;
      }
    }
    cumulative[t] = local[t] + (bestPrev >= 0 ? best : 0);
    if (!started && local[t] < startThreshold) continue;
    started = true;
    backlink[t] = bestPrev;
  }

  const beats: number[] = [];
  for (let t = lastBeat(cumulative); t >= 0; t = backlink[t]) beats.push(t);
  beats.reverse();
  return trimWeakBeats(beats, local);
}

/** Onset envelope over its standard deviation, smoothed by a Gaussian of period/32. */
function localBeatScore(envelope: ArrayLike<number>, periodFrames: number): Float64Array {
  const n = envelope.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += envelope[t];
  mean /= n;
  let variance = 0;
  for (let t = 0; t < n; t++) variance += (envelope[t] - mean) ** 2;
  const std = Math.sqrt(variance / Math.max(1, n - 1));
  const scale = std > 0 ? 1 / std : 0;
  const half = Math.round(periodFrames);
  const kernel = new Float64Array(2 * half + 1);
  for (let i = -half; i <= half; i++) kernel[i + half] = Math.exp(-0.5 * ((i * 32) / periodFrames) ** 2);
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let acc = 0;
    const lo = Math.max(-half, -t);
    const hi = Math.min(half, n - 1 - t);
    for (let i = lo; i <= hi; i++) acc += kernel[i + half] * envelope[t + i];
    out[t] = acc * scale;
  }
  return out;
}

/** The last local maximum of the cumulative score that reaches half the median of all of them. */
function lastBeat(cumulative: Float64Array): number {
  const n = cumulative.length;
  const maxima: number[] = [];
  for (let t = 1; t < n - 1; t++) {
    if (cumulative[t] > cumulative[t - 1] && cumulative[t] >= cumulative[t + 1]) maxima.push(t);
  }
  if (maxima.length === 0) return n - 1;
  const values = maxima.map((t) => cumulative[t]).sort((a, b) => a - b);
  const threshold = 0.5 * values[values.length >> 1];
  for (let i = maxima.length - 1; i >= 0; i--) if (cumulative[maxima[i]] >= threshold) return maxima[i];
  return maxima[maxima.length - 1];
}

/** Drops leading and trailing beats whose smoothed score is under half the RMS (fade-ins, tails). */
function trimWeakBeats(beats: number[], local: Float64Array): number[] {
  if (beats.length === 0) return beats;
  const hann = [0.25, 0.75, 1, 0.75, 0.25];
  const smoothed = beats.map((_, i) => {
    let acc = 0;
    for (let k = -2; k <= 2; k++) {
      const j = i + k;
      if (j >= 0 && j < beats.length) acc += hann[k + 2] * local[beats[j]];
    }
    return acc;
  });
  let meanSquare = 0;
  for (const s of smoothed) meanSquare += s * s;
  const threshold = 0.5 * Math.sqrt(meanSquare / smoothed.length);
  let first = 0;
  let last = beats.length - 1;
  while (first <= last && smoothed[first] <= threshold) first++;
  while (last >= first && smoothed[last] <= threshold) last--;
  return beats.slice(first, last + 1);
}

/**
 * Beat positions to a fraction of a frame: the envelope peak within one frame of each tracked
 * beat, located by parabolic interpolation.
 */
export function refineBeats(envelope: ArrayLike<number>, beats: number[]): number[] {
  const n = envelope.length;
  return beats.map((frame) => {
    let peak = frame;
    for (let t = Math.max(0, frame - 1); t <= Math.min(n - 1, frame + 1); t++) {
      if (envelope[t] > envelope[peak]) peak = t;
    }
    if (peak === 0 || peak === n - 1) return peak;
    return peak + parabolicPeak(envelope[peak - 1], envelope[peak], envelope[peak + 1]).offset;
  });
}

export interface BeatGrid {
  /** Period in frames from a least-squares line through the beats (beat number vs frame). */
  periodFrames: number;
  /** Beat number of each beat: consecutive unless the tracker skipped one. */
  beatNumbers: number[];
}

/**
 * Least-squares beat period. Beat numbers count whole periods between beats, so a skipped beat
 * does not bend the line; the slope is exact to a small fraction of a frame over many beats.
 */
export function fitBeatGrid(beats: number[], periodFrames: number): BeatGrid {
  const beatNumbers = beats.map(() => 0);
  for (let i = 1; i < beats.length; i++) {
    beatNumbers[i] = beatNumbers[i - 1] + Math.max(1, Math.round((beats[i] - beats[i - 1]) / periodFrames));
  }
  if (beats.length < 4) return { periodFrames, beatNumbers };
  const count = beats.length;
  let meanN = 0;
  let meanT = 0;
  for (let i = 0; i < count; i++) {
    meanN += beatNumbers[i];
    meanT += beats[i];
  }
  meanN /= count;
  meanT /= count;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < count; i++) {
    sxy += (beatNumbers[i] - meanN) * (beats[i] - meanT);
    sxx += (beatNumbers[i] - meanN) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : periodFrames;
  return { periodFrames: slope > 0 ? slope : periodFrames, beatNumbers };
}

/**
 * Indices (into beats) of the downbeats, assuming BEATS_PER_BAR beats per bar. Each bar phase is
 * scored by cues sampled at its beats, each taken relative to its mean over all beats and summed:
 * onset accent, loudness, and harmonic change (chords tend to change on the one; Davies &
 * Plumbley 2006), which keeps a sharp backbeat snare from taking the downbeat.
 */
export function pickDownbeats(beats: number[], beatNumbers: number[], cues: number[][]): number[] {
  if (beats.length === 0) return [];
  const score = new Float64Array(BEATS_PER_BAR);
  for (const cue of cues) {
    const overall = cue.reduce((sum, v) => sum + v, 0) / cue.length;
    if (!(overall > 0)) continue;
    for (let phase = 0; phase < BEATS_PER_BAR; phase++) {
      const atPhase = cue.filter((_, i) => beatNumbers[i] % BEATS_PER_BAR === phase);
      if (atPhase.length > 0) score[phase] += atPhase.reduce((sum, v) => sum + v, 0) / atPhase.length / overall - 1;
      else score[phase] = -Infinity;
    }
  }
  let bestPhase = 0;
  for (let phase = 1; phase < BEATS_PER_BAR; phase++) if (score[phase] > score[bestPhase]) bestPhase = phase;
  return beats.map((_, i) => i).filter((i) => beatNumbers[i] % BEATS_PER_BAR === bestPhase);
}

/** The largest of values[at − radius, at + radius] (indices clamped; 0 when none). */
export function localMax(values: ArrayLike<number>, at: number, radius: number): number {
  let best = 0;
  const last = Math.min(values.length - 1, at + radius);
  for (let t = Math.max(0, at - radius); t <= last; t++) best = Math.max(best, values[t]);
  return best;
}

/** Half-widths, in frames, of the onset peak-picking windows. */
const ONSET_PEAK_HALF_WIDTH = 3;
const ONSET_MEAN_HALF_WIDTH = 12;
/** A peak must exceed the local mean by this factor and by this many dB of mean band rise. */
const ONSET_RELATIVE = 1.5;
const ONSET_MIN_RISE_DB = 1;

/** Onset frames: local maxima of the envelope that stand clearly above its local mean. */
export function detectOnsets(envelope: ArrayLike<number>): number[] {
  const n = envelope.length;
  const onsets: number[] = [];
  // Running sum for the local mean over ±ONSET_MEAN_HALF_WIDTH frames.
  const prefix = new Float64Array(n + 1);
  for (let t = 0; t < n; t++) prefix[t + 1] = prefix[t] + envelope[t];
  for (let t = 0; t < n; t++) {
    const v = envelope[t];
    if (!(v > ONSET_MIN_RISE_DB)) continue;
    // The first of equal values is the peak.
    let isPeak = true;
    const last = Math.min(n - 1, t + ONSET_PEAK_HALF_WIDTH);
    for (let k = Math.max(0, t - ONSET_PEAK_HALF_WIDTH); k <= last && isPeak; k++) {
      if (envelope[k] > v || (k < t && envelope[k] === v)) isPeak = false;
    }
    if (!isPeak) continue;
    const lo = Math.max(0, t - ONSET_MEAN_HALF_WIDTH);
    const hi = Math.min(n, t + ONSET_MEAN_HALF_WIDTH + 1);
    const localMean = (prefix[hi] - prefix[lo]) / (hi - lo);
    if (v >= ONSET_RELATIVE * localMean && v - localMean >= ONSET_MIN_RISE_DB) onsets.push(t);
  }
  return onsets;
}

/**
 * How periodic the envelope is over frames [from, to) at the given (fractional) period: its
 * normalised autocorrelation there, in [0, 1]; 0 when the range is too short or flat.
 */
export function pulseClarity(envelope: ArrayLike<number>, from: number, to: number, periodFrames: number): number {
  const start = Math.max(0, Math.floor(from));
  const end = Math.min(envelope.length, Math.ceil(to));
  const lag = Math.floor(periodFrames);
  if (!(periodFrames > 0) || end - start < 2 * (lag + 1)) return 0;
  const x = centred(envelope, start, end);
  const frac = periodFrames - lag;
  const r = (1 - frac) * normalisedAutocorrelation(x, lag) + frac * normalisedAutocorrelation(x, lag + 1);
  return clamp01(r);
}

function centred(values: ArrayLike<number>, from: number, to: number): Float64Array {
  const x = new Float64Array(Math.max(0, to - from));
  let mean = 0;
  for (let t = from; t < to; t++) mean += values[t];
  mean /= Math.max(1, to - from);
  for (let t = from; t < to; t++) x[t - from] = values[t] - mean;
  return x;
}

function energy(x: Float64Array): number {
  let e = 0;
  for (let t = 0; t < x.length; t++) e += x[t] * x[t];
  return e / Math.max(1, x.length);
}

/** Mean lagged product over mean square, so lags of different overlap length compare fairly. */
function normalisedAutocorrelation(x: Float64Array, lag: number): number {
  const n = x.length;
  if (lag >= n) return 0;
  let power = 0;
  for (let t = 0; t < n; t++) power += x[t] * x[t];
  if (!(power > 0)) return 0;
  let acc = 0;
  for (let t = 0; t + lag < n; t++) acc += x[t] * x[t + lag];
  return acc / (n - lag) / (power / n);
}

function parabolicPeak(left: number, centre: number, right: number): { offset: number; peak: number } {
  const curvature = left - 2 * centre + right;
  if (!(curvature < 0)) return { offset: 0, peak: centre };
  const offset = Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / curvature));
  return { offset, peak: centre - 0.25 * (left - right) * offset };
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}
