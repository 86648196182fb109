import { useEffect, useRef, useState } from 'react';
import type { CuefinderBridge, ExportFile, ExportFormat, ExportFormatView, MarkerMode, ProjectView } from '../../../shared/contract';
import { errorText, plural } from '../format';
import { Dialog } from './Dialog';

interface ExportDialogProps {
  bridge: CuefinderBridge;
  project: ProjectView;
  onClose(): void;
}

const PREVIEW_LINES = 24;
const USE: Record<ExportFormat, string> = {
  edl: 'Premiere, Avid, conform tools (Resolve reads the picture only)',
  otio: 'Resolve 18.5+, Kdenlive, Premiere (beta), otioconvert',
  fcpxml: 'Final Cut Pro, Resolve',
  fcp7: 'Premiere Pro, Resolve: several tracks, full file names, markers',
};

/** Hands the text to the host as a file download (Electron asks where to save it). */
function saveFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The cut as EDL, OTIO or FCPXML: the music the editor accepted; unreviewed scenes filled only when asked. */
export function ExportDialog({ bridge, project, onClose }: ExportDialogProps): React.JSX.Element {
  const [formats, setFormats] = useState<readonly ExportFormatView[]>([]);
  const [format, setFormat] = useState<ExportFormat>('edl');
  const [fill, setFill] = useState(false);
  const [markers, setMarkers] = useState<MarkerMode>('none');
  const [file, setFile] = useState<ExportFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const save = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    bridge.services.export.formats().then(setFormats).catch((err) => setError(errorText(err)));
  }, [bridge]);

  useEffect(() => {
    let current = true;
    setFile(null);
    bridge.services.export
      .render(format, { markers, fillUnreviewed: fill })
      .then((f) => {
        if (current) {
          setFile(f);
          setError(null);
        }
      })
      .catch((err) => current && setError(errorText(err)));
    return () => {
      current = false;
    };
  }, [bridge, format, fill, markers]);

  const scenes = project.videos.flatMap((v) => v.scenes);
  const accepted = scenes.filter((s) => s.accepted).length;
  const lines = file?.text.split('\n') ?? [];

  return (
    <Dialog title="Export the cut" onClose={onClose} className="export-dialog" initialFocus={save}>
      <p className="small" data-testid="export-summary">
        {plural(scenes.length, 'scene')}: {accepted} with the music you accepted
        {scenes.length > accepted && <>, {plural(scenes.length - accepted, 'scene')} not reviewed ({fill ? 'filled with their top suggestion' : 'left without music'})</>}.
      </p>
      {scenes.length > accepted && (
        <label className="fill-option small">
          <input type="checkbox" checked={fill} onChange={(e) => setFill(e.target.checked)} data-testid="export-fill" /> Fill the{' '}
          {plural(scenes.length - accepted, 'unreviewed scene')} with their top suggestion
        </label>
      )}
      <fieldset className="formats">
        <legend>Format</legend>
        {formats.map((f) => (
          <label key={f.format} className="format-option">
            <input type="radio" name="export-format" value={f.format} checked={format === f.format} onChange={() => setFormat(f.format)} />
            <span>
              <strong>{f.label}</strong> <span className="muted">({f.extension})</span>
              <span className="small muted block">{USE[f.format]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="small">
        Beat markers on the music{' '}
        <select value={markers} onChange={(e) => setMarkers(e.target.value as MarkerMode)} data-testid="export-markers">
          <option value="none">none</option>
          <option value="bars">bars (downbeats)</option>
          <option value="beats">every beat</option>
        </select>
      </label>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <pre className="export-preview" aria-label="Preview of the file" tabIndex={0} data-testid="export-preview">
        {file
          ? lines.slice(0, PREVIEW_LINES).join('\n') + (lines.length > PREVIEW_LINES ? `\n… ${lines.length - PREVIEW_LINES} more lines` : '')
          : error
            ? 'Nothing to preview: the file could not be made (see above).'
            : 'Rendering…'}
      </pre>
      <footer className="dialog-footer">
        {status && (
          <span role="status" className="muted">
            {status}
          </span>
        )}
        <button
          type="button"
          title="An MP4 of the whole cut with this music under it (−16 LUFS), written into the project folder; progress shows in the jobs bar"
          onClick={() => {
            bridge.services.export
              .renderPreview({ sceneSound: 'duck', fillUnreviewed: fill })
              .then(() => setStatus('Rendering the preview into the project folder: see the jobs bar.'))
              .catch((err) => setError(errorText(err)));
          }}
        >
          Render preview MP4
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
        <button
          ref={save}
          type="button"
          className="primary"
          aria-disabled={!file}
          onClick={() => {
            if (!file) return;
            saveFile(file);
            setStatus(`Saved ${file.fileName}.`);
          }}
        >
          Save {file?.fileName ?? ''}
        </button>
      </footer>
    </Dialog>
  );
}
