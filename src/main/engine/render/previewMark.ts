import type { MediaProbe } from '../media/probe';

/**
 * The container comment every preview render carries. A preview is written into the project folder
 * (where the editor looks for it), so the next analysis of that folder finds it among the footage:
 * the mark is how the analyser tells Cuefinder's own output from the editor's media, wherever the
 * file was written or moved to and whatever it is called.
 */
export const PREVIEW_RENDER_COMMENT = 'Cuefinder preview render (not footage)';

/** ffmpeg arguments that put the mark on an MP4 being written. */
export const PREVIEW_MARK_ARGS: readonly string[] = ['-metadata', `comment=${PREVIEW_RENDER_COMMENT}`];

/** True when ffprobe found the mark: the file is a preview Cuefinder rendered. */
export function isPreviewRender(probe: Pick<MediaProbe, 'tags'>): boolean {
  return probe.tags.comment === PREVIEW_RENDER_COMMENT;
}
