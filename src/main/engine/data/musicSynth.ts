import { clamp, rngFor, type Rng } from './random';
import { tempoFromArousal, unit, type Latent } from './affectModel';

export const TIMBRES = ['organ', 'saw', 'square', 'triangle', 'pulse'] as const;
export type Timbre = (typeof TIMBRES)[number];
export const ACCOMPANIMENTS = ['pad', 'arpeggio'] as const;
export type Accompaniment = (typeof ACCOMPANIMENTS)[number];

/**
 * Everything needed to synthesise one piece. The first group follows from the latent affect
 * (docs/synthaffect.md §3); the nuisance group is random and unrelated to affect.
 */
export interface MusicSpec {
  tempoBpm: number;
  mode: 'major' | 'minor';
  /** Scale degrees (0-based) of the chord roots, one chord per bar, cycled. */
  progression: readonly number[];
  /** 0 = consonant triads; 1 = a minor-second cluster tone at full level and a tritone. */
  dissonance: number;
  tremoloDepth: number;
  tremoloHz: number;
  /** Harmonic richness and low-pass opening, 0..1. */
  brightness: number;
  /** 0 = no drums, 1 = 16th-note hats, busy kicks. */
  percussionDensity: number;
  /** Target RMS level of the mix in dBFS. */
  loudnessDb: number;
  /** MIDI note the melody moves around. */
  registerMidi: number;
  melodyNotesPerBeat: 1 | 2;
  /** Sounding fraction of each note slot: 0.95 legato … 0.3 staccato. */
  gate: number;
  attackSec: number;
  /** Tempo-synced echo feedback, 0..0.35. */
  space: number;
  tonicPitchClass: number;
  timbre: Timbre;
  accompaniment: Accompaniment;
  melodySeed: number;
  detuneCents: number;
}

/** Constants of §3, written to meta.json so a dataset records the law that made it. */
export const MUSIC_PARAMS = {
  tempoJitterSd: 0.04,
  tempoRange: [50, 170],
  progressions: { brightMajor: [0, 4, 5, 3], mellowMajor: [0, 5, 3, 4], minor: [0, 5, 2, 6], darkMinor: [0, 3, 0, 4] },
  brightMajorAbove: 0.45,
  darkMinorBelow: -0.45,
  registerBaseMidi: 67,
  registerPerValence: 7,
  registerPerArousal: 4,
  loudnessBaseDb: -26,
  loudnessArousalDb: 12,
  loudnessTensionDb: 2,
  drumsFromArousal: -0.45,
  drumsFullAtArousal: 0.75,
  sampleRate: 22050,
} as const;

const MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11];
const MINOR_SCALE = [0, 2, 3, 5, 7, 8, 10];

/** The affect → music law plus nuisance draws from rng (docs/synthaffect.md §3). */
export function musicSpecFromLatent(z: Latent, rng: Rng): MusicSpec {
  const P = MUSIC_PARAMS;
  const { valence: v, arousal: a, tension: t } = z;
  const tPos = Math.max(0, t);
  const progression =
    v > P.brightMajorAbove
      ? P.progressions.brightMajor
      : v >= 0
        ? P.progressions.mellowMajor
        : v > P.darkMinorBelow
          ? P.progressions.minor
          : P.progressions.darkMinor;
  return {
    tempoBpm: clamp(tempoFromArousal(a) * (1 + rng.normal(0, P.tempoJitterSd)), P.tempoRange[0], P.tempoRange[1]),
    mode: v >= 0 ? 'major' : 'minor',
    progression,
    dissonance: tPos,
    tremoloDepth: 0.6 * tPos,
    tremoloHz: 4 + 4 * unit(a),
    brightness: clamp(0.15 + 0.45 * unit(a) + 0.3 * tPos + 0.1 * v, 0, 1),
    percussionDensity: clamp((a - P.drumsFromArousal) / (P.drumsFullAtArousal - P.drumsFromArousal), 0, 1),
    loudnessDb: P.loudnessBaseDb + P.loudnessArousalDb * unit(a) + P.loudnessTensionDb * tPos,
    registerMidi: P.registerBaseMidi + P.registerPerValence * v + P.registerPerArousal * a,
    melodyNotesPerBeat: a > 0.2 ? 2 : 1,
    gate: clamp(0.95 - 0.6 * unit(a) - 0.1 * tPos, 0.3, 0.95),
    attackSec: 0.005 + 0.25 * Math.max(0, -t) * (1 - unit(a)),
    space: 0.35 * Math.max(0, -t),
    tonicPitchClass: rng.int(0, 11),
    timbre: rng.pick(TIMBRES),
    accompaniment: rng.pick(ACCOMPANIMENTS),
    melodySeed: rng.int(0, 0x7fffffff),
    detuneCents: rng.normal(0, 4),
  };
}

