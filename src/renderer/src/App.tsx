import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CuefinderBridge, FolderPurpose, JobInfo, JobKind, SceneView } from '../../shared/contract';
import { ExportDialog } from './components/ExportDialog';
import { FirstRun } from './components/FirstRun';
import { FolderPicker } from './components/FolderPicker';
import { GuardedButton } from './components/GuardedButton';
import { HelpDialog } from './components/HelpDialog';
import { JobsBar } from './components/JobsBar';
import { LibraryPanel } from './components/LibraryPanel';
import { Workspace } from './components/Workspace';
import { plural } from './format';
import { useAppData } from './hooks/useAppData';
import { useNotices } from './hooks/useNotices';
import { isAppKey } from './keys';
import { Icon } from './components/Icon';

type DialogState = { kind: 'picker'; purpose: FolderPurpose } | { kind: 'export' } | { kind: 'library' } | { kind: 'help' } | null;

/** The newest job of a kind (ids count up). */
function latestJob(jobs: ReadonlyMap<string, JobInfo>, kind: JobKind): JobInfo | null {
  return [...jobs.values()].filter((j) => j.kind === kind).sort((a, b) => b.startedAt - a.startedAt || b.id.localeCompare(a.id, undefined, { numeric: true }))[0] ?? null;
}

const isActive = (job: JobInfo | null): boolean => job?.state === 'running' || job?.state === 'queued';

/** The folder above a path, for starting the folder browser next to the last project. */
const parentOf = (dir: string): string => dir.replace(/[\\/][^\\/]+[\\/]?$/, '') || '/';

/**
 * The app frame, the same in Electron and in the browser: header, notices, the first-run screen or
 * the project workspace, dialogs, and the jobs bar. It reaches the engine only through `bridge`.
 */
