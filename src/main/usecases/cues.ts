import { basename, resolve } from 'node:path';
import { deleteCueEdit, saveCueEdit } from '../engine/db/cueEditRepository';
import { acceptSuggestion, decisionForScene, rejectedTracks, sceneMusicStatesUnder, suggestionsForScene } from '../engine/db/suggestionRepository';
import { getTrack, type TrackDetail } from '../engine/db/trackRepository';
import { cueSections, projectCues, rankTracksForCue, type CutScene, type ProjectCue, type ProjectCues } from '../engine/project/projectCues';
import type { AcceptedSection } from '../../shared/contract';
import type { UsecaseContext } from './context';
import { requireScene, requireTrack, sectionStart } from './decisions';
import { UsecaseError } from './errors';
import { describeValue, expectString } from './validate';

/**
 * The project's music cues and the editor's changes to them: a cue split at a scene (a new cue
 * starts there), a cue joined to the one before it, and one track accepted for a whole cue. Cue
 * edits are stored by the video's content and the scene's first frame (cue_edits), so they hold
 * after re-analysis; the app (project.splitCue / joinCue) and the CLI (cue-split / cue-join) call
 * these.
 */

export interface CueEntry extends ProjectCue {
  /** The music carrying it: the track accepted on its first scene that has one, and on how many of its scenes that track is accepted. */
  readonly accepted: { readonly trackId: number; readonly title: string; readonly scenes: number } | null;
  /** True when the editor split or joined at its start (not the planner's choice). */
  readonly edited: boolean;
}


function projectRoot(projectDir: unknown): string {
  return resolve(expectString(projectDir, 'The project folder'));
}

/** The cues of a project with the music accepted on them. */
export function listCues(ctx: UsecaseContext, input: { projectDir: unknown }): CueEntry[] {
  const root = projectRoot(input.projectDir);
  return entries(ctx, root, projectCues(ctx.db, root));
}

/** The cues with their music, the accepted tracks of all scenes read in one query. */
function entries(ctx: UsecaseContext, root: string, all: ProjectCues): CueEntry[] {
  const music = sceneMusicStatesUnder(ctx.db, root);
  return all.cues.map((c) => {
    const accepted = c.sceneIds.map((id) => music.get(id)?.accepted ?? null);
    const first = accepted.find((a) => a !== null);
    return {
      ...c,
      accepted: first ? { trackId: first.trackId, title: first.title ?? basename(first.path), scenes: accepted.filter((a) => a?.trackId === first.trackId).length } : null,
      edited: c.index > 0 ? !all.planned.has(c.sceneIds[0]) : false,
    };
  });
}

/** The cut's cues and the scene `sceneId` (of the project in `projectDir`) among them. */
function locate(ctx: UsecaseContext, sceneId: unknown, projectDir: string): { all: ProjectCues; scene: CutScene; cue: ProjectCue; position: number } {
  let scene;
  try {
    scene = requireScene(ctx, sceneId, projectDir).scene;
  } catch (err) {
    if (err instanceof UsecaseError && err.code === 'not-found') throw new UsecaseError('not-found', `Scene ${describeValue(sceneId)} is not a scene of the project ${projectDir}.`);
    throw err;
  }
  const all = projectCues(ctx.db, projectDir);
  const position = all.scenes.findIndex((s) => s.id === scene.id);
  const cue = all.cues.find((c) => c.sceneIds.includes(scene.id));
  if (position < 0 || !cue) throw new UsecaseError('not-found', `Scene ${scene.id} is not part of the project ${projectDir}.`);
  return { all, scene: all.scenes[position], cue, position };
}

/** Makes a cue start (or not) at the scene: stored only where it differs from the plan, so split and join take each other back. */
function setCueStart(ctx: UsecaseContext, all: ProjectCues, scene: CutScene, starts: boolean): void {
  if (all.planned.has(scene.id) === starts) deleteCueEdit(ctx.db, scene.fingerprint, scene.startFrame);
  else saveCueEdit(ctx.db, scene.fingerprint, scene.startFrame, starts ? 'break' : 'no-break');
}

