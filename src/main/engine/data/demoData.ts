import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MOODS, MOOD_DEFINITIONS, affectFromLatent, sampleSceneLatent, type Latent, type Mood } from './affectModel';
import { encodeAudio, encodeVideo } from './encode';
import { musicSpecFromLatent, synthesizeMusic, type MusicSpec } from './musicSynth';
import { rngFor, type Rng } from './random';
import { createFrameRenderer, videoSpecFromLatent, type FrameRenderer } from './videoRender';

/**
 * Demo material for `cuefinder demo` and for tests of the library/scene/suggest code: a small
 * tagged music library and a couple of footage files with known scene cuts, all synthesised with
 * the SynthAffect laws, so every track's and scene's true mood and affect are known.
 */

const LIBRARY_RATE = 44100;
const PITCH_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

const TITLE_WORDS: Record<Mood, [string[], string[]]> = {
  happy: [['Sunny', 'Bright', 'Golden'], ['Morning', 'Steps', 'Parade']],
  calm: [['Still', 'Quiet', 'Soft'], ['Water', 'Meadow', 'Evening']],
  tender: [['Gentle', 'Warm', 'Dear'], ['Letters', 'Hands', 'Light']],
  melancholic: [['Grey', 'Distant', 'Fading'], ['Rain', 'Rooms', 'Winter']],
  suspense: [['Hidden', 'Narrow', 'Cold'], ['Corridor', 'Signal', 'Footsteps']],
  aggressive: [['Iron', 'Burning', 'Broken'], ['Engines', 'Fists', 'Storm']],
  heroic: [['Rising', 'High', 'Bold'], ['Banners', 'Summit', 'Horizon']],
  mysterious: [['Veiled', 'Hollow', 'Lunar'], ['Lanterns', 'Caves', 'Mirrors']],
};
const ARTISTS = ['The Demo Ensemble', 'Synthetic Quartet', 'Pulse & Pad', 'Cuefinder House Band'];
const ALBUM = 'Cuefinder Demo Library';

export interface DemoTrack {
  path: string;
  title: string;
  artist: string;
  album: string;
  mood: string;
  /** True 16-d affect of the track (AFFECT_DIMENSIONS order, [0, 1]). */
  affect: number[];
  tempoBpm: number;
  key: string;
  durationSec: number;
  /** Intro/verse/chorus/outro layout; choruses are the most energetic part. */
  sections: { kind: 'intro' | 'verse' | 'chorus' | 'outro'; startSec: number; endSec: number }[];
}

/** Bars of each section: intro 2, then verse 4 / chorus 4 alternating, outro 2, fitted to totalBars. */
function sectionPlan(totalBars: number): { kind: DemoTrack['sections'][number]['kind']; bars: number }[] {
  const plan: { kind: DemoTrack['sections'][number]['kind']; bars: number }[] = [{ kind: 'intro', bars: 2 }];
  let used = 2;
  for (let i = 0; used < totalBars - 2; i++) {
    const bars = Math.min(4, totalBars - 2 - used);
    plan.push({ kind: i % 2 === 0 ? 'verse' : 'chorus', bars });
    used += bars;
  }
  plan.push({ kind: 'outro', bars: Math.max(1, totalBars - used) });
  return plan;
}

/** How a section departs from the track's latent: choruses lift arousal, intro/outro drop it. */
const SECTION_AROUSAL: Record<DemoTrack['sections'][number]['kind'], number> = { intro: -0.4, verse: 0, chorus: 0.3, outro: -0.5 };

function sectionSpec(base: MusicSpec, latent: Latent, kind: DemoTrack['sections'][number]['kind'], nuisanceSeed: number, seed: number): MusicSpec {
  const lifted = musicSpecFromLatent({ ...latent, arousal: Math.max(-1, Math.min(1, latent.arousal + SECTION_AROUSAL[kind])) }, rngFor(seed, 'library-nuisance', nuisanceSeed));
  // Tempo, key, harmony and instrument stay; energy-related properties follow the section.
  return {
    ...base,
    percussionDensity: lifted.percussionDensity,
    loudnessDb: lifted.loudnessDb,
    brightness: lifted.brightness,
    melodySeed: base.melodySeed + (kind === 'chorus' ? 1 : 0),
  };
}

