import type { AppStateView, JobInfo, LibraryView } from '../../../shared/contract';
import { plural } from '../format';
import { Icon } from './Icon';

interface FirstRunProps {
  state: AppStateView | null;
  library: LibraryView | null;
  indexJob: JobInfo | null;
  onChooseLibrary(): void;
  onChooseProject(): void;
  onOpenRecent(dir: string): void;
}

/** Before any project is open: what the two folders are, and a way to pick each. */
export function FirstRun({ state, library, indexJob, onChooseLibrary, onChooseProject, onOpenRecent }: FirstRunProps): React.JSX.Element {
  const indexing = indexJob && (indexJob.state === 'running' || indexJob.state === 'queued');
  return (
    <main className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Music for every scene, from your own library</h1>
      <p className="lead">Cuefinder needs two folders. Nothing is uploaded: your music and footage stay on this computer.</p>
      <ol className="steps">
        <li className={library ? 'done' : ''}>
          <h2>Your music library</h2>
          <p>The folder with your music files (MP3, FLAC, WAV, AAC …). Cuefinder reads each track once — tempo, key, mood — and later only looks at new or changed files.</p>
          <button type="button" className={library ? '' : 'primary'} onClick={onChooseLibrary}>
            {library ? 'Choose another music folder…' : 'Choose music folder…'}
          </button>
          {library && (
            <p className="small" data-testid="first-run-library">
              <Icon name="check" size={12} /> {library.dir} — {plural(library.trackCount, 'track')}
              {indexing && ` (indexing: ${indexJob.stage} ${indexJob.total > 1 ? `${Math.floor(indexJob.done)}/${indexJob.total}` : ''})`}
            </p>
          )}
        </li>
        <li>
          <h2>A project</h2>
          <p>The folder with the footage of one edit. Cuefinder cuts it into scenes, reads what each scene feels like, and suggests tracks — and the best section of each — that match.</p>
          <button type="button" className={library ? 'primary' : ''} onClick={onChooseProject}>
            Choose footage folder…
          </button>
        </li>
      </ol>
      {state && state.recentProjects.length > 0 && (
        <section aria-label="Recent projects" className="recent">
          <h2>Recent projects</h2>
          <ul>
            {state.recentProjects.map((dir) => (
              <li key={dir}>
                <button type="button" className="link-button" onClick={() => onOpenRecent(dir)}>
                  {dir}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
