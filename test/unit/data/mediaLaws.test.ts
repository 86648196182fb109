import { describe, expect, it } from 'vitest';
import { type Latent } from '../../../src/main/engine/data/affectModel';
import { musicSpecFromLatent, synthesizeMusic, type MusicSpec } from '../../../src/main/engine/data/musicSynth';
import { rngFor } from '../../../src/main/engine/data/random';
import { planSynthAffect } from '../../../src/main/engine/data/synthAffectPlan';
import { createFrameRenderer, videoSpecFromLatent, type VideoSpec } from '../../../src/main/engine/data/videoRender';

const SR = 22050;
const latent = (valence: number, arousal: number, tension: number): Latent => ({ valence, arousal, tension });
/** Same nuisance draws for every latent, so only the affect differs between two specs. */
const musicSpec = (z: Latent): MusicSpec => musicSpecFromLatent(z, rngFor(5, 'test-music'));
const videoSpec = (z: Latent): VideoSpec => videoSpecFromLatent(z, 'calm', rngFor(5, 'test-video'));

const rmsDb = (x: Float32Array): number => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length);
const zeroCrossingRate = (x: Float32Array): number => {
  let n = 0;
  for (let i = 1; i < x.length; i++) if (x[i - 1] < 0 !== x[i] < 0) n++;
  return n / x.length;
};

/** Tempo from the autocorrelation of a rectified energy-flux envelope (window 1024, hop 256), searched 50–200 BPM. */
function estimateBpm(x: Float32Array): number {
  const hop = 256;
  const frames = Math.floor(x.length / hop);
  const energy = new Float64Array(frames);
  for (let f = 0; f < frames; f++) for (let i = 0; i < 1024 && f * hop + i < x.length; i++) energy[f] += x[f * hop + i] ** 2;
  const flux = energy.map((e, f) => (f === 0 ? 0 : Math.max(0, Math.sqrt(e) - Math.sqrt(energy[f - 1]))));
  const fps = SR / hop;
  let best = 0;
  let bestLag = 0;
  for (let lag = Math.round((fps * 60) / 200); lag <= Math.round((fps * 60) / 50); lag++) {
    let s = 0;
    for (let f = lag; f < frames; f++) s += flux[f] * flux[f - lag];
    if (s > best) {
      best = s;
      bestLag = lag;
    }
  }
  return (60 * fps) / bestLag;
}
const octaveError = (a: number, b: number): number => {
  const r = Math.log2(a / b);
  return Math.abs(r - Math.round(r));
};

describe('music carries the affect', () => {
  const excited = musicSpec(latent(0.6, 0.8, 0.2));
  const still = musicSpec(latent(0.6, -0.8, -0.5));

  it('maps arousal to tempo, drums, loudness and articulation', () => {
    expect(excited.tempoBpm).toBeGreaterThan(still.tempoBpm + 40);
    expect(excited.percussionDensity).toBeGreaterThan(0.8);
    expect(still.percussionDensity).toBe(0);
    expect(excited.gate).toBeLessThan(still.gate);
    expect(musicSpec(latent(0.8, 0, 0)).mode).toBe('major');
    expect(musicSpec(latent(-0.8, 0, 0)).mode).toBe('minor');
    expect(musicSpec(latent(0, 0, 0.9)).dissonance).toBeGreaterThan(musicSpec(latent(0, 0, -0.5)).dissonance);
  });

  it('renders the spec: the audible tempo matches, loudness meets its target, brightness raises the zero-crossing rate', () => {
    for (const spec of [excited, still]) {
      const pcm = synthesizeMusic(spec, { durationSec: 8, sampleRate: SR });
      expect(pcm).toHaveLength(8 * SR);
      expect(octaveError(estimateBpm(pcm), spec.tempoBpm)).toBeLessThan(0.05);
      expect(Math.abs(rmsDb(pcm) - spec.loudnessDb)).toBeLessThan(2);
    }
    const dull = synthesizeMusic({ ...still, brightness: 0.1 }, { durationSec: 4, sampleRate: SR });
    const bright = synthesizeMusic({ ...still, brightness: 0.95 }, { durationSec: 4, sampleRate: SR });
    expect(zeroCrossingRate(bright)).toBeGreaterThan(zeroCrossingRate(dull) * 1.2);
  });

  it('keeps the tempo audible across planned clips, drums or not', () => {
    const clips = planSynthAffect(60, 42).clips;
    const audible = clips.filter((c) => octaveError(estimateBpm(synthesizeMusic(c.music.spec, { durationSec: 8, sampleRate: SR })), c.music.spec.tempoBpm) < 0.05);
    expect(audible.length / clips.length).toBeGreaterThan(0.8);
  });

  it('is deterministic for a spec', () => {
    const a = synthesizeMusic(excited, { durationSec: 2 });
    const b = synthesizeMusic(excited, { durationSec: 2 });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });
});

