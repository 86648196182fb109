import type { FrameSignals } from './frameSignals';

/** `edit`: a cut the editor made where the detector found none. */
export type TransitionKind = 'cut' | 'fade' | 'dissolve' | 'edit';

export interface SceneDetectionOptions {
  /** 0..1: higher finds more (weaker) transitions. Default 0.5. */
  sensitivity?: number;
  /** No scene (first and last included) is shorter than this. Default 0.6 s, PySceneDetect's CLI default. */
  minSceneLengthSec?: number;
}

/** A boundary between two scenes. */
export interface Transition {
  /** First frame of the new scene. */
  frame: number;
  kind: TransitionKind;
  /** Frames the transition takes (fade ramps and hold, dissolve mix); 0 for a cut. Approximate for dissolves. */
  frames: number;
  /** Detector-specific evidence, larger is surer; compares only within one kind. */
  strength: number;
}

export interface DetectorSettings {
  /** Adaptive cut: content score over the mean of its neighbours (PySceneDetect adaptive_threshold). */
  adaptiveThreshold: number;
  /** Adaptive cut: neighbours each side in the rolling mean (PySceneDetect window_width). */
  windowFrames: number;
  /** Adaptive cut: the content score must also reach this (PySceneDetect min_content_val). */
  minContent: number;
  /** A cut into a still shot (settlesAfter): at least this content distance … */
  settledCutMinContent: number;
  /** … and the settledCutFrames frames after it change this many times less on average. */
  settledCutCalmRatio: number;
  settledCutFrames: number;
  /** A candidate cut is a flash when frames either side of it are closer than this share of its score. */
  flashRatio: number;
  /**
   * … or when, within FLASH_RETURN_SEC, the picture comes back to (or goes back to) one closer than
   * this share of the jump (FrameSignals.returnBack, returnForward): stricter than flashRatio, since
   * a shot can resemble one seen half a second before more than the frames around a flash do.
   */
  flashReturnRatio: number;
  /** Mean luma below this is black, above fadeBrightLuma white, when the frame is also flat (luma spread below fadeMaxSpread). */
  fadeDarkLuma: number;
  fadeBrightLuma: number;
  fadeMaxSpread: number;
  /** Black/white held longer than this splits into two boundaries (its start and its end). */
  maxFadeHoldFrames: number;
  /** Shortest fade (ramps plus hold) counted; shorter dips are flashes. */
  minFadeFrames: number;
  maxFadeRampFrames: number;
  /** Dissolve: least change across the window (mean-removed RGB levels). */
  dissolveMinChange: number;
  /** Dissolve as a linear mix: the end difference is spread over the picture at least this evenly (FrameSignals.dissolveCoverage). */
  dissolveLinearMinCoverage: number;
  /** Dissolve: most nonlinearity as a share of the change (0 = a perfect linear mix). */
  dissolveMaxNonlinearity: number;
  /**
   * Dissolve: a window is rejected when a window just before or after it is itself a linear change
   * of more than this share of its change (scaled by the windows' lengths). A dissolve is an event;
   * a zoom or a slow drift, which a short window also sees as a linear mix, goes on either side.
   */
  dissolveMaxSteadyShare: number;
  /** Dissolve: a neighbouring window this linear (nonlinearity over change) counts as steady change. */
  dissolveSteadyMaxNonlinearity: number;
  /** Dissolve: a linear mix's variance dip ratio (FrameSignals.dissolveDip) lies at most this far from 1 (a hue drift has none). */
  dissolveLinearMaxDipError: number;
  /** Dissolve by variance dip alone: the ratio lies at most this far from 1 … */
  dissolveMaxDipError: number;
  /** … the middle frame is no further from the mix of the ends than this share of the change … */
  dissolveDipMaxNonlinearity: number;
  /** … its frames change at least this many times faster (mean content distance) than the window before or after it … */
  dissolveDipMinSpeedup: number;
  /** … and at least this many candidate windows (any scale) are centred within half its window. */
  dissolveDipMinWindows: number;
  /**
   * Animated transition (a wipe, a growing box, the new shot zooming in over the old): the middle
   * frame shows, pixel by pixel, one end or the other (FrameSignals.dissolveStepFit at most this) …
   */
  wipeMaxStepFit: number;
  /** … and the incoming picture already covers this share of the change, at least and at most (a cut shows all or nothing). */
  wipeMinShare: number;
  wipeMaxShare: number;
  /** … in one region, not scattered (FrameSignals.dissolveStepCoherence at least this: 0.81–0.99 for generated wipes) … */
  wipeMinCoherence: number;
  /** … between two steadier shots: the window changes this many times more than the equal windows before and after it. */
  wipeMinContrast: number;
  /** Dissolve: no single frame may carry more than this share of the window's content change (a cut would). */
  dissolveMaxSpikeShare: number;
  /** Dissolve: mean motion-compensation gain in the window must stay under this (pans are explained by motion). */
  dissolveMaxExplained: number;
  minSceneFrames: number;
}

