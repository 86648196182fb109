import {
  type FrameRate,
  formatFrameRate,
  rescaleFrames,
  secondsToFrames,
  supportsDropFrame,
  timecodeToFrames,
} from '../../../shared/time';
import { assignReels } from './reels';

/** One scene of the project and the music chosen for it (if any). */
export interface SceneCue {
  videoPath: string;
  videoName: string;
  /** Reel/tape name from the file's metadata, if it has one; otherwise one is derived from the file name. */
  reel?: string;
  sceneIndex: number;
  /** Frames at the video's own rate; endFrame exclusive. */
  startFrame: number;
  endFrame: number;
  videoRate: FrameRate;
  /** Source timecode of the video's frame 0, if the file has one (';' marks drop-frame). */
  videoStartTimecode?: string;
  music?: MusicCue;
}

export interface MusicCue {
  path: string;
  title: string;
  /** The chosen section of the track, in seconds from the start of the file. */
  inSec: number;
  outSec: number;
  /** The music of the previous scene runs on through this one (same file, continuous source). */
  continuesFromPrevious: boolean;
  trackId: number;
  sampleRate?: number;
  /** The track's downbeats (bar starts), seconds from the start of the file; markers are made from those inside the section. */
  downbeats?: readonly number[];
  /** The track's beats, seconds from the start of the file (used when markers are 'beats'). */
  beats?: readonly number[];
}

import type { MarkerMode } from '../../../shared/contract';

export type { MarkerMode };
/** Which beat markers music clips carry: bar starts, every beat, or none. */
export const MARKER_MODES: readonly MarkerMode[] = ['bars', 'beats', 'none'];

/** A beat marker on a music clip. */
export interface BeatMarker {
  /** Source frame at the timeline rate (the same frames as sourceIn/sourceOut), inside the clip. */
  sourceFrame: number;
  /** 'Bar 3' on a downbeat, 'Bar 3 beat 2' elsewhere (bars counted from the clip's first downbeat). */
  name: string;
  downbeat: boolean;
}

/** A file used by the timeline. */
export interface MediaRef {
  /** Path as given by the caller (absolute). */
  path: string;
  /** File name with extension, as NLEs show it. */
  fileName: string;
  /** ≤ 8 characters, [A-Z0-9], unique per path within one timeline (see docs/export-formats.md). */
  reel: string;
  /** Timeline-rate frame of the media's first frame: its start timecode, 0 when it has none. */
  originFrame: number;
}

export interface VideoClip {
  media: MediaRef & { rate: FrameRate };
  sceneIndex: number;
  /** Source frames at the timeline rate, counted from the media's first frame (add originFrame for timecode); out exclusive. */
  sourceIn: number;
  sourceOut: number;
  /** Record frames at the timeline rate, counted from the timeline start; out exclusive. */
  recordIn: number;
  recordOut: number;
}

export interface MusicClip {
  media: MediaRef & { sampleRate?: number };
  title: string;
  trackId: number;
  /** Scene indexes (SceneCue.sceneIndex) this clip plays under, in timeline order. */
  sceneIndexes: number[];
  sourceIn: number;
  sourceOut: number;
  recordIn: number;
  recordOut: number;
  /**
   * Frames of cross-fade from the previous music clip, starting at recordIn (the CMX3600 dissolve
   * layout). The previous clip ends at recordIn in the model but its media plays on, fading out, for
   * this many frames past its sourceOut. 0 = a cut or no neighbour.
   */
  crossfadeIn: number;
  /** Beat markers inside [sourceIn, sourceOut), in time order; empty unless markers were asked for. */
  markers: BeatMarker[];
}

export interface Timeline {
  name: string;
  rate: FrameRate;
  dropFrame: boolean;
  /** Record timecode of the first frame, as a frame count (01:00:00:00 by default). */
  startFrame: number;
  /** Total length in frames (the picture track is contiguous from 0 to duration). */
  duration: number;
  videoClips: VideoClip[];
  /** In record order, non-overlapping in the model (cross-fade tails are described by crossfadeIn). */
  musicClips: MusicClip[];
  /** Picture size, when the caller knows it (FCPXML's format wants one). */
  frameSize?: FrameSize;
}

