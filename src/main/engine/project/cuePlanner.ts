/**
 * Music cues: a cue is a stretch of consecutive scenes that one piece of music carries. Cutting the
 * music at every cut of a montage of 1–2 s shots sounds like a radio being retuned; an editor lays
 * one cue across shots of one mood and changes the music where the film changes.
 *
 * The plan walks the scenes in cut order and starts a new cue only when the current one has lasted
 * at least `minCueSec` and the next scene either is long (`longSceneSec`: it carries music of its
 * own) or changes mood (its affect is further than `moodChange` in cosine distance from the mean
 * affect of the cue so far). Pure: the caller passes durations and affects.
 */

export interface CueScene {
  readonly id: number;
  readonly durationSec: number;
  /** Predicted affect of the scene; empty when not known yet (then only lengths decide). */
  readonly affect: readonly number[];
}

export interface CuePlanOptions {
  minCueSec?: number;
  longSceneSec?: number;
  moodChange?: number;
}

export const CUE_DEFAULTS = { minCueSec: 12, longSceneSec: 20, moodChange: 0.25 } as const;

export interface PlannedCue {
  readonly sceneIds: number[];
  readonly durationSec: number;
}

function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa && bb ? 1 - ab / Math.sqrt(aa * bb) : 0;
}

export function planCues(scenes: readonly CueScene[], opts: CuePlanOptions = {}): PlannedCue[] {
  const { minCueSec, longSceneSec, moodChange } = { ...CUE_DEFAULTS, ...opts };
  const cues: { sceneIds: number[]; durationSec: number; sum: number[]; moods: number }[] = [];
  for (const s of scenes) {
    const cue = cues.at(-1);
    const known = s.affect.length > 0;
    const mean = cue && cue.moods > 0 ? cue.sum.map((v) => v / cue.moods) : null;
    const changes = known && mean !== null && cosineDistance(mean, s.affect) > moodChange;
    if (!cue || (cue.durationSec >= minCueSec && (s.durationSec >= longSceneSec || changes))) {
      cues.push({ sceneIds: [s.id], durationSec: s.durationSec, sum: known ? [...s.affect] : [], moods: known ? 1 : 0 });
      continue;
    }
    cue.sceneIds.push(s.id);
    cue.durationSec += s.durationSec;
    if (known) {
      cue.sum = cue.moods ? cue.sum.map((v, i) => v + s.affect[i]) : [...s.affect];
      cue.moods++;
    }
  }
  return cues.map(({ sceneIds, durationSec }) => ({ sceneIds, durationSec }));
}