export const DEFAULT_SENSITIVITY = 0.5;
export const DEFAULT_MIN_SCENE_LENGTH_SEC = 0.6;

/** Maps the user-facing options to detector settings; sensitivity 0.5 gives PySceneDetect's adaptive defaults. */
export function detectorSettings(opts: SceneDetectionOptions, fps: number): DetectorSettings {
  const sensitivity = Math.min(1, Math.max(0, opts.sensitivity ?? DEFAULT_SENSITIVITY));
  const minSceneSec = Math.max(0, opts.minSceneLengthSec ?? DEFAULT_MIN_SCENE_LENGTH_SEC);
  // 2 at sensitivity 0, 1 at 0.5, 0.5 at 1: scales every "at least this much change" threshold.
  const strictness = 2 ** ((0.5 - sensitivity) * 2);
  return {
    adaptiveThreshold: 3 * strictness ** 0.7,
    windowFrames: 2,
    minContent: 15 * strictness,
    settledCutMinContent: 30 * strictness,
    settledCutCalmRatio: 10,
    settledCutFrames: 3,
    flashRatio: 0.5,
    flashReturnRatio: 0.35,
    fadeDarkLuma: 12,
    fadeBrightLuma: 243,
    // A dark shot with a lit object has a low mean but is far from flat.
    fadeMaxSpread: 10,
    maxFadeHoldFrames: Math.round(1.0 * fps),
    minFadeFrames: Math.max(3, Math.round(0.3 * fps)),
    maxFadeRampFrames: Math.round(3 * fps),
    dissolveMinChange: 12 * strictness,
    dissolveLinearMinCoverage: 0.45,
    dissolveMaxNonlinearity: 0.3,
    dissolveLinearMaxDipError: 0.5,
    dissolveMaxDipError: 0.3,
    dissolveDipMaxNonlinearity: 0.75,
    dissolveDipMinSpeedup: 1.4,
    dissolveDipMinWindows: 3,
    dissolveMaxSteadyShare: 0.5,
    dissolveSteadyMaxNonlinearity: 0.45,
    wipeMaxStepFit: 0.35,
    wipeMinShare: 0.3,
    wipeMaxShare: 0.7,
    wipeMinCoherence: 0.75,
    wipeMinContrast: 2,
    dissolveMaxSpikeShare: 0.35,
    dissolveMaxExplained: 0.5,
    minSceneFrames: Math.max(1, Math.round(minSceneSec * fps)),
  };
}

interface Candidate extends Transition {
  /** Frames [lo, hi) the transition covers; other candidates starting inside it are the same event. */
  lo: number;
  hi: number;
  /** Dissolves: half-length of the best window; candidates centred within it are the same event. */
  half?: number;
}

const PRIORITY: Record<Exclude<TransitionKind, 'edit'>, number> = { fade: 0, cut: 1, dissolve: 2 };

