import type { Command } from 'commander';
import type { AnalyzeProjectResult } from '../../engine/project/projectAnalyzer';
import { analyzeFootage } from '../../usecases/project';
import { editSceneAt, type SceneEdit } from '../../usecases/sceneEdits';
import { joinCue, listCues, splitCue, type CueEntry } from '../../usecases/cues';
import { createProgressBar } from '../progressBar';
import { interruptSignal, loadEmbeddingSlots, log, numberOption, openCliContext, printJson, type CommonOptions } from '../context';

export interface AnalyzeCliOptions extends CommonOptions {
  sensitivity?: number;
  minSceneLen?: number;
  retryFailed?: boolean;
}

/** Runs a project analysis with the CLI's progress bar and Ctrl-C handling. */
export async function runAnalyze(projectDir: string, opts: AnalyzeCliOptions): Promise<AnalyzeProjectResult> {
  await loadEmbeddingSlots();
  const ctx = openCliContext(opts);
  const bar = createProgressBar();
  const interrupt = interruptSignal();
  try {
    return await analyzeFootage(ctx, { projectDir, sensitivity: opts.sensitivity, minSceneLengthSec: opts.minSceneLen, retryFailed: opts.retryFailed, signal: interrupt.signal, onProgress: bar.update });
  } finally {
    bar.done();
    interrupt.dispose();
    ctx.close();
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
  // Sound, stills, documents and preview renders beside the footage: counted, not listed (a folder of
  // production sound would bury the summary); --json lists each with its reason.
  if (r.skipped.length) log(`${r.skipped.length} other file${r.skipped.length === 1 ? '' : 's'} skipped, not footage (--json lists them with the reason)`);
  if (r.cancelled) log('cancelled: finished videos are kept; run analyze again to do the rest');
}

/**
 * `split` and `join`: the editor's corrections of one analysed video's scenes, at a time given as
 * seconds (12.5) or timecode at the video's rate (00:00:12:12). Recorded for the file's content and
 * applied from now on; the project is analysed again at once (only that video changes).
 */
async function editScenes(edit: SceneEdit, projectDir: string, videoPath: string, at: string, opts: CommonOptions): Promise<void> {
  const ctx = openCliContext(opts);
  let videoFile: string;
  try {
    videoFile = editSceneAt(ctx, { edit, projectDir, videoPath, at });
  } finally {
    ctx.close();
  }
  const result = await runAnalyze(projectDir, opts);
  const edited = result.videos.filter((v) => v.path === videoFile);
  if (opts.json) printJson({ videos: edited });
  else printAnalyzeSummary({ ...result, videos: edited });
  if (result.cancelled) process.exitCode = 130;
}

function printCues(cues: CueEntry[], json: boolean | undefined): void {
  if (json) return printJson({ cues });
  if (!cues.length) log('no analysed scenes: run analyze (or open the project in the app) first');
  for (const c of cues) {
    const span = `${c.startSec.toFixed(1)}–${c.endSec.toFixed(1)} s`;
    const music = c.accepted ? `${c.accepted.title} (on ${c.accepted.scenes} of ${c.sceneIds.length})` : 'no music accepted';
    log(`cue ${c.index + 1}${c.edited ? ' (edited)' : ''}: ${span}, scenes ${c.sceneIds.join(', ')}: ${music}`);
  }
}

/** `cues`, `cue-split`, `cue-join`: the project's music cues, and the editor's splits and joins of them (kept for the files' content). */
function registerCueCommands(program: Command): void {
  program
    .command('cues')
    .description('list the music cues of an analysed project (stretches of scenes one piece of music carries), with the scene ids in each')
    .argument('<projectDir>', 'the analysed project folder')
    .option('--db <path>', 'database file (default: the user data folder)')
    .option('--json', 'print the cues as JSON on stdout')
    .action((projectDir: string, opts: CommonOptions) => {
      const ctx = openCliContext(opts);
      try {
        printCues(listCues(ctx, { projectDir }), opts.json);
      } finally {
        ctx.close();
      }
    });
  for (const [name, description, edit] of [
    ['cue-split', 'start a new music cue at a scene (kept for the file and applied after every analysis)', splitCue],
    ['cue-join', 'join the cue a scene is in to the cue before it', joinCue],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<projectDir>', 'the analysed project folder')
      .requiredOption('--scene <id>', 'the scene id (cues lists them)', numberOption)
      .option('--db <path>', 'database file (default: the user data folder)')
      .option('--json', 'print the cues after as JSON on stdout')
      .action((projectDir: string, opts: CommonOptions & { scene: number }) => {
        const ctx = openCliContext(opts);
        try {
          printCues(edit(ctx, { sceneId: opts.scene, projectDir }), opts.json);
        } finally {
          ctx.close();
        }
      });
  }
}

export function registerProjectCommands(program: Command): void {
  registerCueCommands(program);
  for (const [name, description] of [
    ['split', 'cut the scene of a video at a time (the cut is kept for the file and applied on every analysis)'],
    ['join', 'join the scene of a video at a time to the scene before it (its boundary is kept off)'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<projectDir>', 'the analysed project folder')
      .argument('<video>', 'a video file of the project')
      .requiredOption('--at <time>', 'seconds (12.5) or timecode at the video\'s rate (00:00:12:12)')
      .option('--db <path>', 'database file (default: the user data folder)')
      .option('--json', 'print the video\'s scenes as JSON on stdout (the analyze contract)')
      .action((projectDir: string, video: string, opts: CommonOptions & { at: string }) => editScenes(name, projectDir, video, opts.at, opts));
  }
  program
    .command('analyze')
    .description('analyse a project folder of footage: scenes, keyframe thumbnails, scene features (incremental), with the project\'s detection settings')
    .argument('<projectDir>', 'folder with video files (searched recursively)')
    .option('--db <path>', 'database file (default: the user data folder)')
    .option('--json', 'print the result as JSON on stdout')
    .option('--sensitivity <0..1>', 'scene-cut sensitivity, higher finds more cuts; saved as the project\'s setting (default: the saved one, else 0.5)', numberOption)
    .option('--min-scene-len <sec>', 'shortest scene in seconds, above 0; saved as the project\'s setting (default: the saved one, else 0.6)', numberOption)
    .option('--retry-failed', 'try videos that failed before again (failures of the moment or the setup are retried anyway)')
    .action(async (projectDir: string, opts: AnalyzeCliOptions) => {
      const result = await runAnalyze(projectDir, opts);
      if (opts.json) printJson({ videos: result.videos, skipped: result.skipped });
      else printAnalyzeSummary(result);
      if (result.cancelled) process.exitCode = 130;
    });
}
