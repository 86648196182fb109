import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DUCKED_SCENE_GAIN, type SceneSoundMode } from '../../../shared/contract';
import { type FrameRate, rateToFps } from '../../../shared/time';
import { crossfadeOutFrames, type MusicClip, type Timeline } from '../export/timeline';
import { ffmpegBinaries } from '../media/ffmpegBinaries';
import { type MediaProbe, probeMedia } from '../media/probe';
import { PREVIEW_MARK_ARGS } from './previewMark';

/**
 * The preview render: the whole cut (each scene's picture from its original file, in timeline
 * order) with the chosen music sections under it, cross-faded where the music changes as in the
 * exports, the scenes' own sound ducked (as the app's audition does), muted or kept, loudness
 * normalised to −16 LUFS integrated (ffmpeg's loudnorm, two passes), H.264 + AAC in MP4.
 *
 * Three ffmpeg runs: (1) the audio mix to a float WAV, (2) loudnorm's measurement of it, (3) the
 * picture and the normalised mix into the MP4. Everything is written in a temporary folder next to
 * the output and renamed into place only when complete, so a failed, cancelled or killed render
 * leaves nothing at `out`; the temporary folder is removed on failure and cancel. A render killed
 * outright (SIGKILL) cannot clean up: its ffmpeg dies on the closed progress pipe, and its folder
 * is removed by the next render to the same file (the folder names its owner's pid).
 */

export type SceneSound = SceneSoundMode;

export interface RenderOptions {
  out: string;
  sceneSound?: SceneSound;
  /** Output picture height (even); default: the first video's, at most 720. Width follows its aspect. */
  height?: number;
  /** Output frame rate; default: the timeline's (the first video's). */
  rate?: FrameRate;
  /** Integrated loudness target in LUFS; default −16. */
  loudness?: number;
  signal?: AbortSignal;
  /** Output seconds rendered so far of the whole job's `total` (all three passes, weighted), and the estimated seconds left. */
  onProgress?: (p: RenderProgress) => void;
}

export interface RenderProgress {
  stage: 'mix' | 'measure' | 'encode';
  /** Fraction of the whole render done, 0–1. */
  fraction: number;
  /** Estimated seconds left, once it can be estimated. */
  etaSec?: number;
}

export interface RenderResult {
  out: string;
  durationSec: number;
  width: number;
  height: number;
  rate: FrameRate;
  /** loudnorm's measurement of the mix before normalisation (LUFS). */
  inputLoudness: number;
  elapsedSec: number;
}

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

const DEFAULT_MAX_HEIGHT = 720;
const AUDIO_RATE = 48000;
const TRUE_PEAK = -1.5;
const LOUDNESS_RANGE = 11;
/** Weights of the three passes in the progress fraction (the picture encode dominates). */
const PASS_WEIGHTS = { mix: 0.15, measure: 0.05, encode: 0.8 } as const;
/** H.264 + AAC for sharing: a quality target capped at a bitrate that streams. */
export const VIDEO_CODEC_ARGS = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-maxrate', '4M', '-bufsize', '8M', '-pix_fmt', 'yuv420p'];
const AUDIO_CODEC_ARGS = ['-c:a', 'aac', '-b:a', '160k', '-ar', String(AUDIO_RATE)];

const seconds = (frames: number, fps: number): string => (frames / fps).toFixed(6);

/** Runs ffmpeg, reporting its -progress out_time as seconds; rejects with its last stderr lines, or RenderError('cancelled'). */
function runFfmpeg(args: string[], signal: AbortSignal | undefined, onTime?: (sec: number) => void): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (signal?.aborted) return reject(new RenderError('cancelled'));
    const child = spawn(ffmpegBinaries().ffmpeg, ['-hide_banner', '-nostdin', '-y', '-progress', 'pipe:1', '-nostats', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^out_time_ms=(\d+)/.exec(line);
        if (m && onTime) onTime(Number(m[1]) / 1e6);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-20000);
    });
    const abort = (): void => {
      child.kill('SIGTERM');
    };
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (err) => reject(new RenderError(`cannot run ffmpeg: ${err.message}`)));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return reject(new RenderError('cancelled'));
      if (code === 0) return resolvePromise(stderr);
      reject(new RenderError(`ffmpeg failed (exit ${code}): ${stderr.trim().split('\n').slice(-4).join(' | ')}`));
    });
  });
}

/** Even output size with the first video's aspect, at most `height` (default: its own, capped at 720). */
function outputSize(first: MediaProbe, height: number | undefined): { width: number; height: number } {
  const video = first.video;
  if (!video) throw new RenderError(`${first.path}: no video stream`);
  const rotated = video.rotation === 90 || video.rotation === 270;
  const [w, h] = rotated ? [video.height, video.width] : [video.width, video.height];
  const outHeight = 2 * Math.round((height ?? Math.min(h, DEFAULT_MAX_HEIGHT)) / 2);
  if (!(outHeight >= 16)) throw new RenderError(`height must be at least 16 (got ${height})`);
  return { width: 2 * Math.round((outHeight * w) / h / 2), height: outHeight };
}

