import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Dataset } from '../data/datasetFormat';
import type { AnalysisExecutor } from '../library/analysisExecutor';
import type { EmbeddingModel } from '../embedding/embeddingModel';
import { embeddingFeatureVersion } from '../embedding/featureVersion';
import { MediaError } from '../media/mediaError';
import { probeMedia } from '../media/probe';
import { analyzeVideo, VIDEO_FEATURE_VERSION, type AnalyzedScene } from '../video/videoAnalyzer';
import { runPool } from '../jobs/incrementalPlan';

/** Objective features of every clip a dataset uses, from the same extractors the app runs. */
export interface DatasetFeatures {
  music: Map<string, Float32Array>;
  video: Map<string, Float32Array>;
  failures: { path: string; reason: string }[];
}

export interface DatasetFeatureOptions {
  /** Runs the audio analysis (a worker pool in the CLI, in-process in tests), with its embedding slot if any. */
  audio: AnalysisExecutor;
  /** The video embedding slot: its pooled vectors follow each clip's objective features. */
  videoEmbedding?: EmbeddingModel;
  /** JSON-lines cache of extracted features; reused while file size, mtime and versions match. */
  cacheFile?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, stage: string) => void;
}

interface CacheLine {
  key: string;
  version: string;
  size: number;
  mtimeMs: number;
  features: number[];
}

/**
 * A video clip is described like one long scene: the duration-weighted mean of its scenes'
 * features, so the cut-rate and motion statistics of a multi-shot clip are kept.
 */
export function clipVectorFromScenes(scenes: readonly AnalyzedScene[]): Float32Array {
  const dim = scenes[0].features.length;
  const out = new Float32Array(dim);
  let total = 0;
  for (const s of scenes) {
    const w = Math.max(1, s.endFrame - s.startFrame);
    total += w;
    for (let j = 0; j < dim; j++) out[j] += w * s.features[j];
  }
  for (let j = 0; j < dim; j++) out[j] /= total;
  return out;
}

function loadCache(file: string | undefined): Map<string, CacheLine> {
  const cache = new Map<string, CacheLine>();
  if (!file || !existsSync(file)) return cache;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as CacheLine;
      cache.set(entry.key, entry);
    } catch {
      // A torn last line from a killed run: skip it, the clip is extracted again.
    }
  }
  return cache;
}

export async function extractDatasetFeatures(ds: Dataset, opts: DatasetFeatureOptions): Promise<DatasetFeatures> {
  const music = new Map<string, string>();
  const video = new Map<string, string>();
  for (const p of ds.pairs) {
    music.set(p.musicClipId, p.musicPath);
    video.set(p.videoClipId, p.videoPath);
  }
  const cache = loadCache(opts.cacheFile);
  if (opts.cacheFile) mkdirSync(dirname(opts.cacheFile), { recursive: true });
  const result: DatasetFeatures = { music: new Map(), video: new Map(), failures: [] };
  const total = music.size + video.size;
  let done = 0;
  const tick = (stage: string): void => opts.onProgress?.(++done, total, stage);

  const cached = (key: string, version: string, path: string): Float32Array | undefined => {
    const c = cache.get(key);
    if (!c || c.version !== version) return undefined;
    try {
      const st = statSync(path);
      return st.size === c.size && st.mtimeMs === c.mtimeMs ? Float32Array.from(c.features) : undefined;
    } catch {
      return undefined;
    }
  };
  const remember = (key: string, version: string, path: string, features: Float32Array): void => {
    if (!opts.cacheFile) return;
    const st = statSync(path);
    const line: CacheLine = { key, version, size: st.size, mtimeMs: st.mtimeMs, features: Array.from(features) };
    appendFileSync(opts.cacheFile, JSON.stringify(line) + '\n');
  };

  const signal = opts.signal ?? new AbortController().signal;
  const videoVersion = embeddingFeatureVersion(VIDEO_FEATURE_VERSION, opts.videoEmbedding);
  const audioJob = runPool(
    [...music],
    opts.audio.concurrency,
    async ([clipId, path]) => {
      const key = `music:${clipId}`;
      const hit = cached(key, opts.audio.featureVersion, path);
      if (hit) result.music.set(clipId, hit);
      else {
        try {
          const { analysis } = await opts.audio.analyze(path, signal);
          result.music.set(clipId, analysis.features);
          remember(key, opts.audio.featureVersion, path, analysis.features);
        } catch (err) {
          if (!signal.aborted) result.failures.push({ path, reason: err instanceof MediaError ? err.reason : String(err) });
        }
      }
      tick('music features');
    },
    signal,
  );
  // Video analysis runs on this thread while the audio pool works; ffmpeg decodes in its own process.
  const videoJob = runPool(
    [...video],
    1,
    async ([clipId, path]) => {
      const key = `video:${clipId}`;
      const hit = cached(key, videoVersion, path);
      if (hit) result.video.set(clipId, hit);
      else {
        try {
          const probe = await probeMedia(path);
          const analysis = await analyzeVideo(path, probe, { signal, videoEmbedding: opts.videoEmbedding });
          const features = clipVectorFromScenes(analysis.scenes);
          result.video.set(clipId, features);
          remember(key, videoVersion, path, features);
        } catch (err) {
          if (!signal.aborted) result.failures.push({ path, reason: err instanceof MediaError ? err.reason : String(err) });
        }
      }
      tick('video features');
    },
    signal,
  );
  await Promise.all([audioJob, videoJob]);
  return result;
}