/**
 * Finds scene boundaries from per-frame signals: adaptive content cuts with flash suppression,
 * fades through black or white, and cross-dissolves; then enforces the minimum scene length,
 * preferring fades over cuts over dissolves and stronger over weaker within a kind. A cut found
 * at the middle of a dissolve is that dissolve: hue flips from one shot's to the other's halfway
 * through a mix, which the cut detector can see as a jump.
 */
export function detectTransitions(signals: FrameSignals, settings: DetectorSettings): Transition[] {
  const fades = findFades(signals, settings);
  const { cuts: cutCandidates, flashes } = findCuts(signals, settings);
  // A flash is no cut, but a window holding one is no mix either.
  const dissolves = findDissolves(signals, settings, fades, [...cutCandidates, ...flashes]);
  const cuts = cutCandidates.map((cut) => {
    const mix = dissolves.find((d) => Math.abs(cut.frame - d.frame) <= Math.max(2, (d.half ?? 0) >> 2));
    return mix ? { ...mix, strength: cut.strength, rank: PRIORITY.cut } : { ...cut, rank: PRIORITY.cut };
  });
  const candidates = [
    ...fades.map((c) => ({ ...c, rank: PRIORITY.fade })),
    ...cuts,
    ...dissolves.map((c) => ({ ...c, rank: PRIORITY.dissolve })),
  ];
  candidates.sort((a, b) => a.rank - b.rank || b.strength - a.strength);
  const n = signals.frames;
  const minLen = settings.minSceneFrames;
  const accepted: Candidate[] = [];
  for (const c of candidates) {
    if (c.frame < minLen || n - c.frame < minLen) continue;
    const clash = accepted.some((a) => Math.abs(a.frame - c.frame) < minLen || (c.frame >= a.lo && c.frame < a.hi));
    if (!clash) accepted.push(c);
  }
  accepted.sort((a, b) => a.frame - b.frame);
  // A file that opens (or closes) on black or white, out of which its picture fades, zooms or
  // grows, has no scene there: the first (last) boundary goes when it is gradual and most of what
  // precedes (follows) it is black or white. A hard cut to a black or white card stays.
  const blank = (c: Candidate | undefined, a: number, b: number): boolean => !!c && c.kind !== 'cut' && blankShare(signals, settings, a, b) > 0.5;
  if (blank(accepted[0], 0, accepted[0]?.lo)) accepted.shift();
  if (blank(accepted.at(-1), accepted.at(-1)?.hi ?? n, n)) accepted.pop();
  return accepted.map(({ frame, kind, frames, strength }) => ({ frame, kind, frames, strength }));
}

/** Share of frames [a, b) that are flat black or white (the fade detector's extremes); 0 when empty. */
function blankShare(signals: FrameSignals, s: DetectorSettings, a: number, b: number): number {
  const { luma, lumaSpread } = signals;
  let blank = 0;
  for (let t = Math.max(0, a); t < Math.min(signals.frames, b); t++) {
    if (lumaSpread[t] < s.fadeMaxSpread && (luma[t] < s.fadeDarkLuma || luma[t] > s.fadeBrightLuma)) blank++;
  }
  return b > a ? blank / (b - a) : 0;
}

/**
 * PySceneDetect AdaptiveDetector: a score well above its rolling neighbourhood. Candidates that are
 * flashes (one- and two-frame flashes, and jumps whose picture comes back or which go back to a
 * picture just seen: flicker, muzzle flashes, lights switched on and off) are returned apart.
 */
