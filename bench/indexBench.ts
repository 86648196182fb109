import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ffmpegBinaries } from '../src/main/engine/media/ffmpegBinaries';
import { openDatabase } from '../src/main/engine/db/database';
import { indexLibrary } from '../src/main/engine/library/libraryIndexer';
import { defaultConcurrency, workerPoolExecutor } from '../src/main/engine/library/analysisExecutor';
import { AUDIO_ANALYSIS_SAMPLE_RATE } from '../src/main/engine/audio/audioAnalyzer';
import { segmentEncoderSource, type SegmentEncoderSource } from '../src/main/engine/encoders/segmentEncoder';

interface IndexBenchOptions {
  workDir: string;
  entryDir: string;
  /** Library size for the throughput run. */
  tracks?: number;
  trackSec?: number;
  /** Library size for the memory run (short tracks). */
  largeTracks?: number;
  /** Alternating decode-only and pipeline runs; the ratio reported is the median of the rounds' ratios. */
  rounds?: number;
}

/**
 * Generates a music-like library in one ffmpeg run (a long synthetic signal cut into mp3 files by
 * the segment muxer), so making 1,000 files costs one process, not 1,000.
 */
function makeLibrary(dir: string, tracks: number, trackSec: number): void {
  if (existsSync(dir) && readdirSync(dir).filter((f) => f.endsWith('.mp3')).length === tracks) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const total = tracks * trackSec;
  // Chords (three sines), a pulse train and a little noise, with level changes: real decode and analysis work.
  const src =
    `aevalsrc='0.25*sin(2*PI*(220+40*floor(t/7))*t)+0.2*sin(2*PI*(277+30*floor(t/11))*t)+0.2*sin(2*PI*330*t)` +
    `+0.4*lt(mod(t,0.5),0.02)*sin(2*PI*1800*t)':s=44100:d=${total}`;
  const res = spawnSync(
    ffmpegBinaries().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', src, '-f', 'lavfi', '-i', `anoisesrc=a=0.03:d=${total}:r=44100`,
      '-filter_complex', '[0][1]amix=inputs=2,volume=2', '-ac', '2', '-b:a', '128k',
      '-f', 'segment', '-segment_time', String(trackSec), join(dir, 'track%05d.mp3')],
    { encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`could not generate the bench library: ${res.stderr}`);
  // The segment muxer may leave a near-empty tail file past the last full track.
  for (const f of readdirSync(dir)) if (Number(f.match(/(\d+)\.mp3$/)?.[1]) >= tracks) rmSync(join(dir, f));
}

/** Audio files under `dir`, recursively, sorted. */
function audioFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ogg|oga|mp3|flac|wav|opus|m4a)$/i.test(f))
    .map((f) => join(dir, f))
    .sort();
}

/** Decodes every file with plain ffmpeg to the analysis format, `concurrency` at a time: the reference. */
async function decodeOnly(files: string[], concurrency: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++];
      await new Promise<void>((resolve, reject) => {
        const p = spawn(ffmpegBinaries().ffmpeg, ['-nostdin', '-v', 'error', '-i', f, '-vn', '-ac', '1', '-ar', String(AUDIO_ANALYSIS_SAMPLE_RATE), '-f', 'f32le', 'pipe:1'], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        p.stdout.resume();
        p.on('error', reject);
        p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code} on ${f}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runOne));
  return (performance.now() - started) / 1000;
}

/**
 * Real recordings (CUEFINDER_REAL_CORPUS's music): every `stride`-th audio file, gathered into one
 * folder, indexed against plain decode as the synthetic library is. Real music costs more per frame
 * than the synthetic library (more spectral peaks, fewer, longer files), so both are reported.
 */
async function realLibraryRounds(corpus: string, workDir: string, workerScript: string, concurrency: number, rounds: number): Promise<Record<string, unknown>> {
  const all = audioFilesUnder(join(corpus, 'music'));
  const stride = Math.max(1, Math.floor(all.length / 40));
  const picked = all.filter((_, i) => i % stride === 0).slice(0, 40);
  const dir = join(workDir, 'real-library');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Hard links where the corpus is on the same file system, else copies (the scanner does not follow links to files).
  picked.forEach((f, i) => {
    const to = join(dir, `${String(i).padStart(3, '0')} ${basename(f)}`);
    try {
      linkSync(f, to);
    } catch {
      copyFileSync(f, to);
    }
  });
  const runs: { decodeSec: number; wallSec: number; audioSeconds: number; indexed: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const files = readdirSync(dir).map((f) => join(dir, f));
    const decodeSec = await decodeOnly(files, concurrency);
    const { first } = await indexOnce(dir, join(workDir, 'bench-real.db'), workerScript, concurrency, undefined);
    runs.push({ decodeSec, wallSec: first.wallSeconds, audioSeconds: first.audioSeconds, indexed: first.indexed });
  }
  const ratios = runs.map((x) => x.wallSec / x.decodeSec);
  const median = [...runs.keys()].sort((a, b) => ratios[a] - ratios[b])[runs.length >> 1];
  return {
    corpus,
    tracks: picked.length,
    indexed: runs[median].indexed,
    audioSeconds: round(runs[median].audioSeconds),
    pipelineRealtimeFactor: round(runs[median].audioSeconds / runs[median].wallSec),
    pipelineToDecodeRatio: round(ratios[median]),
    rounds: runs.map((x, i) => ({ decodeOnlyWallSec: round(x.decodeSec), pipelineWallSec: round(x.wallSec), ratio: round(ratios[i]) })),
  };
}