const TABLE_SIZE = 2048;

function harmonicWeight(timbre: Timbre, h: number): number {
  switch (timbre) {
    case 'saw':
      return 1 / h;
    case 'square':
      return h % 2 === 1 ? 1 / h : 0;
    case 'triangle':
      return h % 2 === 1 ? 1 / (h * h) : 0;
    case 'pulse':
      return Math.abs(Math.sin((Math.PI * h) / 4)) / h;
    case 'organ':
      return [1, 2, 3, 4, 6, 8].includes(h) ? 1 / Math.sqrt(h) : 0;
  }
}

/** One band-limited cycle (+1 guard sample for interpolation), peak-normalised. */
function buildWavetable(timbre: Timbre, harmonics: number, brightness: number): Float32Array {
  const table = new Float32Array(TABLE_SIZE + 1);
  const tilt = (1 - brightness) * 1.2;
  for (let h = 1; h <= harmonics; h++) {
    const amp = harmonicWeight(timbre, h) * h ** -tilt;
    if (amp === 0) continue;
    for (let i = 0; i < TABLE_SIZE; i++) table[i] += amp * Math.sin((2 * Math.PI * h * i) / TABLE_SIZE);
  }
  let peak = 0;
  for (let i = 0; i < TABLE_SIZE; i++) peak = Math.max(peak, Math.abs(table[i]));
  for (let i = 0; i < TABLE_SIZE; i++) table[i] /= peak || 1;
  table[TABLE_SIZE] = table[0];
  return table;
}

interface Voice {
  timbre: Timbre;
  brightness: number;
  amp: number;
  /** Overrides spec.attackSec (the bass is always plucked so it can carry the pulse). */
  attackSec?: number;
}

interface NoteEvent {
  startSec: number;
  durSec: number;
  midi: number;
  voice: Voice;
}

const midiToHz = (midi: number): number => 440 * 2 ** ((midi - 69) / 12);

/** Renders notes additively into buf with wavetables cached per (timbre, brightness, harmonic count). */
function renderNotes(buf: Float32Array, notes: NoteEvent[], spec: MusicSpec, sampleRate: number): void {
  const tables = new Map<string, Float32Array>();
  const release = 0.04 + 0.12 * spec.gate;
  const detune = 2 ** (spec.detuneCents / 1200);
  for (const note of notes) {
    const freq = midiToHz(note.midi) * detune;
    const maxHarmonics = 3 + Math.round(13 * note.voice.brightness);
    const harmonics = Math.max(1, Math.min(maxHarmonics, Math.floor((0.45 * sampleRate) / freq)));
    const key = `${note.voice.timbre}|${note.voice.brightness}|${harmonics}`;
    let table = tables.get(key);
    if (!table) {
      table = buildWavetable(note.voice.timbre, harmonics, note.voice.brightness);
      tables.set(key, table);
    }
    const start = Math.round(note.startSec * sampleRate);
    const held = Math.max(1, Math.round(note.durSec * sampleRate));
    const rel = Math.round(release * sampleRate);
    const att = Math.max(1, Math.round(Math.min(note.voice.attackSec ?? spec.attackSec, note.durSec * 0.5) * sampleRate));
    const end = Math.min(buf.length, start + held + rel);
    const inc = (freq * TABLE_SIZE) / sampleRate;
    let phase = 0;
    for (let n = start; n < end; n++) {
      const k = n - start;
      const env = k < att ? k / att : k < held ? 1 : 1 - (k - held) / rel;
      const i = phase | 0;
      const frac = phase - i;
      buf[n] += note.voice.amp * env * (table[i] + frac * (table[i + 1] - table[i]));
      phase += inc;
      if (phase >= TABLE_SIZE) phase -= TABLE_SIZE;
    }
  }
}

