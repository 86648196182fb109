import { AUDIO_FEATURE_NAMES } from '../audio/featureSchema';
import { VIDEO_FEATURE_NAMES } from '../video/videoAnalyzer';
import type { MoodPoint } from './circumplex';
import type { Db } from '../db/database';
import { prevailingEncoderVersion, segmentEncodings } from '../db/trackRepository';

/**
 * Valence and arousal of music segments and of scenes from their objective features, judged
 * relative to the collection they belong to (the user's library, the project's scenes).
 *
 * Why not the affect predictors of the model bundle: they were fitted on SynthAffect's synthetic
 * audio and pictures, and on real recordings their output is nearly constant (docs/results-real.md).
 * These estimates use a handful of features whose relation to arousal and valence is established in
 * music and film perception research, with equal weights and signs fixed in advance, so they carry
 * over from one kind of material to another:
 * - music arousal: loudness, onset density, spectral bandwidth and flux (louder, busier, brighter,
 *   rougher is more aroused); harmonic share, low-energy share and dynamic range (sustained, tonal,
 *   quiet-dominated, wide-dynamics music is calmer). Gabrielsson & Lindström 2010; Eerola et al. 2013.
 * - music valence: major mode and tempo (weak cues; the hints in our corpus cannot check them well).
 * - scene arousal: motion (frame differences, motion magnitude and its variability), cut rate and
 *   shortness of the scene, luma contrast, loudness of the scene's own sound. Hanjalic & Xu 2005.
 * - scene valence: brightness, saturation, colourfulness and warmth (Valdez & Mehrabian 1994).
 * On the real-media development half every chosen music feature separates the high- from the
 * low-arousal hints in the stated direction (docs/results-real.md lists the per-feature AUCs).
 *
 * Each feature is standardised by a robust centre and spread (median, 1.4826·MAD) of the
 * collection, shrunk toward a fixed reference (REFERENCE) with the weight of REFERENCE_WEIGHT items, so
 * that a small collection (a three-scene project) is not stretched to fill the whole scale, and a
 * large one is judged by its own material. The weighted sum of standardised features is squashed
 * with tanh into [−1, 1].
 */
export const MOOD_ESTIMATE_VERSION = 'mood-estimate/1';

interface Cue {
  feature: string;
  sign: 1 | -1;
  weight: number;
}

interface AxisCues {
  arousal: readonly Cue[];
  valence: readonly Cue[];
}

const up = (feature: string, weight = 1): Cue => ({ feature, sign: 1, weight });
const down = (feature: string, weight = 1): Cue => ({ feature, sign: -1, weight });

export const MUSIC_CUES: AxisCues = {
  arousal: [
    up('loudness_mean_db'),
    up('onset_rate'),
    up('spectral_bandwidth_mean'),
    up('spectral_flux_mean'),
    down('harmonic_ratio'),
    down('low_energy_ratio'),
    down('dynamic_range_db'),
  ],
  valence: [up('key_mode'), up('tempo_bpm', 0.5)],
};

export const SCENE_CUES: AxisCues = {
  arousal: [
    up('motion_difference'),
    up('motion_magnitude'),
    up('motion_variability'),
    up('local_cut_rate'),
    down('log_scene_length', 0.5),
    up('contrast', 0.5),
    up('audio_loudness', 0.5),
  ],
  valence: [up('brightness'), up('saturation_mean'), up('colourfulness'), up('warm_cool')],
};

/** Robust centre and spread of one feature. */
export interface FeatureScale {
  centre: number;
  spread: number;
}

/**
 * Reference scales toward which a small collection's own scales are shrunk. EMPTY in this release:
 * every measured number (docs/results-real.md) was made without them, so each collection is judged
 * by its own material alone. `npm run bench -- real` prints the design half's scales as
 * `referenceScales`; filling these in is a change to measure on both halves before it ships.
 */
export const REFERENCE: { music: Record<string, FeatureScale>; scene: Record<string, FeatureScale> } = {
  music: {},
  scene: {},
};

/** A collection of this many items weighs as much as the reference in the standardisation. */
export const REFERENCE_WEIGHT = 12;
/** The weighted cue sum is divided by SQUASH·√(Σ weight²) (its spread were the cues independent) before tanh. */
const SQUASH = 1;

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n === 0 ? 0 : n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Median and 1.4826·MAD (the normal-consistent spread); spread 0 when all values agree. */
export function robustScale(values: Float64Array): FeatureScale {
  values = values.filter((v) => Number.isFinite(v));
  const centre = median(values);
  const dev = values.map((v) => Math.abs(v - centre));
  return { centre, spread: 1.4826 * median(dev) };
}

