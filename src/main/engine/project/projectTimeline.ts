import { basename, resolve } from 'node:path';
import { formatFrameRate, rescaleFrames } from '../../../shared/time';
import type { Db } from '../db/database';
import { scenesOfVideo, videosUnder } from '../db/projectRepository';
import { decisionForScene, suggestionsForScene, trackTimings, type TrackTimingRow } from '../db/suggestionRepository';
import { buildTimeline, type MarkerMode, type SceneCue, type Timeline } from '../export/timeline';
import { EXPORT_FORMATS, type ExportFormat } from '../export/exportFormats';

export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

export interface ProjectTimelineOptions {
  /**
   * A scene the editor accepted nothing for gets its top suggestion (the CLI's unattended cut, the
   * default); false leaves it without music (the app's default: it exports what the editor chose).
   */
  fillUnreviewed?: boolean;
  /** Beat markers on the music clips, from each track's stored beats and downbeats (default none). */
  markers?: MarkerMode;
  /** Told what the cut leaves out and why, one sentence fragment each (see projectTimeline). */
  onWarning?: (message: string) => void;
}

/** A music section that can be placed: finite, forward, starting inside the track. */
export function isPlayableSection(section: { inSec: number; outSec: number }, track: Pick<TrackTimingRow, 'durationSec'>): boolean {
  const { inSec, outSec } = section;
  return Number.isFinite(inSec) && Number.isFinite(outSec) && inSec >= 0 && outSec > inSec && inSec < track.durationSec;
}

/**
 * The project's cut as a Timeline: every scene in order (videos by path, scenes by position), each
 * with its accepted suggestion, or (fillUnreviewed) the top suggestion when the editor accepted none.
 * The timeline runs at the first video's rate. What cannot be placed is left out and reported
 * through `onWarning`, never thrown, so one bad stored row does not block the export of a whole
 * project: a decision whose section is not inside its track (the top suggestion plays instead, when
 * filling), and a scene shorter than one frame at the timeline's rate (its neighbours close the gap).
 */
export function projectTimeline(db: Db, projectDir: string, opts: ProjectTimelineOptions = {}): Timeline {
  const fill = opts.fillUnreviewed ?? true;
  const warn = opts.onWarning ?? (() => {});
  const root = resolve(projectDir);
  const tracks = new Map(trackTimings(db).map((t) => [t.trackId, t]));
  const playable = (p: { trackId: number; inSec: number; outSec: number } | undefined): boolean => {
    const track = p && tracks.get(p.trackId);
    return Boolean(track && p && isPlayableSection(p, track));
  };
  const cues: SceneCue[] = [];
  for (const v of videosUnder(db, root)) {
    for (const s of scenesOfVideo(db, v.id)) {
      const where = `scene ${s.index + 1} of ${v.path}`;
      const videoRate = { num: v.fpsNum, den: v.fpsDen };
      const rate = cues[0]?.videoRate ?? videoRate;
      if (rescaleFrames(s.endFrame, videoRate, rate) <= rescaleFrames(s.startFrame, videoRate, rate)) {
        warn(`${where}: left out, shorter than one frame at ${formatFrameRate(rate)} fps (the timeline's rate)`);
        continue;
      }
      const accepted = decisionForScene(db, s.id);
      const top = fill ? suggestionsForScene(db, s.id)[0] : undefined;
      if (accepted && !playable(accepted) && tracks.has(accepted.trackId)) {
        warn(`${where}: the accepted section ${accepted.inSec}–${accepted.outSec} s of track ${accepted.trackId} is not inside the track; ${playable(top) ? 'the top suggestion' : 'no music'} is exported instead`);
      }
      const pick = [accepted, top].find(playable);
      const track = pick && tracks.get(pick.trackId);
      cues.push({
        videoPath: v.path,
        videoName: basename(v.path),
        sceneIndex: s.index,
        startFrame: s.startFrame,
        endFrame: s.endFrame,
        videoRate,
        videoStartTimecode: v.startTimecode,
        music:
          pick && track
            ? {
                path: track.path,
                title: track.title ?? basename(track.path),
                inSec: pick.inSec,
                outSec: pick.outSec,
                continuesFromPrevious: pick.continuesFromPrevious,
                trackId: pick.trackId,
                beats: Array.from(track.beats),
                downbeats: Array.from(track.downbeats),
              }
            : undefined,
      });
    }
  }
  if (!cues.length) throw new ExportError(`project ${root} has no analysed scenes; run analyze (or suggest) first`);
  return buildTimeline(basename(root), cues, { rate: cues[0].videoRate, markers: opts.markers });
}

export function exportProject(db: Db, projectDir: string, format: ExportFormat, opts: ProjectTimelineOptions = {}): string {
  return EXPORT_FORMATS[format].write(projectTimeline(db, projectDir, opts));
}
