import type { AppEvent, CuefinderServices, MediaRef, ShellService } from '../../shared/contract';
import { createDispatcher, type Dispatch } from './dispatcher';
import { toErrorData } from './serviceErrors';
import { createExportService } from './exportService';
import { createFolderService } from './folderService';
import { resolveMedia, type MediaFile } from './mediaResolver';
import { createLibraryService, createProjectService } from './projectService';
import { expectString, ServiceFailure } from './serviceFailure';
import { folderName, Session, type SessionOptions } from './session';
import { createSuggestionService } from './suggestionService';
import { startAnalyze, startIndex } from './workflow';

/** Everything a transport needs: the services, one dispatch entry, media lookup and events. */
export interface ServiceHost {
  readonly services: CuefinderServices;
  readonly dispatch: Dispatch;
  resolveMedia(ref: MediaRef): MediaFile;
  onEvent(listener: (event: AppEvent) => void): () => void;
  dispose(): Promise<void>;
}

/** For hosts without native dialogs (browser mode, the Electron utility process, whose main answers instead). */
export const browserShell: ShellService = {
  capabilities: async () => ({ host: 'browser', nativeDialogs: false }),
  pickFolder: async () => {
    throw new ServiceFailure('unsupported', 'This window cannot open the system folder dialog; browse to the folder instead.');
  },
};

export function createServiceHost(opts: SessionOptions & { shell?: ShellService }): ServiceHost {
  const session = new Session(opts);
  const services: CuefinderServices = {
    app: {
      state: async () => ({
        dbPath: session.dbPath,
        project: session.projectDir ? { dir: session.projectDir, name: folderName(session.projectDir) } : null,
        library: session.libraryDir ? { dir: session.libraryDir, name: folderName(session.libraryDir) } : null,
        recentProjects: session.recentProjects,
        model: session.model,
        jobs: session.jobs.list(),
      }),
    },
    project: createProjectService(session),
    library: createLibraryService(session),
    suggestions: createSuggestionService(session),
    export: createExportService(session),
    jobs: {
      list: async () => session.jobs.list(),
      cancel: async (jobId) => session.jobs.cancel(expectString(jobId, 'The job id')),
    },
    folders: createFolderService(session),
    shell: opts.shell ?? browserShell,
  };
  // A restored project and library are brought up to date, as if just opened.
  if (session.libraryDir) startIndex(session);
  if (session.projectDir) startAnalyze(session);
  return {
    services,
    dispatch: createDispatcher(services, toErrorData),
    resolveMedia: (ref) => resolveMedia(session, ref),
    onEvent: (listener) => session.onEvent(listener),
    dispose: () => session.dispose(),
  };
}