export interface FrameSize {
  width: number;
  height: number;
}

export interface BuildTimelineOptions {
  /** Project rate; defaults to the first scene's video rate. */
  rate?: FrameRate;
  /** Defaults to true at 29.97 and 59.94, false elsewhere. */
  dropFrame?: boolean;
  /** Record start; defaults to 01:00:00:00 (';' separator at drop-frame). */
  startTimecode?: string;
  /** Cross-fade length where one music clip cuts to another; defaults to 0.5 s rounded to frames. 0 = hard cuts. */
  crossfadeFrames?: number;
  frameSize?: FrameSize;
  /** Beat markers on music clips, from the cues' downbeats/beats; defaults to 'none'. */
  markers?: MarkerMode;
}

/** The longest dissolve CMX3600 can express (three digits). */
const MAX_CROSSFADE_FRAMES = 999;

/** The file name of a POSIX or Windows path. */
export function fileNameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function describeCue(cue: SceneCue, position: number): string {
  return `scene ${cue.sceneIndex} of "${cue.videoPath}" (cue ${position + 1})`;
}

function validateCue(cue: SceneCue, position: number): void {
  const where = describeCue(cue, position);
  if (!cue.videoPath) throw new Error(`cue ${position + 1}: videoPath is empty`);
  if (!Number.isSafeInteger(cue.startFrame) || !Number.isSafeInteger(cue.endFrame) || cue.startFrame < 0) {
    throw new Error(`${where}: startFrame and endFrame must be whole frames ≥ 0 (got ${cue.startFrame}–${cue.endFrame})`);
  }
  if (cue.endFrame <= cue.startFrame) {
    throw new Error(`${where}: endFrame (${cue.endFrame}) must be after startFrame (${cue.startFrame})`);
  }
  const music = cue.music;
  if (!music) return;
  if (!music.path) throw new Error(`${where}: music path is empty`);
  if (!Number.isFinite(music.inSec) || !Number.isFinite(music.outSec) || music.inSec < 0 || music.outSec <= music.inSec) {
    throw new Error(`${where}: music "${music.path}" section ${music.inSec}–${music.outSec} s is not a forward range from ≥ 0 s`);
  }
}

function sourceOrigin(cue: SceneCue, rate: FrameRate, position: number): number {
  if (!cue.videoStartTimecode) return 0;
  try {
    return rescaleFrames(timecodeToFrames(cue.videoStartTimecode, cue.videoRate), cue.videoRate, rate);
  } catch (err) {
    throw new Error(`${describeCue(cue, position)}: start timecode: ${(err as Error).message}`, { cause: err });
  }
}

function defaultStartTimecode(dropFrame: boolean): string {
  return dropFrame ? '01:00:00;00' : '01:00:00:00';
}

interface Placement {
  cue: SceneCue;
  recordIn: number;
  recordOut: number;
}

/** Scenes back to back from record 0, each rescaled to the timeline rate on its absolute frames so neighbours stay contiguous. */
function layPicture(cues: SceneCue[], rate: FrameRate, reels: Map<string, string>): { clips: VideoClip[]; placements: Placement[] } {
  const clips: VideoClip[] = [];
  const placements: Placement[] = [];
  let record = 0;
  cues.forEach((cue, position) => {
    const sourceIn = rescaleFrames(cue.startFrame, cue.videoRate, rate);
    const sourceOut = rescaleFrames(cue.endFrame, cue.videoRate, rate);
    if (sourceOut <= sourceIn) {
      throw new Error(`${describeCue(cue, position)}: shorter than one frame at ${formatFrameRate(rate)} fps`);
    }
    const media = {
      path: cue.videoPath,
      fileName: cue.videoName || fileNameOf(cue.videoPath),
      reel: reels.get(cue.videoPath) as string,
      originFrame: sourceOrigin(cue, rate, position),
      rate: cue.videoRate,
    };
    const length = sourceOut - sourceIn;
    clips.push({ media, sceneIndex: cue.sceneIndex, sourceIn, sourceOut, recordIn: record, recordOut: record + length });
    placements.push({ cue, recordIn: record, recordOut: record + length });
    record += length;
  });
  return { clips, placements };
}