function findCuts(signals: FrameSignals, s: DetectorSettings): { cuts: Candidate[]; flashes: Candidate[] } {
  const { content, skip2, skip3, returnJump, returnBack, returnForward, frames: n } = signals;
  const out: Candidate[] = [];
  const flashes: Candidate[] = [];
  for (let t = 1; t < n; t++) {
    const score = content[t];
    if (score < s.minContent) continue;
    let sum = 0;
    let count = 0;
    for (let k = Math.max(1, t - s.windowFrames); k <= Math.min(n - 1, t + s.windowFrames); k++) {
      if (k === t) continue;
      sum += content[k];
      count++;
    }
    const mean = count ? sum / count : 0;
    const ratio = mean > 1e-5 ? score / mean : 255;
    if (ratio < s.adaptiveThreshold && !settlesAfter(content, t, s)) continue;
    // Strength, which decides between candidates closer than the minimum scene length, is the jump
    // from two frames back where that is larger: one blended frame before a cut halves its one-frame
    // jump, and would lose the cut to a light change or a flash of fire just before it.
    const strength = t >= 2 ? Math.max(score, skip2[t]) : score;
    const candidate: Candidate = { frame: t, kind: 'cut', frames: 0, strength, lo: t, hi: t + 1 };
    const returns = Math.min(returnBack[t], returnForward[t - 1]) < s.flashReturnRatio * returnJump[t];
    if (returns || isFlash(t, score * s.flashRatio, skip2, skip3, n)) flashes.push(candidate);
    else out.push(candidate);
  }
  return { cuts: out, flashes };
}

/**
 * A jump out of a busy stretch (a flash, a whip pan, a blended frame before it) into a still shot:
 * the rolling mean around it is high, so the adaptive ratio misses it, but it is large and the
 * picture stops changing right after it.
 */
function settlesAfter(content: Float32Array, t: number, s: DetectorSettings): boolean {
  if (content[t] < s.settledCutMinContent || t + s.settledCutFrames >= content.length) return false;
  let after = 0;
  for (let k = 1; k <= s.settledCutFrames; k++) after += content[t + k];
  return after / s.settledCutFrames <= content[t] / s.settledCutCalmRatio;
}

/**
 * True when the jump into frame t is a flash of one or two frames: the frames just outside it
 * (before the flash and after it) are closer than `limit`, whichever side of the flash t is on.
 */
function isFlash(t: number, limit: number, skip2: Float32Array, skip3: Float32Array, n: number): boolean {
  const at = (arr: Float32Array, i: number): number => (i < n ? arr[i] : Infinity);
  return at(skip2, t + 1) < limit || skip2[t] < limit || at(skip3, t + 2) < limit || skip3[t] < limit;
}

/**
 * Fades through black or white: runs of flat frames whose mean luma is past the threshold, entered or
 * left by a luma ramp (a hard cut to a black shot has no ramp and is left to the cut detector).
 * The boundary is the middle of the run (the darkest or brightest point); a run held longer than
 * maxFadeHoldFrames becomes a scene of its own, bounded at its start and end.
 */
function findFades(signals: FrameSignals, s: DetectorSettings): Candidate[] {
  const { luma, lumaSpread, frames: n } = signals;
  const out: Candidate[] = [];
  for (const toward of [-1, 1] as const) {
    const extreme = (t: number): boolean =>
      lumaSpread[t] < s.fadeMaxSpread && (toward < 0 ? luma[t] < s.fadeDarkLuma : luma[t] > s.fadeBrightLuma);
    let t = 0;
    while (t < n) {
      if (!extreme(t)) {
        t++;
        continue;
      }
      const a = t;
      while (t < n && extreme(t)) t++;
      const b = t;
      if (a === 0 || b === n) continue; // opening from or closing on black/white is not a boundary
      const rampOut = rampLength(luma, a, -1, toward, s.maxFadeRampFrames);
      const rampIn = rampLength(luma, b - 1, 1, toward, s.maxFadeRampFrames);
      const outReal = isRamp(luma, a, rampOut, -1, s.fadeDarkLuma);
      const inReal = isRamp(luma, b - 1, rampIn, 1, s.fadeDarkLuma);
      const total = (outReal ? rampOut : 0) + (b - a) + (inReal ? rampIn : 0);
      if ((!outReal && !inReal) || total < s.minFadeFrames) continue;
      const lo = a - (outReal ? rampOut : 0);
      const hi = b + (inReal ? rampIn : 0);
      const strength = rampOut + rampIn;
      if (b - a <= s.maxFadeHoldFrames) {
        out.push({ frame: (a + b) >> 1, kind: 'fade', frames: total, strength, lo, hi });
      } else {
        if (outReal) out.push({ frame: a, kind: 'fade', frames: rampOut, strength, lo, hi: a + 1 });
        if (inReal) out.push({ frame: b, kind: 'fade', frames: rampIn, strength, lo: b, hi });
      }
    }
  }
  return out;
}

