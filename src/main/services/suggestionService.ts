import { libraryMoods, projectSceneAffects } from '../engine/affect/libraryMood';
import { basename } from 'node:path';
import type { AffectDimension } from '../../shared/affect';
import type { RejectedTrackView, SceneSuggestionsView, SuggestionService, SuggestionView, WaveformView } from '../../shared/contract';
import { ENVELOPE_RATE } from '../engine/audio/featureStore';
import type { StoredScene, StoredVideo } from '../engine/db/projectRepository';
import { SceneEditError, sceneUnder } from '../engine/project/sceneEdits';
import {
  acceptSuggestion,
  clearDecision,
  decisionForScene,
  deleteRating,
  ratingsForScene,
  rejectionsForScene,
  rejectTrack,
  restoreTrack,
  storedSuggestionTracks,
  suggestionsForScene,
  type StoredSuggestion,
} from '../engine/db/suggestionRepository';
import { getTrack, trackLoudness, type TrackDetail } from '../engine/db/trackRepository';
import { recordSceneRating } from '../engine/project/sceneRating';
import { expectId, ServiceFailure } from './serviceFailure';
import type { Session } from './session';
import { startSuggest } from './workflow';

/** More peaks than this are max-pooled: a waveform is a few hundred pixels wide. */
const MAX_PEAKS = 3000;

/** A scene of the open project (sceneUnder: the one ownership rule), or a failure naming the id. */
function requireScene(session: Session, sceneId: unknown): { scene: StoredScene; video: StoredVideo } {
  const dir = session.requireProject();
  const id = expectId(sceneId, 'The scene id');
  try {
    return sceneUnder(session.db, dir, id);
  } catch (err) {
    if (err instanceof SceneEditError) throw new ServiceFailure(err.code, err.message);
    throw err;
  }
}

function requireTrack(session: Session, trackId: unknown): TrackDetail {
  const id = expectId(trackId, 'The track id');
  const track = getTrack(session.db, id);
  if (!track) throw new ServiceFailure('not-found', `Track ${id} is not in the library.`);
  return track;
}

function requireSuggestion(session: Session, sceneId: number, trackId: number): StoredSuggestion {
  const s = suggestionsForScene(session.db, sceneId).find((x) => x.trackId === trackId);
  if (!s) throw new ServiceFailure('not-found', `Track ${trackId} is not among the suggestions for this scene; suggest again to see it.`);
  return s;
}

const trackTitle = (t: TrackDetail | undefined, trackId: number): string => t?.title ?? (t ? basename(t.path) : `track ${trackId}`);

/** The scene's affect as the default matcher sees it (judged against the open project's scenes), or none. */
function sceneAffectOf(session: Session, sceneId: number): Float32Array {
  const project = session.projectDir;
  return (project && projectSceneAffects(session.db, project).get(sceneId)) || new Float32Array(0);
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
      ? { trackId: decision.trackId, title: trackTitle(getTrack(db, decision.trackId), decision.trackId), inSec: decision.inSec, outSec: decision.outSec }
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
    async waveform(trackId): Promise<WaveformView> {
      const track = requireTrack(session, trackId);
      const { peaks, rate } = envelopeToPeaks(trackLoudness(session.db, track.id) ?? []);
      return { trackId: track.id, durationSec: track.durationSec, peaks, rate, beats: track.beats, bars: track.downbeats };
    },
    async accept(sceneId, trackId) {
      const { scene } = requireScene(session, sceneId);
      const track = requireTrack(session, trackId);
      const s = requireSuggestion(session, scene.id, track.id);
      acceptSuggestion(session.db, { sceneId: scene.id, trackId: track.id, inSec: s.inSec, outSec: s.outSec, continuesFromPrevious: s.continuesFromPrevious });
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
    async setSection(sceneId, trackId, inSec, outSec) {
      const { scene } = requireScene(session, sceneId);
      const track = requireTrack(session, trackId);
      const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
      if (!ok(inSec) || !ok(outSec) || inSec < 0 || outSec <= inSec || outSec > track.durationSec + 0.05) {
        throw new ServiceFailure(
          'invalid-argument',
          `A section runs forward inside the track (0 to ${track.durationSec.toFixed(1)} s), not from ${JSON.stringify(inSec)} to ${JSON.stringify(outSec)}.`,
        );
      }
      acceptSuggestion(session.db, { sceneId: scene.id, trackId: track.id, inSec, outSec: Math.min(outSec, track.durationSec), continuesFromPrevious: false });
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
    async reject(sceneId, trackId) {
      const { scene } = requireScene(session, sceneId);
      const track = requireTrack(session, trackId);
      rejectTrack(session.db, scene.id, track.id);
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
      const { scene, video } = requireScene(session, sceneId);
      const track = requireTrack(session, trackId);
      if (score === null) {
        deleteRating(session.db, scene.id, track.id);
        changed();
        return sceneSuggestionsView(session, scene.id);
      }
      if (typeof score !== 'number' || !Number.isInteger(score) || score < 1 || score > 5) {
        throw new ServiceFailure('invalid-argument', `A rating is a whole number from 1 (clashing) to 5 (perfect), not ${JSON.stringify(score)}.`);
      }
      const suggestion = suggestionsForScene(session.db, scene.id).find((s) => s.trackId === track.id);
      const decision = decisionForScene(session.db, scene.id);
      const section = suggestion ?? (decision?.trackId === track.id ? decision : undefined);
      if (!section) throw new ServiceFailure('not-found', `Track ${track.id} is not suggested for this scene, so there is no section to rate.`);
      const id = recordSceneRating(session.db, { scene, video, track, inSec: section.inSec, outSec: section.outSec, score, segmentId: suggestion?.segmentId });
      if (id === undefined) throw new ServiceFailure('failed', `${basename(track.path)} has no analysed sections; index the library again.`);
      changed();
      return sceneSuggestionsView(session, scene.id);
    },
  };
}