/**
 * Music under each scene: the chosen section starts with the scene and is cut at the scene's end
 * if longer (a shorter section leaves silence). A continuing cue extends the previous clip when it
 * is the same file and ends exactly where this scene starts; the extension runs to the cue's outSec
 * (its inSec is not used: the source is continuous by definition).
 */
function layMusic(placements: Placement[], rate: FrameRate, reels: Map<string, string>, crossfadeFrames: number, markerMode: MarkerMode): MusicClip[] {
  const clips: MusicClip[] = [];
  // The cue whose beat grid each clip uses (a continued clip keeps its first cue's: same file).
  const beatsOf = new Map<number, MusicCue>();
  for (const { cue, recordIn, recordOut } of placements) {
    const music = cue.music;
    if (!music) continue;
    const sceneLength = recordOut - recordIn;
    const sectionOut = secondsToFrames(music.outSec, rate);
    const previous = clips.at(-1);
    if (
      music.continuesFromPrevious &&
      previous &&
      previous.media.path === music.path &&
      previous.recordOut === recordIn &&
      sectionOut > previous.sourceOut
    ) {
      const extension = Math.min(sceneLength, sectionOut - previous.sourceOut);
      previous.sourceOut += extension;
      previous.recordOut += extension;
      previous.sceneIndexes.push(cue.sceneIndex);
      continue;
    }
    const sourceIn = secondsToFrames(music.inSec, rate);
    const length = Math.min(sceneLength, sectionOut - sourceIn);
    // A section that rounds to no frames at this rate has nothing to place.
    if (length <= 0) continue;
    const abutsPrevious = previous !== undefined && previous.recordOut === recordIn;
    clips.push({
      media: { path: music.path, fileName: fileNameOf(music.path), reel: reels.get(music.path) as string, originFrame: 0, sampleRate: music.sampleRate },
      title: music.title || fileNameOf(music.path),
      trackId: music.trackId,
      sceneIndexes: [cue.sceneIndex],
      sourceIn,
      sourceOut: sourceIn + length,
      recordIn,
      recordOut: recordIn + length,
      crossfadeIn: abutsPrevious ? Math.min(crossfadeFrames, length, MAX_CROSSFADE_FRAMES) : 0,
      markers: [],
    });
    beatsOf.set(clips.length - 1, music);
  }
  if (markerMode !== 'none') clips.forEach((clip, i) => (clip.markers = beatMarkers(clip, beatsOf.get(i) as MusicCue, rate, markerMode)));
  return clips;
}

/**
 * Markers at the track's downbeats (and, for 'beats', every beat) inside the clip's source range,
 * each rounded to the nearest timeline frame. Bars are numbered as in the whole track (the n-th
 * downbeat is bar n); a beat is counted from its bar's downbeat (beat 1). Beats before the first
 * downbeat belong to bar 0.
 */
export function beatMarkers(clip: Pick<MusicClip, 'sourceIn' | 'sourceOut'>, music: Pick<MusicCue, 'downbeats' | 'beats'>, rate: FrameRate, mode: MarkerMode): BeatMarker[] {
  if (mode === 'none') return [];
  const allDownbeats = music.downbeats ?? [];
  const allBeats = music.beats ?? [];
  const inside = (seconds: number): boolean => {
    const frame = secondsToFrames(seconds, rate);
    return frame >= clip.sourceIn && frame < clip.sourceOut;
  };
  const downbeatSet = new Set(allDownbeats);
  const times = mode === 'bars' ? allDownbeats.filter(inside) : [...new Set([...allDownbeats, ...allBeats])].filter(inside).sort((a, b) => a - b);
  const markers: BeatMarker[] = [];
  for (const seconds of times) {
    const bar = allDownbeats.filter((d) => d <= seconds).length;
    const barStart = bar > 0 ? allDownbeats[bar - 1] : -Infinity;
    const downbeat = downbeatSet.has(seconds);
    // The downbeat is beat 1; a pickup bar (0) has none.
    const beat = downbeat ? 1 : allBeats.filter((b) => b > barStart && b <= seconds && !downbeatSet.has(b)).length + (bar > 0 ? 1 : 0);
    const sourceFrame = secondsToFrames(seconds, rate);
    // Two beats that round to one frame keep the first.
    if (markers.at(-1)?.sourceFrame === sourceFrame) continue;
    markers.push({ sourceFrame, name: downbeat ? `Bar ${bar}` : `Bar ${bar} beat ${beat}`, downbeat });
  }
  return markers;
}

