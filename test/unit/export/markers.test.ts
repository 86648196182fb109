import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../../src/main/engine/export/exportFormats';
import { beatMarkers, buildTimeline, type SceneCue } from '../../../src/main/engine/export/timeline';
import { RATES, framesToTimecode } from '../../../src/shared/time';
import { findAll, parseXml } from './xmlCheck';

const rate = RATES.fps25;
// 120 bpm in 4/4 from 0.1 s: beats every 0.5 s, a downbeat every 2 s.
const beats = Array.from({ length: 40 }, (_, i) => 0.1 + i * 0.5);
const downbeats = beats.filter((_, i) => i % 4 === 0);

function cues(): SceneCue[] {
  const scene = (sceneIndex: number, startFrame: number, endFrame: number): SceneCue => ({
    videoPath: '/v/a.mov',
    videoName: 'a.mov',
    sceneIndex,
    startFrame,
    endFrame,
    videoRate: rate,
  });
  const first = scene(0, 0, 100);
  const second = scene(1, 100, 200);
  first.music = { path: '/m/song.wav', title: 'Song', inSec: 3, outSec: 7, continuesFromPrevious: false, trackId: 1, beats, downbeats };
  second.music = { path: '/m/other.wav', title: 'Other', inSec: 10, outSec: 14, continuesFromPrevious: false, trackId: 2, beats, downbeats };
  return [first, second];
}

describe('beat markers', () => {
  it('marks the downbeats inside the section, numbered as bars of the whole track', () => {
    // Section 3–7 s at 25 fps = source frames 75–175; downbeats at 4.1 and 6.1 s are bars 3 and 4.
    expect(beatMarkers({ sourceIn: 75, sourceOut: 175 }, { beats, downbeats }, rate, 'bars')).toEqual([
      { sourceFrame: 103, name: 'Bar 3', downbeat: true },
      { sourceFrame: 153, name: 'Bar 4', downbeat: true },
    ]);
  });

  it('with beats, counts each beat from its bar; none gives no markers; the out point is exclusive', () => {
    const marks = beatMarkers({ sourceIn: 75, sourceOut: 103 }, { beats, downbeats }, rate, 'beats');
    expect(marks.map((m) => m.name)).toEqual(['Bar 2 beat 3', 'Bar 2 beat 4']);
    expect(beatMarkers({ sourceIn: 75, sourceOut: 175 }, { beats, downbeats }, rate, 'none')).toEqual([]);
    expect(beatMarkers({ sourceIn: 0, sourceOut: 1000 }, {}, rate, 'beats')).toEqual([]);
  });

  it('buildTimeline puts them on music clips only when asked', () => {
    expect(buildTimeline('t', cues()).musicClips.every((c) => c.markers.length === 0)).toBe(true);
    const t = buildTimeline('t', cues(), { markers: 'bars' });
    expect(t.musicClips.map((c) => c.markers.map((m) => m.sourceFrame))).toEqual([[103, 153], [253, 303]]);
  });

  it('every writer carries them: OTIO and FCP 7 in source frames, FCPXML in source time, EDL as LOC in source timecode', () => {
    const t = buildTimeline('t', cues(), { markers: 'bars' });
    const otio = JSON.parse(EXPORT_FORMATS.otio.write(t)) as { tracks: { children: Array<{ children: Array<{ markers?: Array<{ name: string; marked_range: { start_time: { value: number } } }> }> }> } };
    const music = otio.tracks.children[1].children.filter((c) => c.markers?.length);
    expect(music.map((c) => c.markers?.map((m) => [m.name, m.marked_range.start_time.value]))).toEqual([
      [['Bar 3', 103], ['Bar 4', 153]],
      [['Bar 6', 253], ['Bar 7', 303]],
    ]);
    const fcpxml = parseXml(EXPORT_FORMATS.fcpxml.write(t));
    expect(findAll(fcpxml, 'marker').map((m) => [m.attributes.value, m.attributes.start])).toEqual([
      ['Bar 3', '103/25s'],
      ['Bar 4', '153/25s'],
      ['Bar 6', '253/25s'],
      ['Bar 7', '303/25s'],
    ]);
    const fcp7 = EXPORT_FORMATS.fcp7.write(t);
    expect(findAll(parseXml(fcp7), 'marker')).toHaveLength(4);
    expect([...fcp7.matchAll(/<marker>[\s\S]*?<name>(.*?)<\/name>\s*<in>(\d+)<\/in>/g)].map((m) => [m[1], Number(m[2])])).toEqual([
      ['Bar 3', 103],
      ['Bar 4', 153],
      ['Bar 6', 253],
      ['Bar 7', 303],
    ]);
    const edl = EXPORT_FORMATS.edl.write(t);
    const locs = edl.split('\n').filter((line) => line.startsWith('* LOC:'));
    expect(locs).toEqual([103, 153, 253, 303].map((f, i) => `* LOC: ${framesToTimecode(f, rate)} RED     Bar ${[3, 4, 6, 7][i]}`));
  });
});
