import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { analyzeVideo, type VideoAnalysis } from '../../../src/main/engine/video/videoAnalyzer';
import {
  formatScoreTable,
  scoreTransitions,
  type TransitionScore,
  type TruthTransition,
} from '../../../src/main/engine/video/detectionMetrics';
import {
  SHOT_LIBRARY as S,
  buildClip,
  editShots,
  encodeRgb,
  flashFrames,
  movingBox,
  pan,
  type Geometry,
  type Join,
  type ShotSource,
} from '../../helpers/videoFixtures';
import { makeTempDir } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-scenes-');
afterAll(tmp.cleanup);

interface Case {
  name: string;
  geometry: Geometry;
  shots: ShotSource[];
  joins: Join[];
}

const cut: Join = { kind: 'cut' };
const size = { width: 160, height: 90 };

/** 23 cuts, 5 fades (black and white, with and without a hold), 5 dissolves over three frame rates. */
const CASES: Case[] = [
  {
    name: 'cuts at 23.976',
    geometry: { ...size, rate: '24000/1001' },
    shots: [S.testsrc2, S.mandelbrot, S.smptebars, S.navyBox, S.life, S.panTestsrc, S.redField, S.testsrc2Hue, S.cellauto, S.greyNoise, S.rgbtestsrc, S.mandelbrotDeep],
    joins: Array(11).fill(cut),
  },
  {
    name: 'mixed at 25',
    geometry: { ...size, rate: '25' },
    shots: [S.smptehdbars, S.testsrc, S.greenBox, S.mandelbrotRed, S.skyField, S.pal100bars, S.panBars, S.yuvtestsrc, S.testsrcDark, S.zoneplate, S.smpteGrey, S.life],
    joins: [cut, { kind: 'fade', frames: 12 }, cut, { kind: 'dissolve', frames: 16 }, cut, { kind: 'fade', frames: 10, hold: 4, through: 'white' }, cut, { kind: 'dissolve', frames: 24 }, cut, { kind: 'fade', frames: 15, hold: 20 }, cut],
  },
  {
    name: 'mixed at 29.97',
    geometry: { ...size, rate: '30000/1001' },
    shots: [S.mandelbrot, S.navyBox, S.testsrc2, S.rgbtestsrcFlip, S.redField, S.greyNoise, S.smptebars, S.mandelbrotDeep, S.panTestsrc, S.cellauto, S.testsrc2Hue, S.skyField],
    joins: [cut, { kind: 'dissolve', frames: 20 }, cut, { kind: 'fade', frames: 14 }, cut, { kind: 'dissolve', frames: 30 }, cut, cut, { kind: 'dissolve', frames: 12 }, { kind: 'fade', frames: 8 }, cut],
  },
];

function detected(analysis: VideoAnalysis): { frame: number; kind: 'cut' | 'fade' | 'dissolve' }[] {
  return analysis.scenes.slice(1).map((s) => ({ frame: s.startFrame, kind: s.transitionIn as 'cut' | 'fade' | 'dissolve' }));
}

async function analyzeFile(path: string): Promise<VideoAnalysis> {
  return analyzeVideo(path, await probeMedia(path));
}

