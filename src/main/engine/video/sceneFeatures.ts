import { SILENCE_DB, loudnessBetween, type LoudnessTrack } from './audioLoudness';
import type { FrameSignals } from './frameSignals';
import { GrowableFloat32 } from './growable';
import { KEYFRAME_FEATURE_NAMES } from './keyframeFeatures';
import type { Transition } from './sceneDetector';

/** Features of the whole scene, after the averaged keyframe descriptors. */
export const SCENE_LEVEL_FEATURE_NAMES = [
  'motion_difference',
  'motion_difference_std',
  'motion_magnitude',
  'motion_variability',
  'local_motion',
  'camera_motion_share',
  'log_scene_length',
  'local_cut_rate',
  'has_audio',
  'audio_loudness',
  'audio_loudness_range',
] as const;

const KEYFRAME_DIMS = KEYFRAME_FEATURE_NAMES.length;
/** Motion-difference features are rescaled to this frame rate so clips at 25 and 60 fps compare. */
const REFERENCE_FPS = 30;
/** Half-width of the neighbourhood over which local_cut_rate counts boundaries. */
const CUT_RATE_HALF_WINDOW_SEC = 30;

/** Keyframe descriptors sampled at a fixed stride during the decode pass, with their frame numbers. */
export class KeyframeSamples {
  private readonly frameNumbers: number[] = [];
  private readonly values = new GrowableFloat32();

  add(frame: number, descriptor: Float32Array): void {
    this.frameNumbers.push(frame);
    for (let i = 0; i < descriptor.length; i++) this.values.push(descriptor[i]);
  }

  get count(): number {
    return this.frameNumbers.length;
  }

  frameAt(i: number): number {
    return this.frameNumbers[i];
  }

  descriptorAt(i: number): Float32Array {
    return this.values.view().subarray(i * KEYFRAME_DIMS, (i + 1) * KEYFRAME_DIMS);
  }
}

export interface SceneSpan {
  startFrame: number;
  endFrame: number;
  /** Transition frames at each end, kept out of the keyframe choice. */
  leadIn: number;
  leadOut: number;
}

export interface SceneDescription {
  features: Float32Array;
  keyframeIndex: number;
}

/** Builds the feature vector (KEYFRAME_FEATURE_NAMES then SCENE_LEVEL_FEATURE_NAMES) of one scene. */
export function describeScene(
  span: SceneSpan,
  signals: FrameSignals,
  samples: KeyframeSamples,
  transitions: readonly Transition[],
  loudness: LoudnessTrack | undefined,
): SceneDescription {
  const features = new Float32Array(KEYFRAME_DIMS + SCENE_LEVEL_FEATURE_NAMES.length);
  const chosen = chooseSamples(span, samples);
  for (const i of chosen) {
    const d = samples.descriptorAt(i);
    for (let k = 0; k < KEYFRAME_DIMS; k++) features[k] += d[k] / chosen.length;
  }
  const keyframeIndex = samples.frameAt(mostTypical(chosen, samples, features));

  const o = KEYFRAME_DIMS;
  const { startFrame: s, endFrame: e } = span;
  const { fps } = signals;
  const perSecondWidths = fps / signals.motionPlaneWidth;
  // Frame s's difference crosses the boundary into the previous scene.
  const diff = meanStd(signals.motionDifference, s + 1, e);
  const mag = meanStd(signals.motionMagnitude, s + 1, e);
  const global = meanStd(signals.motionGlobal, s + 1, e).mean;
  const local = meanStd(signals.motionLocal, s + 1, e).mean;
  const diffScale = REFERENCE_FPS / fps / 255;
  features[o] = diff.mean * diffScale;
  features[o + 1] = diff.std * diffScale;
  features[o + 2] = mag.mean * perSecondWidths;
  features[o + 3] = mag.std * perSecondWidths;
  features[o + 4] = local * perSecondWidths;
  features[o + 5] = global + local > 1e-9 ? global / (global + local) : 0;

  const startSec = s / fps;
  const endSec = e / fps;
  features[o + 6] = Math.log1p(endSec - startSec);
  features[o + 7] = localCutRate(transitions, (startSec + endSec) / 2, signals.frames / fps, fps);
  if (loudness) {
    const { db, rangeDb } = loudnessBetween(loudness, startSec, endSec);
    features[o + 8] = 1;
    features[o + 9] = (db - SILENCE_DB) / -SILENCE_DB;
    features[o + 10] = Math.min(1, rangeDb / -SILENCE_DB);
  }
  return { features, keyframeIndex };
}

/**
 * Samples inside the scene away from its transitions (whose frames are mixes or black); failing
 * that any sample inside it; failing that the one nearest its middle. Never empty when samples exist.
 */
function chooseSamples(span: SceneSpan, samples: KeyframeSamples): number[] {
  const inside = (lo: number, hi: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < samples.count; i++) {
      const f = samples.frameAt(i);
      if (f >= lo && f < hi) out.push(i);
    }
    return out;
  };
  const clean = inside(span.startFrame + Math.ceil(span.leadIn / 2) + 1, span.endFrame - Math.ceil(span.leadOut / 2) - 1);
  if (clean.length) return clean;
  const any = inside(span.startFrame, span.endFrame);
  if (any.length) return any;
  const middle = (span.startFrame + span.endFrame) / 2;
  let nearest = 0;
  for (let i = 1; i < samples.count; i++) {
    if (Math.abs(samples.frameAt(i) - middle) < Math.abs(samples.frameAt(nearest) - middle)) nearest = i;
  }
  return [nearest];
}

/** The chosen sample closest to the scene's mean descriptor: the keyframe that looks most like the scene. */
function mostTypical(chosen: number[], samples: KeyframeSamples, mean: Float32Array): number {
  let best = chosen[0];
  let bestDist = Infinity;
  for (const i of chosen) {
    const d = samples.descriptorAt(i);
    let dist = 0;
    for (let k = 0; k < KEYFRAME_DIMS; k++) dist += (d[k] - mean[k]) ** 2;
    if (dist < bestDist) {
      bestDist = dist;
      best = i;
    }
  }
  return best;
}

function meanStd(values: Float32Array, from: number, to: number): { mean: number; std: number } {
  const n = to - from;
  if (n <= 0) return { mean: 0, std: 0 };
  let sum = 0;
  let sq = 0;
  for (let i = from; i < to; i++) {
    sum += values[i];
    sq += values[i] * values[i];
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sq / n - mean * mean)) };
}

/** Boundaries per minute within ±30 s of the scene's middle, the window clipped to the video. */
function localCutRate(transitions: readonly Transition[], centreSec: number, durationSec: number, fps: number): number {
  const lo = Math.max(0, centreSec - CUT_RATE_HALF_WINDOW_SEC);
  const hi = Math.min(durationSec, centreSec + CUT_RATE_HALF_WINDOW_SEC);
  if (hi - lo <= 0) return 0;
  const count = transitions.filter((t) => t.frame / fps >= lo && t.frame / fps <= hi).length;
  return (count * 60) / (hi - lo);
}
