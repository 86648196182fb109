import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { VIDEO_FEATURE_NAMES, analyzeVideo, type AnalyzedScene } from '../../../src/main/engine/video/videoAnalyzer';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';
import { buildClip, buildShot, movingBox, pan, type Geometry, type ShotSource } from '../../helpers/videoFixtures';

const tmp = makeTempDir('cuefinder-features-');
afterAll(tmp.cleanup);

const g: Geometry = { width: 160, height: 90, rate: '25' };
const feature = (scene: AnalyzedScene, name: string): number => {
  const i = VIDEO_FEATURE_NAMES.indexOf(name);
  if (i < 0) throw new Error(`no feature ${name}`);
  return scene.features[i];
};

async function oneScene(name: string, source: ShotSource, frames = 75): Promise<AnalyzedScene> {
  const path = join(tmp.dir, `${name}.mp4`);
  buildShot(path, source, frames, g);
  const analysis = await analyzeVideo(path, await probeMedia(path));
  expect(analysis.scenes, name).toHaveLength(1);
  return analysis.scenes[0];
}

describe('scene features', () => {
  it('has one value per named feature, names unique', async () => {
    const scene = await oneScene('bars', (geo) => `smptebars=s=${geo.width}x${geo.height}:r=${geo.rate}`);
    expect(new Set(VIDEO_FEATURE_NAMES).size).toBe(VIDEO_FEATURE_NAMES.length);
    expect(scene.features.length).toBe(VIDEO_FEATURE_NAMES.length);
  });

  it('a bright warm saturated shot reads brighter, warmer, more saturated and colourful than a dark cool grey one', async () => {
    // Light texture on both, so that texture features are not degenerate.
    const warm = await oneScene('warm', (geo) => `color=c=0xFF9020:s=${geo.width}x${geo.height}:r=${geo.rate},noise=alls=10:allf=t`);
    const cool = await oneScene('cool', (geo) => `color=c=0x2C3440:s=${geo.width}x${geo.height}:r=${geo.rate},noise=alls=10:allf=t`);
    for (const name of ['brightness', 'value_mean', 'saturation_mean', 'colourfulness', 'warm_cool']) {
      expect(feature(warm, name), name).toBeGreaterThan(feature(cool, name));
    }
    expect(feature(warm, 'warm_cool')).toBeGreaterThan(0.3);
    expect(feature(cool, 'warm_cool')).toBeLessThan(0);
    expect(feature(warm, 'colour_red') + feature(warm, 'colour_yellow')).toBeGreaterThan(0.8);
    expect(feature(cool, 'colour_red') + feature(cool, 'colour_yellow')).toBeLessThan(0.05);
    expect(feature(cool, 'colour_neutral_dark') + feature(cool, 'colour_blue') + feature(cool, 'colour_cyan')).toBeGreaterThan(0.8);
  });

  it('fast motion reads as more motion than a still shot; a pan as camera motion, a moving object as local', async () => {
    const still = await oneScene('still', (geo) => `smptehdbars=s=${geo.width}x${geo.height}:r=${geo.rate}`);
    const panning = await oneScene('pan', (geo) => pan(geo, 'testsrc', 0.6));
    const object = await oneScene('object', (geo) => movingBox(geo, 'smptehdbars', 'orange', 0.3, 1.2));
    for (const name of ['motion_difference', 'motion_magnitude']) {
      expect(feature(panning, name), name).toBeGreaterThan(feature(still, name) + 0.01);
      expect(feature(object, name), name).toBeGreaterThan(feature(still, name));
    }
    // The pan moves 0.6 frame widths a second.
    expect(feature(panning, 'motion_magnitude')).toBeGreaterThan(0.3);
    expect(feature(panning, 'motion_magnitude')).toBeLessThan(1.2);
    expect(feature(panning, 'camera_motion_share')).toBeGreaterThan(0.7);
    expect(feature(object, 'camera_motion_share')).toBeLessThan(0.3);
    expect(feature(object, 'local_motion')).toBeGreaterThan(0.05);
  });

  it('texture: a busy pattern has more edges and GLCM contrast than a flat field', async () => {
    const busy = await oneScene('busy', (geo) => `testsrc=s=${geo.width}x${geo.height}:r=${geo.rate}`);
    const flat = await oneScene('flat', (geo) => `color=c=0x808080:s=${geo.width}x${geo.height}:r=${geo.rate}`);
    expect(feature(busy, 'edge_density')).toBeGreaterThan(feature(flat, 'edge_density') + 0.05);
    expect(feature(busy, 'glcm_contrast')).toBeGreaterThan(feature(flat, 'glcm_contrast'));
    expect(feature(flat, 'glcm_homogeneity')).toBeGreaterThan(feature(busy, 'glcm_homogeneity'));
    expect(feature(busy, 'sharpness')).toBeGreaterThan(feature(flat, 'sharpness'));
    const lbp = VIDEO_FEATURE_NAMES.filter((n) => n.startsWith('lbp_')).reduce((sum, n) => sum + feature(busy, n), 0);
    expect(lbp).toBeCloseTo(1, 5);
  });

  it('composition: an object on the thirds line vs centred', async () => {
    const third = await oneScene('third', (geo) => `color=c=black:s=${geo.width}x${geo.height}:r=${geo.rate}[bg];color=c=white:s=16x16:r=${geo.rate}[fg];[bg][fg]overlay=x=${Math.round(geo.width / 3) - 8}:y=${Math.round(geo.height / 3) - 8}[out0]`);
    const centre = await oneScene('centre', (geo) => `color=c=black:s=${geo.width}x${geo.height}:r=${geo.rate}[bg];color=c=white:s=16x16:r=${geo.rate}[fg];[bg][fg]overlay=x=${geo.width / 2 - 8}:y=${geo.height / 2 - 8}[out0]`);
    expect(feature(third, 'thirds_saliency')).toBeGreaterThan(feature(centre, 'thirds_saliency') + 0.2);
    expect(feature(centre, 'symmetry')).toBeGreaterThan(feature(third, 'symmetry'));
    expect(feature(centre, 'visual_balance')).toBeGreaterThan(feature(third, 'visual_balance'));
  });

  it('black frames give finite features in range', async () => {
    const black = await oneScene('black', (geo) => `color=c=black:s=${geo.width}x${geo.height}:r=${geo.rate}`);
    expect(black.features.every(Number.isFinite)).toBe(true);
    expect(feature(black, 'brightness')).toBeLessThan(0.03);
    expect(feature(black, 'motion_magnitude')).toBe(0);
    for (const name of VIDEO_FEATURE_NAMES.filter((n) => !['hue_x', 'hue_y', 'warm_cool', 'glcm_correlation', 'log_scene_length', 'local_cut_rate', 'motion_magnitude', 'motion_variability', 'local_motion'].includes(n))) {
      expect(feature(black, name), name).toBeGreaterThanOrEqual(0);
      expect(feature(black, name), name).toBeLessThanOrEqual(1);
    }
  });

  it('scene length, cut rate, keyframes and the sound of each scene', async () => {
    const video = join(tmp.dir, 'two-shots-video.mp4');
    const shots = [
      { source: (geo: Geometry) => `color=c=0xC02020:s=${geo.width}x${geo.height}:r=${geo.rate},noise=alls=8:allf=t`, frames: 50 },
      { source: (geo: Geometry) => `color=c=0x2040C0:s=${geo.width}x${geo.height}:r=${geo.rate},noise=alls=8:allf=t`, frames: 100 },
    ];
    buildClip(video, shots, [{ kind: 'cut' }], g);
    // Quiet sound for the first 2 s, loud after: follows the cut.
    const path = join(tmp.dir, 'two-shots.mp4');
    runFfmpeg(['-i', video, '-f', 'lavfi', '-i', "aevalsrc='if(lt(t,2),0.01,0.5)*sin(2*PI*440*t)':s=48000:d=6", '-map', '0:v', '-map', '1:a', '-c:v', 'copy', '-c:a', 'aac', '-shortest', path]);
    const analysis = await analyzeVideo(path, await probeMedia(path));
    expect(analysis.audio).toBe('analysed');
    const [a, b] = analysis.scenes;
    expect(analysis.scenes).toHaveLength(2);
    expect(feature(b, 'log_scene_length')).toBeGreaterThan(feature(a, 'log_scene_length'));
    expect(Math.exp(feature(b, 'log_scene_length')) - 1).toBeCloseTo(b.endSec - b.startSec, 5);
    expect(feature(a, 'local_cut_rate')).toBeGreaterThan(0);
    expect(feature(a, 'hue_x')).toBeGreaterThan(0.3); // red: hue 0
    expect(feature(b, 'hue_x')).toBeLessThan(-0.2); // blue: hue 240°
    for (const s of analysis.scenes) {
      expect(s.keyframeIndex).toBeGreaterThanOrEqual(s.startFrame);
      expect(s.keyframeIndex).toBeLessThan(s.endFrame);
      expect(feature(s, 'has_audio')).toBe(1);
    }
    expect(feature(b, 'audio_loudness')).toBeGreaterThan(feature(a, 'audio_loudness') + 0.2);

    const silent = await analyzeVideo(video, await probeMedia(video));
    expect(silent.audio).toBe('none');
    expect(feature(silent.scenes[0], 'has_audio')).toBe(0);
  });
});
