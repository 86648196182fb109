import { libraryMoods, projectSceneAffects } from '../engine/affect/libraryMood';
import { basename } from 'node:path';
import type { AffectDimension } from '../../shared/affect';
import type { CueSuggestionsView, RejectedTrackView, SceneSuggestionsView, SuggestionService, SuggestionView, WaveformView } from '../../shared/contract';
import { ENVELOPE_RATE } from '../engine/audio/featureStore';
import { getScene, getVideo } from '../engine/db/projectRepository';
import {
  clearDecision,
  decisionForScene,
  deleteRating,
  ratingsForScene,
  rejectionsForScene,
  restoreTrack,
  storedSuggestionTracks,
  suggestionsForScene,
} from '../engine/db/suggestionRepository';
import { getTrack, trackLoudness, type TrackDetail } from '../engine/db/trackRepository';
import { acceptTrack, rateScene, rejectTrackForScene, requireScene as requireProjectScene, requireTrack, type SceneTarget } from '../usecases/decisions';
import { acceptTrackForCue, cueSuggestions, type CueSuggestions } from '../usecases/cues';
import { ServiceFailure } from './serviceFailure';
import type { Session } from './session';
import { startSuggest } from './workflow';

/** More peaks than this are max-pooled: a waveform is a few hundred pixels wide. */
const MAX_PEAKS = 3000;

/** A scene of the open project (the use cases' rule), or a failure naming the id. */
const requireScene = (session: Session, sceneId: unknown): SceneTarget => requireProjectScene(session, sceneId, session.requireProject());

const trackTitle = (t: TrackDetail | undefined, trackId: number): string => t?.title ?? (t ? basename(t.path) : `track ${trackId}`);

/** The scene's affect as the default matcher sees it (judged against the other scenes analysed under its project root), or none. */
function sceneAffectOf(session: Session, sceneId: number): Float32Array {
  const scene = getScene(session.db, sceneId);
  const video = scene && getVideo(session.db, scene.videoId);
  return (video && projectSceneAffects(session.db, video.root).get(sceneId)) || new Float32Array(0);
}

export function sceneSuggestionsView(session: Session, sceneId: number): SceneSuggestionsView {
  const { db } = session;
  const stored = suggestionsForScene(db, sceneId);
  // The affect the default matcher judged by (engine/affect/libraryMood.ts), so the chart shows what was matched.
  const segmentAffects = libraryMoods(db).segments;
  const modelVersion = stored[0]?.modelVersion ?? session.model.version;
  const decision = decisionForScene(db, sceneId);
  const ratings = ratingsForScene(db, sceneId);
  const suggestions = stored.flatMap((s, rank): SuggestionView[] => {
    const t = getTrack(db, s.trackId);
    if (!t) return [];
    return [
      {
        rank,
        trackId: s.trackId,
        title: trackTitle(t, s.trackId),
        artist: t.artist,
        fileName: basename(t.path),
        durationSec: t.durationSec,
        bpm: t.bpm,
        key: t.key,
        score: s.score,
        // The accepted track shows the section the editor uses (their own when they edited it).
        inSec: decision?.trackId === s.trackId ? decision.inSec : s.inSec,
        outSec: decision?.trackId === s.trackId ? decision.outSec : s.outSec,
        continuesFromPrevious: decision?.trackId === s.trackId ? decision.continuesFromPrevious : s.continuesFromPrevious,
        agree: s.agree as AffectDimension[],
        clash: s.clash as AffectDimension[],
        trackAffect: Array.from(segmentAffects.get(s.segmentId) ?? []),
        accepted: decision?.trackId === s.trackId,
        rating: ratings.get(s.trackId) ?? null,
      },
    ];
  });
  return {
    sceneId,
    modelVersion,
    sceneAffect: Array.from(sceneAffectOf(session, sceneId)),
    suggestions,
    accepted: decision
      ? {
          trackId: decision.trackId,
          title: trackTitle(getTrack(db, decision.trackId), decision.trackId),
          inSec: decision.inSec,
          outSec: decision.outSec,
          continuesFromPrevious: decision.continuesFromPrevious,
        }
      : null,
    rejected: rejectedView(session, sceneId),
  };
}

