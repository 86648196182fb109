import type { SceneSuggestionsView, SuggestionService, WaveformView } from '../../shared/contract';
import {
  acceptTrack,
  clearAcceptedTrack,
  rateScene,
  rejectTrackForScene,
  requireScene,
  restoreTrackForScene,
  takeBackRating,
} from '../usecases/decisions';
import { acceptTrackForCue, cueSuggestions } from '../usecases/cues';
import { cueSuggestionsView, sceneSuggestionsView, trackWaveform } from '../usecases/views';
import type { Session } from './session';
import { startSuggest } from './workflow';

/** A scene's suggestions as the app shows them, naming the loaded model when the scene has none yet. */
const view = (session: Session, sceneId: number): SceneSuggestionsView => sceneSuggestionsView(session, sceneId, session.model.version);

export function createSuggestionService(session: Session): SuggestionService {
  const changed = (): void => {
    session.emit({ type: 'changed', what: 'suggestions' });
    session.emit({ type: 'changed', what: 'project' });
  };
  return {
    async suggest() {
      return startSuggest(session);
    },
    async forScene(sceneId) {
      const { scene } = requireScene(session, sceneId, session.requireProject());
      return view(session, scene.id);
    },
    async forCue(sceneId) {
      return cueSuggestionsView(cueSuggestions(session, { sceneId, projectDir: session.requireProject() }));
    },
    async acceptForCue(sceneId, trackId) {
      const cues = cueSuggestionsView(acceptTrackForCue(session, { sceneId, trackId, projectDir: session.requireProject() }));
      changed();
      return cues;
    },
    async waveform(trackId): Promise<WaveformView> {
      return trackWaveform(session, trackId);
    },
    async accept(sceneId, trackId) {
      const { scene } = acceptTrack(session, { sceneId, trackId, projectDir: session.requireProject() });
      changed();
      return view(session, scene.id);
    },
    async setSection(sceneId, trackId, inSec, outSec, continuesFromPrevious) {
      const { scene } = acceptTrack(session, { sceneId, trackId, inSec, outSec, continuesFromPrevious, projectDir: session.requireProject() });
      changed();
      return view(session, scene.id);
    },
    async reject(sceneId, trackId) {
      const { scene } = rejectTrackForScene(session, { sceneId, trackId, projectDir: session.requireProject() });
      changed();
      return view(session, scene.id);
    },
    async restore(sceneId, trackId) {
      const { scene } = restoreTrackForScene(session, { sceneId, trackId, projectDir: session.requireProject() });
      changed();
      return view(session, scene.id);
    },
    async clearAccepted(sceneId) {
      const { scene } = clearAcceptedTrack(session, { sceneId, projectDir: session.requireProject() });
      changed();
      return view(session, scene.id);
    },
    async rate(sceneId, trackId, score) {
      if (score === null) {
        // Taking a rating back: no rule to apply beyond the scene and the track.
        const { scene } = takeBackRating(session, { sceneId, trackId, projectDir: session.requireProject() });
        changed();
        return view(session, scene.id);
      }
      const { sceneId: id } = rateScene(session, { sceneId, trackId, score, projectDir: session.requireProject() });
      changed();
      return view(session, id);
    },
  };
}
