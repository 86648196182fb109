import { describe, expect, it } from 'vitest';
import { type ParsedEdlEvent, EdlParseError, parseEdl } from '../../../src/main/engine/export/edlParser';
import { MUSIC_CHANNEL, PICTURE_CHANNEL, writeEdl } from '../../../src/main/engine/export/edlWriter';
import { buildTimeline } from '../../../src/main/engine/export/timeline';
import { type FrameRate, RATES, secondsToFrames, timecodeToFrames } from '../../../src/shared/time';
import { GOLDEN_RATES, GOLDEN_TITLE, goldenCues } from './cueFixture';

const lastLine = (event: ParsedEdlEvent) => event.lines[event.lines.length - 1];

describe('EDL parse-back', () => {
  for (const { label, rate } of GOLDEN_RATES) {
    describe(`at ${label}`, () => {
      const cues = goldenCues(rate);
      const timeline = buildTimeline(GOLDEN_TITLE, cues);
      const text = writeEdl(timeline);
      const edl = parseEdl(text, { rate });
      const dropFrame = label.endsWith('df');
      const recordStart = timecodeToFrames(dropFrame ? '01:00:00;00' : '01:00:00:00', rate);

      it('has the header and sequential three-digit event numbers', () => {
        expect(edl.title).toBe(GOLDEN_TITLE);
        expect(edl.dropFrame).toBe(dropFrame);
        expect(text).toMatch(dropFrame ? /^FCM: DROP FRAME$/m : /^FCM: NON-DROP FRAME$/m);
        expect(edl.events.map((e) => e.eventNumber)).toEqual(edl.events.map((_, i) => i + 1));
        expect(text.split('\n').filter((l) => /^\d/.test(l)).every((l) => /^\d{3} {2}/.test(l))).toBe(true);
      });

      it('lays the picture back to back on the scene boundaries, to the frame', () => {
        const picture = edl.events.filter((e) => e.lines[0].channel === PICTURE_CHANNEL);
        expect(picture).toHaveLength(cues.length);
        let expectedRecord = recordStart;
        picture.forEach((event, i) => {
          const cue = cues[i];
          const frames = event.lines[0].frames!;
          expect(frames.recordIn).toBe(expectedRecord);
          expect(frames.recordOut - frames.recordIn).toBe(cue.endFrame - cue.startFrame);
          const origin = cue.videoStartTimecode ? timecodeToFrames(cue.videoStartTimecode, rate) : 0;
          expect(frames.sourceIn).toBe(origin + cue.startFrame);
          expect(frames.sourceOut).toBe(origin + cue.endFrame);
          expect(event.fromClipName).toBe(cue.videoName);
          expect(event.sourceFile).toBe(cue.videoPath);
          expect(event.lines[0].reel.length).toBeLessThanOrEqual(8);
          expectedRecord = frames.recordOut;
        });
      });

      it('puts the music on A2 at the chosen sections, continuing across scenes 0–1 and cross-fading at track changes', () => {
        const music = edl.events.filter((e) => e.lines[0].channel === MUSIC_CHANNEL);
        expect(music).toHaveLength(3);
        const [alpha, second, evening] = music.map(lastLine);
        // Alpha spans scenes 0 and 1 as one event: in at scene 0's chosen in, out at scene 1's chosen out.
        expect(alpha.frames!.sourceIn).toBe(secondsToFrames(cues[0].music!.inSec, rate));
        expect(alpha.frames!.sourceOut).toBe(secondsToFrames(cues[1].music!.outSec, rate));
        expect(alpha.frames!.recordIn).toBe(recordStart);
        expect(alpha.frames!.recordOut).toBe(recordStart + cues[0].endFrame - cues[0].startFrame + cues[1].endFrame - cues[1].startFrame);
        expect(alpha.transition).toBe('C');

        const crossfade = secondsToFrames(0.5, rate);
        for (const [event, cue] of [
          [music[1], cues[2]],
          [music[2], cues[3]],
        ] as const) {
          const incoming = lastLine(event);
          expect(incoming.transition).toBe('D');
          expect(incoming.transitionFrames).toBe(crossfade);
          expect(incoming.frames!.sourceIn).toBe(secondsToFrames(cue.music!.inSec, rate));
          expect(incoming.frames!.sourceOut).toBe(secondsToFrames(cue.music!.outSec, rate));
          // CMX3600 dissolve: the outgoing clip repeated at zero length where the incoming one starts.
          const outgoing = event.lines[0];
          expect(event.lines).toHaveLength(2);
          expect(outgoing.frames!.recordIn).toBe(incoming.frames!.recordIn);
          expect(outgoing.frames!.recordOut).toBe(incoming.frames!.recordIn);
          expect(outgoing.frames!.sourceIn).toBe(outgoing.frames!.sourceOut);
          expect(event.toClipName).toBe(cue.music!.path.split('/').pop());
        }
        expect(music[1].lines[0].frames!.sourceOut).toBe(alpha.frames!.sourceOut);
        expect(music[2].lines[0].frames!.sourceOut).toBe(second.frames!.sourceOut);
        // The last section (4 s) is shorter than its scene (6 s): silence after it, no music past the picture.
        const pictureEnd = recordStart + timeline.duration;
        expect(evening.frames!.recordOut).toBeLessThan(pictureEnd);
        expect(evening.frames!.recordOut - evening.frames!.recordIn).toBe(secondsToFrames(9, rate) - secondsToFrames(5, rate));
      });

      it('never writes a drop-frame label SMPTE skips', () => {
        const timecodes = text.match(/\d{2}:\d{2}:\d{2}[:;]\d{2}/g) ?? [];
        expect(timecodes.length).toBe(edl.events.flatMap((e) => e.lines).length * 4);
        for (const tc of timecodes) {
          expect(tc.includes(';')).toBe(dropFrame);
          if (dropFrame) expect(Number(tc.slice(3, 5)) % 10 !== 0 && /:00;0[01]$/.test(tc), tc).toBe(false);
        }
      });
    });
  }

  it('writes drop-frame labels across a skipped minute boundary and reads them back to the same frames', () => {
    const rate = RATES.fps29_97;
    // A scene whose record out lands exactly on 01:01:00;02 (the first label of minute 1).
    const timeline = buildTimeline('minute boundary', [
      { videoPath: '/m/a.mov', videoName: 'a.mov', sceneIndex: 0, startFrame: 0, endFrame: 1800, videoRate: rate },
      { videoPath: '/m/b.mov', videoName: 'b.mov', sceneIndex: 1, startFrame: 0, endFrame: 17982, videoRate: rate },
    ]);
    const text = writeEdl(timeline);
    expect(text).toContain('01:00:00;00 01:01:00;02');
    expect(text).toContain('00:00:00;00 00:10:00;00 01:01:00;02 01:11:00;02');
    const events = parseEdl(text, { rate }).events;
    expect(events[1].lines[0].frames!.recordOut - events[1].lines[0].frames!.recordIn).toBe(17982);
  });
});

