import { SCENE_SOUNDS, type ExportFile, type ExportFormat, type ExportService } from '../../shared/contract';
import { exportCut, exportFormats } from '../usecases/exportCut';
import { prepareRenderPreview } from '../usecases/renderPreview';
import { sentence } from '../usecases/errors';
import { expectOneOf } from './serviceFailure';
import type { Session } from './session';

const MIME_TYPES: Readonly<Record<ExportFormat, string>> = { edl: 'text/plain', otio: 'application/json', fcpxml: 'application/xml', fcp7: 'application/xml' };

/** Renders the cut as text; the UI saves it (a download in the browser, a save dialog in Electron). */
export function createExportService(session: Session): ExportService {
  return {
    async formats() {
      return exportFormats();
    },
    async render(format, options = {}): Promise<ExportFile> {
      // The project is asked for after the arguments are checked (a getter), so a bad format is named first.
      const cut = exportCut(session, {
        format,
        markers: options?.markers,
        fillUnreviewed: options?.fillUnreviewed === true,
        get projectDir() {
          return session.requireProject();
        },
      });
      return { format: cut.format, fileName: cut.fileName, mimeType: MIME_TYPES[cut.format], text: cut.text, warnings: cut.warnings.map(sentence) };
    },
    async renderPreview(options = {}) {
      // Checked and built before the job starts: a bad option or an empty cut is refused at once.
      const sceneSound = expectOneOf(options?.sceneSound ?? 'duck', SCENE_SOUNDS, 'The scene sound option');
      const render = prepareRenderPreview(session, { projectDir: session.requireProject(), sceneSound, fillUnreviewed: options?.fillUnreviewed === true });
      return session.jobs.start('render', async (ctx) => {
        const result = await render.run({
          signal: ctx.signal,
          onProgress: (p) => ctx.progress(p.stage, Math.round(p.fraction * 1000), 1000, p.etaSec === undefined ? null : `about ${Math.ceil(p.etaSec)} s left`),
        });
        return `wrote ${result.out} (${result.durationSec.toFixed(1)} s, ${result.width}x${result.height})`;
      });
    },
  };
}