/** The collection's scale shrunk toward the reference by their weights (n items vs REFERENCE_WEIGHT). */
function blendedScale(own: FeatureScale, n: number, ref: FeatureScale | undefined): FeatureScale {
  if (!ref) return own;
  const w = n / (n + REFERENCE_WEIGHT);
  return { centre: w * own.centre + (1 - w) * ref.centre, spread: w * own.spread + (1 - w) * ref.spread };
}

function estimate(rows: readonly ArrayLike<number>[], names: readonly string[], cues: AxisCues, reference: Record<string, FeatureScale>): MoodPoint[] {
  const axis = (list: readonly Cue[]): Float64Array => {
    const sum = new Float64Array(rows.length);
    let weightSq = 0;
    for (const cue of list) {
      const at = names.indexOf(cue.feature);
      if (at < 0) throw new Error(`mood estimate: no feature named ${cue.feature}`);
      const values = Float64Array.from(rows, (r) => r[at]);
      const scale = blendedScale(robustScale(values), rows.length, reference[cue.feature]);
      if (!(scale.spread > 1e-9)) continue; // a feature that does not vary says nothing here
      weightSq += cue.weight * cue.weight;
      for (let i = 0; i < rows.length; i++) {
        if (!Number.isFinite(values[i])) continue; // not measured for this item (e.g. no tagger patch): neutral
        const z = Math.max(-4, Math.min(4, (values[i] - scale.centre) / scale.spread));
        sum[i] += cue.sign * cue.weight * z;
      }
    }
    const norm = weightSq > 0 ? SQUASH * Math.sqrt(weightSq) : 1;
    return sum.map((s) => Math.tanh(s / norm));
  };
  const arousal = axis(cues.arousal);
  const valence = axis(cues.valence);
  return rows.map((_, i) => ({ valence: valence[i], arousal: arousal[i] }));
}

/**
 * The musicnn taggers' vocabularies (the package's MTT and MSD models; a test checks them against
 * the shipped manifests) and the tags read as arousal and valence cues. A tag cue is the mean
 * probability of the tags that raise it minus the mean of those that lower it. Chosen by their
 * meaning, before any measurement: tempo, loudness and percussive or heavy genres raise arousal;
 * slow, quiet, soft and ambient styles lower it; MSD's only valence-bearing tags set valence.
 */
export const MTT_TAGS = ['guitar', 'classical', 'slow', 'techno', 'strings', 'drums', 'electronic', 'rock', 'fast', 'piano', 'ambient', 'beat', 'violin', 'vocal', 'synth', 'female', 'indian', 'opera', 'male', 'singing', 'vocals', 'no vocals', 'harpsichord', 'loud', 'quiet', 'flute', 'woman', 'male vocal', 'no vocal', 'pop', 'soft', 'sitar', 'solo', 'man', 'classic', 'choir', 'voice', 'new age', 'dance', 'male voice', 'female vocal', 'beats', 'harp', 'cello', 'no voice', 'weird', 'country', 'metal', 'female voice', 'choral'] as const;
export const MSD_TAGS = ['rock', 'pop', 'alternative', 'indie', 'electronic', 'female vocalists', 'dance', '00s', 'alternative rock', 'jazz', 'beautiful', 'metal', 'chillout', 'male vocalists', 'classic rock', 'soul', 'indie rock', 'Mellow', 'electronica', '80s', 'folk', '90s', 'chill', 'instrumental', 'punk', 'oldies', 'blues', 'hard rock', 'ambient', 'acoustic', 'experimental', 'female vocalist', 'guitar', 'Hip-Hop', '70s', 'party', 'country', 'easy listening', 'sexy', 'catchy', 'funk', 'electro', 'heavy metal', 'Progressive rock', '60s', 'rnb', 'indie pop', 'sad', 'House', 'happy'] as const;

interface TagCue {
  name: string;
  tagger: 'mtt' | 'msd';
  up: readonly string[];
  down: readonly string[];
}

export const TAG_CUES: readonly TagCue[] = [
  { name: 'tags_mtt_arousal', tagger: 'mtt', up: ['fast', 'loud', 'drums', 'beat', 'beats', 'rock', 'metal', 'techno', 'dance'], down: ['slow', 'quiet', 'soft', 'ambient', 'new age'] },
  { name: 'tags_msd_arousal', tagger: 'msd', up: ['party', 'dance', 'hard rock', 'heavy metal', 'metal', 'punk', 'electro', 'House'], down: ['chillout', 'chill', 'Mellow', 'easy listening', 'ambient', 'beautiful'] },
  { name: 'tags_msd_valence', tagger: 'msd', up: ['happy', 'party', 'catchy'], down: ['sad'] },
];