/** Splits the scene's cue so that a new cue starts at the scene. Returns the cues after. */
export function splitCue(ctx: UsecaseContext, input: { sceneId: unknown; projectDir: unknown }): CueEntry[] {
  const dir = projectRoot(input.projectDir);
  const { all, scene, cue, position } = locate(ctx, input.sceneId, dir);
  if (position === 0) throw new UsecaseError('invalid-argument', 'The first scene of the cut starts the first cue: there is nothing before it to split from.');
  if (cue.sceneIds[0] === scene.id) throw new UsecaseError('invalid-argument', `Cue ${cue.index + 1} already starts at scene ${position + 1}.`);
  setCueStart(ctx, all, scene, true);
  return listCues(ctx, { projectDir: dir });
}

/** Joins the scene's cue to the cue before it (its first scene no longer starts a cue). Returns the cues after. */
export function joinCue(ctx: UsecaseContext, input: { sceneId: unknown; projectDir: unknown }): CueEntry[] {
  const dir = projectRoot(input.projectDir);
  const { all, cue } = locate(ctx, input.sceneId, dir);
  if (cue.index === 0) throw new UsecaseError('invalid-argument', 'Cue 1 starts the cut: there is no cue before it to join.');
  setCueStart(ctx, all, all.scenes.find((s) => s.id === cue.sceneIds[0])!, false);
  return listCues(ctx, { projectDir: dir });
}

export interface CueSuggestion {
  readonly rank: number;
  readonly track: TrackDetail;
  readonly score: number;
  readonly suggestedFor: number;
  readonly inSec: number;
  readonly outSec: number;
}

export interface CueSuggestions {
  readonly cue: CueEntry;
  /** The cue's scenes in order, with their lengths and the section each has accepted. */
  readonly scenes: { readonly sceneId: number; readonly durationSec: number; readonly accepted: AcceptedSection | null }[];
  readonly suggestions: CueSuggestion[];
}

/** Tracks ranked for the whole cue of a scene (rankTracksForCue over the scenes' stored suggestions). */
export function cueSuggestions(ctx: UsecaseContext, input: { sceneId: unknown; projectDir: unknown }): CueSuggestions {
  const dir = projectRoot(input.projectDir);
  const { all, cue } = locate(ctx, input.sceneId, dir);
  const scenes = cue.sceneIds.map((id) => all.scenes.find((s) => s.id === id)!);
  const excluded = new Set(scenes.flatMap((s) => [...rejectedTracks(ctx.db, s.id)]));
  const tracks = new Map<number, TrackDetail>();
  const perScene = scenes.map((s) => ({ sceneId: s.id, durationSec: s.durationSec, suggestions: suggestionsForScene(ctx.db, s.id) }));
  for (const s of perScene) for (const x of s.suggestions) if (!tracks.has(x.trackId)) { const t = getTrack(ctx.db, x.trackId); if (t) tracks.set(t.id, t); }
  const ranked = rankTracksForCue(perScene, new Map([...tracks].map(([id, t]) => [id, t.durationSec])), excluded);
  return {
    cue: entries(ctx, dir, all)[cue.index],
    scenes: scenes.map((s) => {
      const d = decisionForScene(ctx.db, s.id);
      return { sceneId: s.id, durationSec: s.durationSec, accepted: d ? { trackId: d.trackId, inSec: d.inSec, outSec: d.outSec, continuesFromPrevious: d.continuesFromPrevious } : null };
    }),
    suggestions: ranked.map((r, rank) => ({ rank, track: tracks.get(r.trackId)!, score: r.score, suggestedFor: r.suggestedFor, inSec: r.inSec, outSec: r.outSec })),
  };
}

/**
 * Accepts one track for the scene's whole cue: each scene of the cue gets the next stretch of the
 * track (cueSections), so the cue is carried by one continuous piece of music and the export lays
 * one music clip across it. From `inSec` when given, else from the cue suggestion's section, else
 * from the track's start. Returns the cue suggestions after.
 */
export function acceptTrackForCue(ctx: UsecaseContext, input: { sceneId: unknown; trackId: unknown; inSec?: unknown; projectDir: unknown }): CueSuggestions {
  const dir = projectRoot(input.projectDir);
  const track = requireTrack(ctx, input.trackId);
  const before = cueSuggestions(ctx, { sceneId: input.sceneId, projectDir: dir });
  const inSec = input.inSec !== undefined ? sectionStart(track, input.inSec) : (before.suggestions.find((s) => s.track.id === track.id)?.inSec ?? 0);
  ctx.db.transaction(() => {
    for (const s of cueSections(before.scenes, inSec, track.durationSec)) acceptSuggestion(ctx.db, { ...s, trackId: track.id });
  })();
  return cueSuggestions(ctx, { sceneId: input.sceneId, projectDir: dir });
}