/** Frames walked from `edge` in direction `step` while luma keeps moving away from the extreme. */
function rampLength(luma: Float32Array, edge: number, step: -1 | 1, toward: -1 | 1, max: number): number {
  // Mean luma of a still shot wobbles by a fraction of a level; a fade moves it by more each frame.
  const minSlope = 0.2;
  let i = edge;
  while (
    i + step >= 0 &&
    i + step < luma.length &&
    Math.abs(i + step - edge) <= max &&
    -toward * (luma[i + step] - luma[i]) > minSlope
  ) {
    i += step;
  }
  return Math.abs(i - edge);
}

function isRamp(luma: Float32Array, edge: number, length: number, step: -1 | 1, minRise: number): boolean {
  return length >= 2 && Math.abs(luma[edge + step * length] - luma[edge]) >= minRise;
}

/**
 * Whether the picture changes steadily and linearly just outside the scale-k window ending at
 * frame t: a window of any scale up to k that ends where this one starts, or starts where it ends,
 * is itself a linear change of more than its proportional share of this window's change.
 */
function isSteadyChange(signals: FrameSignals, k: number, t: number, s: DetectorSettings): boolean {
  const { dissolveHalfWindows: halves, dissolveChange, dissolveNonlinearity, frames: n } = signals;
  const change = dissolveChange[k][t];
  for (let j = 0; j <= k; j++) {
    const limit = (s.dissolveMaxSteadyShare * change * halves[j]) / halves[k];
    for (const end of [t - 2 * halves[k], t + 2 * halves[j]]) {
      if (end < 2 * halves[j] || end >= n) continue;
      const other = dissolveChange[j][end];
      if (other > limit && dissolveNonlinearity[j][end] <= s.dissolveSteadyMaxNonlinearity * other) return true;
    }
  }
  return false;
}

/**
 * Cross-dissolves. A window of half-length h ending at frame t is a candidate when its ends differ
 * clearly and it looks like a mix: either its middle frame is the linear mix of its ends and its
 * variance dips as a mix's must (still shots), or its variance dips as the mix identity predicts
 * (FrameSignals.dissolveDip; moving shots) while its middle still leans toward the mix. It must also
 * hold no cut, have no single frame carrying a cut's share of its change, not be explained by motion
 * compensation (a pan), and have no neighbouring window that is itself a comparable linear change
 * (a zoom or a slow drift goes on either side; a dissolve is an event). A variance dip alone must be
 * seen by several overlapping windows: one window agreeing by chance is not an event.
 *
 * Candidates are taken best first — change × fit, times √(number of scales agreeing on the centre)
 * — and each taken one suppresses the candidates that reach into it, so that one dissolve gives one
 * boundary, placed at the centre of its best window: for a symmetric mix, the middle of the dissolve.
 */