/**
 * The record timeline for a list of scene decisions: scenes laid back to back in the given order
 * from the record start, music under them, a cross-fade wherever one music clip cuts to another.
 * All positions are integer frames at the timeline rate. Throws with the scene and file named on bad input.
 */
export function buildTimeline(name: string, cues: SceneCue[], opts: BuildTimelineOptions = {}): Timeline {
  if (cues.length === 0) throw new Error(`timeline "${name}": no scenes to export`);
  cues.forEach(validateCue);
  const rate = opts.rate ?? cues[0].videoRate;
  const dropFrame = opts.dropFrame ?? supportsDropFrame(rate);
  const startTimecode = opts.startTimecode ?? defaultStartTimecode(dropFrame);
  const startFrame = timecodeToFrames(startTimecode, rate, { dropFrame });
  const crossfadeFrames = opts.crossfadeFrames ?? secondsToFrames(0.5, rate);
  if (!Number.isSafeInteger(crossfadeFrames) || crossfadeFrames < 0) {
    throw new Error(`timeline "${name}": crossfadeFrames must be a whole number ≥ 0 (got ${crossfadeFrames})`);
  }

  const reels = assignReels(
    cues.flatMap((cue) => [
      { path: cue.videoPath, name: cue.reel || cue.videoName || fileNameOf(cue.videoPath) },
      ...(cue.music ? [{ path: cue.music.path, name: fileNameOf(cue.music.path) }] : []),
    ]),
  );
  const { clips: videoClips, placements } = layPicture(cues, rate, reels);
  const musicClips = layMusic(placements, rate, reels, crossfadeFrames, opts.markers ?? 'none');
  const duration = videoClips.at(-1)?.recordOut ?? 0;
  const timeline: Timeline = { name, rate, dropFrame, startFrame, duration, videoClips, musicClips };
  if (opts.frameSize) timeline.frameSize = opts.frameSize;
  return timeline;
}

/** Frames the clip at `index` plays on past its recordOut, fading out under the next clip's cross-fade. */
export function crossfadeOutFrames(clips: readonly MusicClip[], index: number): number {
  const next = clips[index + 1];
  return next && next.recordIn === clips[index].recordOut ? next.crossfadeIn : 0;
}

/** A file and how far into it the timeline reads (cross-fade tails included), in timeline-rate frames from its first frame. */
export interface MediaUse<M extends MediaRef = MediaRef> {
  media: M;
  usedFrames: number;
}

/**
 * Every picture and music file in first-use order with the extent the timeline reads from it.
 * Writers declare this as the media's known length: a lower bound, since the real file length
 * is not part of the cue list (NLEs read the true length when they link the file).
 */
export function mediaUses(timeline: Timeline): { pictures: MediaUse<VideoClip['media']>[]; music: MediaUse<MusicClip['media']>[] } {
  const collect = <M extends MediaRef>(entries: Array<{ media: M; end: number }>): MediaUse<M>[] => {
    const byPath = new Map<string, MediaUse<M>>();
    for (const { media, end } of entries) {
      const use = byPath.get(media.path);
      if (use) use.usedFrames = Math.max(use.usedFrames, end);
      else byPath.set(media.path, { media, usedFrames: end });
    }
    return [...byPath.values()];
  };
  return {
    pictures: collect(timeline.videoClips.map((clip) => ({ media: clip.media, end: clip.sourceOut }))),
    music: collect(timeline.musicClips.map((clip, i) => ({ media: clip.media, end: clip.sourceOut + crossfadeOutFrames(timeline.musicClips, i) }))),
  };
}