describe('EDL writer edge cases', () => {
  const rate: FrameRate = RATES.fps25;
  const cue = (path: string, sceneIndex: number) => ({ videoPath: path, videoName: path.split('/').pop()!, sceneIndex, startFrame: 0, endFrame: 25, videoRate: rate });

  it('keeps a file name with a newline on one comment line', () => {
    const text = writeEdl(buildTimeline('t', [cue('/m/evil\nname.mov', 0)]));
    expect(text).toContain('* FROM CLIP NAME: evil name.mov');
    expect(parseEdl(text).events).toHaveLength(1);
  });

  it('refuses more events than CMX3600 can number', () => {
    const cues = Array.from({ length: 1000 }, (_, i) => cue(`/m/clip${i}.mov`, i));
    expect(() => writeEdl(buildTimeline('big', cues))).toThrow(/1000 EDL events; CMX3600 holds at most 999/);
  });

  it('writes hard cuts between music tracks when cross-fades are off', () => {
    const cues = [cue('/m/a.mov', 0), cue('/m/b.mov', 1)];
    cues[0] = { ...cues[0], music: { path: '/s/x.wav', title: 'x', inSec: 0, outSec: 1, continuesFromPrevious: false, trackId: 1 } } as never;
    cues[1] = { ...cues[1], music: { path: '/s/y.wav', title: 'y', inSec: 0, outSec: 1, continuesFromPrevious: false, trackId: 2 } } as never;
    const events = parseEdl(writeEdl(buildTimeline('t', cues, { crossfadeFrames: 0 }))).events;
    const music = events.filter((e) => e.lines[0].channel === 'A2');
    expect(music.map((e) => e.lines.map((l) => l.transition))).toEqual([['C'], ['C']]);
  });
});

