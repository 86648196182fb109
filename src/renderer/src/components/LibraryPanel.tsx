import type { CuefinderBridge, JobInfo, LibraryView, SceneView, TrackView } from '../../../shared/contract';
import { LibraryBrowser } from './LibraryBrowser';
import { plural } from '../format';
import { Dialog } from './Dialog';

interface LibraryPanelProps {
  bridge: CuefinderBridge;
  scene: SceneView | null;
  onUse(track: TrackView): void;
  library: LibraryView | null;
  indexJob: JobInfo | null;
  onChangeFolder(): void;
  onReindex(): void;
  onCancel(jobId: string): void;
  onClose(): void;
}

const SHOWN_FAILURES = 6;

/** The music folder: how many tracks it holds, indexing progress with cancel, and files that failed. */
export function LibraryPanel({ bridge, scene, onUse, library, indexJob, onChangeFolder, onReindex, onCancel, onClose }: LibraryPanelProps): React.JSX.Element {
  const running = indexJob && (indexJob.state === 'running' || indexJob.state === 'queued');
  return (
    <Dialog title="Music library" onClose={onClose} className="library-panel">
      {library ? (
        <>
          <p>
            <strong>{library.name}</strong> <span className="muted small">{library.dir}</span>
          </p>
          <p data-testid="library-count">
            {plural(library.trackCount, 'track')} indexed in this folder
            {library.totalTracks !== library.trackCount && <span className="muted"> ({library.totalTracks} in all folders you indexed)</span>}
          </p>
        </>
      ) : (
        <p>No music folder yet. Choose the folder with your music files; Cuefinder indexes it once and afterwards looks only at new or changed files.</p>
      )}
      {indexJob && running && (
        <div className="job-inline">
          <span>
            {indexJob.stage} {indexJob.total > 1 && `${Math.floor(indexJob.done)}/${indexJob.total}`} {indexJob.current && `· ${indexJob.current}`}
          </span>
          <progress max={1} value={indexJob.total ? indexJob.done / indexJob.total : undefined} aria-label="Indexing progress" />
          <button type="button" onClick={() => onCancel(indexJob.id)}>
            Cancel indexing
          </button>
        </div>
      )}
      {indexJob && !running && indexJob.message && <p className={`small${indexJob.state === 'failed' ? ' error-text' : ' muted'}`}>Last run: {indexJob.message}</p>}
      {library && library.failures.length > 0 && (
        <details>
          <summary>{plural(library.failures.length, 'file')} could not be read</summary>
          <ul className="small">
            {library.failures.slice(0, SHOWN_FAILURES).map((f) => (
              <li key={f.path}>
                {f.path.split('/').pop()}: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {library && library.trackCount > 0 && <LibraryBrowser bridge={bridge} scene={scene} onUse={onUse} />}
      <footer className="dialog-footer">
        {library && (
          <button type="button" onClick={onReindex} disabled={Boolean(running)}>
            Index again
          </button>
        )}
        <button type="button" className="primary" onClick={onChangeFolder}>
          {library ? 'Choose another folder…' : 'Choose music folder…'}
        </button>
      </footer>
    </Dialog>
  );
}
