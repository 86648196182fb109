import type { SceneRange } from '../../../shared/time';
import type { EmbeddingModel } from '../embedding/embeddingModel';
import { appendEmbedding } from '../embedding/pooling';
import { embeddingFeatureVersion } from '../embedding/featureVersion';
import { createVideoEmbedder, videoClipGeometry } from '../embedding/videoEmbedding';
import { MediaError } from '../media/mediaError';
import type { MediaProbe, VideoStreamInfo } from '../media/probe';
import { decodeVideoFrames } from '../media/videoFrames';
import { measureLoudness, type LoudnessTrack } from './audioLoudness';
import { FrameSignalTracker } from './frameSignals';
import { KEYFRAME_FEATURE_NAMES, KeyframeDescriber } from './keyframeFeatures';
import { applyBoundaryEdits, detectTransitions, detectorSettings, type BoundaryEdits, type SceneDetectionOptions, type Transition, type TransitionKind } from './sceneDetector';
import { KeyframeSamples, SCENE_LEVEL_FEATURE_NAMES, describeScene, type SceneSpan } from './sceneFeatures';

export type { BoundaryEdits, SceneDetectionOptions, TransitionKind } from './sceneDetector';

/** Bump when any feature's definition, order or normalisation changes: stored vectors are then recomputed. */
export const VIDEO_FEATURE_VERSION = 'video-features/1';
/** Bump when detection changes where boundaries fall for the same options. */
export const SCENE_DETECTOR_VERSION = 'scene-detector/4';
export const VIDEO_FEATURE_NAMES: readonly string[] = [...KEYFRAME_FEATURE_NAMES, ...SCENE_LEVEL_FEATURE_NAMES];

export interface AnalyzedScene extends SceneRange {
  transitionIn: 'start' | TransitionKind;
  /** Frames the incoming transition takes (0 for a cut or the start); approximate for dissolves. */
  transitionInFrames: number;
  /** VIDEO_FEATURE_NAMES order, then the pooled deep embedding when a model was given (videoFeatureNames). */
  features: Float32Array;
  /** Frame number of the most typical sampled frame, for the thumbnail. */
  keyframeIndex: number;
}

export interface VideoAnalysis {
  frames: number;
  /** The rate frame numbers count at: the stream's own rate (the rate it was resampled to when variable). */
  fpsNum: number;
  fpsDen: number;
  /** Display-oriented size the analysis ran at. */
  analysisWidth: number;
  analysisHeight: number;
  /** The file's sound for the loudness features; 'undecodable' leaves them zero as for 'none'. */
  audio: 'none' | 'analysed' | 'undecodable';
  /** VIDEO_FEATURE_VERSION, suffixed with the embedding model's version when one was given. */
  featureVersion: string;
  scenes: AnalyzedScene[];
}

export interface AnalyzeOptions extends SceneDetectionOptions {
  signal?: AbortSignal;
  /** Fraction of frames decoded, 0..1, at most about 15 times a second. */
  onProgress?: (fraction: number) => void;
  /**
   * The optional deep video embedding (embedding/slots.ts): fed every EMBEDDING_STRIDE_SEC from the
   * same decode at the model's input size, pooled over each scene and appended to its features.
   */
  videoEmbedding?: EmbeddingModel;
  /** The editor's corrections: cuts they added and detected boundaries they took away. */
  boundaryEdits?: BoundaryEdits;
}

/** Names of the stored scene features: the objective ones, then `vemb_<i>` for each embedding dimension. */
export function videoFeatureNames(videoEmbedding?: Pick<EmbeddingModel, 'outputDim'>): string[] {
  return [...VIDEO_FEATURE_NAMES, ...Array.from({ length: videoEmbedding?.outputDim ?? 0 }, (_, i) => `vemb_${i}`)];
}

/** Long side of the analysis frame: enough for texture and composition, cheap for per-frame work. */
const ANALYSIS_LONG_SIDE = 128;
/** Keyframe descriptors are sampled this often: at least two in the shortest default scene. */
const KEYFRAME_STRIDE_SEC = 0.25;
/** Frames a deep embedding model sees: two a second (a T-frame clip model then spans T/2 s). */
const EMBEDDING_STRIDE_SEC = 0.5;
const PROGRESS_INTERVAL_MS = 66;

/** Analysis size with the display aspect ratio (rotation applied), long side 128, even sides. */
export function analysisSize(video: VideoStreamInfo): { width: number; height: number } {
  const quarterTurn = video.rotation === 90 || video.rotation === 270;
  const w = quarterTurn ? video.height : video.width;
  const h = quarterTurn ? video.width : video.height;
  const even = (x: number): number => Math.max(16, 2 * Math.round(x / 2));
  return w >= h
    ? { width: ANALYSIS_LONG_SIDE, height: even((ANALYSIS_LONG_SIDE * h) / w) }
    : { width: even((ANALYSIS_LONG_SIDE * w) / h), height: ANALYSIS_LONG_SIDE };
}

/**
 * High-speed cameras record 1000 fps and more; a nominal rate above this is a container's time
 * base (90 kHz in MPEG-TS), not a picture rate.
 */
const MAX_PLAUSIBLE_FPS = 10_000;

