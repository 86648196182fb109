import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadMusicnn, type MusicnnKind, type MusicnnModel } from '../src/main/engine/encoders/musicnn';
import { MUSICNN_HOP, MUSICNN_MEL_BANDS, MUSICNN_PATCH_FRAMES, MUSICNN_SAMPLE_RATE, createMusicnnFrontEnd, musicnnFrameCount } from '../src/main/engine/encoders/musicnnFrontEnd';
import { ffmpegBinaries } from '../src/main/engine/media/ffmpegBinaries';
import { initTf } from '../src/main/engine/model/tfBackend';

interface MusicnnBenchOptions {
  encodersDir: string;
  /** test/fixtures/musicnn/corpus-reference.json (scripts/musicnn-reference.py corpus). */
  fixture: string;
  /** The dev corpus' music folder; files missing or of another build are skipped with a reason. */
  corpusDir: string;
  /** Where the reference script left the package's log-mel of each excerpt (<n>.mel.f32); optional. */
  melDir: string;
  /** Repetitions of each timing; the fastest counts (host noise only ever adds time). Default 5. */
  runs?: number;
}

interface CorpusFixture {
  excerptStartS: number;
  excerptSeconds: number;
  files: {
    file: string;
    fileSha256: string;
    index: number;
    samples: number;
    audioSha256: string;
    melFrames: number;
    models: Record<string, { patches: number; taggram: number[]; penultimate: number[] }>;
  }[];
}

const KINDS: [MusicnnKind, string][] = [
  ['mtt', 'MTT_musicnn'],
  ['msd', 'MSD_musicnn'],
];
const PATCH_SEC = (MUSICNN_PATCH_FRAMES * MUSICNN_HOP) / MUSICNN_SAMPLE_RATE;
const SEGMENT_SEC = 10;

/**
 * `npm run bench -- musicnn`: speed of the musicnn taggers in this runtime (single-threaded wasm unless
 * a native tfjs backend is installed) and agreement with the package's own Python outputs on real files.
 * Speed: ms per call for one 187-frame patch (how the indexer calls it, once per segment; wall and CPU
 * time) and per patch in a call of 8 patches, as ratios to real time (a patch is 2.99 s; a segment taken as 10 s).
 */
export async function runMusicnnBench(opts: MusicnnBenchOptions): Promise<Record<string, unknown>> {
  const backend = await initTf();
  const runs = Math.max(1, opts.runs ?? 5);
  const signal = benchSignal(30);
  const models = new Map<MusicnnKind, MusicnnModel>();
  for (const [kind] of KINDS) models.set(kind, await loadMusicnn(kind, opts.encodersDir));

  const frontEnd = createMusicnnFrontEnd();
  const mel = new Float32Array(MUSICNN_PATCH_FRAMES * MUSICNN_MEL_BANDS);
  const frontEndMs = fastest(runs, () => frontEnd.frames(signal, 400, MUSICNN_PATCH_FRAMES, mel));
  const speed: Record<string, unknown> = {};
  for (const [kind, model] of models) {
    model.analyze(signal, { patchStarts: [0] }); // warm-up: kernels and shapes
    model.analyze(signal, { patchStarts: batchStarts(8) });
    const single = fastest(runs, () => model.analyze(signal, { patchStarts: [600] }));
    const singleCpu = fastestCpu(runs, () => model.analyze(signal, { patchStarts: [600] }));
    const batched = fastest(runs, () => model.analyze(signal, { patchStarts: batchStarts(8) })) / 8;
    speed[kind] = {
      msPerSinglePatchCall: round(single, 1),
      cpuMsPerSinglePatchCall: round(singleCpu, 1),
      msPerPatchIn8PatchCall: round(batched, 1),
      xRealTimeOfPatch: round((PATCH_SEC * 1000) / single, 1),
      xRealTimeOnePatchPer10sSegment: round((SEGMENT_SEC * 1000) / single, 1),
    };
  }
  const bothSingle = (speed.mtt as { msPerSinglePatchCall: number }).msPerSinglePatchCall + (speed.msd as { msPerSinglePatchCall: number }).msPerSinglePatchCall;

  return {
    backend: backend.backend,
    runs,
    loadAverage1m: round(loadavg()[0], 2),
    versions: Object.fromEntries([...models].map(([k, m]) => [k, m.version])),
    frontEndMsPerPatch: round(frontEndMs, 2),
    speed,
    bothModelsOnePatchPer10sSegment: { ms: round(bothSingle, 1), xRealTime: round((SEGMENT_SEC * 1000) / bothSingle, 1) },
    corpus: compareCorpus(opts, models),
  };
}