function findDissolves(signals: FrameSignals, s: DetectorSettings, fades: Candidate[], cuts: Candidate[]): Candidate[] {
  const { content, motionExplained, dissolveHalfWindows, dissolveChange, dissolveNonlinearity, dissolveDip, frames: n } = signals;
  // Per-frame lookups, so that the window loop stays linear in the length of the video.
  const inFade = new Uint8Array(n);
  for (const f of fades) inFade.fill(1, Math.max(0, f.lo), Math.min(n, f.hi));
  /** cutsUpTo[i]: cut candidates at frames ≤ i − 1, i.e. cuts in (a, b] = cutsUpTo[b + 1] − cutsUpTo[a + 1]. */
  const cutsUpTo = new Int32Array(n + 1);
  for (const c of cuts) if (c.frame >= 0 && c.frame < n) cutsUpTo[c.frame + 1]++;
  for (let i = 1; i <= n; i++) cutsUpTo[i] += cutsUpTo[i - 1];
  const cutsIn = (a: number, b: number): number => (b > a ? cutsUpTo[Math.min(n, b + 1)] - cutsUpTo[Math.max(0, Math.min(n, a + 1))] : 0);
  const contentSum = new Float64Array(n + 1);
  for (let i = 1; i < n; i++) contentSum[i + 1] = contentSum[i] + content[i];
  /** Mean content distance of frames [a, b) (frame 0 has none), clipped to the video; Infinity when empty. */
  const meanContent = (a: number, b: number): number => {
    const lo = Math.max(1, a);
    const hi = Math.min(n, b);
    return hi > lo ? (contentSum[hi] - contentSum[lo]) / (hi - lo) : Infinity;
  };
  const windows: DissolveWindow[] = [];
  dissolveHalfWindows.forEach((h, k) => {
    for (let t = 2 * h; t < n; t++) {
      const change = dissolveChange[k][t];
      if (change < s.dissolveMinChange) continue;
      const linearFit = 1 - dissolveNonlinearity[k][t] / change;
      const dipFit = 1 - Math.abs(dissolveDip[k][t] - 1);
      // A linear mix of two shots changes the whole picture; a part fading in place (a lit tile, a
      // dialog) is linear too.
      const covers = signals.dissolveCoverage[k][t] >= s.dissolveLinearMinCoverage;
      const linear = covers && linearFit >= 1 - s.dissolveMaxNonlinearity && dipFit >= 1 - s.dissolveLinearMaxDipError;
      // An animated transition changes the whole picture too, each pixel once, from one shot to the other.
      const share = signals.dissolveStepShare[k][t];
      const wipeFit = 1 - signals.dissolveStepFit[k][t];
      const wipe =
        !linear &&
        covers &&
        wipeFit >= 1 - s.wipeMaxStepFit &&
        share >= s.wipeMinShare &&
        share <= s.wipeMaxShare &&
        signals.dissolveStepCoherence[k][t] >= s.wipeMinCoherence &&
        // (Where the window before or after is cut off by the file's ends, the shots' steadiness is unknown.)
        change >= s.wipeMinContrast * Math.max(t >= 4 * h ? dissolveChange[k][t - 2 * h] : Infinity, t + 2 * h < n ? dissolveChange[k][t + 2 * h] : Infinity);
      const shaped = linear || wipe;
      if (!shaped && (dipFit < 1 - s.dissolveMaxDipError || linearFit < 1 - s.dissolveDipMaxNonlinearity)) continue;
      // A mix speeds the picture's change up: its frames change faster than those on the calmer side.
      if (!shaped && meanContent(t - 2 * h + 1, t + 1) < s.dissolveDipMinSpeedup * Math.min(meanContent(t - 4 * h + 1, t - 2 * h + 1), meanContent(t + 1, t + 2 * h + 1))) continue;
      if (inFade[t - h] || isSteadyChange(signals, k, t, s)) continue;
      // A cut inside the window wins: a variance dip can be a cut between a busy and a plainer shot.
      // In a linear mix a cut at the middle is no cut: the hue of a mix can flip from one shot's to
      // the other's there, which the cut detector sees as a jump.
      const centreSlack = Math.max(2, h >> 2);
      const cutsInside = cutsIn(t - 2 * h, t);
      const cutsAtCentre = linear ? cutsIn(Math.max(t - 2 * h, t - h - centreSlack - 1), Math.min(t, t - h + centreSlack)) : 0;
      if (cutsInside > cutsAtCentre) continue;
      let sum = 0;
      let max = 0;
      let explained = 0;
      for (let i = t - 2 * h + 1; i <= t; i++) {
        sum += content[i];
        if (content[i] > max) max = content[i];
        explained += motionExplained[i];
      }
      if (max > s.dissolveMaxSpikeShare * sum) continue;
      if (explained / (2 * h) > s.dissolveMaxExplained) continue;
      windows.push({ centre: t - h, half: h, change, shaped, score: change * Math.max(linearFit, dipFit, wipe ? wipeFit : 0) });
    }
  });

  windows.sort((a, b) => a.centre - b.centre);
  const ranked = windows.filter((w, i) => {
    const scales = new Set<number>();
    let overlapping = 0;
    const reach = Math.max(2, w.half >> 1);
    for (const step of [-1, 1]) {
      for (let j = step < 0 ? i : i + 1; j >= 0 && j < windows.length && Math.abs(windows[j].centre - w.centre) <= reach; j += step) {
        overlapping++;
        if (Math.abs(windows[j].centre - w.centre) <= Math.max(1, windows[j].half >> 3)) scales.add(windows[j].half);
      }
    }
    w.score *= Math.sqrt(scales.size);
    return w.shaped || overlapping >= s.dissolveDipMinWindows;
  });
  ranked.sort((a, b) => b.score - a.score);

  const out: Candidate[] = [];
  // A taken dissolve claims the centres within its reach and the frames of its mix.
  const claimedCentre = new Uint8Array(n);
  const claimedMix = new Uint8Array(n);
  const overlapsClaimedMix = (w: DissolveWindow): boolean => {
    for (let f = Math.max(0, w.centre - w.half); f < Math.min(n, w.centre + w.half); f++) if (claimedMix[f]) return true;
    return false;
  };
  for (const best of ranked) {
    if (claimedCentre[best.centre] || overlapsClaimedMix(best)) continue;
    // A window shorter than the mix sees only part of the change: the shortest centred here that
    // sees most of what the best one sees spans the mix.
    let length = 2 * best.half;
    for (let k = 0; k < dissolveHalfWindows.length && dissolveHalfWindows[k] < best.half; k++) {
      const h = dissolveHalfWindows[k];
      if (best.centre + h < n && dissolveChange[k][best.centre + h] >= 0.8 * best.change) {
        length = 2 * h;
        break;
      }
    }
    const taken: Candidate = {
      frame: best.centre,
      kind: 'dissolve',
      frames: length,
      strength: best.score,
      lo: best.centre - (length >> 1),
      hi: best.centre + (length >> 1) + 1,
      half: best.half,
    };
    out.push(taken);
    const reach = Math.max(best.half, s.minSceneFrames);
    claimedCentre.fill(1, Math.max(0, taken.frame - reach), Math.min(n, taken.frame + reach + 1));
    claimedMix.fill(1, Math.max(0, taken.lo), Math.min(n, taken.hi));
  }
  return out;
}

