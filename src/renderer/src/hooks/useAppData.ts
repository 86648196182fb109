import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppStateView, CuefinderBridge, JobInfo, LibraryView, ProjectView, ShellCapabilities } from '../../../shared/contract';

export interface AppData {
  state: AppStateView | null;
  project: ProjectView | null;
  library: LibraryView | null;
  capabilities: ShellCapabilities | null;
  /** Jobs by id, newest progress first-hand from events. */
  jobs: ReadonlyMap<string, JobInfo>;
  /** Bumped on every 'suggestions' change so views showing suggestions reload. */
  suggestionsVersion: number;
}

/**
 * The app's view of the services: loads state, project and library, and keeps them current from
 * events (a 'changed' event reloads what changed; 'job' events carry progress directly).
 */
const isFinished = (job: JobInfo | undefined): boolean => job?.finishedAt != null;

export function useAppData(bridge: CuefinderBridge, reportError: (err: unknown, scope: 'data') => void, clearError: (scope: 'data') => void): AppData {
  const [state, setState] = useState<AppStateView | null>(null);
  const [project, setProject] = useState<ProjectView | null>(null);
  const [library, setLibrary] = useState<LibraryView | null>(null);
  const [capabilities, setCapabilities] = useState<ShellCapabilities | null>(null);
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobInfo>>(new Map());
  const [suggestionsVersion, setSuggestionsVersion] = useState(0);
  const mounted = useRef(true);

  const guard = useCallback(
    <T,>(p: Promise<T>, set: (v: T) => void) => {
      p.then((v) => {
        if (!mounted.current) return;
        set(v);
        clearError('data');
      }).catch((err) => reportError(err, 'data'));
    },
    [reportError, clearError],
  );

  useEffect(() => {
    mounted.current = true;
    const { services } = bridge;
    const loadState = (): void =>
      guard(services.app.state(), (s) => {
        setState(s);
        // A state read that was answered after a job's final event is older than that event: a
        // finished job never goes back to running (that race left "Analysing…" on screen for good).
        setJobs((prev) => new Map([...prev, ...s.jobs.filter((j) => !isFinished(prev.get(j.id)) || isFinished(j)).map((j) => [j.id, j] as const)]));
      });
    const loadProject = (): void => guard(services.project.view(), setProject);
    const loadLibrary = (): void => guard(services.library.view(), setLibrary);
    const unsubscribe = bridge.onEvent((event) => {
      if (event.type === 'job') setJobs((prev) => new Map(prev).set(event.job.id, event.job));
      else if (event.type === 'changed') {
        if (event.what === 'state') loadState();
        else if (event.what === 'project') loadProject();
        else if (event.what === 'library') loadLibrary();
        else setSuggestionsVersion((v) => v + 1);
      }
    });
    loadState();
    loadProject();
    loadLibrary();
    guard(services.shell.capabilities(), setCapabilities);
    return () => {
      mounted.current = false;
      unsubscribe();
    };
  }, [bridge, guard]);

  // A library's track count moves while it is indexed.
  const indexing = [...jobs.values()].some((j) => j.kind === 'index' && (j.state === 'running' || j.state === 'queued'));
  useEffect(() => {
    if (!indexing) return;
    const timer = setInterval(() => guard(bridge.services.library.view(), setLibrary), 1000);
    return () => clearInterval(timer);
  }, [bridge, guard, indexing]);

  return { state, project, library, capabilities, jobs, suggestionsVersion };
}
