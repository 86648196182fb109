import { basename } from 'node:path';
import { getScene, getVideo, type StoredScene, type StoredVideo } from '../engine/db/projectRepository';
import {
  acceptSuggestion,
  clearDecision,
  decisionForScene,
  deleteRating,
  rejectTrack,
  restoreTrack,
  suggestionsForScene,
  type StoredSuggestion,
} from '../engine/db/suggestionRepository';
import { getTrack, type TrackDetail } from '../engine/db/trackRepository';
import { recordSceneRating } from '../engine/project/sceneRating';
import { isPlayableSection } from '../engine/project/projectTimeline';
import type { UsecaseContext } from './context';
import { UsecaseError } from './errors';
import { videoUnder } from '../engine/project/sceneEdits';
import { describeValue, expectBoolean, expectId, expectRating } from './validate';

/**
 * The editor's decisions about a scene's music: rating a track for it and accepting one. The rules
 * live here once; the CLI (`rate`) and the app (suggestions.rate / accept) both call these.
 */

export interface SceneTarget {
  scene: StoredScene;
  video: StoredVideo;
}

/**
 * A scene by id. With `projectDir` (the app's open project), the scene's video must belong to it
 * (videoUnder: the one inside-a-folder rule); the CLI names scenes by id alone.
 */
export function requireScene(ctx: UsecaseContext, sceneId: unknown, projectDir?: string): SceneTarget {
  const id = expectId(sceneId, 'The scene id');
  const scene = getScene(ctx.db, id);
  const video = scene && (projectDir !== undefined ? videoUnder(ctx.db, projectDir, scene.videoId) : getVideo(ctx.db, scene.videoId));
  if (!scene || !video || video.status !== 'ok') {
    throw new UsecaseError('not-found', projectDir !== undefined ? `Scene ${id} is not part of the open project.` : `There is no scene ${id}; suggest lists the scene ids.`);
  }
  return { scene, video };
}

export function requireTrack(ctx: UsecaseContext, trackId: unknown): TrackDetail {
  const id = expectId(trackId, 'The track id');
  const track = getTrack(ctx.db, id);
  if (!track) throw new UsecaseError('not-found', `Track ${id} is not in the library.`);
  return track;
}

export interface MusicSection {
  inSec: number;
  outSec: number;
  continuesFromPrevious: boolean;
  /** The suggested segment the section came from, when it came from a suggestion. */
  segmentId?: number;
}

/**
 * The section of `track` under `scene`: from `inSec` when given (finite, inside the track) to
 * `outSec` when given (forward, at most the track's end), else as long as the scene and cut at the
 * track's end; with neither, the one suggested or accepted for the scene, else from the track's
 * start. The one rule for a section the editor or a stored decision puts under a scene.
 */
export function sectionFor(ctx: UsecaseContext, { scene }: SceneTarget, track: TrackDetail, inSec?: unknown, outSec?: unknown): MusicSection {
  if (inSec === undefined && outSec === undefined) {
    const suggested: StoredSuggestion | undefined = suggestionsForScene(ctx.db, scene.id).find((s) => s.trackId === track.id);
    const decided = decisionForScene(ctx.db, scene.id);
    const known = suggested ?? (decided?.trackId === track.id ? decided : undefined);
    if (known && isPlayableSection(known, track)) return { inSec: known.inSec, outSec: known.outSec, continuesFromPrevious: known.continuesFromPrevious, segmentId: suggested?.segmentId };
  }
  const start = sectionStart(track, inSec ?? 0);
  const name = basename(track.path);
  if (outSec === undefined) return { inSec: start, outSec: Math.min(track.durationSec, start + (scene.endSec - scene.startSec)), continuesFromPrevious: false };
  // A few hundredths past the end are the UI's rounding, not a request for silence.
  if (typeof outSec !== 'number' || !Number.isFinite(outSec) || outSec <= start || outSec > track.durationSec + END_SLACK_SEC) {
    throw new UsecaseError('invalid-argument', `The section must end after its start and inside ${name} (${start.toFixed(2)} to ${track.durationSec.toFixed(1)} s; got ${describeValue(outSec)}).`);
  }
  return { inSec: start, outSec: Math.min(outSec, track.durationSec), continuesFromPrevious: false };
}