const W = 160;
const H = 90;
const FPS = 25;

function frameStats(spec: VideoSpec): { luma: number; warmth: number; motion: number; cuts: number } {
  const renderer = createFrameRenderer(spec, { width: W, height: H, fps: FPS, durationSec: 4 });
  const prev = new Uint8Array(W * H * 3);
  const cur = new Uint8Array(W * H * 3);
  let luma = 0;
  let warmth = 0;
  let motion = 0;
  let motionFrames = 0;
  for (let f = 0; f < renderer.frameCount; f++) {
    renderer.render(f, cur);
    for (let i = 0; i < cur.length; i += 3) {
      luma += 0.299 * cur[i] + 0.587 * cur[i + 1] + 0.114 * cur[i + 2];
      warmth += cur[i] - cur[i + 2];
    }
    if (f > 0 && !renderer.shotStarts.includes(f)) {
      for (let i = 0; i < cur.length; i++) motion += Math.abs(cur[i] - prev[i]);
      motionFrames++;
    }
    prev.set(cur);
  }
  const px = W * H * renderer.frameCount;
  return { luma: luma / px, warmth: warmth / px, motion: motion / (motionFrames * W * H * 3), cuts: renderer.shotStarts.length - 1 };
}

describe('video carries the affect', () => {
  it('is brighter and warmer for positive valence', () => {
    const happy = frameStats({ ...videoSpec(latent(0.8, 0, -0.3)), grain: 0 });
    const sad = frameStats({ ...videoSpec(latent(-0.8, 0, -0.3)), grain: 0 });
    expect(happy.luma).toBeGreaterThan(sad.luma + 15);
    expect(happy.warmth).toBeGreaterThan(sad.warmth + 10);
  });

  it('moves faster and cuts more often for high arousal, shakes under tension', () => {
    const calm = videoSpec(latent(0, -0.8, -0.5));
    const excited = videoSpec(latent(0, 0.9, -0.5));
    const a = frameStats({ ...calm, grain: 0 });
    const b = frameStats({ ...excited, grain: 0 });
    expect(b.motion).toBeGreaterThan(a.motion * 2);
    expect(b.cuts).toBeGreaterThan(a.cuts);
    expect(videoSpec(latent(0, 0, 0.9)).shake).toBeGreaterThan(0.01);
    expect(videoSpec(latent(0, 0, -0.5)).shake).toBe(0);
  });

  it('renders any frame identically regardless of order, and singleShot has no cuts', () => {
    const spec = videoSpec(latent(0.2, 0.5, 0.5));
    const r = createFrameRenderer(spec, { width: W, height: H, fps: FPS, durationSec: 4 });
    const first = new Uint8Array(W * H * 3);
    const again = new Uint8Array(W * H * 3);
    r.render(37, first);
    for (let f = 0; f < 10; f++) r.render(f, again);
    r.render(37, again);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(createFrameRenderer(spec, { width: W, height: H, fps: FPS, durationSec: 4, singleShot: true }).shotStarts).toEqual([0]);
  });
});
