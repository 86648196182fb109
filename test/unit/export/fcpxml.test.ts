import { describe, expect, it } from 'vitest';
import { fcpxmlTime, writeFcpxml } from '../../../src/main/engine/export/fcpxmlWriter';
import { buildTimeline } from '../../../src/main/engine/export/timeline';
import { type FrameRate, RATES, secondsToFrames, timecodeToFrames } from '../../../src/shared/time';
import { GOLDEN_RATES, GOLDEN_TITLE, goldenCues } from './cueFixture';
import { type XmlNode, findAll, parseXml } from './xmlCheck';

/** An FCPXML time ('3003/30000s', '4s', '0s') as whole frames at `rate`; fails if it is off the frame grid. */
function toFrames(time: string, rate: FrameRate): number {
  const m = /^(\d+)(?:\/(\d+))?s$/.exec(time);
  if (!m) throw new Error(`not an FCPXML time: ${time}`);
  const numerator = BigInt(m[1]) * BigInt(rate.num);
  const denominator = BigInt(m[2] ?? '1') * BigInt(rate.den);
  if (numerator % denominator !== 0n) throw new Error(`${time} is not on the ${rate.num}/${rate.den} frame grid`);
  return Number(numerator / denominator);
}

describe('FCPXML writer', () => {
  it('writes rational times on the frame grid', () => {
    expect(fcpxmlTime(1, RATES.fps29_97)).toBe('1001/30000s');
    expect(fcpxmlTime(3, RATES.fps29_97)).toBe('3003/30000s');
    expect(fcpxmlTime(0, RATES.fps25)).toBe('0s');
    expect(fcpxmlTime(50, RATES.fps25)).toBe('2s');
    expect(fcpxmlTime(37, RATES.fps25)).toBe('37/25s');
    expect(fcpxmlTime(86400, RATES.fps23_976)).toBe('86486400/24000s');
  });

  for (const { label, rate } of GOLDEN_RATES) {
    it(`is well-formed and self-consistent at ${label}`, () => {
      const cues = goldenCues(rate);
      const timeline = buildTimeline(GOLDEN_TITLE, cues);
      const text = writeFcpxml(timeline);
      expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>')).toBe(true);
      const root = parseXml(text);
      expect(root.name).toBe('fcpxml');
      expect(root.attributes.version).toBe('1.10');
      const frames = (t: string) => toFrames(t, rate);

      const [resources, library] = root.children;
      const ids = resources.children.map((r) => r.attributes.id);
      expect(new Set(ids).size).toBe(ids.length);
      const byId = new Map(resources.children.map((r) => [r.attributes.id, r]));
      const [format] = findAll(resources, 'format');
      expect(format.attributes.frameDuration).toBe(fcpxmlTime(1, rate));

      const sequence = findAll(library, 'sequence')[0];
      expect(byId.get(sequence.attributes.format)?.name).toBe('format');
      expect(sequence.attributes.tcFormat).toBe(label.endsWith('df') ? 'DF' : 'NDF');
      const tcStart = frames(sequence.attributes.tcStart);
      expect(tcStart).toBe(timecodeToFrames(label.endsWith('df') ? '01:00:00;00' : '01:00:00:00', rate));
      const sceneTotal = cues.reduce((sum, c) => sum + c.endFrame - c.startFrame, 0);
      expect(frames(sequence.attributes.duration)).toBe(sceneTotal);

      const spineClips = findAll(library, 'spine')[0].children;
      expect(spineClips).toHaveLength(cues.length);
      let cursor = tcStart;
      const recordOf = new Map<XmlNode, number>();
      spineClips.forEach((clip, i) => {
        const cue = cues[i];
        const asset = byId.get(clip.attributes.ref)!;
        expect(asset.name).toBe('asset');
        expect(decodeURIComponent(new URL(asset.children[0].attributes.src).pathname)).toBe(cue.videoPath);
        expect(asset.attributes.name).toBe(cue.videoName);
        expect(clip.attributes.name).toBe(cue.videoName);
        expect(frames(clip.attributes.offset)).toBe(cursor);
        const origin = cue.videoStartTimecode ? timecodeToFrames(cue.videoStartTimecode, rate) : 0;
        expect(frames(clip.attributes.start)).toBe(origin + cue.startFrame);
        expect(frames(asset.attributes.start)).toBe(origin);
        expect(frames(clip.attributes.duration)).toBe(cue.endFrame - cue.startFrame);
        recordOf.set(clip, cursor);
        cursor += frames(clip.attributes.duration);
      });
      expect(cursor - tcStart).toBe(sceneTotal);

      // Connected music: position in the sequence = parent offset + (child offset − parent start).
      const crossfade = secondsToFrames(0.5, rate);
      const music = spineClips.flatMap((parent) =>
        parent.children
          .filter((c) => c.name === 'asset-clip')
          .map((child) => ({
            child,
            record: recordOf.get(parent)! + frames(child.attributes.offset) - frames(parent.attributes.start) - tcStart,
            length: frames(child.attributes.duration),
            fadeIn: findAll(child, 'fadeIn').map((f) => frames(f.attributes.duration)),
            fadeOut: findAll(child, 'fadeOut').map((f) => frames(f.attributes.duration)),
          })),
      );
      const sceneStart = (i: number) => cues.slice(0, i).reduce((sum, c) => sum + c.endFrame - c.startFrame, 0);
      expect(music.map((m) => m.record)).toEqual([sceneStart(0), sceneStart(2), sceneStart(3)]);
      expect(music.map((m) => m.child.attributes.name)).toEqual(['Morning Light', 'Second Song (Live) & "Encore"', 'Evening Theme']);
      expect(music.map((m) => m.child.attributes.audioRole)).toEqual(['music', 'music', 'music']);
      expect(music.map((m) => m.fadeIn)).toEqual([[], [crossfade], [crossfade]]);
      expect(music.map((m) => m.fadeOut)).toEqual([[crossfade], [crossfade], []]);
      // Each outgoing clip runs exactly the fade length into the next one, on another lane.
      for (let i = 1; i < music.length; i++) {
        expect(music[i - 1].record + music[i - 1].length - music[i].record).toBe(crossfade);
        expect(music[i].child.attributes.lane).not.toBe(music[i - 1].child.attributes.lane);
      }
      expect(frames(music[0].child.attributes.start)).toBe(secondsToFrames(cues[0].music!.inSec, rate));
      expect(frames(music[0].child.attributes.start) + music[0].length - crossfade).toBe(secondsToFrames(cues[1].music!.outSec, rate));
      // An asset declares at least the media the timeline reads, fade tails included.
      for (const m of music) {
        const asset = byId.get(m.child.attributes.ref)!;
        expect(frames(asset.attributes.duration)).toBeGreaterThanOrEqual(frames(m.child.attributes.start) + m.length);
      }
    });
  }

  it('checks well-formedness strictly enough to catch broken markup', () => {
    for (const broken of ['<a b="x & y"/>', '<a><b></a>', '<a b="1" b="2"/>', '<a b="<"/>', '<a b=1/>', '<a/><b/>', '<a>&bogus;</a>']) {
      expect(() => parseXml(broken), broken).toThrow(/offset/);
    }
    expect(parseXml('<?xml version="1.0"?>\n<!DOCTYPE a>\n<a b="&amp;&#10;"><c/></a>\n').attributes.b).toBe('&\n');
  });

  it('escapes names that would break XML', () => {
    const rate = RATES.fps25;
    const nasty = 'a & b <c> "d" \'e\' \u0001 ]]> \t';
    const text = writeFcpxml(
      buildTimeline(nasty, [
        { videoPath: `/m/${nasty}.mov`, videoName: `${nasty}.mov`, sceneIndex: 0, startFrame: 0, endFrame: 25, videoRate: rate },
      ]),
    );
    const root = parseXml(text);
    expect(findAll(root, 'event')[0].attributes.name).toBe(nasty.replace('\u0001', ' '));
    expect(findAll(root, 'asset-clip')[0].attributes.name).toBe(`${nasty.replace('\u0001', ' ')}.mov`);
  });

  it('declares the picture size when known and one format per picture rate', () => {
    const root = parseXml(
      writeFcpxml(
        buildTimeline(
          'mixed',
          [
            { videoPath: '/m/a.mov', videoName: 'a.mov', sceneIndex: 0, startFrame: 0, endFrame: 50, videoRate: RATES.fps50 },
            { videoPath: '/m/b.mov', videoName: 'b.mov', sceneIndex: 1, startFrame: 0, endFrame: 25, videoRate: RATES.fps25 },
          ],
          { frameSize: { width: 1920, height: 1080 } },
        ),
      ),
    );
    const formats = findAll(root, 'format');
    expect(formats.map((f) => [f.attributes.frameDuration, f.attributes.width, f.attributes.height])).toEqual([
      ['1/50s', '1920', '1080'],
      ['1/25s', '1920', '1080'],
    ]);
    const assets = findAll(root, 'asset');
    expect(assets.map((a) => a.attributes.format)).toEqual([formats[0].attributes.id, formats[1].attributes.id]);
  });
});
