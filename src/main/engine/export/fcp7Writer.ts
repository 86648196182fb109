import { type FrameRate, framesToTimecode, isNtscRate, nominalTimebase } from '../../../shared/time';
import { fileUrl } from './fileUrl';
import { type MediaRef, type MediaUse, type MusicClip, type Timeline, type VideoClip, mediaUses } from './timeline';
import { type XmlElement, element, renderXml, textElement } from './xml';

/**
 * Final Cut Pro 7 XML (xmeml version 5), the interchange Premiere Pro and Resolve import with whole
 * file names and several tracks: one sequence, a video track of clipitems (one per scene) and an
 * audio track "Music" whose clipitems are the music clips, with an audio cross-fade transitionitem
 * (alignment "start": it begins on the cut, as in the other formats) where one abuts another, and
 * beat markers on the music clipitems. Every <file> is written once, then referenced by id. Frame
 * numbers are at the timeline rate: start/end in the sequence, in/out from the media's first frame.
 */

export const XMEML_VERSION = '5';
/** Final Cut Pro 7's audio cross-fade, which Premiere maps to its Constant Power cross-fade. */
const AUDIO_CROSSFADE = { name: 'Cross Fade (+3dB)', id: 'KGAudioTransCrossFade3dB' };

function rateElement(rate: FrameRate): XmlElement {
  return element('rate', [], [textElement('timebase', nominalTimebase(rate)), textElement('ntsc', isNtscRate(rate) ? 'TRUE' : 'FALSE')]);
}

function timecodeElement(frames: number, timeline: Timeline): XmlElement {
  return element('timecode', [], [
    rateElement(timeline.rate),
    textElement('string', framesToTimecode(frames, timeline.rate, { dropFrame: timeline.dropFrame })),
    textElement('frame', frames),
    textElement('displayformat', timeline.dropFrame ? 'DF' : 'NDF'),
  ]);
}

interface Fcp7Context {
  timeline: Timeline;
  uses: Map<string, number>;
  fileIds: Map<string, string>;
}

/** The full <file> the first time a path is used, then <file id=…/> (FCP 7's back-reference). */
function fileElement(media: MediaRef, kind: 'video' | 'audio', ctx: Fcp7Context): XmlElement {
  const known = ctx.fileIds.get(media.path);
  if (known) return element('file', [['id', known]]);
  const id = `file-${ctx.fileIds.size + 1}`;
  ctx.fileIds.set(media.path, id);
  return element(
    'file',
    [['id', id]],
    [
      textElement('name', media.fileName),
      textElement('pathurl', fileUrl(media.path)),
      rateElement(ctx.timeline.rate),
      textElement('duration', ctx.uses.get(media.path) ?? 0),
      timecodeElement(media.originFrame, ctx.timeline),
      element('media', [], [element(kind, [])]),
    ],
  );
}

function clipItem(
  id: string,
  name: string,
  media: MediaRef,
  kind: 'video' | 'audio',
  range: { sourceIn: number; sourceOut: number; recordIn: number; recordOut: number },
  extra: XmlElement[],
  ctx: Fcp7Context,
): XmlElement {
  return element(
    'clipitem',
    [['id', id]],
    [
      textElement('name', name),
      textElement('duration', ctx.uses.get(media.path) ?? 0),
      rateElement(ctx.timeline.rate),
      textElement('start', range.recordIn),
      textElement('end', range.recordOut),
      textElement('in', range.sourceIn),
      textElement('out', range.sourceOut),
      fileElement(media, kind, ctx),
      ...extra,
    ],
  );
}

function pictureItem(clip: VideoClip, index: number, ctx: Fcp7Context): XmlElement {
  return clipItem(`clipitem-v${index + 1}`, clip.media.fileName, clip.media, 'video', clip, [], ctx);
}

function musicItem(clip: MusicClip, index: number, ctx: Fcp7Context): XmlElement {
  const sourceTrack = element('sourcetrack', [], [textElement('mediatype', 'audio'), textElement('trackindex', 1)]);
  // Markers are in the media's frames, as in/out are.
  const markers = clip.markers.map((beat) =>
    element('marker', [], [textElement('comment', ''), textElement('name', beat.name), textElement('in', beat.sourceFrame), textElement('out', -1)]),
  );
  return clipItem(`clipitem-a${index + 1}`, clip.title, clip.media, 'audio', clip, [sourceTrack, ...markers], ctx);
}

function crossfadeItem(clip: MusicClip, ctx: Fcp7Context): XmlElement {
  return element('transitionitem', [], [
    rateElement(ctx.timeline.rate),
    textElement('start', clip.recordIn),
    textElement('end', clip.recordIn + clip.crossfadeIn),
    textElement('alignment', 'start'),
    element('effect', [], [
      textElement('name', AUDIO_CROSSFADE.name),
      textElement('effectid', AUDIO_CROSSFADE.id),
      textElement('effecttype', 'transition'),
      textElement('mediatype', 'audio'),
    ]),
  ]);
}

function usedFramesByPath(uses: MediaUse[]): Map<string, number> {
  return new Map(uses.map((use) => [use.media.path, use.usedFrames]));
}

export function writeFcp7Xml(timeline: Timeline): string {
  const uses = mediaUses(timeline);
  const ctx: Fcp7Context = { timeline, uses: usedFramesByPath([...uses.pictures, ...uses.music]), fileIds: new Map() };
  const size = timeline.frameSize;
  const format = size
    ? [element('format', [], [element('samplecharacteristics', [], [rateElement(timeline.rate), textElement('width', size.width), textElement('height', size.height)])])]
    : [];
  const videoTrack = element('track', [], timeline.videoClips.map((clip, i) => pictureItem(clip, i, ctx)));
  const musicChildren = timeline.musicClips.flatMap((clip, i) => [...(clip.crossfadeIn > 0 ? [crossfadeItem(clip, ctx)] : []), musicItem(clip, i, ctx)]);
  const audioTrack = element('track', [], musicChildren);
  const sequence = element(
    'sequence',
    [['id', 'sequence-1']],
    [
      textElement('name', timeline.name),
      textElement('duration', timeline.duration),
      rateElement(timeline.rate),
      timecodeElement(timeline.startFrame, timeline),
      element('media', [], [element('video', [], [...format, videoTrack]), element('audio', [], [audioTrack])]),
    ],
  );
  const root = element('xmeml', [['version', XMEML_VERSION]], [sequence]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xmeml>\n${renderXml(root)}\n`;
}
