import type { ExportFile, ExportFormat, ExportService } from '../../shared/contract';
import { EXPORT_FORMATS } from '../engine/export/exportFormats';
import { EXPORT_FORMAT_NAMES, exportCut } from '../usecases/exportCut';
import { sentence } from '../usecases/errors';
import type { Session } from './session';

const MIME_TYPES: Readonly<Record<ExportFormat, string>> = { edl: 'text/plain', otio: 'application/json', fcpxml: 'application/xml', fcp7: 'application/xml' };

/** Renders the cut as text; the UI saves it (a download in the browser, a save dialog in Electron). */
export function createExportService(session: Session): ExportService {
  return {
    async formats() {
      return EXPORT_FORMAT_NAMES.map((format) => ({ format, label: EXPORT_FORMATS[format].label, extension: EXPORT_FORMATS[format].extension }));
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
  };
}
