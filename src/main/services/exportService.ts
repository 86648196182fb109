import { join } from 'node:path';
import type { ExportFile, ExportFormat, ExportService } from '../../shared/contract';
import { SCENE_SOUNDS, renderCut } from '../engine/render/renderCut';
import { EXPORT_FORMATS } from '../engine/export/exportFormats';
import { exportProject, projectTimeline } from '../engine/project/projectTimeline';
import { MARKER_MODES } from '../engine/export/timeline';
import { expectOneOf } from './serviceFailure';
import { folderName, type Session } from './session';

const MIME_TYPES: Readonly<Record<ExportFormat, string>> = { edl: 'text/plain', otio: 'application/json', fcpxml: 'application/xml', fcp7: 'application/xml' };
const FORMATS = Object.keys(EXPORT_FORMATS) as ExportFormat[];

/** Renders the cut as text; the UI saves it (a download in the browser, a save dialog in Electron). */
export function createExportService(session: Session): ExportService {
  return {
    async formats() {
      return FORMATS.map((format) => ({ format, label: EXPORT_FORMATS[format].label, extension: EXPORT_FORMATS[format].extension }));
    },
    async render(format, options = {}): Promise<ExportFile> {
      const f = expectOneOf(format, FORMATS, 'The export format');
      const markers = expectOneOf(options?.markers ?? 'none', MARKER_MODES, 'The markers option');
      const dir = session.requireProject();
      const text = exportProject(session.db, dir, f, { markers, fillUnreviewed: options?.fillUnreviewed === true });
      return { format: f, fileName: folderName(dir) + EXPORT_FORMATS[f].extension, mimeType: MIME_TYPES[f], text };
    },
    async renderPreview(options = {}) {
      const sceneSound = expectOneOf(options?.sceneSound ?? 'duck', SCENE_SOUNDS, 'The scene sound option');
      const dir = session.requireProject();
      const timeline = projectTimeline(session.db, dir, { fillUnreviewed: options?.fillUnreviewed === true });
      const out = join(dir, `${folderName(dir)} preview.mp4`);
      return session.jobs.start('render', async (ctx) => {
        const result = await renderCut(timeline, {
          out,
          sceneSound,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress(p.stage, Math.round(p.fraction * 1000), 1000, p.etaSec === undefined ? null : `about ${Math.ceil(p.etaSec)} s left`),
        });
        return `wrote ${result.out} (${result.durationSec.toFixed(1)} s, ${result.width}x${result.height})`;
      });
    },
  };
}
