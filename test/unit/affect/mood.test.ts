import { describe, expect, it } from 'vitest';
import { AFFECT_DIMENSIONS } from '../../../src/shared/affect';
import { AUDIO_FEATURE_NAMES } from '../../../src/main/engine/audio/featureSchema';
import { VIDEO_FEATURE_NAMES } from '../../../src/main/engine/video/videoAnalyzer';
import { affectOfMood, CIRCUMPLEX } from '../../../src/main/engine/affect/circumplex';
import { estimateMusicMoods, estimateSceneMoods, robustScale, withTrackContext, MUSIC_CUES, MSD_TAGS, MTT_TAGS, TAG_CUES } from '../../../src/main/engine/affect/moodEstimate';
import { correctedAffinity, hubOffsets, moodAffinity } from '../../../src/main/engine/affect/moodMatch';
import { rngFor } from '../../../src/main/engine/data/random';

/** A music feature vector with the arousal cues set from `level` (−1 calm … 1 busy) plus noise elsewhere. */
function musicVector(level: number, rnd: () => number): Float32Array {
  const v = Float32Array.from(AUDIO_FEATURE_NAMES, () => rnd());
  const set = (name: string, value: number): void => void (v[AUDIO_FEATURE_NAMES.indexOf(name)] = value);
  set('loudness_mean_db', -20 + 8 * level + rnd());
  set('onset_rate', 3 + 2 * level + 0.3 * rnd());
  set('spectral_bandwidth_mean', 2000 + 600 * level + 50 * rnd());
  set('spectral_flux_mean', 0.3 + 0.08 * level + 0.01 * rnd());
  set('harmonic_ratio', 0.7 - 0.15 * level + 0.02 * rnd());
  set('low_energy_ratio', 0.55 - 0.07 * level + 0.01 * rnd());
  set('dynamic_range_db', 4 - 2 * level + 0.3 * rnd());
  return v;
}

function sceneVector(motion: number, brightness: number): Float32Array {
  const v = new Float32Array(VIDEO_FEATURE_NAMES.length).fill(0.3);
  const set = (name: string, value: number): void => void (v[VIDEO_FEATURE_NAMES.indexOf(name)] = value);
  set('motion_difference', 0.02 + 0.1 * motion);
  set('motion_magnitude', 0.5 + 3 * motion);
  set('motion_variability', 0.1 + 0.4 * motion);
  set('brightness', brightness);
  set('saturation_mean', brightness);
  return v;
}

describe('circumplex bridge', () => {
  it("puts every affect word's own point on top of that word", () => {
    AFFECT_DIMENSIONS.forEach((dim, i) => {
      const [valence, arousal] = CIRCUMPLEX[dim];
      const affect = affectOfMood({ valence, arousal });
      expect(affect[i]).toBeCloseTo(1, 6);
      expect(Math.max(...affect)).toBe(affect[i]);
    });
  });

  it('reads a calm point as peaceful rather than energetic, and an excited one the other way', () => {
    const idx = (d: string): number => AFFECT_DIMENSIONS.indexOf(d as (typeof AFFECT_DIMENSIONS)[number]);
    const calm = affectOfMood({ valence: 0.3, arousal: -0.8 });
    const busy = affectOfMood({ valence: 0.3, arousal: 0.9 });
    expect(calm[idx('peaceful')]).toBeGreaterThan(calm[idx('energetic')] + 0.5);
    expect(busy[idx('energetic')]).toBeGreaterThan(busy[idx('peaceful')] + 0.5);
  });
});

describe('mood estimate', () => {
  it('orders music by its arousal cues, relative to the collection', () => {
    const rng = rngFor(3, 'mood-test');
    const rnd = (): number => rng.next();
    const levels = [-1, -0.6, -0.2, 0.2, 0.6, 1];
    const moods = estimateMusicMoods(levels.map((l) => musicVector(l, rnd)));
    for (let i = 1; i < moods.length; i++) expect(moods[i].arousal).toBeGreaterThan(moods[i - 1].arousal);
    expect(moods[0].arousal).toBeLessThan(-0.5);
    expect(moods[5].arousal).toBeGreaterThan(0.5);
    for (const m of moods) {
      expect(Math.abs(m.arousal)).toBeLessThanOrEqual(1);
      expect(Math.abs(m.valence)).toBeLessThanOrEqual(1);
    }
  });

  it('names every cue feature that exists and reads fast shaking scenes as more aroused than still ones', () => {
    for (const cue of [...MUSIC_CUES.arousal, ...MUSIC_CUES.valence]) expect(AUDIO_FEATURE_NAMES).toContain(cue.feature);
    const moods = estimateSceneMoods([sceneVector(0, 0.5), sceneVector(0.05, 0.4), sceneVector(1, 0.5), sceneVector(0.9, 0.6)]);
    expect(Math.min(moods[2].arousal, moods[3].arousal)).toBeGreaterThan(Math.max(moods[0].arousal, moods[1].arousal) + 0.5);
  });

  it('is finite for a collection of one, and for features that never vary', () => {
    const [only] = estimateSceneMoods([sceneVector(0.5, 0.5)]);
    expect(Number.isFinite(only.arousal) && Number.isFinite(only.valence)).toBe(true);
    const flat = estimateMusicMoods([new Float32Array(AUDIO_FEATURE_NAMES.length), new Float32Array(AUDIO_FEATURE_NAMES.length)]);
    expect(flat.every((m) => Number.isFinite(m.arousal))).toBe(true);
  });

  it('robust scale: median and normal-consistent MAD', () => {
    expect(robustScale(Float64Array.from([1, 2, 3, 4, 100]))).toEqual({ centre: 3, spread: 1.4826 });
  });

  it('moves each segment toward its track, keeping tracks apart', () => {
    const out = withTrackContext(
      [
        { valence: 0, arousal: -1 },
        { valence: 0, arousal: 1 },
        { valence: 0, arousal: 0.8 },
      ],
      [1, 1, 2],
    );
    expect(out[0].arousal).toBeGreaterThan(-1);
    expect(out[0].arousal).toBeLessThan(0);
    expect(out[1].arousal).toBeLessThan(1);
    expect(out[2].arousal).toBeCloseTo(0.8, 6);
  });
});