/** Whether any music plays under the record range [recordIn, recordOut). */
function musicUnder(clips: readonly MusicClip[], recordIn: number, recordOut: number): boolean {
  return clips.some((m) => m.recordIn < recordOut && m.recordOut > recordIn);
}

/** Pass 1: scene sound (per scene, ducked under music) and the music clips with their cross-fades, summed to one stereo WAV of exactly the cut's length. */
function mixArgs(timeline: Timeline, probes: Map<string, MediaProbe>, sceneSound: SceneSound, wav: string): string[] {
  const fps = rateToFps(timeline.rate);
  const total = seconds(timeline.duration, fps);
  const inputs: string[] = [];
  const filters: string[] = [];
  const format = `aresample=${AUDIO_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`;
  let input = 0;
  const sceneLabels: string[] = [];
  timeline.videoClips.forEach((clip, i) => {
    const length = seconds(clip.recordOut - clip.recordIn, fps);
    const gain = sceneSound === 'mute' ? 0 : sceneSound === 'duck' && musicUnder(timeline.musicClips, clip.recordIn, clip.recordOut) ? DUCKED_SCENE_GAIN : 1;
    const label = `s${i}`;
    if (gain > 0 && probes.get(clip.media.path)?.audio) {
      inputs.push('-ss', seconds(clip.sourceIn, fps), '-t', length, '-i', clip.media.path);
      filters.push(`[${input++}:a]${format},apad,atrim=duration=${length},asetpts=N/SR/TB,volume=${gain}[${label}]`);
    } else {
      filters.push(`anullsrc=r=${AUDIO_RATE}:cl=stereo,atrim=duration=${length}[${label}]`);
    }
    sceneLabels.push(`[${label}]`);
  });
  filters.push(`${sceneLabels.join('')}concat=n=${sceneLabels.length}:v=0:a=1[scene]`);
  const mixLabels = ['[scene]'];
  timeline.musicClips.forEach((clip, i) => {
    const length = clip.recordOut - clip.recordIn;
    const tail = crossfadeOutFrames(timeline.musicClips, i);
    const span = seconds(length + tail, fps);
    inputs.push('-ss', seconds(clip.sourceIn, fps), '-t', span, '-i', clip.media.path);
    const fades = [
      ...(clip.crossfadeIn > 0 ? [`afade=t=in:st=0:d=${seconds(clip.crossfadeIn, fps)}`] : []),
      ...(tail > 0 ? [`afade=t=out:st=${seconds(length, fps)}:d=${seconds(tail, fps)}`] : []),
    ];
    const delayMs = ((clip.recordIn / fps) * 1000).toFixed(3);
    const chain = [format, 'apad', `atrim=duration=${span}`, 'asetpts=N/SR/TB', ...fades, `adelay=${delayMs}|${delayMs}`, 'apad', `atrim=duration=${total}`];
    filters.push(`[${input++}:a]${chain.join(',')}[m${i}]`);
    mixLabels.push(`[m${i}]`);
  });
  // amix scales each input by 1/n; every input runs the whole length, so volume=n restores unity gain.
  filters.push(`${mixLabels.join('')}amix=inputs=${mixLabels.length}:duration=first:dropout_transition=0,volume=${mixLabels.length},atrim=duration=${total}[mix]`);
  return [...inputs, '-filter_complex', filters.join(';'), '-map', '[mix]', '-c:a', 'pcm_f32le', '-ar', String(AUDIO_RATE), wav];
}

interface LoudnormMeasure {
  input_i: string;
  input_tp: string;
  input_lra: string;
  input_thresh: string;
  target_offset: string;
}

function parseLoudnorm(stderr: string, wav: string): LoudnormMeasure {
  const json = /\{[^{}]*"input_i"[^{}]*\}/.exec(stderr);
  if (!json) throw new RenderError(`${wav}: loudnorm printed no measurement`);
  return JSON.parse(json[0]) as LoudnormMeasure;
}