async function indexOnce(dir: string, dbPath: string, workerScript: string, concurrency: number, encoders: SegmentEncoderSource | undefined) {
  rmSync(dbPath, { force: true });
  rmSync(dbPath + '-wal', { force: true });
  rmSync(dbPath + '-shm', { force: true });
  const db = openDatabase(dbPath);
  const executor = workerPoolExecutor(workerScript, concurrency, undefined, encoders);
  try {
    const first = await indexLibrary(db, dir, { executor });
    const second = await indexLibrary(db, dir, { executor });
    return { first, second };
  } finally {
    await executor.close();
    db.close();
  }
}

export async function runIndexBench(opts: IndexBenchOptions): Promise<Record<string, unknown>> {
  const concurrency = defaultConcurrency();
  const workerScript = join(opts.entryDir, 'analysisWorker.js');
  // As the CLI indexes: the shipped segment encoders unless CUEFINDER_SEGMENT_ENCODERS=off.
  const encoders = segmentEncoderSource(join(opts.entryDir, '..', '..', 'resources', 'encoders'));
  const tracks = opts.tracks ?? 60;
  const trackSec = opts.trackSec ?? 60;
  const libDir = join(opts.workDir, `library-${tracks}x${trackSec}s`);
  makeLibrary(libDir, tracks, trackSec);
  const files = readdirSync(libDir).filter((f) => f.endsWith('.mp3')).map((f) => join(libDir, f));

  // The machines are shared and noisy: decode and pipeline alternate, so both see the same spells of load.
  const rounds: { decodeSec: number; run: Awaited<ReturnType<typeof indexOnce>> }[] = [];
  for (let r = 0; r < (opts.rounds ?? 5); r++) {
    const decodeSec = await decodeOnly(files, concurrency);
    rounds.push({ decodeSec, run: await indexOnce(libDir, join(opts.workDir, 'bench.db'), workerScript, concurrency, encoders) });
  }
  const ratios = rounds.map(({ decodeSec, run }) => run.first.wallSeconds / decodeSec);
  const median = [...rounds.keys()].sort((a, b) => ratios[a] - ratios[b])[rounds.length >> 1];
  const { decodeSec, run: { first, second } } = rounds[median];
  const audioSeconds = first.audioSeconds;

  const realCorpus = process.env.CUEFINDER_REAL_CORPUS;
  const realLibrary = realCorpus
    ? await realLibraryRounds(realCorpus, opts.workDir, workerScript, concurrency, opts.rounds ?? 5)
    : 'skipped: set CUEFINDER_REAL_CORPUS to a corpus built by shared/corpus/build-dev-corpus.sh to index real recordings too';

  const largeTracks = opts.largeTracks ?? 1000;
  const largeDir = join(opts.workDir, `library-${largeTracks}x10s`);
  makeLibrary(largeDir, largeTracks, 10);
  const rssBefore = process.memoryUsage().rss;
  const large = await indexOnce(largeDir, join(opts.workDir, 'bench-large.db'), workerScript, concurrency, encoders);
  const peakRssMB = process.resourceUsage().maxRSS / 1024;

  return {
    machine: { cores: concurrency, node: process.version },
    segmentEncoders: encoders?.version ?? 'off',
    throughput: {
      tracks: files.length,
      audioSeconds: round(audioSeconds),
      failed: first.failed,
      pipelineWallSec: round(first.wallSeconds),
      pipelineRealtimeFactor: round(audioSeconds / first.wallSeconds),
      decodeOnlyWallSec: round(decodeSec),
      decodeOnlyRealtimeFactor: round(audioSeconds / decodeSec),
      pipelineToDecodeRatio: round(first.wallSeconds / decodeSec),
      rounds: rounds.map(({ decodeSec, run }, i) => ({ decodeOnlyWallSec: round(decodeSec), pipelineWallSec: round(run.first.wallSeconds), ratio: round(ratios[i]) })),
      reindexUnchangedWallSec: round(second.wallSeconds),
      reindexSpeedup: round(first.wallSeconds / second.wallSeconds),
    },
    realLibrary,
    largeLibrary: {
      tracks: large.first.scanned,
      indexed: large.first.indexed,
      audioSeconds: round(large.first.audioSeconds),
      wallSec: round(large.first.wallSeconds),
      realtimeFactor: round(large.first.audioSeconds / large.first.wallSeconds),
      rssBeforeMB: round(rssBefore / 2 ** 20),
      peakRssMB: round(peakRssMB),
    },
    notes: 'Throughput: the median round (by ratio) of decode-only and pipeline runs alternating. peakRssMB is this process (main thread + analysis worker threads); ffmpeg decoder processes are separate and excluded, as in the decode-only reference.',
  };
}

const round = (x: number): number => Math.round(x * 100) / 100;