describe('EDL parser', () => {
  const sample = [
    'TITLE: Premiere style',
    'FCM: NON-DROP FRAME',
    '',
    '001  AX       AA/V  C        00:00:00:00 00:00:05:00 01:00:00:00 01:00:05:00',
    '* FROM CLIP NAME: interview.mov',
    'M2   interview.mov    050.0    00:00:00:00',
    '002  AX       V     C        00:00:05:00 00:00:05:00 01:00:05:00 01:00:05:00',
    '002  BL       V     D    025 00:00:00:00 00:00:01:00 01:00:05:00 01:00:06:00',
    '* FROM CLIP NAME: interview.mov',
    '* FROM FILE: C:\\media\\black.mov',
    '',
  ].join('\r\n');

  it('reads CRLF files, dissolve pairs and comments', () => {
    const edl = parseEdl(sample, { rate: RATES.fps25 });
    expect(edl.title).toBe('Premiere style');
    expect(edl.dropFrame).toBe(false);
    expect(edl.events).toHaveLength(2);
    expect(edl.events[0].lines[0]).toMatchObject({ reel: 'AX', channel: 'AA/V', transition: 'C', transitionFrames: 0 });
    expect(edl.events[0].comments).toEqual(['* FROM CLIP NAME: interview.mov', 'M2   interview.mov    050.0    00:00:00:00']);
    expect(edl.events[1].lines.map((l) => [l.reel, l.transition, l.transitionFrames])).toEqual([
      ['AX', 'C', 0],
      ['BL', 'D', 25],
    ]);
    expect(edl.events[1].lines[1].frames).toEqual({ sourceIn: 0, sourceOut: 25, recordIn: 90125, recordOut: 90150 });
    expect(edl.events[1].sourceFile).toBe('C:\\media\\black.mov');
  });

  it('names the line and the reason on bad input', () => {
    const bad = (body: string) => () => parseEdl(`TITLE: x\nFCM: DROP FRAME\n${body}\n`, { rate: RATES.fps29_97 });
    expect(bad('001  AX  V  C  00:00:00;00 00:00:01;00 01:00:00;00')).toThrow(/EDL line 3: expected 8 or 9 fields in an event line, got 7/);
    expect(bad('001  AX  V  C  00:00:00;00 00:00:01;00 01:00:00;00 1:00:01;00')).toThrow(/line 3: "1:00:01;00" is not a timecode/);
    expect(bad('001  AX  V  C  00:01:00;00 00:01:01;00 01:00:00;00 01:00:01;00')).toThrow(/line 3: .*skips frames 00–01/);
    expect(bad('001  AX  V  D  00:00:00;00 00:00:01;00 01:00:00;00 01:00:01;00')).toThrow(/line 3: transition "D" needs a length/);
    expect(bad('001  AX  V  D  abc 00:00:00;00 00:00:01;00 01:00:00;00 01:00:01;00')).toThrow(/line 3: transition length "abc"/);
    expect(() => parseEdl('FCM: HALF FRAME')).toThrow(EdlParseError);
  });
});