/** Pass 3: each scene's picture conformed to the output size and rate, concatenated, with the normalised mix. */
function encodeArgs(timeline: Timeline, size: { width: number; height: number }, rate: FrameRate, wav: string, measure: LoudnormMeasure, loudness: number, out: string): string[] {
  const fps = rateToFps(timeline.rate);
  const outFps = `${rate.num}/${rate.den}`;
  const inputs: string[] = [];
  const filters: string[] = [];
  const labels: string[] = [];
  let outFrames = 0;
  timeline.videoClips.forEach((clip, i) => {
    // Frame counts at the output rate from absolute record positions, so clip lengths add up to the cut.
    const endFrame = Math.round(((clip.recordOut / fps) * rate.num) / rate.den);
    const frames = endFrame - outFrames;
    outFrames = endFrame;
    // One spare frame of input so that rounding at the clip's end never leaves it short.
    inputs.push('-ss', seconds(clip.sourceIn, fps), '-t', seconds(clip.recordOut - clip.recordIn + 1, fps), '-i', clip.media.path);
    filters.push(
      `[${i}:v]fps=${outFps},scale=${size.width}:${size.height}:force_original_aspect_ratio=decrease,` +
        `pad=${size.width}:${size.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,format=yuv420p,trim=end_frame=${frames},setpts=PTS-STARTPTS[v${i}]`,
    );
    labels.push(`[v${i}]`);
  });
  filters.push(`${labels.join('')}concat=n=${labels.length}:v=1:a=0[video]`);
  const wavInput = timeline.videoClips.length;
  const norm =
    `loudnorm=I=${loudness}:TP=${TRUE_PEAK}:LRA=${LOUDNESS_RANGE}:measured_I=${measure.input_i}:measured_TP=${measure.input_tp}` +
    `:measured_LRA=${measure.input_lra}:measured_thresh=${measure.input_thresh}:offset=${measure.target_offset}:linear=true`;
  filters.push(`[${wavInput}:a]${norm},aresample=${AUDIO_RATE}[audio]`);
  const duration = (outFrames * rate.den) / rate.num;
  return [
    ...inputs,
    '-i',
    wav,
    '-filter_complex',
    filters.join(';'),
    '-map',
    '[video]',
    '-map',
    '[audio]',
    ...VIDEO_CODEC_ARGS,
    '-r',
    outFps,
    ...AUDIO_CODEC_ARGS,
    '-t',
    duration.toFixed(6),
    ...PREVIEW_MARK_ARGS,
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    out,
  ];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes work folders of earlier renders to the same file whose process is gone (killed outright). */
function removeStaleWork(outDir: string, prefix: string): void {
  for (const name of readdirSync(outDir)) {
    if (!name.startsWith(prefix)) continue;
    const folder = join(outDir, name);
    let pid = NaN;
    try {
      pid = Number(readFileSync(join(folder, 'pid'), 'utf8'));
    } catch {
      // No pid file: the render died before writing it.
    }
    if (!(pid > 0 && processAlive(pid))) rmSync(folder, { recursive: true, force: true });
  }
}

/** Renders the timeline's cut with its music to `opts.out` (see the module comment). */
export async function renderCut(timeline: Timeline, opts: RenderOptions): Promise<RenderResult> {
  const started = performance.now();
  const out = resolve(opts.out);
  const outDir = dirname(out);
  if (!existsSync(outDir)) throw new RenderError(`${out}: the folder ${outDir} does not exist`);
  if (timeline.videoClips.length === 0) throw new RenderError(`timeline "${timeline.name}" has no scenes to render`);
  const paths = [...new Set([...timeline.videoClips.map((c) => c.media.path), ...timeline.musicClips.map((c) => c.media.path)])];
  const probes = new Map<string, MediaProbe>();
  for (const path of paths) {
    try {
      probes.set(path, await probeMedia(path));
    } catch (err) {
      throw new RenderError(`${path}: ${(err as Error).message}`);
    }
  }
  for (const clip of timeline.musicClips) {
    if (!probes.get(clip.media.path)?.audio) throw new RenderError(`${clip.media.path}: no audio stream`);
  }
  const size = outputSize(probes.get(timeline.videoClips[0].media.path) as MediaProbe, opts.height);
  const rate = opts.rate ?? timeline.rate;
  const loudness = opts.loudness ?? -16;
  const cutSec = timeline.duration / rateToFps(timeline.rate);

  const prefix = `.${basename(out)}.render-`;
  removeStaleWork(outDir, prefix);
  const work = mkdtempSync(join(outDir, prefix));
  writeFileSync(join(work, 'pid'), String(process.pid));
  const wav = join(work, 'mix.wav');
  const partial = join(work, 'cut.mp4');
  const report = (stage: RenderProgress['stage'], passFraction: number): void => {
    if (!opts.onProgress) return;
    const before = stage === 'mix' ? 0 : stage === 'measure' ? PASS_WEIGHTS.mix : PASS_WEIGHTS.mix + PASS_WEIGHTS.measure;
    const fraction = Math.min(1, before + PASS_WEIGHTS[stage] * Math.min(1, Math.max(0, passFraction)));
    const elapsed = (performance.now() - started) / 1000;
    opts.onProgress({ stage, fraction, etaSec: fraction > 0.02 ? (elapsed * (1 - fraction)) / fraction : undefined });
  };
  try {
    await runFfmpeg(mixArgs(timeline, probes, opts.sceneSound ?? 'duck', wav), opts.signal, (t) => report('mix', t / cutSec));
    const measured = await runFfmpeg(
      ['-i', wav, '-af', `loudnorm=I=${loudness}:TP=${TRUE_PEAK}:LRA=${LOUDNESS_RANGE}:print_format=json`, '-f', 'null', '-'],
      opts.signal,
      (t) => report('measure', t / cutSec),
    );
    const measure = parseLoudnorm(measured, wav);
    await runFfmpeg(encodeArgs(timeline, size, rate, wav, measure, loudness, partial), opts.signal, (t) => report('encode', t / cutSec));
    if (opts.signal?.aborted) throw new RenderError('cancelled');
    renameSync(partial, out);
    report('encode', 1);
    return { out, durationSec: cutSec, width: size.width, height: size.height, rate, inputLoudness: Number(measure.input_i), elapsedSec: (performance.now() - started) / 1000 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