function moodOrder(count: number, rng: Rng): Mood[] {
  const out: Mood[] = [];
  while (out.length < count) out.push(...rng.shuffle(MOODS));
  return out.slice(0, count);
}

/**
 * Writes `tracks` tagged MP3s (title, artist, album, genre, track number) into dir, one mood each
 * (all eight moods appear once before any repeats), with intro/verse/chorus/outro sections.
 */
export async function generateDemoLibrary(
  dir: string,
  opts: { tracks?: number; seed?: number; trackSec?: number; signal?: AbortSignal } = {},
): Promise<{ tracks: DemoTrack[] }> {
  const { tracks: count = 12, seed = 7, trackSec = 48, signal } = opts;
  if (!(Number.isInteger(count) && count >= 1 && count <= 200)) throw new Error(`tracks must be an integer in 1–200 (got ${count})`);
  if (!(trackSec >= 8 && trackSec <= 600)) throw new Error(`trackSec must lie in 8–600 s (got ${trackSec})`);
  mkdirSync(dir, { recursive: true });
  const moods = moodOrder(count, rngFor(seed, 'library-moods'));
  const tracks: DemoTrack[] = [];
  for (let i = 0; i < count; i++) {
    signal?.throwIfAborted();
    const rng = rngFor(seed, 'library-track', i);
    const mood = moods[i];
    const latent = sampleSceneLatent(mood, rng, 0.12);
    const affect = affectFromLatent(latent, mood);
    const base = musicSpecFromLatent(latent, rngFor(seed, 'library-nuisance', i));
    const barSec = 240 / base.tempoBpm;
    const sections: DemoTrack['sections'] = [];
    const parts: Float32Array[] = [];
    let at = 0;
    for (const { kind, bars } of sectionPlan(Math.max(4, Math.round(trackSec / barSec)))) {
      const pcm = synthesizeMusic(sectionSpec(base, latent, kind, i, seed), { durationSec: bars * barSec, sampleRate: LIBRARY_RATE });
      parts.push(pcm);
      sections.push({ kind, startSec: at / LIBRARY_RATE, endSec: (at + pcm.length) / LIBRARY_RATE });
      at += pcm.length;
    }
    const samples = new Float32Array(at);
    parts.reduce((offset, p) => (samples.set(p, offset), offset + p.length), 0);

    const [adjectives, nouns] = TITLE_WORDS[mood];
    const title = `${rng.pick(adjectives)} ${rng.pick(nouns)}`;
    const artist = ARTISTS[i % ARTISTS.length];
    const file = `${String(i + 1).padStart(2, '0')} ${title}.mp3`;
    const path = join(dir, file);
    const tags = { title, artist, album: ALBUM, genre: 'Soundtrack', track: `${i + 1}/${count}` };
    const tagArgs = Object.entries(tags).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
    await encodeAudio(path, samples, LIBRARY_RATE, ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '3', ...tagArgs], signal);
    tracks.push({
      path,
      title,
      artist,
      album: ALBUM,
      mood,
      affect,
      tempoBpm: base.tempoBpm,
      key: `${PITCH_NAMES[base.tonicPitchClass]} ${base.mode}`,
      durationSec: at / LIBRARY_RATE,
      sections,
    });
  }
  return { tracks };
}

export interface DemoScene {
  startSec: number;
  endSec: number;
  mood: string;
  affect: number[];
}

export interface DemoVideo {
  path: string;
  durationSec: number;
  scenes: DemoScene[];
}

const PROJECT_SIZE = { width: 640, height: 360 };
const PROJECT_FPS = 25;
const AMBIENCE_RATE = 48000;

/** Alternates positive- and negative-valence moods so every cut also flips the picture's warmth. */
function sceneMoods(count: number, rng: Rng): Mood[] {
  const positive = rng.shuffle(MOODS.filter((m) => MOOD_DEFINITIONS[m].prototype.valence >= 0));
  const negative = rng.shuffle(MOODS.filter((m) => MOOD_DEFINITIONS[m].prototype.valence < 0));
  const startPositive = rng.chance(0.5);
  return Array.from({ length: count }, (_, i) => ((i % 2 === 0) === startPositive ? positive : negative)[Math.floor(i / 2) % 4]);
}

