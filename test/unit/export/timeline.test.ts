import { describe, expect, it } from 'vitest';
import { fileUrl } from '../../../src/main/engine/export/fileUrl';
import { assignReels, sanitizeReel } from '../../../src/main/engine/export/reels';
import { type MusicCue, type SceneCue, buildTimeline, crossfadeOutFrames, fileNameOf, mediaUses } from '../../../src/main/engine/export/timeline';
import { RATES, timecodeToFrames } from '../../../src/shared/time';

const rate = RATES.fps25;

function scene(path: string, sceneIndex: number, startFrame: number, endFrame: number, music?: MusicCue): SceneCue {
  return { videoPath: path, videoName: fileNameOf(path), sceneIndex, startFrame, endFrame, videoRate: rate, music };
}

function song(path: string, inSec: number, outSec: number, continuesFromPrevious = false): MusicCue {
  return { path, title: fileNameOf(path), inSec, outSec, continuesFromPrevious, trackId: path.length };
}

describe('buildTimeline', () => {
  it('lays scenes back to back from 01:00:00:00 in the given order', () => {
    const t = buildTimeline('t', [scene('/v/b.mov', 5, 100, 150), scene('/v/a.mov', 2, 0, 25), scene('/v/b.mov', 6, 150, 151)]);
    expect(t.startFrame).toBe(90000);
    expect(t.dropFrame).toBe(false);
    expect(t.videoClips.map((c) => [c.sceneIndex, c.recordIn, c.recordOut, c.sourceIn, c.sourceOut])).toEqual([
      [5, 0, 50, 100, 150],
      [2, 50, 75, 0, 25],
      [6, 75, 76, 150, 151],
    ]);
    expect(t.duration).toBe(76);
    expect(t.musicClips).toEqual([]);
  });

  it('defaults to drop-frame at 29.97 with a 01:00:00;00 start, and honours an explicit start', () => {
    const ntsc = { ...scene('/v/a.mov', 0, 0, 30), videoRate: RATES.fps29_97 };
    const df = buildTimeline('t', [ntsc]);
    expect(df.dropFrame).toBe(true);
    expect(df.startFrame).toBe(107892);
    const ndf = buildTimeline('t', [ntsc], { dropFrame: false, startTimecode: '00:59:58:00' });
    expect(ndf.dropFrame).toBe(false);
    expect(ndf.startFrame).toBe(timecodeToFrames('00:59:58:00', RATES.fps29_97));
  });

  it('extends the previous music clip when a scene continues it, keeping the source continuous', () => {
    const t = buildTimeline('t', [
      scene('/v/a.mov', 0, 0, 50, song('/m/x.wav', 10, 12)),
      scene('/v/a.mov', 1, 50, 100, song('/m/x.wav', 12, 14, true)),
      scene('/v/a.mov', 2, 100, 125, song('/m/x.wav', 14, 15, true)),
    ]);
    expect(t.musicClips).toHaveLength(1);
    expect(t.musicClips[0]).toMatchObject({ sourceIn: 250, sourceOut: 375, recordIn: 0, recordOut: 125, sceneIndexes: [0, 1, 2], crossfadeIn: 0 });
  });

  it('cross-fades where the music changes, 0.5 s by default, clamped to the incoming clip', () => {
    const t = buildTimeline('t', [
      scene('/v/a.mov', 0, 0, 50, song('/m/x.wav', 0, 2)),
      scene('/v/a.mov', 1, 50, 100, song('/m/y.wav', 30, 32)),
      scene('/v/a.mov', 2, 100, 105, song('/m/x.wav', 60, 70)),
    ]);
    expect(t.musicClips.map((c) => c.crossfadeIn)).toEqual([0, 13, 5]);
    expect([0, 1, 2].map((i) => crossfadeOutFrames(t.musicClips, i))).toEqual([13, 5, 0]);
    // A jump within the same song is also an audible edit, so it fades too.
    const jump = buildTimeline('t', [scene('/v/a.mov', 0, 0, 50, song('/m/x.wav', 0, 2)), scene('/v/a.mov', 1, 50, 100, song('/m/x.wav', 60, 62))], {
      crossfadeFrames: 8,
    });
    expect(jump.musicClips.map((c) => c.crossfadeIn)).toEqual([0, 8]);
  });

  it('cuts a section longer than its scene at the scene end and leaves silence after a shorter one', () => {
    const t = buildTimeline('t', [
      scene('/v/a.mov', 0, 0, 50, song('/m/x.wav', 0, 10)),
      scene('/v/a.mov', 1, 50, 100, song('/m/y.wav', 0, 1)),
      scene('/v/a.mov', 2, 100, 150, song('/m/z.wav', 5, 7)),
    ]);
    expect(t.musicClips.map((c) => [c.recordIn, c.recordOut, c.sourceIn, c.sourceOut, c.crossfadeIn])).toEqual([
      [0, 50, 0, 50, 0],
      [50, 75, 0, 25, 13],
      [100, 150, 125, 175, 0],
    ]);
  });

  it('starts a new clip when a "continuing" cue cannot continue (other file, or silence in between)', () => {
    const t = buildTimeline('t', [
      scene('/v/a.mov', 0, 0, 50, song('/m/x.wav', 0, 1)),
      scene('/v/a.mov', 1, 50, 100, song('/m/x.wav', 1, 3, true)),
      scene('/v/a.mov', 2, 100, 150, song('/m/y.wav', 3, 5, true)),
    ]);
    expect(t.musicClips.map((c) => [c.recordIn, c.sourceIn, c.crossfadeIn])).toEqual([
      [0, 0, 0],
      [50, 25, 0],
      [100, 75, 13],
    ]);
  });

  it('rescales footage at another rate onto the timeline rate without gaps', () => {
    const t = buildTimeline(
      't',
      [{ ...scene('/v/a.mov', 0, 0, 3), videoRate: RATES.fps30 }, { ...scene('/v/a.mov', 1, 3, 7), videoRate: RATES.fps30 }],
      { rate: RATES.fps25 },
    );
    expect(t.videoClips.map((c) => [c.recordIn, c.recordOut, c.sourceIn, c.sourceOut])).toEqual([
      [0, 3, 0, 3],
      [3, 6, 3, 6],
    ]);
  });

  it('keeps each scene’s source timecode origin at the timeline rate', () => {
    const t = buildTimeline('t', [{ ...scene('/v/a.mov', 0, 10, 20), videoStartTimecode: '10:00:00:00' }]);
    expect(t.videoClips[0].media.originFrame).toBe(900000);
    expect(mediaUses(t).pictures[0].usedFrames).toBe(20);
  });

  it('rejects bad input with the scene and file named', () => {
    expect(() => buildTimeline('empty', [])).toThrow(/timeline "empty": no scenes/);
    expect(() => buildTimeline('t', [scene('/v/a.mov', 4, 10, 10)])).toThrow(/scene 4 of "\/v\/a.mov".*endFrame \(10\) must be after startFrame \(10\)/);
    expect(() => buildTimeline('t', [scene('/v/a.mov', 4, 1.5, 10)])).toThrow(/whole frames/);
    expect(() => buildTimeline('t', [scene('/v/a.mov', 1, 0, 10, song('/m/x.wav', 5, 4))])).toThrow(/music "\/m\/x.wav" section 5–4 s/);
    expect(() => buildTimeline('t', [{ ...scene('/v/a.mov', 2, 0, 10), videoStartTimecode: '10:00:00:99' }])).toThrow(
      /scene 2 of "\/v\/a.mov".*start timecode: .*out of range/,
    );
    expect(() => buildTimeline('t', [scene('/v/a.mov', 0, 0, 10)], { dropFrame: true })).toThrow(/drop-frame timecode does not exist at 25/);
    expect(() => buildTimeline('t', [scene('/v/a.mov', 0, 0, 10)], { crossfadeFrames: -1 })).toThrow(/crossfadeFrames/);
    expect(() => buildTimeline('t', [{ ...scene('/v/a.mov', 0, 0, 1), videoRate: RATES.fps60 }], { rate: RATES.fps24 })).toThrow(
      /shorter than one frame at 24 fps/,
    );
  });
});

