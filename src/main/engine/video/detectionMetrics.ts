import type { TransitionKind } from './sceneDetector';

/** A known transition: the first frame of the new scene (fades: the darkest point; dissolves: the middle). */
export interface TruthTransition {
  frame: number;
  kind: TransitionKind;
  /** Length in frames (0 for a cut); fades and dissolves are matched within half of it. */
  frames: number;
}

export interface DetectedTransition {
  frame: number;
  kind: TransitionKind;
}

export interface TransitionScoreRow {
  kind: TransitionKind | 'all';
  truths: number;
  matched: number;
  /** Unmatched detections, counted under the kind the detector gave them. */
  falsePositives: number;
  missed: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface TransitionScore {
  rows: TransitionScoreRow[];
  /** Share of matched pairs where the detector named the kind right. */
  kindAgreement: number;
}

/** How far a detection may sit from a truth and still match it: ±1 frame for cuts, ± half the length otherwise. */
export function toleranceFrames(truth: TruthTransition): number {
  return truth.kind === 'cut' ? 1 : Math.max(1, Math.ceil(truth.frames / 2));
}

/**
 * Precision, recall and F1 per transition kind and overall, matching detections to truths one to
 * one, closest pairs first, each within the truth's tolerance (whatever kind was detected).
 */
export function scoreTransitions(detected: readonly DetectedTransition[], truths: readonly TruthTransition[]): TransitionScore {
  const pairs: { t: number; d: number; distance: number }[] = [];
  truths.forEach((truth, t) => {
    detected.forEach((det, d) => {
      const distance = Math.abs(det.frame - truth.frame);
      if (distance <= toleranceFrames(truth)) pairs.push({ t, d, distance });
    });
  });
  pairs.sort((a, b) => a.distance - b.distance);
  const truthMatch = new Map<number, number>();
  const usedDetections = new Set<number>();
  for (const p of pairs) {
    if (truthMatch.has(p.t) || usedDetections.has(p.d)) continue;
    truthMatch.set(p.t, p.d);
    usedDetections.add(p.d);
  }

  const kinds: TransitionKind[] = ['cut', 'fade', 'dissolve'];
  const row = (kind: TransitionKind | 'all'): TransitionScoreRow => {
    const isKind = (k: TransitionKind): boolean => kind === 'all' || k === kind;
    const ofKind = truths.map((tr, i) => [tr, i] as const).filter(([tr]) => isKind(tr.kind));
    const matched = ofKind.filter(([, i]) => truthMatch.has(i)).length;
    const falsePositives = detected.filter((det, d) => !usedDetections.has(d) && isKind(det.kind)).length;
    const precision = matched + falsePositives ? matched / (matched + falsePositives) : 1;
    const recall = ofKind.length ? matched / ofKind.length : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { kind, truths: ofKind.length, matched, falsePositives, missed: ofKind.length - matched, precision, recall, f1 };
  };
  const agreeing = [...truthMatch].filter(([t, d]) => truths[t].kind === detected[d].kind).length;
  return {
    rows: [...kinds.map(row), row('all')],
    kindAgreement: truthMatch.size ? agreeing / truthMatch.size : 1,
  };
}

/** A plain-text table of a TransitionScore for logs and reports. */
export function formatScoreTable(score: TransitionScore): string {
  const header = 'kind      truths matched  FP  missed precision recall   F1';
  const lines = score.rows.map(
    (r) =>
      `${r.kind.padEnd(9)} ${String(r.truths).padStart(6)} ${String(r.matched).padStart(7)} ${String(r.falsePositives).padStart(3)} ` +
      `${String(r.missed).padStart(7)} ${r.precision.toFixed(3).padStart(9)} ${r.recall.toFixed(3).padStart(6)} ${r.f1.toFixed(3).padStart(5)}`,
  );
  return [header, ...lines, `kind named right on ${(100 * score.kindAgreement).toFixed(0)}% of matches`].join('\n');
}