/**
 * Decodes every frame of the video once at low resolution, detects scenes (cuts, fades, dissolves)
 * and describes each scene with VIDEO_FEATURE_NAMES. The file's sound, when present, is decoded
 * in parallel at 8 kHz for the loudness features. Rejects with MediaError naming the file.
 */
export async function analyzeVideo(path: string, probe: MediaProbe, opts: AnalyzeOptions = {}): Promise<VideoAnalysis> {
  const video = probe.video;
  if (!video) throw new MediaError(path, 'no video stream');
  if (!(video.width > 0 && video.height > 0)) throw new MediaError(path, `video stream has no picture size (${video.width}x${video.height})`);
  const fps = video.fpsNum / video.fpsDen;
  if (!(fps > 0 && fps <= MAX_PLAUSIBLE_FPS)) throw new MediaError(path, `implausible frame rate ${video.fpsNum}/${video.fpsDen}`);

  const { width, height } = analysisSize(video);
  const tracker = new FrameSignalTracker(width, height, fps);
  const describer = new KeyframeDescriber(width, height);
  const descriptor = new Float32Array(describer.size);
  const samples = new KeyframeSamples();
  const stride = Math.max(1, Math.round(fps * KEYFRAME_STRIDE_SEC));
  const expectedFrames = Math.max(1, video.frameCount ?? Math.round(probe.durationSec * fps));
  const model = opts.videoEmbedding;
  const embedder = model && createVideoEmbedder(model);
  const modelInput = model && videoClipGeometry(model);

  // Audio stops with the video: on cancel, and when the video fails.
  const audioAbort = new AbortController();
  const stopAudio = (): void => audioAbort.abort();
  opts.signal?.addEventListener('abort', stopAudio, { once: true });
  const loudnessPromise: Promise<LoudnessTrack | undefined> = probe.audio
    ? measureLoudness(path, audioAbort.signal).catch(() => undefined)
    : Promise.resolve(undefined);

  let lastProgress = 0;
  let decoded: { frames: number };
  try {
    decoded = await decodeVideoFrames(
      path,
      {
        width,
        height,
        signal: opts.signal,
        constantRate: video.variableFrameRate ? { num: video.fpsNum, den: video.fpsDen } : undefined,
        sample: modelInput && {
          width: modelInput.width,
          height: modelInput.height,
          everyFrames: Math.max(1, Math.round(fps * EMBEDDING_STRIDE_SEC)),
        },
      },
      (frame, index) => {
        tracker.push(frame);
        if (index % stride === 0) {
          describer.describe(frame, descriptor);
          samples.add(index, descriptor);
        }
        if (opts.onProgress && (index & 15) === 0) {
          const now = Date.now();
          if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
            lastProgress = now;
            opts.onProgress(Math.min(0.99, index / expectedFrames));
          }
        }
      },
      (frame, index) => embedder?.push(frame, modelInput!.width, modelInput!.height, index / fps),
    );
  } catch (err) {
    stopAudio();
    throw err;
  } finally {
    opts.signal?.removeEventListener('abort', stopAudio);
  }
  const loudness = await loudnessPromise;
  if (opts.signal?.aborted) throw new MediaError(path, 'cancelled');
  if (decoded.frames === 0) throw new MediaError(path, 'no decodable video frames');

  const signals = tracker.finish();
  const detected = detectTransitions(signals, detectorSettings(opts, fps));
  const transitions = opts.boundaryEdits ? applyBoundaryEdits(detected, opts.boundaryEdits, signals.frames) : detected;
  embedder?.finish();
  const scenes = buildScenes(signals.frames, transitions).map((span, index) => {
    const { features: objective, keyframeIndex } = describeScene(span, signals, samples, transitions, loudness);
    const features = embedder ? appendEmbedding(objective, embedder.pool(span.startFrame / fps, span.endFrame / fps)) : objective;
    return {
      index,
      startFrame: span.startFrame,
      endFrame: span.endFrame,
      startSec: span.startFrame / fps,
      endSec: span.endFrame / fps,
      transitionIn: span.transitionIn,
      transitionInFrames: span.leadIn,
      features,
      keyframeIndex,
    };
  });
  opts.onProgress?.(1);
  return {
    frames: signals.frames,
    fpsNum: video.fpsNum,
    fpsDen: video.fpsDen,
    analysisWidth: width,
    analysisHeight: height,
    audio: !probe.audio ? 'none' : loudness ? 'analysed' : 'undecodable',
    featureVersion: embeddingFeatureVersion(VIDEO_FEATURE_VERSION, model),
    scenes,
  };
}

interface SceneBounds extends SceneSpan {
  transitionIn: 'start' | TransitionKind;
}

function buildScenes(frames: number, transitions: Transition[]): SceneBounds[] {
  const starts = [{ frame: 0, kind: 'start' as const, frames: 0 }, ...transitions];
  return starts.map((t, i) => ({
    startFrame: t.frame,
    endFrame: i + 1 < starts.length ? starts[i + 1].frame : frames,
    transitionIn: t.kind,
    leadIn: t.frames,
    leadOut: i + 1 < starts.length ? starts[i + 1].frames : 0,
  }));
}
