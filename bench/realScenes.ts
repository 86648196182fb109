import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { probeMedia } from '../src/main/engine/media/probe';
import { analyzeVideo } from '../src/main/engine/video/videoAnalyzer';
import type { TransitionKind } from '../src/main/engine/video/sceneDetector';

/**
 * Scene detection on labelled real footage (bench/data/real-scene-labels.json), side by side with
 * PySceneDetect's ContentDetector and AdaptiveDetector run on the same files (a development-time
 * peer in Python, bench/corpus/pyscenedetect-peer.py). Scoring: see bench/data/real-scene-labels.md.
 *
 * Env: CUEFINDER_REAL_CORPUS, corpus roots separated by the path delimiter (e.g.
 * `/work/corpus/dev:/work/corpus/extra`); a labelled file is looked up under each root and must
 * match its sha256. CUEFINDER_PYTHON, a Python with scenedetect and opencv-python-headless
 * (default /work/venvs/scenes/bin/python, then python3). Either missing skips that part with a message.
 */

interface Span {
  start: number;
  end: number;
}

interface LabelledVideo {
  path: string;
  package: string;
  sha256: string;
  split: 'development' | 'held-out';
  kind: string;
  /** The file's own frame rate, as a ratio string ("30000/1001"). */
  fps: string;
  frames: number;
  cuts: number[];
  gradual: (Span & { type: string })[];
  ambiguous: (Span & { note: string })[];
}

interface Labels {
  tolerance: { cutFrames: number; gradualSlackFrames: number };
  videos: LabelledVideo[];
}

/** A detected boundary; `gradual` for a fade or dissolve, `cut` otherwise (a peer names no kinds). */
interface Detection {
  frame: number;
  kind: 'cut' | 'gradual';
}

/** Counts for one detector on one video or pooled: truths, matched truths and unmatched detections per kind. */
interface Counts {
  cutTruths: number;
  cutMatched: number;
  cutFalse: number;
  gradualTruths: number;
  gradualMatched: number;
  gradualFalse: number;
  /** Detections inside ambiguous spans, not scored. */
  ignored: number;
  seconds: number;
}

const DETECTORS = ['cuefinder', 'pyscenedetect-content', 'pyscenedetect-adaptive'] as const;
type Detector = (typeof DETECTORS)[number];

function emptyCounts(): Counts {
  return { cutTruths: 0, cutMatched: 0, cutFalse: 0, gradualTruths: 0, gradualMatched: 0, gradualFalse: 0, ignored: 0, seconds: 0 };
}

/** Matches detections to a video's labels one to one, closest first (cuts ±tolerance, gradual spans ± slack). */
export function scoreRealVideo(detected: readonly Detection[], video: LabelledVideo, tolerance: Labels['tolerance']): Counts {
  const truths = [
    ...video.cuts.map((f) => ({ kind: 'cut' as const, lo: f - tolerance.cutFrames, hi: f + tolerance.cutFrames, centre: f })),
    ...video.gradual.map((g) => ({ kind: 'gradual' as const, lo: g.start - tolerance.gradualSlackFrames, hi: g.end + tolerance.gradualSlackFrames, centre: (g.start + g.end) / 2 })),
  ];
  const pairs: { t: number; d: number; distance: number }[] = [];
  truths.forEach((truth, t) =>
    detected.forEach((det, d) => {
      if (det.frame >= truth.lo && det.frame <= truth.hi) pairs.push({ t, d, distance: Math.abs(det.frame - truth.centre) });
    }),
  );
  pairs.sort((a, b) => a.distance - b.distance);
  const usedTruths = new Set<number>();
  const usedDetections = new Set<number>();
  for (const p of pairs) {
    if (usedTruths.has(p.t) || usedDetections.has(p.d)) continue;
    usedTruths.add(p.t);
    usedDetections.add(p.d);
  }
  const counts = emptyCounts();
  truths.forEach((truth, t) => {
    if (truth.kind === 'cut') {
      counts.cutTruths++;
      if (usedTruths.has(t)) counts.cutMatched++;
    } else {
      counts.gradualTruths++;
      if (usedTruths.has(t)) counts.gradualMatched++;
    }
  });
  const slack = tolerance.gradualSlackFrames;
  detected.forEach((det, d) => {
    if (usedDetections.has(d)) return;
    if (video.ambiguous.some((a) => det.frame >= a.start - slack && det.frame <= a.end + slack)) counts.ignored++;
    else if (det.kind === 'cut') counts.cutFalse++;
    else counts.gradualFalse++;
  });
  return counts;
}

function add(into: Counts, c: Counts): void {
  for (const key of Object.keys(into) as (keyof Counts)[]) into[key] += c[key];
}

function prf(matched: number, falsePositives: number, truths: number): { precision: number; recall: number; f1: number } {
  const precision = matched + falsePositives ? matched / (matched + falsePositives) : 1;
  const recall = truths ? matched / truths : 1;
  return { precision: round(precision), recall: round(recall), f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0) };
}