describe('reels', () => {
  it('sanitises to ≤ 8 upper-case alphanumerics, folding accents', () => {
    expect(sanitizeReel('A001_C003.mov')).toBe('A001C003');
    expect(sanitizeReel('café scène №2.mp4')).toBe('CAFESCEN');
    expect(sanitizeReel('x.y.mov')).toBe('XY');
    expect(sanitizeReel('大平原.mov')).toBe('');
  });

  it('gives each path a unique, deterministic reel, avoiding reserved names', () => {
    const reels = assignReels([
      { path: '/a/clip.mov', name: 'clip.mov' },
      { path: '/b/clip.mov', name: 'clip.mov' },
      { path: '/a/clip.mov', name: 'clip.mov' },
      { path: '/c/Long name one.mov', name: 'Long name one.mov' },
      { path: '/c/Long name two.mov', name: 'Long name two.mov' },
      { path: '/d/大平原.mov', name: '大平原.mov' },
      { path: '/d/草原.mov', name: '草原.mov' },
      { path: '/e/black.mov', name: 'black.mov' },
      { path: '/e/ax.wav', name: 'ax.wav' },
    ]);
    expect([...reels.values()]).toEqual(['CLIP', 'CLIP02', 'LONGNAME', 'LONGNA02', 'REEL', 'REEL02', 'BLACK02', 'AX02']);
    expect(reels.get('/a/clip.mov')).toBe('CLIP');
  });
});

describe('fileUrl', () => {
  it('encodes POSIX, Windows and UNC paths the same on every OS', () => {
    expect(fileUrl('/Volumes/Day 1/café #2?.mov')).toBe('file:///Volumes/Day%201/caf%C3%A9%20%232%3F.mov');
    expect(fileUrl('C:\\Media\\a b.mov')).toBe('file:///C:/Media/a%20b.mov');
    expect(fileUrl('\\\\server\\share\\a.mov')).toBe('file://server/share/a.mov');
    expect(() => fileUrl('relative/a.mov')).toThrow(/not absolute/);
  });
});
