import type { SceneRange } from '../../../shared/time';
import { statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { Db } from '../db/database';
import {
  sceneEditsFor,
  type SceneEdits,
  saveVideoAnalysis,
  scenesOfVideo,
  videosUnder,
  type VideoFileState,
} from '../db/projectRepository';
import { fileSyncStore } from '../db/fileSync';
import { planIncremental, type FilePlan } from '../jobs/incrementalPlan';
import { throttleProgress, type ProgressListener } from '../jobs/progress';
import { byPath, describeFsError, NON_VIDEO_EXTENSIONS, scanFolder, VIDEO_EXTENSIONS, type ScannedFile } from '../library/fileScanner';
import { MediaError } from '../media/mediaError';
import { probeMedia } from '../media/probe';
import { writeSceneThumbnails } from '../media/thumbnails';
import type { EmbeddingModel } from '../embedding/embeddingModel';
import { embeddingFeatureVersion } from '../embedding/featureVersion';
import { analyzeVideo, SCENE_DETECTOR_VERSION, VIDEO_FEATURE_VERSION, type SceneDetectionOptions } from '../video/videoAnalyzer';
import { ensureProxy, proxyState } from '../media/proxy';
import { DEFAULT_MIN_SCENE_LENGTH_SEC, DEFAULT_SENSITIVITY } from '../video/sceneDetector';
import { isPreviewRender } from '../render/previewMark';

export interface AnalyzedSceneSummary extends SceneRange {
  thumbnail: string | null;
}

/** One entry of the `analyze --json` contract. */
export interface AnalyzedVideoSummary {
  path: string;
  durationSec: number;
  fps: string;
  width: number;
  height: number;
  hasAudio: boolean;
  scenes: AnalyzedSceneSummary[];
  error?: string;
}

/** A file of the project folder that is not analysed, and why (not a video, no picture, unreadable). */
const PREVIEW_SKIP_REASON = 'a preview Cuefinder rendered, not footage';

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface AnalyzeProjectResult {
  videos: AnalyzedVideoSummary[];
  /** Files found that are not videos (by extension, or by probing those of other extensions). */
  skipped: SkippedFile[];
  scanned: number;
  analyzed: number;
  unchanged: number;
  moved: number;
  missing: number;
  failed: number;
  videoSeconds: number;
  wallSeconds: number;
  cancelled: boolean;
}

export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

export interface AnalyzeProjectOptions extends SceneDetectionOptions {
  /** Folder for thumbnails (one sub-folder per video content fingerprint). */
  cacheDir: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** The deep video embedding slot (embedding/slots.ts); its vectors are appended to every scene's features. */
  videoEmbedding?: EmbeddingModel;
  /**
   * Make a playable proxy in the cache for each video a browser cannot decode (media/proxy.ts); the
   * app asks for it, the CLI does not need it. Videos analysed earlier get theirs too.
   */
  playableProxies?: boolean;
  /** Try videos that failed before again, permanent failures included (transient ones always are). */
  retryFailed?: boolean;
}

/**
 * Brings a project folder's videos and scenes up to date: new or changed videos are decoded once
 * (scene detection and scene features from the same pass) and stored with their scenes in one
 * transaction each, so a killed run keeps every finished video and a rerun does the rest.
 */
export async function analyzeProject(db: Db, projectDir: string, opts: AnalyzeProjectOptions): Promise<AnalyzeProjectResult> {
  const started = performance.now();
  const root = resolve(projectDir);
  try {
    if (!statSync(root).isDirectory()) throw new ProjectError(`project folder ${root}: not a folder`);
  } catch (err) {
    if (err instanceof ProjectError) throw err;
    throw new ProjectError(`project folder ${root}: ${describeFsError(err)}`);
  }
  const signal = opts.signal ?? new AbortController().signal;
  const progress = throttleProgress(opts.onProgress);
  // A default value is left out of what the video was analysed with, so an analysis given the
  // defaults outright (a project's stored settings) matches one given nothing, as before settings
  // were stored: opening an older database does not analyse every video again.
  const detection: SceneDetectionOptions = {
    sensitivity: opts.sensitivity === DEFAULT_SENSITIVITY ? undefined : opts.sensitivity,
    minSceneLengthSec: opts.minSceneLengthSec === DEFAULT_MIN_SCENE_LENGTH_SEC ? undefined : opts.minSceneLengthSec,
  };
  // The editor's corrections are part of what a video was analysed with: changing them analyses it again.
  const optionsKey = (edits: SceneEdits): string => JSON.stringify(edits.cuts.length || edits.noCuts.length ? { ...detection, edits } : detection);
  // Scenes analysed with another embedding model (or none) are analysed again.
  const featureVersion = embeddingFeatureVersion(VIDEO_FEATURE_VERSION, opts.videoEmbedding);
  const analyzerVersion = `${SCENE_DETECTOR_VERSION}+${featureVersion}`;
  const isCurrent = (v: Pick<VideoFileState, 'fingerprint' | 'detectorVersion' | 'featureVersion' | 'analysisOptions'>): boolean =>
    v.detectorVersion === SCENE_DETECTOR_VERSION && v.featureVersion === featureVersion && v.analysisOptions === optionsKey(sceneEditsFor(db, v.fingerprint));

  progress({ stage: 'scan', done: 0, total: 1, current: root });
  const scan = await scanFolder(root, VIDEO_EXTENSIONS, signal, { others: true });
  const sniffed = await sniffVideos(scan.others, signal);
  scan.files = [...scan.files, ...sniffed.videos].sort(byPath);
  const store = fileSyncStore(db, 'videos', { isCurrent: (v) => isCurrent(v as unknown as VideoFileState), analyzerVersion });
  const plan = await planIncremental(root, scan.files, store, signal, { retryFailed: opts.retryFailed });
  const errors = new Map<string, string>(scan.problems.map((p) => [p.path, p.reason]));
  // Files the scan could not take (a link leading outside the folder, a broken link) are listed
  // with the project's failures, so the editor sees why they are not there.
  for (const p of scan.problems) store.recordFailure(root, { path: p.path, size: 0, mtimeMs: 0, reason: p.reason, analyzerVersion });
  const result: AnalyzeProjectResult = {
    videos: [],
    skipped: sniffed.skipped,
    scanned: scan.files.length,
    analyzed: 0,
    unchanged: 0,
    moved: plan.moved,
    missing: plan.missing,
    failed: 0,
    videoSeconds: 0,
    wallSeconds: 0,
    cancelled: false,
  };
  const fail = (file: ScannedFile, reason: string): void => {
    errors.set(file.path, reason);
    store.recordFailure(root, { path: file.path, size: file.size, mtimeMs: file.mtimeMs, reason, analyzerVersion });
  };

  const work: Extract<FilePlan, { kind: 'analyze' }>[] = [];
  for (const p of plan.plans) {
    if (p.kind === 'unchanged') result.unchanged++;
    else if (p.kind === 'known-failure') errors.set(p.file.path, p.reason);
    else if (p.kind === 'unreadable') fail(p.file, p.reason);
    else work.push(p);
  }

  for (let i = 0; i < work.length && !signal.aborted; i++) {
    const p = work[i];
    const report = (fraction: number): void =>
      progress({ stage: 'analyze', done: i + fraction, total: work.length, current: p.file.path, mediaSeconds: result.videoSeconds });
    report(0);
    try {
      const probe = await probeMedia(p.file.path);
      if (!probe.video) throw new MediaError(p.file.path, probe.audio ? 'no video stream (audio only)' : 'no video stream');
      if (isPreviewRender(probe)) {
        // Not a failure: listed as skipped on every run (one probe), so a preview never becomes footage;
        // nor is it one of the project's videos in the count.
        result.skipped.push({ path: p.file.path, reason: PREVIEW_SKIP_REASON });
        result.scanned--;
        report(1);
        continue;
      }
      const boundaryEdits = sceneEditsFor(db, p.fingerprint);
      const analysis = await analyzeVideo(p.file.path, probe, { ...detection, signal, onProgress: report, videoEmbedding: opts.videoEmbedding, boundaryEdits });
      if (signal.aborted) break;
      const fps = analysis.fpsNum / analysis.fpsDen;
      const quarterTurn = probe.video.rotation === 90 || probe.video.rotation === 270;
      const thumbs = await writeSceneThumbnails(
        p.file.path,
        probe,
        analysis.scenes.map((s) => ({ index: s.index, keyframeSec: s.keyframeIndex / fps })),
        join(opts.cacheDir, 'thumbnails', p.fingerprint),
      ).catch(() => [] as string[]);
      // A failed proxy costs only the preview of this video (the UI says it cannot play it).
      if (opts.playableProxies) await ensureProxy(p.file.path, p.fingerprint, probe, opts.cacheDir, signal).catch(() => undefined);
      saveVideoAnalysis(
        db,
        { id: p.id, path: p.file.path, root, fingerprint: p.fingerprint, size: p.file.size, mtimeMs: p.file.mtimeMs },
        {
          durationSec: analysis.frames / fps,
          fpsNum: analysis.fpsNum,
          fpsDen: analysis.fpsDen,
          // As displayed: a portrait phone clip is stored portrait.
          width: quarterTurn ? probe.video.height : probe.video.width,
          height: quarterTurn ? probe.video.width : probe.video.height,
          rotation: probe.video.rotation,
          hasAudio: analysis.audio === 'analysed',
          startTimecode: probe.startTimecode,
          frames: analysis.frames,
          detectorVersion: SCENE_DETECTOR_VERSION,
          featureVersion: analysis.featureVersion,
          analysisOptions: optionsKey(boundaryEdits),
        },
        analysis.scenes.map((s, k) => ({
          index: s.index,
          startFrame: s.startFrame,
          endFrame: s.endFrame,
          startSec: s.startSec,
          endSec: s.endSec,
          transitionIn: s.transitionIn,
          keyframe: s.keyframeIndex,
          thumbnail: thumbs[k],
          features: s.features,
        })),
      );
      store.clearFailure(p.file.path);
      result.analyzed++;
      result.videoSeconds += analysis.frames / fps;
    } catch (err) {
      if (signal.aborted) break;
      fail(p.file, err instanceof MediaError ? err.reason : `unexpected error: ${(err as Error)?.message ?? err}`);
    }
    report(1);
  }

  // Videos analysed before proxies were asked for (or whose proxy was deleted) get theirs now.
  if (opts.playableProxies && !signal.aborted) {
    const pending = videosUnder(db, root).filter((v) => proxyState(opts.cacheDir, v.fingerprint) === 'unknown');
    for (let i = 0; i < pending.length && !signal.aborted; i++) {
      progress({ stage: 'proxy', done: i, total: pending.length, current: pending[i].path });
      await probeMedia(pending[i].path)
        .then((probe) => ensureProxy(pending[i].path, pending[i].fingerprint, probe, opts.cacheDir, signal))
        .catch(() => undefined);
    }
  }

  // The contract lists every video of the folder: analysed now, unchanged, or failed; and every
  // path the scan had to skip (an unreadable folder, a broken link, a link loop), with its reason.
  const scanned = new Set(scan.files.map((f) => f.path));
  for (const p of scan.problems) {
    if (scanned.has(p.path)) continue;
    result.failed++;
    result.videos.push({ path: p.path, durationSec: 0, fps: '', width: 0, height: 0, hasAudio: false, scenes: [], error: p.reason });
  }
  const stored = new Map(videosUnder(db, root).map((v) => [v.path, v]));
  for (const file of scan.files) {
    const v = stored.get(file.path);
    const error = errors.get(file.path);
    if (error || !v) {
      if (error) {
        result.failed++;
        result.videos.push({ path: file.path, durationSec: 0, fps: '', width: 0, height: 0, hasAudio: false, scenes: [], error });
      }
      continue;
    }
    result.videos.push({
      path: v.path,
      durationSec: v.durationSec,
      fps: v.fpsDen === 1 ? String(v.fpsNum) : `${v.fpsNum}/${v.fpsDen}`,
      width: v.width,
      height: v.height,
      hasAudio: v.hasAudio,
      scenes: scenesOfVideo(db, v.id).map((s) => ({
        index: s.index,
        startFrame: s.startFrame,
        endFrame: s.endFrame,
        startSec: s.startSec,
        endSec: s.endSec,
        thumbnail: s.thumbnail ?? null,
      })),
    });
  }
  result.cancelled = signal.aborted;
  result.wallSeconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * Sorts the files of other extensions than VIDEO_EXTENSIONS: those of NON_VIDEO_EXTENSIONS are
 * skipped as they are; the rest are probed, and taken when ffprobe finds a moving-picture stream
 * (a Theora `.ogg`, a camera file of an odd extension, a file with none). Still images read as a
 * picture stream by ffprobe's image demuxers are not videos.
 */
async function sniffVideos(files: ScannedFile[], signal: AbortSignal): Promise<{ videos: ScannedFile[]; skipped: SkippedFile[] }> {
  const videos: ScannedFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    if (signal.aborted) break;
    const ext = extname(file.path).toLowerCase();
    if (NON_VIDEO_EXTENSIONS.has(ext)) {
      skipped.push({ path: file.path, reason: `not a video file (${ext})` });
      continue;
    }
    try {
      const probe = await probeMedia(file.path);
      if (/(^|,)(image2|\w+_pipe)(,|$)/.test(probe.formatName)) skipped.push({ path: file.path, reason: 'a still image, not a video' });
      else if (!probe.video) skipped.push({ path: file.path, reason: probe.audio ? 'no video stream (audio only)' : 'no video stream' });
      else videos.push(file);
    } catch (err) {
      skipped.push({ path: file.path, reason: err instanceof MediaError ? `not a readable media file: ${err.reason}` : `not a readable media file: ${(err as Error)?.message ?? err}` });
    }
  }
  return { videos, skipped };
}
