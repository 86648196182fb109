import { writeEdl } from './edlWriter';
import { writeFcp7Xml } from './fcp7Writer';
import { writeFcpxml } from './fcpxmlWriter';
import { writeOtio } from './otioWriter';
import type { Timeline } from './timeline';

export type { ExportFormat } from '../../../shared/contract';
import type { ExportFormat } from '../../../shared/contract';

export interface ExportFormatInfo {
  /** File extension including the dot. */
  extension: string;
  label: string;
  write: (timeline: Timeline) => string;
}

/** The interchange writers by format, for services and the CLI (the file write happens there). */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, ExportFormatInfo>> = {
  edl: { extension: '.edl', label: 'CMX3600 EDL', write: writeEdl },
  otio: { extension: '.otio', label: 'OpenTimelineIO', write: writeOtio },
  fcpxml: { extension: '.fcpxml', label: 'Final Cut Pro XML 1.10', write: writeFcpxml },
  fcp7: { extension: '.xml', label: 'Final Cut Pro 7 XML (Premiere, Resolve)', write: writeFcp7Xml },
};
