import { framesToTimecode } from '../../../shared/time';
import type { MediaRef, MusicClip, Timeline, VideoClip } from './timeline';

/**
 * CMX3600 EDL writer. Layout (docs/export-formats.md): picture on V, music on audio channel 2 (A2,
 * leaving A1 to production sound), events in record order (picture before music at the same
 * record in), one blank line between events, LF line endings, UTF-8.
 */

export const PICTURE_CHANNEL = 'V';
export const MUSIC_CHANNEL = 'A2';
/** CMX3600 event numbers have three digits. */
export const MAX_EDL_EVENTS = 999;
/** CMX3600 titles are at most 70 characters. */
const MAX_TITLE_LENGTH = 70;

/** One event line; positions are absolute frames (timecode origin included) at the timeline rate. */
export interface EdlEventLine {
  reel: string;
  channel: string;
  /** 0 = cut ('C'); otherwise a dissolve ('D nnn') of that many frames into this line's source. */
  dissolveFrames: number;
  sourceIn: number;
  sourceOut: number;
  recordIn: number;
  recordOut: number;
}

/** A numbered edit: one line for a cut, two (outgoing at zero length, then incoming 'D') for a dissolve. */
export interface EdlEvent {
  lines: EdlEventLine[];
  comments: string[];
}

/** Comment text on one line: control characters (a newline in a file name) would start a bogus event. */
function commentSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/**
 * The media path twice: `FROM FILE` is what OpenTimelineIO's CMX reader (and Nucoda) link media by,
 * `SOURCE FILE` is the comment Resolve writes and reads.
 */
function pathComments(path: string): string[] {
  return [`* FROM FILE: ${commentSafe(path)}`, `* SOURCE FILE: ${commentSafe(path)}`];
}

function fileComments(media: MediaRef): string[] {
  return [`* FROM CLIP NAME: ${commentSafe(media.fileName)}`, ...pathComments(media.path)];
}

function pictureEvent(clip: VideoClip, timeline: Timeline): EdlEvent {
  const origin = clip.media.originFrame;
  return {
    lines: [
      {
        reel: clip.media.reel,
        channel: PICTURE_CHANNEL,
        dissolveFrames: 0,
        sourceIn: origin + clip.sourceIn,
        sourceOut: origin + clip.sourceOut,
        recordIn: timeline.startFrame + clip.recordIn,
        recordOut: timeline.startFrame + clip.recordOut,
      },
    ],
    comments: fileComments(clip.media),
  };
}

function musicLine(clip: MusicClip, timeline: Timeline, dissolveFrames: number): EdlEventLine {
  return {
    reel: clip.media.reel,
    channel: MUSIC_CHANNEL,
    dissolveFrames,
    sourceIn: clip.sourceIn,
    sourceOut: clip.sourceOut,
    recordIn: timeline.startFrame + clip.recordIn,
    recordOut: timeline.startFrame + clip.recordOut,
  };
}

/**
 * A cross-faded music clip follows CMX3600's dissolve layout: the outgoing clip repeated at zero
 * length at its out point, then the incoming clip with 'D nnn' from the same record in. The dissolve
 * starts at the incoming clip's record in; the outgoing media plays on for nnn frames past its out.
 */
/**
 * Beat markers as locators, `* LOC: <timecode> <colour> <name>`, in the clip's source timecode: where
 * OpenTimelineIO's CMX reader and writer put a clip's markers (docs/export-formats.md).
 */
function locatorComments(clip: MusicClip, timeline: Timeline): string[] {
  return clip.markers.map((beat) => {
    const tc = framesToTimecode(beat.sourceFrame, timeline.rate, { dropFrame: timeline.dropFrame });
    return `* LOC: ${tc} ${(beat.downbeat ? 'RED' : 'BLUE').padEnd(7)} ${commentSafe(beat.name)}`;
  });
}

function musicEvent(clip: MusicClip, previous: MusicClip | undefined, timeline: Timeline): EdlEvent {
  if (!previous || clip.crossfadeIn === 0) {
    return { lines: [musicLine(clip, timeline, 0)], comments: [...fileComments(clip.media), ...locatorComments(clip, timeline)] };
  }
  const cutPoint = timeline.startFrame + clip.recordIn;
  const outgoing: EdlEventLine = {
    reel: previous.media.reel,
    channel: MUSIC_CHANNEL,
    dissolveFrames: 0,
    sourceIn: previous.sourceOut,
    sourceOut: previous.sourceOut,
    recordIn: cutPoint,
    recordOut: cutPoint,
  };
  return {
    lines: [outgoing, musicLine(clip, timeline, clip.crossfadeIn)],
    comments: [
      `* FROM CLIP NAME: ${commentSafe(previous.media.fileName)}`,
      `* TO CLIP NAME: ${commentSafe(clip.media.fileName)}`,
      ...pathComments(clip.media.path),
      ...locatorComments(clip, timeline),
    ],
  };
}

/** The timeline as numbered EDL events, in record order, picture before music on a tie. */
export function edlEvents(timeline: Timeline): EdlEvent[] {
  const picture = timeline.videoClips.map((clip) => pictureEvent(clip, timeline));
  const music = timeline.musicClips.map((clip, i) => musicEvent(clip, timeline.musicClips[i - 1], timeline));
  const events = [...picture, ...music].sort((a, b) => a.lines[0].recordIn - b.lines[0].recordIn || channelOrder(a) - channelOrder(b));
  if (events.length > MAX_EDL_EVENTS) {
    throw new Error(`timeline "${timeline.name}" needs ${events.length} EDL events; CMX3600 holds at most ${MAX_EDL_EVENTS}`);
  }
  return events;
}

function channelOrder(event: EdlEvent): number {
  return event.lines[0].channel === PICTURE_CHANNEL ? 0 : 1;
}

function formatLine(eventNumber: number, line: EdlEventLine, timeline: Timeline): string {
  const tc = (frames: number): string => framesToTimecode(frames, timeline.rate, { dropFrame: timeline.dropFrame });
  const transition = line.dissolveFrames > 0 ? `D ${String(line.dissolveFrames).padStart(3, '0')}    ` : 'C        ';
  return (
    `${String(eventNumber).padStart(3, '0')}  ${line.reel.padEnd(8)} ${line.channel.padEnd(5)} ${transition}` +
    `${tc(line.sourceIn)} ${tc(line.sourceOut)} ${tc(line.recordIn)} ${tc(line.recordOut)}`
  );
}

export function writeEdl(timeline: Timeline): string {
  const title = commentSafe(timeline.name).trim().slice(0, MAX_TITLE_LENGTH);
  const header = [`TITLE: ${title}`, `FCM: ${timeline.dropFrame ? 'DROP FRAME' : 'NON-DROP FRAME'}`];
  const blocks = edlEvents(timeline).map((event, i) =>
    [...event.lines.map((line) => formatLine(i + 1, line, timeline)), ...event.comments].join('\n'),
  );
  return [header.join('\n'), ...blocks].join('\n\n') + '\n';
}
