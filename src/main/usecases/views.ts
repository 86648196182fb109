import { basename } from 'node:path';
import type { AffectDimension } from '../../shared/affect';
import type {
  CueSuggestionsView,
  LibraryView,
  ProjectView,
  RejectedTrackView,
  SceneSuggestionsView,
  SceneView,
  SuggestionView,
  TrackView,
  WaveformView,
} from '../../shared/contract';
import { libraryMoods, projectSceneAffects, strongestAffect } from '../engine/affect/libraryMood';
import { ENVELOPE_RATE } from '../engine/audio/featureStore';
import { failuresUnder, filesUnder } from '../engine/db/fileSync';
import { getScene, getVideo, scenesOfVideo, videosUnder } from '../engine/db/projectRepository';
import {
  decisionForScene,
  ratingsForScene,
  rejectionsForScene,
  sceneMusicStatesUnder,
  storedSuggestionTracks,
  suggestionsForScene,
} from '../engine/db/suggestionRepository';
import { getTrack, listTracks, trackLoudness, type TrackDetail } from '../engine/db/trackRepository';
import { folderName, isInsideFolder } from './folders';
import { proxyState } from '../engine/media/proxy';
import type { UsecaseContext } from './context';
import type { CueSuggestions } from './cues';
import { requireTrack } from './decisions';
import { projectDetection } from './project';

/**
 * What the app shows, in the service contract's shapes (src/shared/contract.ts): the open project
 * with its scenes, the open music folder and its tracks, a scene's suggestions, a cue's, a track's
 * waveform. Read here, once, from the stored state; the services only pass them on.
 */

const PLAYBACK = { direct: 'original', proxy: 'proxy', unknown: 'pending' } as const;

/** The project folder `dir` as analysed: its videos (how each plays), their scenes in cut order, the files that failed, the detection settings. */
export function projectView(ctx: UsecaseContext, dir: string): ProjectView {
  const { db } = ctx;
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
    playback: PLAYBACK[proxyState(ctx.cacheDir, v.fingerprint)],
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
    detection: projectDetection(ctx, { projectDir: dir }),
  };
}

/** The music folder `dir` as indexed: its tracks counted, the library's total, the files that failed. */
export function libraryView(ctx: UsecaseContext, dir: string): LibraryView {
  return {
    dir,
    name: folderName(dir),
    trackCount: filesUnder(ctx.db, 'tracks', dir).filter((t) => t.status === 'ok').length,
    totalTracks: listTracks(ctx.db).length,
    failures: failuresUnder(ctx.db, 'tracks', dir).map((f) => ({ path: f.path, reason: f.reason })),
  };
}

/** The tracks inside the music folder `dir` (the one inside-a-folder rule), with their tags and mood. */
export function libraryTrackViews(ctx: UsecaseContext, dir: string): TrackView[] {
  const moods = libraryMoods(ctx.db).tracks;
  return listTracks(ctx.db)
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
}

const trackTitle = (t: TrackDetail | undefined, trackId: number): string => t?.title ?? (t ? basename(t.path) : `track ${trackId}`);

/** The scene's affect as the default matcher sees it (judged against the other scenes analysed under its project root), or none. */
function sceneAffectOf(ctx: UsecaseContext, sceneId: number): Float32Array {
  const scene = getScene(ctx.db, sceneId);
  const video = scene && getVideo(ctx.db, scene.videoId);
  return (video && projectSceneAffects(ctx.db, video.root).get(sceneId)) || new Float32Array(0);
}

/**
 * A scene's stored suggestions with the editor's decision, ratings and rejections. `modelVersion`
 * names the model when the scene has no suggestions yet (the app's loaded model, if any).
 */
export function sceneSuggestionsView(ctx: UsecaseContext, sceneId: number, modelVersion: string | null): SceneSuggestionsView {
  const { db } = ctx;
  const stored = suggestionsForScene(db, sceneId);
  // The affect the default matcher judged by (engine/affect/libraryMood.ts), so the chart shows what was matched.
  const segmentAffects = libraryMoods(db).segments;
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
    modelVersion: stored[0]?.modelVersion ?? modelVersion,
    sceneAffect: Array.from(sceneAffectOf(ctx, sceneId)),
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
    rejected: rejectedView(ctx, sceneId),
  };
}

function rejectedView(ctx: UsecaseContext, sceneId: number): RejectedTrackView[] {
  const rows = rejectionsForScene(ctx.db, sceneId);
  if (rows.length === 0) return [];
  const stored = storedSuggestionTracks(ctx.db, sceneId);
  return rows.map((r) => {
    const t = getTrack(ctx.db, r.trackId);
    return { trackId: r.trackId, title: trackTitle(t, r.trackId), artist: t?.artist ?? null, stillSuggested: stored.has(r.trackId) };
  });
}

/** The contract's shape of a cue's suggestions (cues.ts's cueSuggestions). */
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

/** More peaks than this are max-pooled: a waveform is a few hundred pixels wide. */
const MAX_PEAKS = 3000;

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

/** A track's loudness as peaks, with its beats and bars (the section editor's waveform). */
export function trackWaveform(ctx: UsecaseContext, trackId: unknown): WaveformView {
  const track = requireTrack(ctx, trackId);
  const { peaks, rate } = envelopeToPeaks(trackLoudness(ctx.db, track.id) ?? []);
  return { trackId: track.id, durationSec: track.durationSec, peaks, rate, beats: track.beats, bars: track.downbeats };
}
