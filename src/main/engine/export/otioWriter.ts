import { formatFrameRate, framesToTimecode, rateToFps } from '../../../shared/time';
import { fileUrl } from './fileUrl';
import { type BeatMarker, type MediaRef, type MediaUse, type MusicClip, type Timeline, type VideoClip, mediaUses } from './timeline';

/**
 * OpenTimelineIO JSON as OTIO 0.17 serialises it: Timeline.1 > Stack.1 > Track.1 (Video, Audio),
 * Clip.2 with one ExternalReference.1 under DEFAULT_MEDIA, Gap.1 for silence, Transition.1
 * (SMPTE_Dissolve, in_offset 0, out_offset n: the CMX dissolve layout, as OTIO's own EDL adapter
 * reads it) for music cross-fades. Keys in OTIO's write order, 4-space indent, every RationalTime
 * at the timeline rate as doubles. Our own data sits under metadata.cuefinder; the reel under
 * metadata.cmx_3600.reel, where OTIO's EDL adapter looks for it.
 */

export const OTIO_METADATA_KEY = 'cuefinder';
export const OTIO_METADATA_VERSION = 1;
/** OTIO marker colours: bars stand out from beats, as beat-marking plug-ins colour them. */
const BAR_MARKER_COLOR = 'RED';
const BEAT_MARKER_COLOR = 'BLUE';

/** A JSON number OTIO writes as a double: integral values keep a '.0' ("rate": 25.0). */
class Double {
  constructor(readonly value: number) {}
}

type Json = null | boolean | number | string | Double | Json[] | { [key: string]: Json };

function serialize(value: Json, indent: string): string {
  if (value instanceof Double) return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + '    ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + serialize(item, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${serialize(item, inner)}`).join(',\n')}\n${indent}}`;
}

interface OtioContext {
  timeline: Timeline;
  fps: number;
  usedFrames: Map<string, number>;
}

function rationalTime(frames: number, ctx: OtioContext): Json {
  return { OTIO_SCHEMA: 'RationalTime.1', rate: new Double(ctx.fps), value: new Double(frames) };
}

function timeRange(start: number, duration: number, ctx: OtioContext): Json {
  return { OTIO_SCHEMA: 'TimeRange.1', duration: rationalTime(duration, ctx), start_time: rationalTime(start, ctx) };
}

function externalReference(media: MediaRef, ctx: OtioContext): Json {
  return {
    OTIO_SCHEMA: 'ExternalReference.1',
    metadata: {},
    name: media.fileName,
    available_range: timeRange(media.originFrame, ctx.usedFrames.get(media.path) ?? 0, ctx),
    available_image_bounds: null,
    target_url: fileUrl(media.path),
  };
}

/** A beat marker in the clip's source time (OTIO's frame of reference for a clip's markers), zero length. */
function marker(beat: BeatMarker, media: MediaRef, ctx: OtioContext): Json {
  return {
    OTIO_SCHEMA: 'Marker.2',
    metadata: {},
    name: beat.name,
    color: beat.downbeat ? BAR_MARKER_COLOR : BEAT_MARKER_COLOR,
    marked_range: timeRange(media.originFrame + beat.sourceFrame, 0, ctx),
    comment: '',
  };
}

function clip(
  name: string,
  media: MediaRef,
  sourceIn: number,
  sourceOut: number,
  metadata: { [key: string]: Json },
  ctx: OtioContext,
  markers: readonly BeatMarker[] = [],
): Json {
  return {
    OTIO_SCHEMA: 'Clip.2',
    metadata: { ...metadata, cmx_3600: { reel: media.reel } },
    name,
    source_range: timeRange(media.originFrame + sourceIn, sourceOut - sourceIn, ctx),
    effects: [],
    markers: markers.map((beat) => marker(beat, media, ctx)),
    enabled: true,
    media_references: { DEFAULT_MEDIA: externalReference(media, ctx) },
    active_media_reference_key: 'DEFAULT_MEDIA',
  };
}

function gap(frames: number, ctx: OtioContext): Json {
  return { OTIO_SCHEMA: 'Gap.1', metadata: {}, name: '', source_range: timeRange(0, frames, ctx), effects: [], markers: [], enabled: true };
}

function crossfade(frames: number, ctx: OtioContext): Json {
  return {
    OTIO_SCHEMA: 'Transition.1',
    metadata: {},
    name: 'Cross-fade',
    in_offset: rationalTime(0, ctx),
    out_offset: rationalTime(frames, ctx),
    transition_type: 'SMPTE_Dissolve',
  };
}

function track(name: string, kind: 'Video' | 'Audio', children: Json[]): Json {
  return { OTIO_SCHEMA: 'Track.1', metadata: {}, name, source_range: null, effects: [], markers: [], enabled: true, children, kind };
}

function pictureClip(video: VideoClip, ctx: OtioContext): Json {
  return clip(video.media.fileName, video.media, video.sourceIn, video.sourceOut, { [OTIO_METADATA_KEY]: { sceneIndex: video.sceneIndex } }, ctx);
}

function musicClip(music: MusicClip, ctx: OtioContext): Json {
  const info: { [key: string]: Json } = { title: music.title, trackId: music.trackId, sceneIndexes: music.sceneIndexes };
  if (music.media.sampleRate !== undefined) info.sampleRate = music.media.sampleRate;
  return clip(music.title, music.media, music.sourceIn, music.sourceOut, { [OTIO_METADATA_KEY]: info }, ctx, music.markers);
}

/** The music track padded with gaps so that, like the picture track, it runs from 0 to the timeline's end. */
function musicChildren(ctx: OtioContext): Json[] {
  const children: Json[] = [];
  let cursor = 0;
  for (const music of ctx.timeline.musicClips) {
    if (music.recordIn > cursor) children.push(gap(music.recordIn - cursor, ctx));
    if (music.crossfadeIn > 0 && music.recordIn === cursor) children.push(crossfade(music.crossfadeIn, ctx));
    children.push(musicClip(music, ctx));
    cursor = music.recordOut;
  }
  if (ctx.timeline.duration > cursor) children.push(gap(ctx.timeline.duration - cursor, ctx));
  return children;
}

function usedFramesByPath(uses: MediaUse[]): Map<string, number> {
  return new Map(uses.map((use) => [use.media.path, use.usedFrames]));
}

export function writeOtio(timeline: Timeline): string {
  const uses = mediaUses(timeline);
  const ctx: OtioContext = { timeline, fps: rateToFps(timeline.rate), usedFrames: usedFramesByPath([...uses.pictures, ...uses.music]) };
  const document: Json = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: {
      [OTIO_METADATA_KEY]: {
        version: OTIO_METADATA_VERSION,
        rate: formatFrameRate(timeline.rate),
        dropFrame: timeline.dropFrame,
        startTimecode: framesToTimecode(timeline.startFrame, timeline.rate, { dropFrame: timeline.dropFrame }),
      },
    },
    name: timeline.name,
    global_start_time: rationalTime(timeline.startFrame, ctx),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: [],
      enabled: true,
      children: [
        track('Picture', 'Video', timeline.videoClips.map((video) => pictureClip(video, ctx))),
        track('Music', 'Audio', musicChildren(ctx)),
      ],
    },
  };
  return serialize(document, '') + '\n';
}