/** Quiet room tone: low-passed noise with a faint 50 Hz hum, about −45 dBFS RMS. */
function ambience(durationSec: number, rng: Rng): Float32Array {
  const out = new Float32Array(Math.round(durationSec * AMBIENCE_RATE));
  let lp = 0;
  for (let n = 0; n < out.length; n++) {
    lp += 0.05 * (rng.uniform(-1, 1) - lp);
    out[n] = 0.02 * lp + 0.002 * Math.sin((2 * Math.PI * 50 * n) / AMBIENCE_RATE);
  }
  return out;
}

/** Scene lengths in whole frames, each at least 3 s, summing to frameCount. */
function sceneFrames(frameCount: number, scenes: number, rng: Rng): number[] {
  const minFrames = 3 * PROJECT_FPS;
  const weights = Array.from({ length: scenes }, () => rng.uniform(0.7, 1.3));
  const spare = frameCount - scenes * minFrames;
  const total = weights.reduce((s, w) => s + w, 0);
  const lengths = weights.map((w) => minFrames + Math.floor((spare * w) / total));
  lengths[scenes - 1] += frameCount - lengths.reduce((s, x) => s + x, 0);
  return lengths;
}

/**
 * Writes two H.264 mp4 files (640×360, 25 fps, AAC room tone) into dir whose scenes (3 or 4 per
 * file, each one continuous shot) differ in mood and are joined by hard cuts at whole frames.
 * Returns the scene boundaries and each scene's true mood and affect.
 */
export async function generateDemoProject(
  dir: string,
  opts: { seed?: number; totalSec?: number; signal?: AbortSignal } = {},
): Promise<{ videos: DemoVideo[] }> {
  const { seed = 7, totalSec = 60, signal } = opts;
  if (!(totalSec >= 20 && totalSec <= 1200)) throw new Error(`totalSec must lie in 20–1200 s (got ${totalSec})`);
  mkdirSync(dir, { recursive: true });
  const rng = rngFor(seed, 'project');
  const firstFrames = Math.round(totalSec * 0.55 * PROJECT_FPS);
  const fileFrames = [firstFrames, Math.round(totalSec * PROJECT_FPS) - firstFrames];
  const videos: DemoVideo[] = [];
  for (let f = 0; f < fileFrames.length; f++) {
    signal?.throwIfAborted();
    const frameCount = fileFrames[f];
    const sceneCount = Math.min(frameCount >= 40 * PROJECT_FPS ? 4 : 3, Math.floor(frameCount / (3 * PROJECT_FPS)));
    const moods = sceneMoods(sceneCount, rngFor(seed, 'project-moods', f));
    const lengths = sceneFrames(frameCount, sceneCount, rng);
    const scenes: DemoScene[] = [];
    const renderers: { start: number; renderer: FrameRenderer }[] = [];
    let start = 0;
    moods.forEach((mood, s) => {
      const sceneRng = rngFor(seed, 'project-scene', f, s);
      const latent = sampleSceneLatent(mood, sceneRng, 0.12);
      const spec = videoSpecFromLatent(latent, mood, sceneRng);
      // Grain is pure nuisance; keeping it low keeps the planted cuts the only big frame changes.
      const renderer = createFrameRenderer(
        { ...spec, grain: Math.min(spec.grain, 0.01) },
        { ...PROJECT_SIZE, fps: PROJECT_FPS, durationSec: lengths[s] / PROJECT_FPS, singleShot: true },
      );
      renderers.push({ start, renderer });
      scenes.push({ startSec: start / PROJECT_FPS, endSec: (start + lengths[s]) / PROJECT_FPS, mood, affect: affectFromLatent(latent, mood) });
      start += lengths[s];
    });
    const path = join(dir, `shoot-${String(f + 1).padStart(2, '0')}.mp4`);
    const audioPath = `${path}.ambience.flac`;
    try {
      await encodeAudio(audioPath, ambience(frameCount / PROJECT_FPS, rngFor(seed, 'ambience', f)), AMBIENCE_RATE, ['-c:a', 'flac'], signal);
      await encodeVideo(path, { ...PROJECT_SIZE, fps: String(PROJECT_FPS), frameCount, audioPath, signal }, (i, out) => {
        const scene = renderers.findLast((r) => r.start <= i)!;
        scene.renderer.render(i - scene.start, out);
      });
    } finally {
      rmSync(audioPath, { force: true });
    }
    videos.push({ path, durationSec: frameCount / PROJECT_FPS, scenes });
  }
  return { videos };
}
