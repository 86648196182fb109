import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ffmpegBinaries } from '../src/main/engine/media/ffmpegBinaries';
import { probeMedia } from '../src/main/engine/media/probe';
import { decodeVideoFrames, videoDecodeArgs } from '../src/main/engine/media/videoFrames';
import { analysisSize, analyzeVideo } from '../src/main/engine/video/videoAnalyzer';

interface AnalyzeBenchOptions {
  workDir: string;
  /** Repetitions of each timing; the fastest counts (host noise only ever adds time). Default 3. */
  runs?: number;
}

const SHOT_SEC = 5;
const W = 1920;
const H = 1080;
const RATE = 30;

/** Eight 5 s shots at 1080p30 joined by hard cuts: patterns, a pan, a moving object, light grain, and a sine for sound. */
const SHOTS = [
  `testsrc2=s=${W}x${H}:r=${RATE}`,
  `smptehdbars=s=${2 * W}x${H}:r=${RATE},crop=${W}:${H}:x='t*300':y=0`,
  `color=c=navy:s=${W}x${H}:r=${RATE}[bg];color=c=yellow:s=400x300:r=${RATE}[fg];[bg][fg]overlay=x='abs(mod(t*700,${2 * (W - 400)})-${W - 400})':y='(H-h)/2+sin(t*3)*200'`,
  `testsrc=s=${W}x${H}:r=${RATE}`,
  `rgbtestsrc=s=${W}x${H}:r=${RATE}`,
  `cellauto=s=${W}x${H}:r=${RATE}:rule=110:random_fill_ratio=0.5`,
  `testsrc2=s=${W}x${H}:r=${RATE},hue=h=120,negate`,
  `yuvtestsrc=s=${W}x${H}:r=${RATE}`,
];

/** Writes the 40 s test clip once (libx264 ultrafast, CRF 23, AAC); reused across runs. */
function makeClip(path: string): void {
  if (existsSync(path)) return;
  const chains = SHOTS.map((src, i) => `${src},trim=duration=${SHOT_SEC},setpts=PTS-STARTPTS[s${i}]`);
  const graph = `${chains.join(';')};${SHOTS.map((_, i) => `[s${i}]`).join('')}concat=n=${SHOTS.length}:v=1:a=0,noise=alls=6:allf=t,format=yuv420p[v]`;
  const total = SHOT_SEC * SHOTS.length;
  const res = spawnSync(
    ffmpegBinaries().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-y', '-filter_complex', graph, '-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=48000:duration=${total}`,
      '-map', '[v]', '-map', '0:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '23', '-c:a', 'aac', '-b:a', '128k', '-t', String(total), path],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`could not generate the bench clip: ${res.stderr}`);
}

/** Plain ffmpeg with the analyser's exact decode arguments, its output read and discarded: the reference. */
function plainDecode(path: string, width: number, height: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(ffmpegBinaries().ffmpeg, videoDecodeArgs(path, { width, height }), { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.resume();
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`ffmpeg exited ${code}`))));
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ sec: number; cpuSec: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { sec: (performance.now() - started) / 1000, cpuSec: (used.user + used.system) / 1e6, value };
}

/**
 * Times plain ffmpeg decode at the analysis size (reference), the same decode through
 * decodeVideoFrames, and the full analyzeVideo (scenes, features, audio loudness) on a 1080p30
 * H.264 clip with 7 hard cuts. Peak RSS is this Node process's (ffmpeg's own memory not included).
 */
export async function runAnalyzeBench(opts: AnalyzeBenchOptions): Promise<Record<string, unknown>> {
  const runs = Math.max(1, opts.runs ?? 3);
  const path = join(opts.workDir, 'bench-1080p30.mp4');
  const generated = performance.now();
  makeClip(path);
  const generateSec = (performance.now() - generated) / 1000;
  const probe = await probeMedia(path);
  const video = probe.video!;
  const { width, height } = analysisSize(video);
  const videoSeconds = probe.durationSec;

  const plain: number[] = [];
  const wrapped: number[] = [];
  const analyzed: { sec: number; cpuSec: number; scenes: number }[] = [];
  for (let r = 0; r < runs; r++) {
    plain.push(await plainDecode(path, width, height));
    wrapped.push((await timed(() => decodeVideoFrames(path, { width, height }, () => {}))).sec);
    const a = await timed(() => analyzeVideo(path, probe));
    analyzed.push({ sec: a.sec, cpuSec: a.cpuSec, scenes: a.value.scenes.length });
  }
  const best = (xs: number[]): number => Math.min(...xs);
  const plainSec = best(plain);
  const analyzeSec = best(analyzed.map((a) => a.sec));
  const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
  return {
    clip: `${video.width}x${video.height} ${round(video.fpsNum / video.fpsDen, 3)} fps ${video.codec}, libx264 ultrafast CRF 23 + AAC`,
    bitrateMbps: round((statSync(path).size * 8) / videoSeconds / 1e6, 2),
    videoSeconds: round(videoSeconds, 2),
    analysisSize: `${width}x${height}`,
    runs,
    generateSec: round(generateSec, 1),
    decodeOnlySec: round(plainSec),
    decodeOnlySecPerSec: round(plainSec / videoSeconds, 4),
    wrapperDecodeSec: round(best(wrapped)),
    analyzeSec: round(analyzeSec),
    analyzeSecPerSec: round(analyzeSec / videoSeconds, 4),
    analyzeJsCpuSecPerSec: round(Math.min(...analyzed.map((a) => a.cpuSec)) / videoSeconds, 4),
    decodeRealtimeFactor: round(videoSeconds / plainSec, 1),
    analyzeRealtimeFactor: round(videoSeconds / analyzeSec, 1),
    ratio: round(analyzeSec / plainSec, 2),
    scenesFound: analyzed[0].scenes,
    scenesExpected: SHOTS.length,
    allTimingsSec: { plain: plain.map((x) => round(x)), wrapper: wrapped.map((x) => round(x)), analyze: analyzed.map((a) => round(a.sec)) },
    peakRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
  };
}
