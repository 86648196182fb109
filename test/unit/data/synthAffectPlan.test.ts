import { describe, expect, it } from 'vitest';
import { AFFECT_DIMENSIONS } from '../../../src/shared/affect';
import { negativeMusicFor, planSynthAffect } from '../../../src/main/engine/data/synthAffectPlan';
import { agreementTerm, dropOutliers, syncTerm } from '../../../src/main/engine/data/raters';

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const share = (xs: number[], pred: (x: number) => boolean): number => xs.filter(pred).length / xs.length;
function pearson(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  let sa = 0;
  let sb = 0;
  a.forEach((x, i) => {
    s += (x - ma) * (b[i] - mb);
    sa += (x - ma) ** 2;
    sb += (b[i] - mb) ** 2;
  });
  return s / Math.sqrt(sa * sb);
}

describe('SynthAffect plan (labels without media)', () => {
  const plan = planSynthAffect(2200, 42);
  const scores = (kind: 'positive' | 'negative'): number[] => plan.pairs.filter((p) => p.kind === kind).map((p) => p.score);

  it('builds the paper-sized set: 1100 clips, one positive and one negative pair per video', () => {
    expect(plan.clips).toHaveLength(1100);
    expect(plan.pairs).toHaveLength(2200);
    expect(scores('positive')).toHaveLength(1100);
    for (const clip of plan.clips) {
      const own = plan.pairs.filter((p) => p.videoIndex === clip.index);
      expect(own.map((p) => p.kind).sort()).toEqual(['negative', 'positive']);
      expect(own.find((p) => p.kind === 'positive')!.musicIndex).toBe(clip.index);
      expect(own.find((p) => p.kind === 'negative')!.musicIndex).not.toBe(clip.index);
    }
  });

  it('rates positives mostly 3–5 and negatives mostly 1–3, with some accidental good matches', () => {
    const pos = scores('positive');
    const neg = scores('negative');
    expect(mean(pos) - mean(neg)).toBeGreaterThan(1.5);
    expect(share(pos, (s) => s >= 3)).toBeGreaterThan(0.8);
    expect(share(neg, (s) => s < 3)).toBeGreaterThan(0.8);
    expect(share(neg, (s) => s >= 3)).toBeGreaterThan(0.02);
    for (const p of plan.pairs) {
      expect(p.ratings).toHaveLength(10);
      expect(p.ratings.every((r) => Number.isInteger(r) && r >= 1 && r <= 5)).toBe(true);
      expect(p.score).toBeCloseTo(mean(p.ratings), 10);
    }
  });

  it('gives the sync term a visible effect: better-synced negatives score higher on average', () => {
    const neg = plan.pairs.filter((p) => p.kind === 'negative');
    const synced = neg.filter((p) => p.sync > 0.8).map((p) => p.score - 4 * 0.8 * p.agreement);
    const unsynced = neg.filter((p) => p.sync < 0.2).map((p) => p.score - 4 * 0.8 * p.agreement);
    expect(mean(synced) - mean(unsynced)).toBeGreaterThan(0.4);
  });

  it('labels affect in [0, 1], close to the truth, and consistent with the latent', () => {
    const labels: number[] = [];
    const truth: number[] = [];
    for (const c of plan.clips) {
      for (const m of [c.video, c.music]) {
        expect(m.labels).toHaveLength(AFFECT_DIMENSIONS.length);
        expect(m.labels.every((x) => x >= 0 && x <= 1)).toBe(true);
        labels.push(...m.labels);
        truth.push(...m.trueAffect);
      }
    }
    expect(pearson(labels, truth)).toBeGreaterThan(0.9);
    const energetic = AFFECT_DIMENSIONS.indexOf('energetic');
    const sad = AFFECT_DIMENSIONS.indexOf('sad');
    expect(pearson(plan.clips.map((c) => c.music.labels[energetic]), plan.clips.map((c) => c.music.latent.arousal))).toBeGreaterThan(0.5);
    expect(pearson(plan.clips.map((c) => c.video.labels[sad]), plan.clips.map((c) => c.video.latent.valence))).toBeLessThan(-0.4);
  });

  it('is deterministic for a seed, differs across seeds, and keeps clip content independent of the pair count', () => {
    const again = planSynthAffect(2200, 42);
    expect(again.pairs.map((p) => p.score)).toEqual(plan.pairs.map((p) => p.score));
    expect(again.clips.map((c) => c.music.labels)).toEqual(plan.clips.map((c) => c.music.labels));
    const other = planSynthAffect(2200, 43);
    expect(other.pairs.map((p) => p.score)).not.toEqual(plan.pairs.map((p) => p.score));
    const small = planSynthAffect(20, 42);
    expect(small.clips.map((c) => c.video.spec)).toEqual(plan.clips.slice(0, 10).map((c) => c.video.spec));
  });

  it('handles an odd pair count and rejects too few pairs', () => {
    const odd = planSynthAffect(7, 1);
    expect(odd.pairs).toHaveLength(7);
    expect(odd.clips).toHaveLength(4);
    expect(() => planSynthAffect(3, 1)).toThrow(/pairs must be an integer ≥ 4/);
  });
});

describe('negative assignment', () => {
  it('is a derangement made of small cycles', () => {
    for (const n of [2, 3, 4, 5, 11, 1100]) {
      const musicOf = negativeMusicFor(n, 42);
      expect([...musicOf].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      musicOf.forEach((m, i) => expect(m).not.toBe(i));
      // Follow each cycle: none is longer than 4.
      for (let start = 0; start < n; start++) {
        let len = 1;
        for (let x = musicOf[start]; x !== start; x = musicOf[x]) len++;
        expect(len).toBeLessThanOrEqual(4);
      }
    }
  });
});

describe('rater terms', () => {
  it('agreement is 1 for identical affect and falls with distance', () => {
    const a = new Array(16).fill(0.3);
    expect(agreementTerm(a, a)).toBe(1);
    expect(agreementTerm(a, a.map((x) => x + 0.1))).toBeGreaterThan(agreementTerm(a, a.map((x) => x + 0.3)));
  });

  it('sync counts half and double time as in sync and a tritone-of-an-octave apart as out of sync', () => {
    expect(syncTerm(120, 120)).toBe(1);
    expect(syncTerm(120, 60)).toBeCloseTo(1, 10);
    expect(syncTerm(120, 120 * Math.SQRT2)).toBeLessThan(0.01);
  });

  it('drops a single wild rating but keeps unanimous ones', () => {
    expect(dropOutliers([3, 3, 3, 3, 4, 3, 3, 3, 3, 1])).not.toContain(1);
    expect(dropOutliers([2, 2, 2])).toEqual([2, 2, 2]);
  });
});