function summarise(c: Counts): Record<string, unknown> {
  return {
    cut: { truths: c.cutTruths, matched: c.cutMatched, falsePositives: c.cutFalse, ...prf(c.cutMatched, c.cutFalse, c.cutTruths) },
    gradual: { truths: c.gradualTruths, matched: c.gradualMatched, falsePositives: c.gradualFalse, ...prf(c.gradualMatched, c.gradualFalse, c.gradualTruths) },
    all: {
      truths: c.cutTruths + c.gradualTruths,
      matched: c.cutMatched + c.gradualMatched,
      falsePositives: c.cutFalse + c.gradualFalse,
      ...prf(c.cutMatched + c.gradualMatched, c.cutFalse + c.gradualFalse, c.cutTruths + c.gradualTruths),
    },
    ignoredInAmbiguous: c.ignored,
    seconds: Number(c.seconds.toFixed(2)),
  };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function findPython(): string | undefined {
  const candidates = [process.env.CUEFINDER_PYTHON, '/work/venvs/scenes/bin/python', 'python3'].filter((p): p is string => !!p);
  return candidates.find((p) => !p.includes('/') || existsSync(p));
}

function runProcess(cmd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ code: -1, stdout, stderr: String(err) }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface PeerVideo {
  frames?: number;
  error?: string;
  content?: { cuts: number[]; seconds: number };
  adaptive?: { cuts: number[]; seconds: number };
}

/** Runs the PySceneDetect peer on every file, or says why it cannot. */
async function runPeer(repoRoot: string, paths: string[]): Promise<{ version: string; videos: Record<string, PeerVideo> } | string> {
  const python = findPython();
  if (!python) return 'no Python found (set CUEFINDER_PYTHON)';
  const check = await runProcess(python, ['-c', 'import scenedetect, cv2']);
  if (check.code !== 0) return `${python} lacks scenedetect/opencv-python-headless (pip install scenedetect opencv-python-headless into a venv, set CUEFINDER_PYTHON)`;
  const res = await runProcess(python, [join(repoRoot, 'bench', 'corpus', 'pyscenedetect-peer.py'), ...paths]);
  if (res.code !== 0) return `PySceneDetect peer failed: ${res.stderr.trim().split('\n').at(-1) ?? res.code}`;
  return JSON.parse(res.stdout) as { version: string; videos: Record<string, PeerVideo> };
}

export async function runRealScenesBench(opts: { repoRoot: string }): Promise<Record<string, unknown>> {
  const roots = (process.env.CUEFINDER_REAL_CORPUS ?? '').split(delimiter).filter(Boolean);
  if (!roots.length) {
    const message = 'real footage: skipped (set CUEFINDER_REAL_CORPUS to the corpus roots, e.g. /work/corpus/dev:/work/corpus/extra; see bench/data/real-scene-labels.md)';
    process.stderr.write(`${message}\n`);
    return { skipped: message };
  }
  const labels = JSON.parse(readFileSync(join(opts.repoRoot, 'bench', 'data', 'real-scene-labels.json'), 'utf8')) as Labels;
  const missing: string[] = [];
  const found: { video: LabelledVideo; file: string }[] = [];
  for (const video of labels.videos) {
    const file = roots.map((r) => join(r, video.path)).find(existsSync);
    if (!file) missing.push(`${video.path}: not under ${roots.join(', ')}`);
    else if (sha256(file) !== video.sha256) missing.push(`${video.path}: sha256 differs from the labelled file`);
    else found.push({ video, file });
  }
  for (const m of missing) process.stderr.write(`real footage: skipped ${m}\n`);

  const peer = await runPeer(opts.repoRoot, found.map((f) => f.file));
  if (typeof peer === 'string') process.stderr.write(`real footage: PySceneDetect skipped: ${peer}\n`);

  const totals: Record<string, Record<Detector, Counts>> = {};
  const perVideo: Record<string, unknown>[] = [];
  for (const { video, file } of found) {
    const started = performance.now();
    const analysis = await analyzeVideo(file, await probeMedia(file));
    const seconds = (performance.now() - started) / 1000;
    // Labels count the file's frames at its own rate; the analyser counts at the rate it resampled a
    // variable-rate file to (index × rate = time), so its boundaries are compared by time.
    const toLabelFrame = (frame: number): number => Math.round((frame * rate(video.fps)) / (analysis.fpsNum / analysis.fpsDen));
    const ours: Detection[] = analysis.scenes.slice(1).map((s) => ({ frame: toLabelFrame(s.startFrame), kind: isGradual(s.transitionIn) ? 'gradual' : 'cut' }));
    const results: Partial<Record<Detector, Counts>> = { cuefinder: { ...scoreRealVideo(ours, video, labels.tolerance), seconds } };
    const row: Record<string, unknown> = {
      video: video.path,
      split: video.split,
      kind: video.kind,
      frames: analysis.frames,
      ...(analysis.frames !== video.frames ? { framesLabelled: video.frames } : {}),
      cuefinder: ours.map((d) => `${d.frame}${d.kind === 'gradual' ? 'g' : ''}`).join(' '),
    };
    if (typeof peer !== 'string') {
      const p = peer.videos[file];
      if (p?.content && p.adaptive) {
        const asCuts = (cuts: number[]): Detection[] => cuts.map((frame) => ({ frame, kind: 'cut' }));
        results['pyscenedetect-content'] = { ...scoreRealVideo(asCuts(p.content.cuts), video, labels.tolerance), seconds: p.content.seconds };
        results['pyscenedetect-adaptive'] = { ...scoreRealVideo(asCuts(p.adaptive.cuts), video, labels.tolerance), seconds: p.adaptive.seconds };
        row.content = p.content.cuts.join(' ');
        row.adaptive = p.adaptive.cuts.join(' ');
        if (p.frames !== analysis.frames) row.peerFrames = p.frames;
      } else row.peerError = p?.error ?? 'no result';
    }
    for (const split of [video.split, 'all']) {
      totals[split] ??= { cuefinder: emptyCounts(), 'pyscenedetect-content': emptyCounts(), 'pyscenedetect-adaptive': emptyCounts() };
      for (const d of DETECTORS) {
        const r = results[d];
        if (r) add(totals[split][d], r);
      }
    }
    for (const d of DETECTORS) {
      const r = results[d];
      if (r) row[`${d}Score`] = `cuts ${r.cutMatched}/${r.cutTruths} FP ${r.cutFalse}; gradual ${r.gradualMatched}/${r.gradualTruths} FP ${r.gradualFalse}`;
    }
    perVideo.push(row);
  }

  const summary = Object.fromEntries(
    ['development', 'held-out', 'all'].filter((split) => totals[split]).map((split) => [split, totals[split]] as const).map(([split, byDetector]) => [
      split,
      Object.fromEntries(
        DETECTORS.filter((d) => d === 'cuefinder' || typeof peer !== 'string').map((d) => [
          d,
          {
            ...summarise(byDetector[d]),
            // This detector's time over Cuefinder's on the same files: Cuefinder ran that many times faster (< 1: slower).
            ...(d === 'cuefinder' ? {} : { cuefinderSpeedup: round(byDetector[d].seconds / Math.max(1e-9, byDetector.cuefinder.seconds)) }),
          },
        ]),
      ),
    ]),
  );
  process.stderr.write(formatRealTable(summary));
  return {
    labels: 'bench/data/real-scene-labels.json',
    tolerance: `cuts ±${labels.tolerance.cutFrames} frames; gradual from ${labels.tolerance.gradualSlackFrames} frames before its start to ${labels.tolerance.gradualSlackFrames} after its end; detections in ambiguous spans ignored`,
    peer: typeof peer === 'string' ? { skipped: peer } : { pyscenedetect: peer.version, settings: 'defaults (ContentDetector threshold 27; AdaptiveDetector 3.0 / window 2 / min content 15; min scene 15 frames; OpenCV backend)' },
    videos: found.length,
    missing,
    summary,
    perVideo,
  };
}

function rate(fps: string): number {
  const [num, den = 1] = fps.split('/').map(Number);
  return num / den;
}

function isGradual(kind: 'start' | TransitionKind): boolean {
  return kind === 'fade' || kind === 'dissolve';
}

function formatRealTable(summary: Record<string, Record<string, Record<string, unknown>>>): string {
  const lines: string[] = [];
  for (const [split, byDetector] of Object.entries(summary)) {
    lines.push(`real footage, ${split}:`, 'detector                 kind     truths matched  FP  precision recall   F1   seconds');
    for (const [detector, s] of Object.entries(byDetector)) {
      for (const kind of ['cut', 'gradual', 'all']) {
        const r = s[kind] as { truths: number; matched: number; falsePositives: number; precision: number; recall: number; f1: number };
        lines.push(
          `${detector.padEnd(24)} ${kind.padEnd(8)} ${String(r.truths).padStart(6)} ${String(r.matched).padStart(7)} ${String(r.falsePositives).padStart(3)} ` +
            `${r.precision.toFixed(3).padStart(10)} ${r.recall.toFixed(3).padStart(6)} ${r.f1.toFixed(3).padStart(5)}` +
            (kind === 'all' ? `  ${String(s.seconds).padStart(7)}${s.cuefinderSpeedup !== undefined ? ` (Cuefinder ${String(s.cuefinderSpeedup)}× as fast)` : ''}` : ''),
        );
      }
    }
  }
  return lines.join('\n') + '\n';
}

const round = (x: number): number => Number(x.toFixed(3));
