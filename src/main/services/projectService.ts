import type { JobInfo, LibraryService, ProjectService } from '../../shared/contract';
import { joinScene, revertSceneEdit, splitScene } from '../usecases/sceneEdits';
import { setProjectDetection } from '../usecases/project';
import { joinCue, listCues, splitCue } from '../usecases/cues';
import { libraryTrackViews, libraryView, projectView } from '../usecases/views';
import { describeValue, expectString, ServiceFailure } from './serviceFailure';
import { requireFolder, type Session } from './session';
import { startAnalyze, startIndex } from './workflow';

export function createProjectService(session: Session): ProjectService {
  return {
    async open(dir) {
      const root = requireFolder(expectString(dir, 'The project folder'), 'project folder');
      for (const kind of ['analyze', 'suggest'] as const) {
        const active = session.jobs.active(kind);
        if (active) session.jobs.cancel(active.id);
      }
      session.setProject(root);
      startAnalyze(session);
      return projectView(session, root);
    },
    async view() {
      const dir = session.projectDir;
      return dir ? projectView(session, dir) : null;
    },
    async close() {
      session.setProject(null);
    },
    async analyze() {
      return startAnalyze(session);
    },
    async splitScene(sceneId, frame) {
      splitScene(session, { sceneId, frame, projectDir: session.requireProject() });
      return reanalyze(session);
    },
    async mergeWithPrevious(sceneId) {
      joinScene(session, { sceneId, projectDir: session.requireProject() });
      return reanalyze(session);
    },
    async cues() {
      return listCues(session, { projectDir: session.requireProject() });
    },
    async splitCue(sceneId) {
      const cues = splitCue(session, { sceneId, projectDir: session.requireProject() });
      session.emit({ type: 'changed', what: 'project' });
      return cues;
    },
    async joinCue(sceneId) {
      const cues = joinCue(session, { sceneId, projectDir: session.requireProject() });
      session.emit({ type: 'changed', what: 'project' });
      return cues;
    },
    async setDetection(settings) {
      const dir = session.requireProject();
      if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
        throw new ServiceFailure('invalid-argument', `The detection settings must be an object with sensitivity and/or minSceneLengthSec (got ${describeValue(settings)}).`);
      }
      await setProjectDetection(session, { projectDir: dir, sensitivity: settings.sensitivity, minSceneLengthSec: settings.minSceneLengthSec, door: 'app' });
      session.emit({ type: 'changed', what: 'project' });
      return reanalyze(session);
    },
    async revertSceneEdit(videoId, frame) {
      revertSceneEdit(session, { videoId, frame, projectDir: session.requireProject() });
      return reanalyze(session);
    },
  };
}

/** Analyses the project again with the edit: a running analysis may have planned without it, so it restarts (finished videos are kept). */
function reanalyze(session: Session): JobInfo {
  const running = session.jobs.active('analyze');
  if (running) session.jobs.cancel(running.id);
  return startAnalyze(session);
}

export function createLibraryService(session: Session): LibraryService {
  return {
    async open(dir) {
      const root = requireFolder(expectString(dir, 'The music folder'), 'music folder');
      const active = session.jobs.active('index');
      if (active) session.jobs.cancel(active.id);
      await session.jobs.settled(active?.id ?? '');
      session.setLibrary(root);
      startIndex(session);
      return libraryView(session, root);
    },
    async view() {
      const dir = session.libraryDir;
      return dir ? libraryView(session, dir) : null;
    },
    async index() {
      return startIndex(session);
    },
    async tracks() {
      const dir = session.libraryDir;
      if (!dir) throw new ServiceFailure('no-library', 'No music folder is open: open your music library first.');
      return libraryTrackViews(session, dir);
    },
  };
}