/** Kick, snare and hat one-shots synthesised from a seeded noise source. */
function drumKit(sampleRate: number, rng: Rng): { kick: Float32Array; snare: Float32Array; hat: Float32Array } {
  const make = (sec: number, fn: (t: number, noise: number) => number): Float32Array => {
    const out = new Float32Array(Math.round(sec * sampleRate));
    for (let n = 0; n < out.length; n++) out[n] = fn(n / sampleRate, rng.uniform(-1, 1));
    return out;
  };
  let kickPhase = 0;
  const kick = make(0.3, (t) => {
    kickPhase += (2 * Math.PI * (45 + 110 * Math.exp(-t / 0.035))) / sampleRate;
    return Math.sin(kickPhase) * Math.exp(-t / 0.12);
  });
  const snare = make(0.2, (t, noise) => 0.7 * noise * Math.exp(-t / 0.06) + 0.5 * Math.sin(2 * Math.PI * 185 * t) * Math.exp(-t / 0.04));
  let last = 0;
  const hat = make(0.06, (t, noise) => {
    const high = noise - last; // first difference = crude high-pass
    last = noise;
    return 0.5 * high * Math.exp(-t / 0.015);
  });
  return { kick, snare, hat };
}

function addSample(buf: Float32Array, sample: Float32Array, atSec: number, gain: number, sampleRate: number): void {
  const start = Math.round(atSec * sampleRate);
  const end = Math.min(buf.length, start + sample.length);
  for (let n = start; n < end; n++) buf[n] += gain * sample[n - start];
}

/** One bar of 16 steps; which steps sound depends on density, the exact choice on rng. */
function renderDrumBar(buf: Float32Array, barStartSec: number, stepSec: number, density: number, kit: ReturnType<typeof drumKit>, rng: Rng, sampleRate: number): void {
  if (density <= 0) return;
  for (let step = 0; step < 16; step++) {
    const at = barStartSec + step * stepSec;
    const vel = rng.uniform(0.75, 1);
    const kick = step === 0 || (step === 8 && density > 0.25) || (step % 2 === 0 && rng.chance(0.15 * density));
    const snare = ((step === 4 || step === 12) && density > 0.2) || (step % 2 === 1 && rng.chance(0.08 * density));
    const hat = step % 4 === 0 || (step % 2 === 0 && density > 0.35) || density > 0.7;
    if (kick) addSample(buf, kit.kick, at, vel, sampleRate);
    if (snare) addSample(buf, kit.snare, at, 0.7 * vel, sampleRate);
    if (hat) addSample(buf, kit.hat, at, 0.35 * vel, sampleRate);
  }
}

function scaleMidi(scale: readonly number[], tonicMidi: number, degree: number): number {
  const octave = Math.floor(degree / 7);
  return tonicMidi + 12 * octave + scale[((degree % 7) + 7) % 7];
}

/** The MIDI note of pitch class pc nearest to target. */
const nearestWithPitchClass = (pc: number, target: number): number => {
  const base = Math.round(target) - ((((Math.round(target) - pc) % 12) + 12) % 12);
  return target - base > 6 ? base + 12 : base;
};

/** Chord, bass and melody notes for [0, durationSec). */
function composeNotes(spec: MusicSpec, durationSec: number): NoteEvent[] {
  const scale = spec.mode === 'major' ? MAJOR_SCALE : MINOR_SCALE;
  const beatSec = 60 / spec.tempoBpm;
  const barSec = 4 * beatSec;
  const melodyTonic = nearestWithPitchClass(spec.tonicPitchClass, spec.registerMidi);
  const chordTonic = melodyTonic - 12;
  const rng = rngFor(spec.melodySeed, 'melody');
  const lead: Voice = { timbre: spec.timbre, brightness: spec.brightness, amp: 0.3 };
  const pad: Voice = { timbre: spec.timbre, brightness: spec.brightness * 0.8, amp: 0.16 };
  const bass: Voice = { timbre: 'triangle', brightness: spec.brightness * 0.5, amp: 0.3, attackSec: 0.008 };
  const cluster: Voice = { ...pad, amp: 0.2 * spec.dissonance };
  const tritone: Voice = { ...pad, amp: 0.25 * Math.max(0, spec.dissonance - 0.4) };
  const notes: NoteEvent[] = [];
  let melodyDegree = 0;
  const bars = Math.ceil(durationSec / barSec);
  for (let bar = 0; bar < bars; bar++) {
    const barStart = bar * barSec;
    const root = spec.progression[bar % spec.progression.length];
    const chord = [root, root + 2, root + 4].map((d) => scaleMidi(scale, chordTonic, d));
    if (spec.accompaniment === 'pad') {
      const stabs = spec.gate < 0.6;
      const slotSec = stabs ? beatSec : barSec;
      for (let s = 0; s < (stabs ? 4 : 1); s++) {
        for (const midi of chord) notes.push({ startSec: barStart + s * slotSec, durSec: slotSec * spec.gate, midi, voice: pad });
      }
    } else {
      for (let s = 0; s < 8; s++) {
        const midi = chord[s % 3] + (s >= 3 && s < 6 ? 12 : 0);
        notes.push({ startSec: barStart + (s * beatSec) / 2, durSec: (beatSec / 2) * spec.gate, midi, voice: pad });
      }
    }
    if (cluster.amp > 0) notes.push({ startSec: barStart, durSec: barSec * 0.95, midi: chord[0] + 13, voice: cluster });
    if (tritone.amp > 0) notes.push({ startSec: barStart, durSec: barSec * 0.95, midi: chord[0] + 6, voice: tritone });
    // The bass marks every beat, so the tempo stays audible where there are no drums.
    for (let beat = 0; beat < 4; beat++) {
      notes.push({ startSec: barStart + beat * beatSec, durSec: beatSec * Math.min(spec.gate, 0.7), midi: chord[0] - 12, voice: bass });
    }
    const slotSec = beatSec / spec.melodyNotesPerBeat;
    for (let s = 0; s < 4 * spec.melodyNotesPerBeat; s++) {
      melodyDegree = clamp(melodyDegree + rng.pick([-2, -1, -1, 0, 1, 1, 2]), -4, 9);
      const strong = s % (2 * spec.melodyNotesPerBeat) === 0;
      if (strong && rng.chance(0.6)) {
        const chordDegrees = [root, root + 2, root + 4, root + 7, root - 3];
        melodyDegree = chordDegrees.reduce((best, d) => (Math.abs(d - melodyDegree) < Math.abs(best - melodyDegree) ? d : best));
      }
      if (rng.chance(0.12)) continue;
      const chromatic = rng.chance(0.25 * spec.dissonance) ? 1 : 0;
      notes.push({ startSec: barStart + s * slotSec, durSec: slotSec * spec.gate, midi: scaleMidi(scale, melodyTonic, melodyDegree) + chromatic, voice: lead });
    }
  }
  return notes;
}

