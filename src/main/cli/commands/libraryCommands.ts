import type { Command } from 'commander';
import type { TrackMood } from '../../engine/affect/libraryMood';
import type { IndexResult } from '../../engine/library/libraryIndexer';
import { findTrack, indexMusic, libraryTracks, trackMoods } from '../../usecases/library';
import { createProgressBar } from '../progressBar';
import { renderTable } from '../table';
import { loadEmbeddingSlots, log, numberOption, openCliContext, printJson, interruptSignal, type CommonOptions } from '../context';

export interface LibraryCommandDeps {
  workerScript: () => string;
  /** The shipped segment encoders (resources/encoders), run unless CUEFINDER_SEGMENT_ENCODERS=off. */
  encodersDir: () => string;
}

/** Runs an index with the CLI's progress bar and Ctrl-C handling; shared by `index` and `demo`. */
export async function runIndex(
  musicDir: string,
  opts: CommonOptions & { concurrency?: number; retryFailed?: boolean },
  deps: LibraryCommandDeps,
): Promise<IndexResult> {
  await loadEmbeddingSlots();
  const ctx = openCliContext(opts);
  const bar = createProgressBar();
  const interrupt = interruptSignal();
  try {
    return await indexMusic({ ...ctx, workerScript: deps.workerScript, encodersDir: deps.encodersDir() }, { musicDir, concurrency: opts.concurrency, retryFailed: opts.retryFailed, signal: interrupt.signal, onProgress: bar.update });
  } finally {
    bar.done();
    interrupt.dispose();
    ctx.close();
  }
}

export function printIndexSummary(r: IndexResult): void {
  log(
    `${r.scanned} audio files: ${r.indexed} indexed, ${r.unchanged} unchanged, ${r.moved} moved, ${r.missing} missing, ${r.failed} failed` +
      ` (${r.audioSeconds.toFixed(0)} s of audio in ${r.wallSeconds.toFixed(1)} s${r.wallSeconds > 0 && r.audioSeconds > 0 ? `, ${(r.audioSeconds / r.wallSeconds).toFixed(0)}× real time` : ''})`,
  );
  for (const w of r.warnings) log(`  warning: ${w.path}: ${w.reason}`);
  for (const f of r.failures) log(`  failed: ${f.path}: ${f.reason}${f.kind === 'permanent' ? '' : ' (tried again on the next run)'}`);
  if (r.cancelled) log('cancelled: finished tracks are kept; run index again to do the rest');
}

export function registerLibraryCommands(program: Command, deps: LibraryCommandDeps): void {
  program
    .command('index')
    .description('index a music folder: scan, read tags, analyse new or changed files (incremental)')
    .argument('<musicDir>', 'folder with music files (searched recursively)')
    .option('--db <path>', 'database file (default: the user data folder)')
    .option('--json', 'print the result as JSON on stdout')
    .option('--concurrency <n>', 'files analysed at once, 1–64 (default: number of cores, at most 4)', numberOption)
    .option('--retry-failed', 'try files that failed before again (failures of the moment or the setup are retried anyway)')
    .action(async (musicDir: string, opts: CommonOptions & { concurrency?: number; retryFailed?: boolean }) => {
      const result = await runIndex(musicDir, opts, deps);
      const { cancelled, ...contract } = result;
      if (opts.json) printJson(contract);
      else printIndexSummary(result);
      if (cancelled) process.exitCode = 130;
    });

  program
    .command('tracks')
    .description('list indexed tracks')
    .option('--db <path>', 'database file')
    .option('--json', 'print JSON on stdout')
    .option('--all', 'include tracks whose files are missing')
    .action((opts: CommonOptions & { all?: boolean }) => {
      const ctx = openCliContext(opts);
      try {
        const tracks = libraryTracks(ctx, { includeMissing: opts.all });
        const moods = trackMoods(ctx);
        if (opts.json) {
          printJson(tracks.map((t) => ({ ...t, mode: t.mode, key: t.key, mood: moodJson(moods.get(t.id)) })));
          return;
        }
        process.stdout.write(
          renderTable(
            ['id', 'title', 'artist', 'album', 'length', 'bpm', 'key', 'mood', 'status'],
            tracks.map((t) => [t.id, t.title, t.artist, t.album, formatLength(t.durationSec), t.bpm.toFixed(1), t.key, moods.get(t.id)?.top.join(', ') ?? '', t.status]),
          ) + '\n',
        );
        log(`${tracks.length} tracks`);
      } finally {
        ctx.close();
      }
    });

  program
    .command('track')
    .description('show one track: tags, tempo, key, segments')
    .argument('<idOrPath>', 'track id or file path')
    .option('--db <path>', 'database file')
    .option('--json', 'print JSON on stdout')
    .action((idOrPath: string, opts: CommonOptions) => {
      const ctx = openCliContext(opts);
      try {
        const track = findTrack(ctx, idOrPath);
        const { beats, downbeats, ...rest } = track;
        const mood = trackMoods(ctx).get(track.id);
        if (opts.json) {
          printJson({ ...rest, beatCount: beats.length, downbeats: downbeats.slice(0, 64), mood: moodJson(mood) });
          return;
        }
        const lines = [
          `${track.title ?? track.path}${track.artist ? ' — ' + track.artist : ''}`,
          `  file      ${track.path} (${track.status})`,
          `  album     ${track.album ?? ''}${track.year ? ' (' + track.year + ')' : ''}`,
          `  length    ${formatLength(track.durationSec)}  codec ${track.codec ?? '?'}`,
          `  tempo     ${track.bpm.toFixed(1)} BPM (confidence ${track.tempoConfidence.toFixed(2)}), ${beats.length} beats`,
          `  key       ${track.key} (clarity ${track.keyClarity.toFixed(2)})`,
          `  segments  ${track.segmentCount} (features ${track.featureVersion})`,
          `  mood      ${mood ? `${mood.top.join(', ')} (arousal ${mood.arousal.toFixed(2)}, valence ${mood.valence.toFixed(2)}; relative to this library)` : 'not analysed'}`,
        ];
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        ctx.close();
      }
    });
}

/** A track's mood for --json: arousal, valence and its strongest affect words (null when not analysed). */
function moodJson(mood: TrackMood | undefined): { valence: number; arousal: number; top: string[] } | null {
  return mood ? { valence: mood.valence, arousal: mood.arousal, top: mood.top } : null;
}

export function formatLength(sec: number): string {
  const s = Math.round(sec);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
