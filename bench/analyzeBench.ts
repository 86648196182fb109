import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
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
function plainDecode(path: string, width: number, height: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(ffmpegBinaries().ffmpeg, videoDecodeArgs(path, { width, height }), { stdio: ['ignore', 'pipe', 'ignore'] });
    p.stdout.resume();
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
}

/**
 * CPU seconds used by this process's finished children (ffmpeg), from /proc/self/stat (Linux; 0
 * elsewhere). CPU time, unlike wall time, barely changes when other work shares the cores.
 */
function childCpuSec(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of the file, in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

interface Timing<T> {
  sec: number;
  /** CPU seconds of this process (the analyser's JavaScript). */
  jsCpuSec: number;
  /** CPU seconds of the ffmpeg processes it ran. */
  ffmpegCpuSec: number;
  value: T;
}

async function timed<T>(fn: () => Promise<T>): Promise<Timing<T>> {
  const cpu = process.cpuUsage();
  const children = childCpuSec();
  const started = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return {
    sec: (performance.now() - started) / 1000,
    jsCpuSec: (used.user + used.system) / 1e6,
    ffmpegCpuSec: childCpuSec() - children,
    value,
  };
}

/**
 * Times plain ffmpeg decode at the analysis size (reference), the same decode through
 * decodeVideoFrames, and the full analyzeVideo (scenes, features, audio loudness) on a 1080p30
 * H.264 clip with 7 hard cuts. Wall times are the fastest of `runs` (other work on a shared machine
 * only ever adds time); CPU times are reported too because they hardly depend on that load. Peak
 * RSS is this Node process's (ffmpeg's own memory not included).
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

  const plain: Timing<void>[] = [];
  const wrapped: Timing<unknown>[] = [];
  const analyzed: Timing<{ scenes: unknown[] }>[] = [];
  for (let r = 0; r < runs; r++) {
    plain.push(await timed(() => plainDecode(path, width, height)));
    wrapped.push(await timed(() => decodeVideoFrames(path, { width, height }, () => {})));
    analyzed.push(await timed(() => analyzeVideo(path, probe)));
  }
  const fastest = <T>(xs: Timing<T>[]): Timing<T> => xs.reduce((a, b) => (b.sec < a.sec ? b : a));
  const leastCpu = <T>(xs: Timing<T>[]): number => Math.min(...xs.map((x) => x.jsCpuSec + x.ffmpegCpuSec));
  const plainSec = fastest(plain).sec;
  const analyzeSec = fastest(analyzed).sec;
  const plainCpu = leastCpu(plain);
  const analyzeCpu = leastCpu(analyzed);
  const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
  return {
    clip: `${video.width}x${video.height} ${round(video.fpsNum / video.fpsDen, 3)} fps ${video.codec}, libx264 ultrafast CRF 23 + AAC`,
    bitrateMbps: round((statSync(path).size * 8) / videoSeconds / 1e6, 2),
    videoSeconds: round(videoSeconds, 2),
    analysisSize: `${width}x${height}`,
    runs,
    generateSec: round(generateSec, 1),
    loadAverage1m: round(loadavg()[0], 2),
    decodeOnlySec: round(plainSec),
    decodeOnlySecPerSec: round(plainSec / videoSeconds, 4),
    wrapperDecodeSec: round(fastest(wrapped).sec),
    analyzeSec: round(analyzeSec),
    analyzeSecPerSec: round(analyzeSec / videoSeconds, 4),
    decodeRealtimeFactor: round(videoSeconds / plainSec, 1),
    analyzeRealtimeFactor: round(videoSeconds / analyzeSec, 1),
    ratio: round(analyzeSec / plainSec, 2),
    // Load-independent view: CPU seconds per video second, and what two free cores would allow.
    decodeCpuSecPerSec: round(plainCpu / videoSeconds, 4),
    analyzeCpuSecPerSec: round(analyzeCpu / videoSeconds, 4),
    analyzeJsCpuSecPerSec: round(Math.min(...analyzed.map((a) => a.jsCpuSec)) / videoSeconds, 4),
    cpuRatio: round(analyzeCpu / plainCpu, 2),
    analyzeRealtimeFactorTwoFreeCores: round((2 * videoSeconds) / analyzeCpu, 1),
    scenesFound: analyzed[0].value.scenes.length,
    scenesExpected: SHOTS.length,
    allTimingsSec: { plain: plain.map((x) => round(x.sec)), wrapper: wrapped.map((x) => round(x.sec)), analyze: analyzed.map((a) => round(a.sec)) },
    peakRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
  };
}
