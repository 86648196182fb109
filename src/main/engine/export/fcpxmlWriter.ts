import { type FrameRate, sameRate } from '../../../shared/time';
import { fileUrl } from './fileUrl';
import { type XmlElement, element, renderXml } from './xml';
import { type MusicClip, type Timeline, type VideoClip, crossfadeOutFrames, mediaUses } from './timeline';

/**
 * FCPXML 1.10 writer: resources (one format per picture rate, one asset per file with a media-rep
 * file URL), library > event > project > sequence > spine. Picture clips are asset-clips in the
 * spine; each music clip is an asset-clip connected below the picture clip it starts under
 * (lane -1, or -2 while it overlaps the previous music clip's cross-fade tail), role "music",
 * with linear fadeIn/fadeOut on adjust-volume for cross-fades. Times are rational seconds on the
 * timeline's frame grid ('3003/30000s'), 4-space indent, UTF-8.
 */

export const FCPXML_VERSION = '1.10';

/** Frames as FCPXML rational seconds with the rate's numerator as time scale: 3 frames at 29.97 → '3003/30000s', 50 at 25 → '2s'. */
export function fcpxmlTime(frames: number, rate: FrameRate): string {
  const numerator = frames * rate.den;
  if (numerator === 0) return '0s';
  return numerator % rate.num === 0 ? `${numerator / rate.num}s` : `${numerator}/${rate.num}s`;
}

interface FcpContext {
  timeline: Timeline;
  time: (frames: number) => string;
  assetIds: Map<string, string>;
}

function formatResources(timeline: Timeline): { formats: XmlElement[]; formatIdFor: (rate: FrameRate) => string } {
  const rates: FrameRate[] = [timeline.rate];
  for (const clip of timeline.videoClips) if (!rates.some((r) => sameRate(r, clip.media.rate))) rates.push(clip.media.rate);
  const size = timeline.frameSize;
  const formats = rates.map((rate, i) =>
    element('format', [
      ['id', `r${i + 1}`],
      ['frameDuration', fcpxmlTime(1, rate)],
      ['width', size ? String(size.width) : undefined],
      ['height', size ? String(size.height) : undefined],
    ]),
  );
  return { formats, formatIdFor: (rate) => `r${rates.findIndex((r) => sameRate(r, rate)) + 1}` };
}

function assetResources(ctx: FcpContext, firstId: number, formatIdFor: (rate: FrameRate) => string): XmlElement[] {
  const uses = mediaUses(ctx.timeline);
  const mediaRep = (path: string): XmlElement => element('media-rep', [['kind', 'original-media'], ['src', fileUrl(path)]]);
  let next = firstId;
  const register = (path: string): string => {
    const id = `r${next++}`;
    ctx.assetIds.set(path, id);
    return id;
  };
  const pictures = uses.pictures.map(({ media, usedFrames }) =>
    element(
      'asset',
      [
        ['id', register(media.path)],
        ['name', media.fileName],
        ['start', ctx.time(media.originFrame)],
        ['duration', ctx.time(usedFrames)],
        ['hasVideo', '1'],
        ['format', formatIdFor(media.rate)],
      ],
      [mediaRep(media.path)],
    ),
  );
  const music = uses.music.map(({ media, usedFrames }) =>
    element(
      'asset',
      [
        ['id', register(media.path)],
        ['name', media.fileName],
        ['start', '0s'],
        ['duration', ctx.time(usedFrames)],
        ['hasAudio', '1'],
        ['audioSources', '1'],
        ['audioRate', media.sampleRate === undefined ? undefined : String(media.sampleRate)],
      ],
      [mediaRep(media.path)],
    ),
  );
  return [...pictures, ...music];
}

function fades(fadeIn: number, fadeOut: number, ctx: FcpContext): XmlElement[] {
  if (fadeIn === 0 && fadeOut === 0) return [];
  const ramps = [
    ...(fadeIn > 0 ? [element('fadeIn', [['type', 'linear'], ['duration', ctx.time(fadeIn)]])] : []),
    ...(fadeOut > 0 ? [element('fadeOut', [['type', 'linear'], ['duration', ctx.time(fadeOut)]])] : []),
  ];
  return [element('adjust-volume', [], [element('param', [['name', 'amount']], ramps)])];
}

/** Connected clip offsets are in the parent clip's source time: the parent's start plus the distance from its record in. */
function connectedMusic(music: MusicClip, index: number, lane: number, parent: VideoClip, ctx: FcpContext): XmlElement {
  const tail = crossfadeOutFrames(ctx.timeline.musicClips, index);
  const offset = parent.media.originFrame + parent.sourceIn + (music.recordIn - parent.recordIn);
  return element(
    'asset-clip',
    [
      ['ref', ctx.assetIds.get(music.media.path)],
      ['lane', String(lane)],
      ['offset', ctx.time(offset)],
      ['name', music.title],
      ['start', ctx.time(music.sourceIn)],
      ['duration', ctx.time(music.recordOut - music.recordIn + tail)],
      ['audioRole', 'music'],
    ],
    [
      ...fades(music.crossfadeIn, tail, ctx),
      // Markers sit in the clip's source (asset) time, one frame long as Final Cut Pro makes them.
      ...music.markers.map((beat) => element('marker', [['start', ctx.time(beat.sourceFrame)], ['duration', ctx.time(1)], ['value', beat.name]])),
    ],
  );
}

/** Lane -1 for music; a cross-faded clip takes the other lane so it can overlap the outgoing clip's tail. */
export function musicLanes(clips: readonly MusicClip[]): number[] {
  const lanes: number[] = [];
  clips.forEach((clip, i) => lanes.push(clip.crossfadeIn > 0 && lanes[i - 1] === -1 ? -2 : -1));
  return lanes;
}

function spine(ctx: FcpContext): XmlElement {
  const { timeline } = ctx;
  const lanes = musicLanes(timeline.musicClips);
  const clips = timeline.videoClips.map((video) => {
    const connected = timeline.musicClips.flatMap((music, i) =>
      music.recordIn >= video.recordIn && music.recordIn < video.recordOut ? [connectedMusic(music, i, lanes[i], video, ctx)] : [],
    );
    return element(
      'asset-clip',
      [
        ['ref', ctx.assetIds.get(video.media.path)],
        ['offset', ctx.time(timeline.startFrame + video.recordIn)],
        ['name', video.media.fileName],
        ['start', ctx.time(video.media.originFrame + video.sourceIn)],
        ['duration', ctx.time(video.recordOut - video.recordIn)],
      ],
      connected,
    );
  });
  return element('spine', [], clips);
}

export function writeFcpxml(timeline: Timeline): string {
  const ctx: FcpContext = { timeline, time: (frames) => fcpxmlTime(frames, timeline.rate), assetIds: new Map() };
  const { formats, formatIdFor } = formatResources(timeline);
  const assets = assetResources(ctx, formats.length + 1, formatIdFor);
  const sequence = element(
    'sequence',
    [
      ['format', formatIdFor(timeline.rate)],
      ['duration', ctx.time(timeline.duration)],
      ['tcStart', ctx.time(timeline.startFrame)],
      ['tcFormat', timeline.dropFrame ? 'DF' : 'NDF'],
      ['audioLayout', 'stereo'],
      ['audioRate', '48k'],
    ],
    [spine(ctx)],
  );
  const root = element(
    'fcpxml',
    [['version', FCPXML_VERSION]],
    [
      element('resources', [], [...formats, ...assets]),
      element('library', [], [element('event', [['name', timeline.name]], [element('project', [['name', timeline.name]], [sequence])])]),
    ],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n\n${renderXml(root)}\n`;
}