export function App({ bridge }: { bridge: CuefinderBridge }): React.JSX.Element {
  const { notices, report, clear, dismiss } = useNotices();
  const data = useAppData(bridge, report, clear);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [selectedScene, setSelectedScene] = useState<SceneView | null>(null);
  const jobs = useMemo(() => [...data.jobs.values()].sort((a, b) => a.startedAt - b.startedAt), [data.jobs]);
  const indexJob = latestJob(data.jobs, 'index');
  const suggestJob = latestJob(data.jobs, 'suggest');

  const openFolder = useCallback(
    (purpose: FolderPurpose, dir: string) => {
      setDialog(null);
      const opened: Promise<unknown> = purpose === 'project' ? bridge.services.project.open(dir) : bridge.services.library.open(dir);
      opened.then(() => clear('folder')).catch((err) => report(err, 'folder'));
    },
    [bridge, report, clear],
  );

  /** The system dialog where the host has one (Electron), else the in-page folder browser. */
  const chooseFolder = useCallback(
    (purpose: FolderPurpose) => {
      if (!data.capabilities?.nativeDialogs) return setDialog({ kind: 'picker', purpose });
      bridge.services.shell
        .pickFolder(purpose)
        .then((dir) => dir && openFolder(purpose, dir))
        .catch((err) => report(err, 'folder'));
    },
    [bridge, data.capabilities, openFolder, report],
  );

  const openExportRef = useRef(() => {});
  // Menu commands from the Electron shell.
  useEffect(
    () =>
      bridge.onEvent((e) => {
        if (e.type !== 'command') return;
        if (e.command === 'export') openExportRef.current();
        else chooseFolder(e.command === 'open-project' ? 'project' : 'library');
      }),
    [bridge, chooseFolder],
  );

  // '?' and 'O' also work before a project is open (the workspace handles its keys after).
  useEffect(() => {
    if (data.project) return;
    const onKey = (e: KeyboardEvent): void => {
      if (dialog || !isAppKey(e)) return;
      if (e.key === '?') setDialog({ kind: 'help' });
      else if (e.key === 'o' || e.key === 'O') chooseFolder('project');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [data.project, dialog, chooseFolder]);

  const closeDialog = (): void => setDialog(null);
  const project = data.project;
  const library = data.library;
  const analyzeJob = latestJob(data.jobs, 'analyze');
  const analysing = isActive(analyzeJob);
  const exportBlocked = !project
    ? 'Open a project first.'
    : project.sceneCount > 0
      ? null
      : analysing
        ? 'Nothing to export yet: the footage is still being analysed.'
        : 'Nothing to export: this project has no analysed scenes.';
  const suggestBlocked = !project
    ? 'Open a project first.'
    : !library
      ? 'Open your music library first: suggestions come from your own music.'
      : library.totalTracks === 0
        ? 'Your music library has no indexed tracks yet.'
        : project.sceneCount === 0
          ? analysing
            ? 'No scenes yet: the footage is still being analysed.'
            : 'No scenes to suggest music for: this project has no analysed scenes.'
          : isActive(suggestJob)
            ? 'Suggesting is already running.'
            : null;
  const explain = useCallback((reason: string) => report(new Error(reason), 'blocked'), [report]);
  const openExport = (): void => (exportBlocked ? explain(exportBlocked) : setDialog({ kind: 'export' }));
  openExportRef.current = openExport;
  // An explanation of why something could not run goes once it can.
  useEffect(() => {
    if (!exportBlocked && !suggestBlocked) clear('blocked');
  }, [exportBlocked, suggestBlocked, clear]);
  const lastProject = data.state?.recentProjects[0];

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Cuefinder</span>
        <button type="button" className="header-button" onClick={() => chooseFolder('project')} aria-keyshortcuts="O" title="Open a project (O)">
          {project ? (
            <>
              Project: <strong>{project.name}</strong> <span className="muted">({plural(project.sceneCount, 'scene')})</span>
            </>
          ) : (
            'Open project…'
          )}
        </button>
        <button type="button" className="header-button" onClick={() => setDialog({ kind: 'library' })} data-testid="library-button">
          {library ? (
            <>
              Music: <strong>{library.name}</strong> <span className="muted">({plural(library.trackCount, 'track')})</span>
            </>
          ) : (
            'Open music library…'
          )}
        </button>
        <span className="spacer" />
        {project && (
          <>
            <GuardedButton
              className="header-button"
              blocked={suggestBlocked}
              onBlocked={explain}
              onClick={() => bridge.services.suggestions.suggest().catch((err) => report(err, 'action'))}
              testId="suggest-button"
            >
              Suggest again
            </GuardedButton>
            <GuardedButton className="header-button primary" blocked={exportBlocked} onBlocked={explain} onClick={openExport} keyshortcuts="E" testId="export-button">
              Export… <kbd>E</kbd>
            </GuardedButton>
          </>
        )}
        <button type="button" className="icon-button" aria-label="Keyboard shortcuts (?)" onClick={() => setDialog({ kind: 'help' })}>
          ?
        </button>
      </header>
      <div className="notices">
        {notices.map((n) => (
          <div key={n.id} role="alert" className="notice" data-scope={n.scope}>
            <span>{n.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              <Icon name="cross" size={12} />
            </button>
          </div>
        ))}
      </div>
      {project ? (
        <Workspace
          bridge={bridge}
          project={project}
          hasLibrary={Boolean(library)}
          suggestJob={suggestJob}
          analyzeJob={analyzeJob}
          suggestionsVersion={data.suggestionsVersion}
          keysEnabled={dialog === null}
          onError={report}
          onErrorGone={clear}
          onSelectScene={setSelectedScene}
          onExport={openExport}
          onOpenProject={() => chooseFolder('project')}
          onOpenLibrary={() => chooseFolder('library')}
          onHelp={() => setDialog({ kind: 'help' })}
        />
      ) : (
        <FirstRun
          state={data.state}
          library={library}
          indexJob={indexJob}
          onChooseLibrary={() => chooseFolder('library')}
          onChooseProject={() => chooseFolder('project')}
          onOpenRecent={(dir) => openFolder('project', dir)}
        />
      )}
      <JobsBar jobs={jobs} onCancel={(id) => bridge.services.jobs.cancel(id).catch(report)} />
      {dialog?.kind === 'picker' && (
        <FolderPicker
          bridge={bridge}
          purpose={dialog.purpose}
          start={dialog.purpose === 'project' ? (lastProject ? parentOf(lastProject) : null) : (library?.dir ?? null)}
          onPick={(dir) => openFolder(dialog.purpose, dir)}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'export' && project && <ExportDialog bridge={bridge} project={project} onClose={closeDialog} />}
      {dialog?.kind === 'library' && (
        <LibraryPanel
          bridge={bridge}
          scene={selectedScene}
          onUse={(track) => {
            if (!selectedScene) return;
            // From the track's start, as long as the scene; the editor moves it on the waveform after.
            bridge.services.suggestions
              .setSection(selectedScene.id, track.id, 0, Math.min(track.durationSec, selectedScene.endSec - selectedScene.startSec))
              .then(() => {
                clear('action');
                setDialog(null);
              })
              .catch((err) => report(err, 'action'));
          }}
          library={library}
          indexJob={indexJob}
          onChangeFolder={() => chooseFolder('library')}
          onReindex={() => bridge.services.library.index().catch(report)}
          onCancel={(id) => bridge.services.jobs.cancel(id).catch(report)}
          onClose={closeDialog}
        />
      )}
      {dialog?.kind === 'help' && <HelpDialog onClose={closeDialog} />}
    </div>
  );
}