/** A section's start in `track`: a finite number of seconds inside it (the one rule for scene and cue sections). */
export function sectionStart(track: TrackDetail, inSec: unknown): number {
  if (typeof inSec !== 'number' || !Number.isFinite(inSec) || inSec < 0 || inSec >= track.durationSec) {
    throw new UsecaseError('invalid-argument', `The section must start inside ${basename(track.path)}: from 0 to below ${track.durationSec.toFixed(1)} s (got ${describeValue(inSec)}).`);
  }
  return inSec;
}

/** How far past a track's end a requested section may run (rounding in the UI); it is cut there. */
const END_SLACK_SEC = 0.05;

export interface RateInput {
  sceneId: unknown;
  trackId: unknown;
  score: unknown;
  /** Start of the rated section in the track; default: the suggested section, else the start. */
  inSec?: unknown;
  /** Also accept the track for the scene. */
  accept?: boolean;
  /** The open project, when the app asks. */
  projectDir?: string;
}

export interface RateResult {
  ratingId: number;
  sceneId: number;
  trackId: number;
  score: number;
  inSec: number;
  outSec: number;
  accepted: boolean;
}

/** Stores the editor's 1–5 rating of a track for a scene (a labelled pair for fine-tuning). */
export function rateScene(ctx: UsecaseContext, input: RateInput): RateResult {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  const track = requireTrack(ctx, input.trackId);
  const score = expectRating(input.score);
  const section = sectionFor(ctx, target, track, input.inSec);
  return ctx.db.transaction((): RateResult => {
    const ratingId = recordSceneRating(ctx.db, { ...target, track, inSec: section.inSec, outSec: section.outSec, score, segmentId: section.segmentId });
    if (ratingId === undefined) throw new UsecaseError('failed', `${basename(track.path)} has no analysed sections; index the library again.`);
    if (input.accept) acceptSuggestion(ctx.db, { sceneId: target.scene.id, trackId: track.id, ...section });
    return { ratingId, sceneId: target.scene.id, trackId: track.id, score, inSec: section.inSec, outSec: section.outSec, accepted: Boolean(input.accept) };
  })();
}

/** Rejects a track for a scene: it is not suggested for the scene again (until restored). */
export function rejectTrackForScene(ctx: UsecaseContext, input: { sceneId: unknown; trackId: unknown; projectDir?: string }): SceneTarget {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  const track = requireTrack(ctx, input.trackId);
  rejectTrack(ctx.db, target.scene.id, track.id);
  return target;
}

/** Takes a rejection back: the track may be suggested for the scene again. */
export function restoreTrackForScene(ctx: UsecaseContext, input: { sceneId: unknown; trackId: unknown; projectDir?: string }): SceneTarget {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  const track = requireTrack(ctx, input.trackId);
  if (!restoreTrack(ctx.db, target.scene.id, track.id)) throw new UsecaseError('not-found', `${track.title ?? basename(track.path)} is not rejected for this scene.`);
  return target;
}

/** Takes the editor's rating of a track for a scene back (no rule to apply beyond the scene and the track). */
export function takeBackRating(ctx: UsecaseContext, input: { sceneId: unknown; trackId: unknown; projectDir?: string }): SceneTarget {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  deleteRating(ctx.db, target.scene.id, requireTrack(ctx, input.trackId).id);
  return target;
}

/** Takes back the track accepted for a scene: the scene has no music chosen. */
export function clearAcceptedTrack(ctx: UsecaseContext, input: { sceneId: unknown; projectDir?: string }): SceneTarget {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  clearDecision(ctx.db, target.scene.id);
  return target;
}

/**
 * Accepts a track for a scene (export uses it): the section from `inSec` (to `outSec`) when given,
 * else its suggested section, else from the track's start (sectionFor). `continuesFromPrevious`,
 * when given, says whether the section runs on from the previous scene's (undo puts a decision
 * back as it was); the export starts a new clip where it cannot.
 */
export function acceptTrack(
  ctx: UsecaseContext,
  input: { sceneId: unknown; trackId: unknown; inSec?: unknown; outSec?: unknown; continuesFromPrevious?: unknown; projectDir?: string },
): SceneTarget {
  const target = requireScene(ctx, input.sceneId, input.projectDir);
  const track = requireTrack(ctx, input.trackId);
  const { segmentId: _segment, ...section } = sectionFor(ctx, target, track, input.inSec, input.outSec);
  if (input.continuesFromPrevious !== undefined) section.continuesFromPrevious = expectBoolean(input.continuesFromPrevious, 'continuesFromPrevious');
  acceptSuggestion(ctx.db, { sceneId: target.scene.id, trackId: track.id, ...section });
  return target;
}
