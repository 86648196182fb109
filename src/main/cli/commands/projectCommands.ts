import type { Command } from 'commander';
import { analyzeProject, type AnalyzeProjectResult } from '../../engine/project/projectAnalyzer';
import { cacheDirFor } from '../../engine/appPaths';
import { createProgressBar } from '../progressBar';
import { interruptSignal, loadEmbeddingSlots, log, openDb, printJson, resolveDbPath, type CommonOptions } from '../context';

export interface AnalyzeCliOptions extends CommonOptions {
  sensitivity?: number;
  minSceneLen?: number;
}

/** Runs a project analysis with the CLI's progress bar and Ctrl-C handling. */
export async function runAnalyze(projectDir: string, opts: AnalyzeCliOptions): Promise<AnalyzeProjectResult> {
  const slots = await loadEmbeddingSlots();
  const db = openDb(opts);
  const bar = createProgressBar();
  const interrupt = interruptSignal();
  try {
    return await analyzeProject(db, projectDir, {
      videoEmbedding: slots.video,
      cacheDir: cacheDirFor(resolveDbPath(opts)),
      sensitivity: opts.sensitivity,
      minSceneLengthSec: opts.minSceneLen,
      signal: interrupt.signal,
      onProgress: bar.update,
    });
  } finally {
    bar.done();
    interrupt.dispose();
    db.close();
  }
}

export function printAnalyzeSummary(r: AnalyzeProjectResult): void {
  for (const v of r.videos) {
    if (v.error) log(`  ${v.path}: ${v.error}`);
    else log(`  ${v.path}: ${v.scenes.length} scenes, ${v.durationSec.toFixed(1)} s at ${v.fps} fps, ${v.width}×${v.height}`);
  }
  log(
    `${r.scanned} videos: ${r.analyzed} analysed, ${r.unchanged} unchanged, ${r.moved} moved, ${r.missing} missing, ${r.failed} failed` +
      (r.analyzed ? ` (${r.videoSeconds.toFixed(0)} s of video in ${r.wallSeconds.toFixed(1)} s)` : ''),
  );
  if (r.cancelled) log('cancelled: finished videos are kept; run analyze again to do the rest');
}

export function registerProjectCommands(program: Command): void {
  program
    .command('analyze')
    .description('analyse a project folder of footage: scenes, keyframe thumbnails, scene features (incremental)')
    .argument('<projectDir>', 'folder with video files (searched recursively)')
    .option('--db <path>', 'database file (default: the user data folder)')
    .option('--json', 'print the result as JSON on stdout')
    .option('--sensitivity <0..1>', 'scene-cut sensitivity; higher finds more cuts (default 0.5)', Number.parseFloat)
    .option('--min-scene-len <sec>', 'shortest scene in seconds (default 0.6)', Number.parseFloat)
    .action(async (projectDir: string, opts: AnalyzeCliOptions) => {
      const result = await runAnalyze(projectDir, opts);
      if (opts.json) printJson({ videos: result.videos });
      else printAnalyzeSummary(result);
      if (result.cancelled) process.exitCode = 130;
    });
}