describe('scene detection accuracy on synthetic edits', () => {
  let score: TransitionScore;
  const allTruth: TruthTransition[] = [];
  const allDetected: { frame: number; kind: 'cut' | 'fade' | 'dissolve' }[] = [];

  beforeAll(async () => {
    let offset = 0;
    for (const c of CASES) {
      const shots = c.shots.map((source, i) => ({ source, frames: 52 + ((i * 13) % 29) }));
      const path = join(tmp.dir, `${c.name.replace(/\W+/g, '_')}.mp4`);
      const clip = buildClip(path, shots, c.joins, c.geometry);
      const analysis = await analyzeFile(path);
      expect(analysis.frames).toBe(clip.frames);
      // Clips are scored as one long timeline so that the table covers every case at once.
      allTruth.push(...clip.truth.map((t) => ({ ...t, frame: t.frame + offset })));
      allDetected.push(...detected(analysis).map((d) => ({ ...d, frame: d.frame + offset })));
      offset += clip.frames + 1000;
    }
    score = scoreTransitions(allDetected, allTruth);
    console.log(`Scene detection on ${CASES.length} synthetic clips (${CASES.map((c) => c.geometry.rate).join(', ')} fps):\n${formatScoreTable(score)}`);
  });

  it('covers at least 20 hard cuts', () => {
    expect(allTruth.filter((t) => t.kind === 'cut').length).toBeGreaterThanOrEqual(20);
  });

  it('finds hard cuts within ±1 frame with precision and recall ≥ 0.95', () => {
    const row = score.rows.find((r) => r.kind === 'cut')!;
    expect(row.precision).toBeGreaterThanOrEqual(0.95);
    expect(row.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('finds every fade and dissolve within half its length, with no false transitions', () => {
    for (const kind of ['fade', 'dissolve'] as const) {
      const row = score.rows.find((r) => r.kind === kind)!;
      expect(row.recall, kind).toBe(1);
    }
    expect(score.rows.find((r) => r.kind === 'all')!.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('names the kind of transition right', () => {
    expect(score.kindAgreement).toBeGreaterThanOrEqual(0.9);
  });
});

describe('shots that must stay one scene', () => {
  const g: Geometry = { ...size, rate: '25' };
  const oneShot = async (name: string, source: ShotSource, frames = 125, edit?: (rgb: Buffer) => Buffer): Promise<VideoAnalysis> => {
    const { rgb } = editShots([{ source, frames }], [], g);
    const path = join(tmp.dir, `${name}.mp4`);
    encodeRgb(edit ? edit(rgb) : rgb, path, g);
    return analyzeFile(path);
  };

  it('a static shot with a fast moving object', async () => {
    const a = await oneShot('moving-object', (geo) => movingBox(geo, 'darkslategray', 'orange', 0.3, 1.5));
    expect(a.scenes).toHaveLength(1);
  });

  it('camera pans, slow and fast', async () => {
    expect((await oneShot('pan-slow', (geo) => pan(geo, 'testsrc2', 0.3))).scenes).toHaveLength(1);
    expect((await oneShot('pan-fast', (geo) => pan(geo, 'smptehdbars', 1.2), 60)).scenes).toHaveLength(1);
  });

  it('one- and two-frame flashes', async () => {
    const one = await oneShot('flash-1', S.testsrc2, 125, (rgb) => flashFrames(rgb, 60, 1, g));
    expect(one.scenes).toHaveLength(1);
    const two = await oneShot('flash-2', S.mandelbrot, 125, (rgb) => flashFrames(rgb, 70, 2, g));
    expect(two.scenes).toHaveLength(1);
  });

  it('the detector can fail: the same shot cut to another look is split', async () => {
    const { rgb, clip } = editShots(
      [
        { source: S.testsrc2, frames: 60 },
        { source: S.mandelbrot, frames: 60 },
      ],
      [cut],
      g,
    );
    const path = join(tmp.dir, 'control.mp4');
    encodeRgb(rgb, path, g);
    const a = await analyzeFile(path);
    expect(a.scenes.map((s) => s.startFrame)).toEqual([0, clip.truth[0].frame]);
  });
});

describe('options', () => {
  it('minimum scene length and sensitivity change what is reported', async () => {
    const g: Geometry = { ...size, rate: '25' };
    const shots = [S.testsrc2, S.smptebars, S.mandelbrot, S.life].map((source) => ({ source, frames: 20 }));
    const path = join(tmp.dir, 'short-shots.mp4');
    buildClip(path, shots, [cut, cut, cut], g);
    const probe = await probeMedia(path);
    // 0.8 s shots: all three cuts at the default minimum of 0.6 s, none at 2 s.
    expect((await analyzeVideo(path, probe)).scenes).toHaveLength(4);
    expect((await analyzeVideo(path, probe, { minSceneLengthSec: 2 })).scenes).toHaveLength(1);
    const strict = await analyzeVideo(path, probe, { sensitivity: 0 });
    const loose = await analyzeVideo(path, probe, { sensitivity: 1 });
    expect(loose.scenes.length).toBeGreaterThanOrEqual(strict.scenes.length);
  });
});
