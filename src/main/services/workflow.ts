import { basename } from 'node:path';
import type { JobInfo } from '../../shared/contract';
import type { JobProgress } from '../engine/jobs/progress';
import { hasIndexedMusic, indexMusic } from '../usecases/library';
import { analyzeFootage } from '../usecases/project';
import { scenesLackSuggestions } from '../usecases/suggest';
import type { JobContext } from './jobManager';
import { ServiceFailure } from './serviceFailure';
import type { Session } from './session';

/**
 * The jobs behind the main job and how they chain: opening a project analyses it, opening a
 * library indexes it, and either is followed by suggesting when there is something new to
 * suggest for. Suggest always waits for a running index or analysis to finish first.
 */

const STAGE_WORDS: Readonly<Record<string, string>> = { scan: 'scanning the folder', analyze: 'analysing', proxy: 'making playable proxies' };

const forward =
  (progress: JobContext['progress']) =>
  (p: JobProgress): void =>
    progress(STAGE_WORDS[p.stage] ?? p.stage, p.done, p.total, p.current ? basename(p.current) : null);

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function startAnalyze(session: Session): JobInfo {
  const dir = session.requireProject();
  return session.jobs.start('analyze', async ({ signal, progress }) => {
    const r = await analyzeFootage(session, { projectDir: dir, playableProxies: true, signal, onProgress: forward(progress) });
    session.emit({ type: 'changed', what: 'project' });
    if (!r.cancelled && session.projectDir === dir && (r.analyzed > 0 || r.moved > 0 || r.missing > 0 || scenesLackSuggestions(session, dir))) {
      suggestIfPossible(session);
    }
    const sceneCount = r.videos.reduce((n, v) => n + v.scenes.length, 0);
    const parts = [plural(r.scanned, 'video'), `${r.analyzed} analysed`, `${r.unchanged} unchanged`, ...(r.failed ? [`${r.failed} could not be read`] : [])];
    return r.cancelled ? `cancelled after ${r.analyzed} of ${r.scanned - r.unchanged} videos; finished ones are kept` : `${parts.join(', ')}: ${plural(sceneCount, 'scene')}`;
  });
}

export function startIndex(session: Session): JobInfo {
  const dir = session.libraryDir;
  if (!dir) throw new ServiceFailure('no-library', 'No music folder is open: open your music library first.');
  return session.jobs.start('index', async ({ signal, progress }) => {
    const r = await indexMusic(session, { musicDir: dir, signal, onProgress: forward(progress) });
    session.emit({ type: 'changed', what: 'library' });
    const project = session.projectDir;
    if (!r.cancelled && project && (r.indexed > 0 || r.moved > 0 || r.missing > 0 || scenesLackSuggestions(session, project))) suggestIfPossible(session);
    if (r.cancelled) return `cancelled after ${r.indexed} tracks; finished ones are kept`;
    return [plural(r.scanned, 'audio file'), `${r.indexed} indexed`, `${r.unchanged} unchanged`, ...(r.failed ? [`${r.failed} could not be read`] : [])].join(', ');
  });
}

export function startSuggest(session: Session): JobInfo {
  const dir = session.requireProject();
  return session.jobs.start(
    'suggest',
    async ({ signal, progress }) => {
      if (session.projectDir !== dir) return 'skipped: another project was opened';
      if (!hasIndexedMusic(session)) {
        throw new ServiceFailure('no-library', 'Your music library has no indexed tracks yet: open a music folder and let it finish indexing.');
      }
      let stage = 'suggesting';
      try {
        const outcome = await session.suggestRunner(
          { projectDir: dir, modelDir: session.modelDir, top: session.top, cacheDir: session.cacheDir },
          { signal, onStage: (s) => progress((stage = s), 0, 0), onProgress: (done, total) => progress(stage, done, total) },
        );
        session.model = { dir: session.modelDir, state: 'ready', version: outcome.modelVersion, error: null };
        return `${plural(outcome.suggestions, 'suggestion')} for ${plural(outcome.scenes, 'scene')}`;
      } catch (err) {
        if (err instanceof ServiceFailure && err.code === 'no-model') session.model = { dir: session.modelDir, state: 'error', version: null, error: err.message };
        throw err;
      } finally {
        session.emit({ type: 'changed', what: 'suggestions' });
        session.emit({ type: 'changed', what: 'project' });
        session.emit({ type: 'changed', what: 'state' });
      }
    },
    { after: ['index', 'analyze'] },
  );
}

/** Suggests when the library has something to suggest from; otherwise waits for the editor to open one. */
function suggestIfPossible(session: Session): void {
  if (session.projectDir && hasIndexedMusic(session)) startSuggest(session);
}
