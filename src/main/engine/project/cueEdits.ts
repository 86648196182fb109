/**
 * The editor's changes to the planned cues, applied on top of planCues: at a scene's start a cue is
 * made to start ('break': the cue is split there) or the planned start is taken away ('no-break':
 * the cue joins the one before it). Pure: the caller passes the plan, the scenes in cut order and
 * the edits by scene id (looked up from the video fingerprint and the scene's start frame, so
 * edits hold across re-analysis as scene edits do).
 */
import type { CueEditKind } from '../db/cueEditRepository';
import type { PlannedCue } from './cuePlanner';

/** The scenes that start a cue in a plan (the first scene of the cut always does). */
export function cueStarts(plan: readonly PlannedCue[]): Set<number> {
  return new Set(plan.map((c) => c.sceneIds[0]));
}

/**
 * The cues after the editor's edits: the plan's cue starts, plus a start at every 'break', minus
 * every 'no-break'; the cut's first scene always starts a cue. Durations are summed again from
 * `scenes`. Edits at scenes that are not in `scenes` are ignored.
 */
export function applyCueEdits(
  plan: readonly PlannedCue[],
  scenes: readonly { readonly id: number; readonly durationSec: number }[],
  edits: ReadonlyMap<number, CueEditKind>,
): PlannedCue[] {
  const starts = cueStarts(plan);
  const cues: PlannedCue[] = [];
  scenes.forEach((s, i) => {
    const edit = edits.get(s.id);
    const starting = i === 0 || (edit === 'break' ? true : edit === 'no-break' ? false : starts.has(s.id));
    const cue = cues.at(-1);
    if (starting || !cue) cues.push({ sceneIds: [s.id], durationSec: s.durationSec });
    else {
      cue.sceneIds.push(s.id);
      (cue as { durationSec: number }).durationSec += s.durationSec;
    }
  });
  return cues;
}
