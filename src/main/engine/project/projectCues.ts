/**
 * The project's music cues as the editor sees them (planCues, then the editor's edits), and the
 * tracks ranked for a whole cue from the scenes' stored suggestions.
 */
import { resolve } from 'node:path';
import type { Db } from '../db/database';
import { cueEditsFor, type CueEditKind } from '../db/cueEditRepository';
import { scenesOfVideo, videosUnder } from '../db/projectRepository';
import { projectSceneAffects } from '../affect/libraryMood';
import { planCues, type PlannedCue } from './cuePlanner';
import { applyCueEdits, cueStarts } from './cueEdits';

/** A scene in cut order, with what keys a cue edit at its start (the video's fingerprint and the scene's first frame). */
export interface CutScene {
  readonly id: number;
  readonly videoId: number;
  readonly fingerprint: string;
  readonly startFrame: number;
  readonly durationSec: number;
}

export interface ProjectCue {
  readonly index: number;
  readonly sceneIds: number[];
  /** On the cut's record timeline (scenes back to back, videos by path), seconds. */
  readonly startSec: number;
  readonly endSec: number;
}

export interface ProjectCues {
  /** Every scene of the project in cut order. */
  readonly scenes: CutScene[];
  /** The cue starts the planner chose, before the editor's edits. */
  readonly planned: ReadonlySet<number>;
  readonly cues: ProjectCue[];
}

/** The cues of the project in `root`: planned from the scenes' lengths and moods, with the editor's cue edits applied. */
export function projectCues(db: Db, root: string): ProjectCues {
  const dir = resolve(root);
  const scenes: CutScene[] = videosUnder(db, dir).flatMap((v) =>
    scenesOfVideo(db, v.id).map((s) => ({ id: s.id, videoId: v.id, fingerprint: v.fingerprint, startFrame: s.startFrame, durationSec: s.endSec - s.startSec })),
  );
  const affects = projectSceneAffects(db, dir);
  const plan = planCues(scenes.map((s) => ({ id: s.id, durationSec: s.durationSec, affect: Array.from(affects.get(s.id) ?? []) })));
  const editsByVideo = new Map<string, Map<number, CueEditKind>>();
  const edits = new Map<number, CueEditKind>();
  for (const s of scenes) {
    if (!editsByVideo.has(s.fingerprint)) editsByVideo.set(s.fingerprint, cueEditsFor(db, s.fingerprint));
    const kind = editsByVideo.get(s.fingerprint)!.get(s.startFrame);
    if (kind) edits.set(s.id, kind);
  }
  return { scenes, planned: cueStarts(plan), cues: withTimes(applyCueEdits(plan, scenes, edits)) };
}

function withTimes(plan: readonly PlannedCue[]): ProjectCue[] {
  let at = 0;
  return plan.map((c, index) => {
    const startSec = at;
    at += c.durationSec;
    return { index, sceneIds: c.sceneIds, startSec, endSec: at };
  });
}

/** One scene of a cue with its stored suggestions, for ranking tracks for the whole cue. */
export interface CueSceneSuggestions {
  readonly sceneId: number;
  readonly durationSec: number;
  readonly suggestions: readonly { readonly trackId: number; readonly score: number; readonly inSec: number }[];
}

export interface CueTrackScore {
  readonly trackId: number;
  /** The duration-weighted mean of the scenes' scores (see rankTracksForCue). */
  readonly score: number;
  /** How many of the cue's scenes have the track among their own suggestions. */
  readonly suggestedFor: number;
  /** The section for the whole cue: as long as the cue where the track allows. */
  readonly inSec: number;
  readonly outSec: number;
}

/**
 * Tracks ranked for a cue from its scenes' stored suggestions, no new model: a track's cue score is
 * the mean of its per-scene scores weighted by scene duration. A scene that does not list the track
 * (only the top suggestions are stored) counts with the lowest score it does list, which the track
 * ranked below; scenes without suggestions do not count. Only tracks suggested for at least one
 * scene are ranked, and `excluded` (rejected for a scene of the cue) never are. The section starts
 * where the track's suggested section for its longest scene starts, moved back by that scene's
 * offset in the cue, so that scene hears its own section; it is moved earlier still when the
 * track would end before the cue, and ends with the cue or the track.
 */
export function rankTracksForCue(scenes: readonly CueSceneSuggestions[], trackDurations: ReadonlyMap<number, number>, excluded: ReadonlySet<number> = new Set()): CueTrackScore[] {
  const cueSec = scenes.reduce((n, s) => n + s.durationSec, 0);
  const counted = scenes.filter((s) => s.suggestions.length > 0);
  const weight = counted.reduce((n, s) => n + s.durationSec, 0) || 1;
  const floor = new Map(counted.map((s) => [s.sceneId, Math.min(...s.suggestions.map((x) => x.score))]));
  const offsets = new Map<number, number>();
  scenes.reduce((at, s) => (offsets.set(s.sceneId, at), at + s.durationSec), 0);
  const tracks = new Set(counted.flatMap((s) => s.suggestions.map((x) => x.trackId)).filter((t) => !excluded.has(t) && trackDurations.has(t)));
  const ranked: CueTrackScore[] = [];
  for (const trackId of tracks) {
    let sum = 0;
    let suggestedFor = 0;
    let anchor: { inSec: number; offset: number; durationSec: number } | null = null;
    for (const s of counted) {
      const own = s.suggestions.find((x) => x.trackId === trackId);
      sum += s.durationSec * (own ? own.score : floor.get(s.sceneId)!);
      if (!own) continue;
      suggestedFor++;
      if (!anchor || s.durationSec > anchor.durationSec) anchor = { inSec: own.inSec, offset: offsets.get(s.sceneId)!, durationSec: s.durationSec };
    }
    const trackSec = trackDurations.get(trackId)!;
    const wanted = anchor ? anchor.inSec - anchor.offset : 0;
    const inSec = Math.max(0, Math.min(wanted, trackSec - cueSec));
    ranked.push({ trackId, score: sum / weight, suggestedFor, inSec, outSec: Math.min(trackSec, inSec + cueSec) });
  }
  return ranked.sort((a, b) => b.score - a.score || b.suggestedFor - a.suggestedFor || a.trackId - b.trackId);
}

/**
 * The sections that carry one track across a cue's scenes without a break: each scene takes the
 * next stretch of the track from `inSec`, and every scene after the first continues the one before
 * (so the export lays one music clip). Scenes past the track's end get none.
 */
export function cueSections(
  scenes: readonly { readonly sceneId: number; readonly durationSec: number }[],
  inSec: number,
  trackSec: number,
): { sceneId: number; inSec: number; outSec: number; continuesFromPrevious: boolean }[] {
  const out: { sceneId: number; inSec: number; outSec: number; continuesFromPrevious: boolean }[] = [];
  let at = inSec;
  scenes.forEach((s, i) => {
    if (at < trackSec) out.push({ sceneId: s.sceneId, inSec: at, outSec: Math.min(trackSec, at + s.durationSec), continuesFromPrevious: i > 0 });
    at += s.durationSec;
  });
  return out;
}
