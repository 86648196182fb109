import { basename } from 'node:path';
import type { JobInfo, LibraryService, LibraryView, ProjectService, ProjectView, SceneView } from '../../shared/contract';
import { failuresUnder, filesUnder } from '../engine/db/fileSync';
import { scenesOfVideo, videosUnder } from '../engine/db/projectRepository';
import { proxyState } from '../engine/media/proxy';
import { joinScene, revertSceneEdit, splitScene } from '../usecases/sceneEdits';
import { projectDetection, setProjectDetection } from '../usecases/project';
import { sceneMusicStatesUnder } from '../engine/db/suggestionRepository';
import { libraryMoods, projectSceneAffects, strongestAffect } from '../engine/affect/libraryMood';
import { joinCue, listCues, splitCue } from '../usecases/cues';
import { isInsideFolder } from '../engine/insideFolder';
import { listTracks } from '../engine/db/trackRepository';
import { describeValue, expectString, ServiceFailure } from './serviceFailure';
import { folderName, requireFolder, type Session } from './session';
import { startAnalyze, startIndex } from './workflow';

const PLAYBACK = { direct: 'original', proxy: 'proxy', unknown: 'pending' } as const;

export function projectView(session: Session, dir: string): ProjectView {
  const { db } = session;
  let number = 0;
  const sceneAffects = projectSceneAffects(db, dir);
  const music = sceneMusicStatesUnder(db, dir);
  const videos = videosUnder(db, dir).map((v) => ({
    id: v.id,
    name: basename(v.path),
    path: v.path,
    durationSec: v.durationSec,
    rate: { num: v.fpsNum, den: v.fpsDen },
    width: v.width,
    height: v.height,
    hasAudio: v.hasAudio,
    playback: PLAYBACK[proxyState(session.cacheDir, v.fingerprint)],
    scenes: scenesOfVideo(db, v.id).map((s): SceneView => {
      const state = music.get(s.id);
      const accepted = state?.accepted;
      const affect = sceneAffects.get(s.id);
      return {
        id: s.id,
        videoId: v.id,
        index: s.index,
        number: ++number,
        startSec: s.startSec,
        endSec: s.endSec,
        startFrame: s.startFrame,
        endFrame: s.endFrame,
        hasThumbnail: Boolean(s.thumbnail),
        transitionIn: s.transitionIn as SceneView['transitionIn'],
        suggestionCount: state?.suggestionCount ?? 0,
        accepted: accepted ? { trackId: accepted.trackId, title: accepted.title ?? basename(accepted.path) } : null,
        mood: affect ? strongestAffect(affect) : null,
      };
    }),
  }));
  return {
    dir,
    name: folderName(dir),
    videos,
    sceneCount: number,
    failures: failuresUnder(db, 'videos', dir).map((f) => ({ path: f.path, reason: f.reason })),
    detection: projectDetection(session, { projectDir: dir }),
  };
}

export function libraryView(session: Session, dir: string): LibraryView {
  return {
    dir,
    name: folderName(dir),
    trackCount: filesUnder(session.db, 'tracks', dir).filter((t) => t.status === 'ok').length,
    totalTracks: listTracks(session.db).length,
    failures: failuresUnder(session.db, 'tracks', dir).map((f) => ({ path: f.path, reason: f.reason })),
  };
}

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
      const moods = libraryMoods(session.db).tracks;
      return listTracks(session.db)
        .filter((t) => isInsideFolder(dir, t.path))
        .map((t) => ({
          id: t.id,
          title: t.title ?? basename(t.path),
          artist: t.artist,
          album: t.album,
          fileName: basename(t.path),
          durationSec: t.durationSec,
          bpm: t.bpm,
          key: t.key,
          affect: Array.from(moods.get(t.id)?.affect ?? []),
        }));
    },
  };
}
