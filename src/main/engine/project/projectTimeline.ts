import { basename, resolve } from 'node:path';
import type { Db } from '../db/database';
import { scenesOfVideo, videosUnder } from '../db/projectRepository';
import { decisionForScene, suggestionsForScene, trackTimings } from '../db/suggestionRepository';
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
}

/**
 * The project's cut as a Timeline: every scene in order (videos by path, scenes by position), each
 * with its accepted suggestion, or (fillUnreviewed) the top suggestion when the editor accepted none.
 */
export function projectTimeline(db: Db, projectDir: string, opts: ProjectTimelineOptions = {}): Timeline {
  const fill = opts.fillUnreviewed ?? true;
  const root = resolve(projectDir);
  const tracks = new Map(trackTimings(db).map((t) => [t.trackId, t]));
  const cues: SceneCue[] = [];
  for (const v of videosUnder(db, root)) {
    for (const s of scenesOfVideo(db, v.id)) {
      const accepted = decisionForScene(db, s.id);
      const pick = accepted ?? (fill ? suggestionsForScene(db, s.id)[0] : undefined);
      const track = pick && tracks.get(pick.trackId);
      cues.push({
        videoPath: v.path,
        videoName: basename(v.path),
        sceneIndex: s.index,
        startFrame: s.startFrame,
        endFrame: s.endFrame,
        videoRate: { num: v.fpsNum, den: v.fpsDen },
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
  return buildTimeline(basename(root), cues, { markers: opts.markers });
}

export function exportProject(db: Db, projectDir: string, format: ExportFormat, opts: ProjectTimelineOptions = {}): string {
  return EXPORT_FORMATS[format].write(projectTimeline(db, projectDir, opts));
}
