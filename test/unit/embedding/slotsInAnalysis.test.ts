import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_FEATURE_NAMES } from '../../../src/main/engine/audio/audioAnalyzer';
import type { EmbeddingModel } from '../../../src/main/engine/embedding/embeddingModel';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { analyzeTrackFile } from '../../../src/main/engine/library/trackAnalysis';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { decodeVideoFrames } from '../../../src/main/engine/media/videoFrames';
import { initTf } from '../../../src/main/engine/model/tfBackend';
import { analyzeVideo, VIDEO_FEATURE_NAMES, VIDEO_FEATURE_VERSION, videoFeatureNames } from '../../../src/main/engine/video/videoAnalyzer';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';
import { SHOT_LIBRARY, buildClip } from '../../helpers/videoFixtures';
import { saveAndLoad, tinyAudioModel, tinyClipModel, tinyFrameModel } from './tinyModels';

/** The embedding slots wired into analysis: what is stored per scene and per track when a model is set. */

const temp = makeTempDir('cuefinder-slots-');
let frameModel: EmbeddingModel;
let clipModel: EmbeddingModel;
let audioModel: EmbeddingModel;
const clip = join(temp.dir, 'two shots.mp4');
const song = join(temp.dir, 'song.m4a');
/** The first shot ends (hard cut) at this frame of the 25 fps clip. */
const CUT = 50;

beforeAll(async () => {
  await initTf();
  frameModel = await saveAndLoad(temp.dir, 'frame-model', tinyFrameModel);
  clipModel = await saveAndLoad(temp.dir, 'clip-model', tinyClipModel);
  audioModel = await saveAndLoad(temp.dir, 'audio-model', () => tinyAudioModel());
  buildClip(clip, [{ source: SHOT_LIBRARY.redField, frames: CUT }, { source: SHOT_LIBRARY.testsrc2, frames: 50 }], [{ kind: 'cut' }], { width: 160, height: 90, rate: '25' });
  runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=440:d=12', '-f', 'lavfi', '-i', 'anoisesrc=d=12:a=0.1', '-filter_complex', 'amix=inputs=2', '-c:a', 'aac', song]);
}, 120_000);
afterAll(() => {
  for (const m of [frameModel, clipModel, audioModel]) m?.dispose();
  temp.cleanup();
});

describe('one decode, two sizes', () => {
  it('hands every n-th frame of the same decode to the sampler, at its own size, matching the main frame', async () => {
    const mainMeans: number[][] = [];
    const samples: { index: number; mean: number[] }[] = [];
    const meanRgb = (frame: Uint8Array): number[] => {
      const sum = [0, 0, 0];
      for (let i = 0; i < frame.length; i++) sum[i % 3] += frame[i];
      return sum.map((s) => s / (frame.length / 3));
    };
    const result = await decodeVideoFrames(
      clip,
      { width: 64, height: 36, sample: { width: 32, height: 32, everyFrames: 7 } },
      (frame) => mainMeans.push(meanRgb(frame)),
      (frame, index) => {
        expect(frame.length).toBe(32 * 32 * 3);
        samples.push({ index, mean: meanRgb(frame) });
      },
    );
    expect(result.frames).toBe(100);
    expect(samples.map((s) => s.index)).toEqual(Array.from({ length: 15 }, (_, k) => 7 * k));
    for (const s of samples) {
      for (let c = 0; c < 3; c++) expect(Math.abs(s.mean[c] - mainMeans[s.index][c])).toBeLessThan(4);
    }
  });
});

describe('video embedding slot', () => {
  it('appends the pooled embedding to every scene; detection and objective features stay as without it', async () => {
    const probe = await probeMedia(clip);
    const plain = await analyzeVideo(clip, probe);
    const embedded = await analyzeVideo(clip, probe, { videoEmbedding: frameModel });
    expect(plain.featureVersion).toBe(VIDEO_FEATURE_VERSION);
    expect(embedded.featureVersion).toBe(`${VIDEO_FEATURE_VERSION}+emb:${frameModel.version}`);
    expect(embedded.scenes.map((s) => s.startFrame)).toEqual([0, CUT]);
    expect(embedded.scenes.map((s) => s.startFrame)).toEqual(plain.scenes.map((s) => s.startFrame));
    expect(videoFeatureNames(frameModel)).toHaveLength(VIDEO_FEATURE_NAMES.length + frameModel.outputDim);
    expect(videoFeatureNames(frameModel).at(-1)).toBe(`vemb_${frameModel.outputDim - 1}`);
    embedded.scenes.forEach((scene, i) => {
      expect(scene.features).toHaveLength(VIDEO_FEATURE_NAMES.length + frameModel.outputDim);
      expect(Array.from(scene.features.subarray(0, VIDEO_FEATURE_NAMES.length))).toEqual(Array.from(plain.scenes[i].features));
      expect(scene.features.every(Number.isFinite)).toBe(true);
    });
    // A red field and a test pattern are different pictures to the model too.
    const tail = (k: number): number[] => Array.from(embedded.scenes[k].features.subarray(VIDEO_FEATURE_NAMES.length));
    const distance = Math.hypot(...tail(0).map((v, j) => v - tail(1)[j]));
    expect(distance).toBeGreaterThan(1e-3);
  });

  it('feeds a clip model T sampled frames at a time', async () => {
    const embedded = await analyzeVideo(clip, await probeMedia(clip), { videoEmbedding: clipModel });
    for (const scene of embedded.scenes) expect(scene.features).toHaveLength(VIDEO_FEATURE_NAMES.length + clipModel.outputDim);
  });
});

describe('audio embedding slot', () => {
  it('appends mean and spread of the patch embeddings to the track and to every segment', async () => {
    const plain = await analyzeTrackFile(song);
    const embedded = await analyzeTrackFile(song, undefined, audioModel);
    const extra = 2 * audioModel.outputDim;
    expect(embedded.analysis.featureVersion).toBe(`${plain.analysis.featureVersion}+emb:${audioModel.version}`);
    expect(inProcessExecutor(1, audioModel).featureVersion).toBe(embedded.analysis.featureVersion);
    expect(embedded.analysis.features).toHaveLength(AUDIO_FEATURE_NAMES.length + extra);
    expect(Array.from(embedded.analysis.features.subarray(0, AUDIO_FEATURE_NAMES.length))).toEqual(Array.from(plain.analysis.features));
    expect(embedded.analysis.segments.length).toBe(plain.analysis.segments.length);
    embedded.analysis.segments.forEach((segment, i) => {
      expect(segment.features).toHaveLength(AUDIO_FEATURE_NAMES.length + extra);
      expect(Array.from(segment.features.subarray(0, AUDIO_FEATURE_NAMES.length))).toEqual(Array.from(plain.analysis.segments[i].features));
      expect(segment.features.every(Number.isFinite)).toBe(true);
    });
  });
});
