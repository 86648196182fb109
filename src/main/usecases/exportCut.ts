import { basename, resolve } from 'node:path';
import type { ExportFormatView } from '../../shared/contract';
import { EXPORT_FORMATS, type ExportFormat } from '../engine/export/exportFormats';
import { MARKER_MODES, type MarkerMode } from '../engine/export/timeline';
import { exportProject } from '../engine/project/projectTimeline';
import type { UsecaseContext } from './context';
import { asUsecaseError } from './errors';
import { expectOneOf, expectString } from './validate';

export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormat[];

/** The interchange formats the cut can be exported in, with their names and file extensions. */
export function exportFormats(): ExportFormatView[] {
  return EXPORT_FORMAT_NAMES.map((format) => ({ format, label: EXPORT_FORMATS[format].label, extension: EXPORT_FORMATS[format].extension }));
}

export interface ExportCutInput {
  projectDir: unknown;
  format: unknown;
  /** Beat markers on the music clips (MARKER_MODES); default none. */
  markers?: unknown;
  /**
   * Scenes the editor accepted nothing for get their top suggestion (the CLI's unattended cut, the
   * default) or no music (the app asks for what the editor chose).
   */
  fillUnreviewed?: boolean;
}

export interface ExportedCut {
  format: ExportFormat;
  /** "CMX3600 EDL", … */
  label: string;
  /** The project folder's name with the format's extension. */
  fileName: string;
  text: string;
  /** What was left out of the cut and why (a stored section outside its track, a sub-frame scene). */
  warnings: string[];
}

/** The project's cut in one interchange format: accepted suggestion per scene, else (filling) the top one. */
export function exportCut(ctx: UsecaseContext, input: ExportCutInput): ExportedCut {
  const format = expectOneOf(input.format, EXPORT_FORMAT_NAMES, 'The export format');
  const markers: MarkerMode = expectOneOf(input.markers ?? 'none', MARKER_MODES, 'The markers option');
  const dir = resolve(expectString(input.projectDir, 'The project folder'));
  const warnings: string[] = [];
  let text: string;
  try {
    text = exportProject(ctx.db, dir, format, { markers, fillUnreviewed: input.fillUnreviewed ?? true, onWarning: (w) => warnings.push(w) });
  } catch (err) {
    throw asUsecaseError(err) ?? err;
  }
  return { format, label: EXPORT_FORMATS[format].label, fileName: (basename(dir) || dir) + EXPORT_FORMATS[format].extension, text, warnings };
}