describe('mood match', () => {
  it('prefers music of the scene’s arousal, for calm and for energetic scenes alike', () => {
    const calm = { valence: 0, arousal: -0.8 };
    const busy = { valence: 0, arousal: 0.9 };
    const calmMusic = { valence: 0.1, arousal: -0.7 };
    const busyMusic = { valence: -0.1, arousal: 0.8 };
    expect(moodAffinity(calm, calmMusic)).toBeGreaterThan(moodAffinity(calm, busyMusic));
    expect(moodAffinity(busy, busyMusic)).toBeGreaterThan(moodAffinity(busy, calmMusic));
  });

  it('takes the hub down: a track near many scenes pays more than a track near few, and each scene keeps its fit', () => {
    const scenes = [-0.8, -0.75, -0.7, -0.65, -0.6, 0.9].map((arousal) => ({ valence: 0, arousal }));
    const segments = [
      { valence: 0, arousal: -0.7 }, // near five scenes
      { valence: 0, arousal: 0.9 }, // near one
      { valence: 0, arousal: 0 }, // halfway to the five
    ];
    const hub = hubOffsets(scenes, segments);
    expect(hub[0]).toBeGreaterThan(hub[1]);
    expect(hub[0]).toBeGreaterThan(hub[2]);
    const top = scenes.map((s) => {
      const ys = segments.map((g, j) => correctedAffinity(s, g, hub[j]));
      return ys.indexOf(Math.max(...ys));
    });
    expect(top).toEqual([0, 0, 0, 0, 0, 1]);
    for (const s of scenes) for (const [j, g] of segments.entries()) expect(correctedAffinity(s, g, hub[j])).toBeGreaterThanOrEqual(0);
  });
});

describe('tagger cues', () => {
  it('name the tags of the shipped musicnn models, in their order', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '..', '..', '..', 'resources', 'encoders');
    expect(JSON.parse(readFileSync(join(dir, 'musicnn-mtt', 'manifest.json'), 'utf8')).tags).toEqual([...MTT_TAGS]);
    expect(JSON.parse(readFileSync(join(dir, 'musicnn-msd', 'manifest.json'), 'utf8')).tags).toEqual([...MSD_TAGS]);
    for (const cue of TAG_CUES) for (const t of [...cue.up, ...cue.down]) expect(cue.tagger === 'mtt' ? MTT_TAGS : MSD_TAGS).toContain(t);
  });

  it('raise the arousal of a segment the taggers hear as fast and loud, and leave untagged ones neutral', () => {
    const rng = rngFor(5, 'tags');
    const rows = Array.from({ length: 6 }, () => musicVector(0, () => rng.next() * 0.01));
    const tagged = (fast: number): { mtt: Float32Array; msd: Float32Array } => {
      const mtt = new Float32Array(MTT_TAGS.length).fill(0.1);
      for (const t of ['fast', 'loud', 'drums']) mtt[MTT_TAGS.indexOf(t as (typeof MTT_TAGS)[number])] = fast;
      for (const t of ['slow', 'quiet', 'soft']) mtt[MTT_TAGS.indexOf(t as (typeof MTT_TAGS)[number])] = 1 - fast;
      return { mtt, msd: new Float32Array(MSD_TAGS.length).fill(0.1) };
    };
    const moods = estimateMusicMoods(rows, [tagged(0.9), tagged(0.1), tagged(0.5), tagged(0.5), undefined, tagged(0.5)]);
    expect(moods[0].arousal).toBeGreaterThan(moods[2].arousal + 0.2);
    expect(moods[1].arousal).toBeLessThan(moods[2].arousal - 0.2);
    expect(Number.isFinite(moods[4].arousal)).toBe(true);
  });
});