function rejectedView(session: Session, sceneId: number): RejectedTrackView[] {
  const rows = rejectionsForScene(session.db, sceneId);
  if (rows.length === 0) return [];
  const stored = storedSuggestionTracks(session.db, sceneId);
  return rows.map((r) => {
    const t = getTrack(session.db, r.trackId);
    return { trackId: r.trackId, title: trackTitle(t, r.trackId), artist: t?.artist ?? null, stillSuggested: stored.has(r.trackId) };
  });
}

/** The contract's shape of a cue's suggestions. */
export function cueSuggestionsView(c: CueSuggestions): CueSuggestionsView {
  const carried = c.cue.accepted && c.cue.accepted.scenes === c.cue.sceneIds.length ? c.cue.accepted.trackId : null;
  return {
    cue: c.cue,
    scenes: c.scenes,
    suggestions: c.suggestions.map((s) => ({
      rank: s.rank,
      trackId: s.track.id,
      title: trackTitle(s.track, s.track.id),
      artist: s.track.artist,
      fileName: basename(s.track.path),
      durationSec: s.track.durationSec,
      bpm: s.track.bpm,
      key: s.track.key,
      score: s.score,
      suggestedFor: s.suggestedFor,
      inSec: s.inSec,
      outSec: s.outSec,
      accepted: carried === s.track.id,
    })),
  };
}

/** Linear peaks in [0, 1] from a dB envelope, max-pooled to at most MAX_PEAKS values. */
export function envelopeToPeaks(envelopeDb: ArrayLike<number>): { peaks: number[]; rate: number } {
  const pool = Math.max(1, Math.ceil(envelopeDb.length / MAX_PEAKS));
  const linear: number[] = [];
  for (let i = 0; i < envelopeDb.length; i += pool) {
    let peak = 0;
    for (let j = i; j < Math.min(envelopeDb.length, i + pool); j++) peak = Math.max(peak, 10 ** (envelopeDb[j] / 20));
    linear.push(peak);
  }
  const top = Math.max(...linear, 1e-9);
  return { peaks: linear.map((v) => Math.round((v / top) * 1000) / 1000), rate: ENVELOPE_RATE / pool };
}

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
      const { scene } = requireScene(session, sceneId);
      return sceneSuggestionsView(session, scene.id);
    },
    async forCue(sceneId) {
      return cueSuggestionsView(cueSuggestions(session, { sceneId, projectDir: session.requireProject() }));
    },
    async acceptForCue(sceneId, trackId) {
      const view = cueSuggestionsView(acceptTrackForCue(session, { sceneId, trackId, projectDir: session.requireProject() }));
      changed();
      return view;
    },
    async waveform(trackId): Promise<WaveformView> {
      const track = requireTrack(session, trackId);
      const { peaks, rate } = envelopeToPeaks(trackLoudness(session.db, track.id) ?? []);
      return { trackId: track.id, durationSec: track.durationSec, peaks, rate, beats: track.beats, bars: track.downbeats };
    },
    async accept(sceneId, trackId) {
      const { scene } = acceptTrack(session, { sceneId, trackId, projectDir: session.requireProject() });
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
    async setSection(sceneId, trackId, inSec, outSec, continuesFromPrevious) {
      const { scene } = acceptTrack(session, { sceneId, trackId, inSec, outSec, continuesFromPrevious, projectDir: session.requireProject() });
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
    async reject(sceneId, trackId) {
      const { scene } = rejectTrackForScene(session, { sceneId, trackId, projectDir: session.requireProject() });
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
    async restore(sceneId, trackId) {
      const { scene } = requireScene(session, sceneId);
      const track = requireTrack(session, trackId);
      if (!restoreTrack(session.db, scene.id, track.id)) throw new ServiceFailure('not-found', `${trackTitle(track, track.id)} is not rejected for this scene.`);
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
    async clearAccepted(sceneId) {
      const { scene } = requireScene(session, sceneId);
      clearDecision(session.db, scene.id);
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
    async rate(sceneId, trackId, score) {
      if (score === null) {
        // Taking a rating back: no rule to apply beyond the scene and the track.
        const { scene } = requireScene(session, sceneId);
        deleteRating(session.db, scene.id, requireTrack(session, trackId).id);
        changed();
        return sceneSuggestionsView(session, scene.id);
      }
      const { sceneId: id } = rateScene(session, { sceneId, trackId, score, projectDir: session.requireProject() });
      changed();
      return sceneSuggestionsView(session, id);
    },
  };
}