export interface SynthesisOptions {
  durationSec: number;
  sampleRate?: number;
}

/**
 * Synthesises one mono piece from its spec. Deterministic: the same spec gives the same samples.
 * Output RMS equals spec.loudnessDb before the final tanh soft clip; starts and ends with 10 ms fades.
 */
export function synthesizeMusic(spec: MusicSpec, options: SynthesisOptions): Float32Array {
  const sampleRate = options.sampleRate ?? MUSIC_PARAMS.sampleRate;
  const length = Math.round(options.durationSec * sampleRate);
  const harmonic = new Float32Array(length);
  renderNotes(harmonic, composeNotes(spec, options.durationSec), spec, sampleRate);

  // Tremolo, then one-pole low-pass (brightness), then tempo-synced echo (space).
  const alpha = 1 - Math.exp((-2 * Math.PI * (800 + 6000 * spec.brightness ** 1.5)) / sampleRate);
  const echoDelay = Math.max(1, Math.round(0.75 * (60 / spec.tempoBpm) * sampleRate));
  let lp = 0;
  for (let n = 0; n < length; n++) {
    const trem = 1 - spec.tremoloDepth * (0.5 + 0.5 * Math.sin((2 * Math.PI * spec.tremoloHz * n) / sampleRate));
    lp += alpha * (harmonic[n] * trem - lp);
    harmonic[n] = lp + (n >= echoDelay ? spec.space * harmonic[n - echoDelay] : 0);
  }

  const drums = new Float32Array(length);
  if (spec.percussionDensity > 0) {
    const rng = rngFor(spec.melodySeed, 'drums');
    const kit = drumKit(sampleRate, rng);
    const barSec = 240 / spec.tempoBpm;
    for (let bar = 0; bar * barSec < options.durationSec; bar++) {
      renderDrumBar(drums, bar * barSec, barSec / 16, spec.percussionDensity, kit, rng, sampleRate);
    }
  }

  const mix = new Float32Array(length);
  let energy = 0;
  for (let n = 0; n < length; n++) {
    mix[n] = harmonic[n] + 0.5 * drums[n];
    energy += mix[n] * mix[n];
  }
  const rms = Math.sqrt(energy / Math.max(1, length));
  const gain = rms > 0 ? 10 ** (spec.loudnessDb / 20) / rms : 0;
  const fade = Math.max(1, Math.min(Math.round(0.01 * sampleRate), length >> 1));
  for (let n = 0; n < length; n++) {
    const edge = Math.min(1, n / fade, (length - 1 - n) / fade);
    mix[n] = Math.tanh(mix[n] * gain) * edge;
  }
  return mix;
}