function compareCorpus(opts: MusicnnBenchOptions, models: Map<MusicnnKind, MusicnnModel>): Record<string, unknown> {
  if (!existsSync(opts.fixture)) return { skipped: `no fixture ${opts.fixture}` };
  const fixture = JSON.parse(readFileSync(opts.fixture, 'utf8')) as CorpusFixture;
  const files: Record<string, unknown>[] = [];
  const totals = new Map<string, Stats>();
  const add = (key: string, a: ArrayLike<number>, b: ArrayLike<number>): Record<string, number> => {
    const s = diffStats(a, b);
    const t = totals.get(key) ?? { max: 0, sum: 0, n: 0 };
    totals.set(key, { max: Math.max(t.max, s.max), sum: t.sum + s.sum, n: t.n + s.n });
    return { maxAbs: s.max, meanAbs: s.sum / s.n };
  };
  for (const entry of fixture.files) {
    const path = join(opts.corpusDir, entry.file);
    if (!existsSync(path)) {
      files.push({ file: entry.file, skipped: 'not in the corpus folder' });
      continue;
    }
    if (sha256(readFileSync(path)) !== entry.fileSha256) {
      files.push({ file: entry.file, skipped: 'file differs from the one the reference was made from' });
      continue;
    }
    const raw = spawnSync(
      ffmpegBinaries().ffmpeg,
      ['-v', 'error', '-ss', String(fixture.excerptStartS), '-t', String(fixture.excerptSeconds), '-i', path, '-ac', '1', '-ar', String(MUSICNN_SAMPLE_RATE), '-f', 'f32le', '-'],
      { maxBuffer: 1 << 28 },
    ).stdout;
    const audio = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const row: Record<string, unknown> = { file: entry.file, sameDecodedSamples: sha256(raw) === entry.audioSha256 };
    const melPath = join(opts.melDir, `${entry.index}.mel.f32`);
    if (existsSync(melPath)) {
      const refMelBytes = readFileSync(melPath);
      const refMel = new Float32Array(refMelBytes.buffer.slice(refMelBytes.byteOffset, refMelBytes.byteOffset + refMelBytes.byteLength));
      const frames = musicnnFrameCount(audio.length);
      const ours = new Float32Array(frames * MUSICNN_MEL_BANDS);
      createMusicnnFrontEnd().frames(audio, 0, frames, ours);
      row.logMel = add('logMel', ours, refMel);
    }
    for (const [kind, refName] of KINDS) {
      const ref = entry.models[refName];
      const out = models.get(kind)!.analyze(audio);
      row[kind] = {
        patches: out.patches,
        tags: add(`${kind}.tags`, out.tags, ref.taggram),
        embedding: add(`${kind}.embedding`, out.embedding, ref.penultimate),
      };
    }
    files.push(row);
  }
  const summary = Object.fromEntries([...totals].map(([k, t]) => [k, { maxAbs: t.max, meanAbs: t.sum / Math.max(1, t.n) }]));
  return { fixture: opts.fixture, excerpt: `${fixture.excerptSeconds} s from ${fixture.excerptStartS} s`, summary, files };
}

interface Stats {
  max: number;
  sum: number;
  n: number;
}

function diffStats(a: ArrayLike<number>, b: ArrayLike<number>): Stats {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ reference length ${b.length}`);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, sum, n: a.length };
}

/** Eight patches spread over the bench signal. */
function batchStarts(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i * MUSICNN_PATCH_FRAMES);
}

/** Chords, a kick and noise at 16 kHz; the network's cost does not depend on the content. */
function benchSignal(seconds: number): Float32Array {
  const out = new Float32Array(seconds * MUSICNN_SAMPLE_RATE);
  let seed = 1;
  for (let i = 0; i < out.length; i++) {
    const t = i / MUSICNN_SAMPLE_RATE;
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    out[i] = 0.2 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 330 * t) + 0.3 * Math.exp(-(t % 0.5) * 20) * Math.sin(2 * Math.PI * 55 * t) + 0.05 * ((seed / 2 ** 32) * 2 - 1);
  }
  return out;
}

function fastest(runs: number, f: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Fastest CPU time of this process (user + system) over `runs`: less sensitive than wall time to other load on the machine. */
function fastestCpu(runs: number, f: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const before = process.cpuUsage();
    f();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