/** Tag probabilities of one segment (either may be missing: a track too short for a patch, or indexed without the taggers). */
export interface SegmentTags {
  mtt?: ArrayLike<number>;
  msd?: ArrayLike<number>;
}

function tagCueValue(cue: TagCue, tags: SegmentTags | undefined): number {
  const probs = tags?.[cue.tagger];
  if (!probs) return Number.NaN;
  const names: readonly string[] = cue.tagger === 'mtt' ? MTT_TAGS : MSD_TAGS;
  const meanOf = (list: readonly string[]): number => list.reduce((s, t) => s + probs[names.indexOf(t)], 0) / list.length;
  return meanOf(cue.up) - meanOf(cue.down);
}

const MUSIC_WITH_TAGS_NAMES: readonly string[] = [...AUDIO_FEATURE_NAMES, ...TAG_CUES.map((c) => c.name)];
const MUSIC_WITH_TAGS_CUES: AxisCues = {
  arousal: [...MUSIC_CUES.arousal, up('tags_mtt_arousal'), up('tags_msd_arousal')],
  valence: [...MUSIC_CUES.valence, up('tags_msd_valence')],
};

/**
 * Mood points of music segments (or tracks), each an AUDIO_FEATURE_NAMES-ordered vector (an
 * appended embedding is ignored), with the taggers' cues where `tags` has them (same order).
 */
export function estimateMusicMoods(rows: readonly ArrayLike<number>[], tags?: readonly (SegmentTags | undefined)[]): MoodPoint[] {
  if (!tags) return estimate(rows, AUDIO_FEATURE_NAMES, MUSIC_CUES, REFERENCE.music);
  const widened = rows.map((r, i) => {
    const out = new Float64Array(MUSIC_WITH_TAGS_NAMES.length);
    for (let k = 0; k < AUDIO_FEATURE_NAMES.length; k++) out[k] = r[k];
    TAG_CUES.forEach((cue, j) => (out[AUDIO_FEATURE_NAMES.length + j] = tagCueValue(cue, tags[i])));
    return out;
  });
  return estimate(widened, MUSIC_WITH_TAGS_NAMES, MUSIC_WITH_TAGS_CUES, REFERENCE.music);
}

/** Mood points of scenes, each a VIDEO_FEATURE_NAMES-ordered vector (an appended embedding is ignored). */
export function estimateSceneMoods(rows: readonly ArrayLike<number>[]): MoodPoint[] {
  return estimate(rows, VIDEO_FEATURE_NAMES, SCENE_CUES, REFERENCE.scene);
}

/** Scales of every cue feature over a collection: what REFERENCE holds, measured on real material. */
export function cueScales(kind: 'music' | 'scene', rows: readonly ArrayLike<number>[]): Record<string, FeatureScale> {
  const [names, cues] = kind === 'music' ? [AUDIO_FEATURE_NAMES, MUSIC_CUES] : [VIDEO_FEATURE_NAMES, SCENE_CUES];
  const out: Record<string, FeatureScale> = {};
  for (const cue of [...cues.arousal, ...cues.valence]) {
    const at = names.indexOf(cue.feature);
    out[cue.feature] = robustScale(Float64Array.from(rows, (r) => r[at]));
  }
  return out;
}

/**
 * Share of a segment's mood point taken from its whole track's (the mean of its segments). A
 * section is heard as part of its piece, and a single 10 s window is a noisy estimate: an
 * intro of a battle theme is still a battle theme's intro.
 */
export const TRACK_CONTEXT_SHARE = 0.75;

/** Each segment's mood moved TRACK_CONTEXT_SHARE of the way to its track's mean mood. */
export function withTrackContext(moods: readonly MoodPoint[], trackOf: readonly number[]): MoodPoint[] {
  const sums = new Map<number, { v: number; a: number; n: number }>();
  moods.forEach((m, i) => {
    const s = sums.get(trackOf[i]) ?? { v: 0, a: 0, n: 0 };
    s.v += m.valence;
    s.a += m.arousal;
    s.n += 1;
    sums.set(trackOf[i], s);
  });
  return moods.map((m, i) => {
    const s = sums.get(trackOf[i])!;
    const k = TRACK_CONTEXT_SHARE;
    return { valence: (1 - k) * m.valence + (k * s.v) / s.n, arousal: (1 - k) * m.arousal + (k * s.a) / s.n };
  });
}

/** The stored tagger outputs of the given segments (prevailing encoder version), in the same order; undefined when none are stored. */
export function storedSegmentTags(db: Db, segmentIds: readonly number[]): (SegmentTags | undefined)[] | undefined {
  const version = prevailingEncoderVersion(db);
  if (!version) return undefined;
  const enc = segmentEncodings(db, version);
  return segmentIds.map((id) => enc.get(id));
}