interface DissolveWindow {
  centre: number;
  half: number;
  change: number;
  /** Passed by its shape, as a linear mix or a wipe (not only by its variance dip). */
  shaped: boolean;
  score: number;
}

/** The editor's corrections: frames to cut at, and frames whose detected boundary is not one. */
export interface BoundaryEdits {
  cuts: readonly number[];
  noCuts: readonly number[];
}

/**
 * A detected boundary this close to a frame the editor merged across is the one they meant: a new
 * detector version may place the same dissolve a frame or two away.
 */
const NO_CUT_SLACK_FRAMES = 2;

/**
 * Applies the editor's corrections to detected transitions: boundaries near a no-cut frame go,
 * cuts are added where the editor cut (unless a boundary is already there), inside (0, frames).
 * The editor's cuts ignore the minimum scene length: they are a decision, not a guess.
 */
export function applyBoundaryEdits(transitions: readonly Transition[], edits: BoundaryEdits, frames: number): Transition[] {
  const kept = transitions.filter((t) => !edits.noCuts.some((f) => Math.abs(t.frame - f) <= NO_CUT_SLACK_FRAMES));
  for (const frame of edits.cuts) {
    if (frame <= 0 || frame >= frames || kept.some((t) => t.frame === frame)) continue;
    kept.push({ frame, kind: 'edit', frames: 0, strength: Infinity });
  }
  return kept.sort((a, b) => a.frame - b.frame);
}
