import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AFFECT_DIMENSIONS } from '../../../shared/affect';
import { openDatabase } from '../../engine/db/database';
import { getScene, getVideo } from '../../engine/db/projectRepository';
import { getTrack } from '../../engine/db/trackRepository';
import { acceptSuggestion } from '../../engine/db/suggestionRepository';
import { recordSceneRating } from '../../engine/project/sceneRating';
import { suggestProject, type SuggestProjectResult } from '../../engine/project/projectSuggester';
import { exportProject } from '../../engine/project/projectTimeline';
import { EXPORT_FORMATS, type ExportFormat } from '../../engine/export/exportFormats';
import { MARKER_MODES, type MarkerMode } from '../../engine/export/timeline';
import { disposeCuefinderModel, featureSchemaFor, loadCuefinderModel, type CuefinderModel } from '../../engine/training/cuefinderModel';
import { cacheDirFor, retrievalCacheDir } from '../../engine/appPaths';
import { createProgressBar } from '../progressBar';
import { CliError, interruptSignal, loadEmbeddingSlots, log, printJson, resolveDbPath, type CommonOptions } from '../context';
import { printIndexSummary, runIndex, type LibraryCommandDeps } from './libraryCommands';
import { printAnalyzeSummary, runAnalyze } from './projectCommands';

export interface SuggestCommandDeps extends LibraryCommandDeps {
  defaultModelDir: () => string;
}

interface SuggestCliOptions extends CommonOptions {
  library?: string;
  top: number;
  model?: string;
  edl?: string;
  otio?: string;
  fcpxml?: string;
  fcp7?: string;
  markers?: string;
}

/** The --markers value, checked. */
function markerModeOption(value: string | undefined): MarkerMode {
  if (value === undefined) return 'none';
  if (!(MARKER_MODES as readonly string[]).includes(value)) throw new CliError(`--markers must be one of ${MARKER_MODES.join(', ')} (got ${value})`);
  return value as MarkerMode;
}

/** Loads the model for the extractors in use (the embedding slots set in the environment). */
export async function loadModelOrExplain(dir: string): Promise<CuefinderModel> {
  const schema = featureSchemaFor(await loadEmbeddingSlots());
  try {
    return await loadCuefinderModel(dir, schema);
  } catch (err) {
    throw new CliError(`cannot load the model in ${dir}: ${(err as Error).message}`);
  }
}

/** The whole main job: index the library, analyse the project, suggest, write the requested exports. */
export async function runSuggest(projectDir: string, opts: SuggestCliOptions, deps: SuggestCommandDeps): Promise<SuggestProjectResult> {
  if (opts.library) {
    log(`indexing ${opts.library} …`);
    const lib = await runIndex(opts.library, { db: opts.db }, deps);
    if (!opts.json) printIndexSummary(lib);
    if (lib.cancelled) throw new CliError('cancelled', 130);
  }
  log(`analysing ${projectDir} …`);
  const project = await runAnalyze(projectDir, { db: opts.db });
  if (!opts.json) printAnalyzeSummary(project);
  if (project.cancelled) throw new CliError('cancelled', 130);
  const model = await loadModelOrExplain(opts.model ?? deps.defaultModelDir());
  const db = openDatabase(resolveDbPath(opts));
  const bar = createProgressBar();
  const interrupt = interruptSignal();
  try {
    const result = await suggestProject(db, projectDir, model, {
      top: opts.top,
      signal: interrupt.signal,
      onProgress: (done, total) => bar.update({ stage: 'suggest', done, total }),
      indexCacheDir: retrievalCacheDir(cacheDirFor(resolveDbPath(opts))),
    });
    bar.done();
    if (!result.librarySegments) log('the library has no indexed tracks: nothing to suggest (pass --library DIR with music in it)');
    if (!result.scenes.length) log('the project has no analysed scenes: nothing to suggest');
    const markers = markerModeOption(opts.markers);
    for (const [format, file] of [['edl', opts.edl], ['otio', opts.otio], ['fcpxml', opts.fcpxml], ['fcp7', opts.fcp7]] as const) {
      if (!file) continue;
      if (!result.scenes.length) throw new CliError(`cannot write ${file}: no scenes`);
      writeFileSync(file, exportProject(db, projectDir, format, { markers }));
      log(`wrote ${EXPORT_FORMATS[format].label} to ${file}`);
    }
    return result;
  } finally {
    bar.done();
    interrupt.dispose();
    db.close();
    disposeCuefinderModel(model);
  }
}

const clock = (sec: number): string => {
  const m = Math.floor(sec / 60);
  const s = sec - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
};

export function printSuggestions(r: SuggestProjectResult): void {
  const lines: string[] = [`model ${r.model.version}`];
  let video = '';
  for (const s of r.scenes) {
    if (s.video !== video) {
      video = s.video;
      lines.push('', basename(video));
    }
    const mood = AFFECT_DIMENSIONS.map((d) => [d, s.affect[d]] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([d]) => d)
      .join(', ');
    lines.push(`  scene ${s.index + 1} (id ${s.sceneId})  ${clock(s.startSec)}–${clock(s.endSec)}  feels: ${mood}`);
    if (!s.suggestions.length) lines.push('      (no suggestions)');
    s.suggestions.forEach((g, i) => {
      const who = g.artist ? `${g.title} — ${g.artist}` : g.title;
      const cont = g.continuesFromPrevious ? '  ↳ continues from previous scene' : '';
      lines.push(
        `    ${i + 1}. ${g.score.toFixed(2)}  ${who.slice(0, 40).padEnd(40)}  ${clock(g.inSec)}–${clock(g.outSec)}  agree: ${g.agree.join(', ') || '—'}; clash: ${g.clash.join(', ') || '—'}${cont}`,
      );
    });
  }
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerSuggestCommands(program: Command, deps: SuggestCommandDeps): void {
  program
    .command('suggest')
    .description('suggest music for every scene of a project from your library (indexes and analyses incrementally first)')
    .argument('<projectDir>', 'folder with the footage')
    .option('--library <musicDir>', 'music folder to index first (already indexed tracks are used either way)')
    .option('--top <n>', 'suggestions per scene', (v) => Number.parseInt(v, 10), 5)
    .option('--model <dir>', 'model bundle folder (default: the shipped model)')
    .option('--edl <file>', 'also write a CMX3600 EDL of the top/accepted suggestions')
    .option('--otio <file>', 'also write an OpenTimelineIO file')
    .option('--fcpxml <file>', 'also write an FCPXML 1.10 file')
    .option('--fcp7 <file>', 'also write a Final Cut Pro 7 XML file (Premiere Pro, Resolve)')
    .option('--markers <mode>', 'beat markers on the music in the exports: bars, beats or none', 'none')
    .option('--db <path>', 'database file (default: the user data folder)')
    .option('--json', 'print the suggestions as JSON on stdout')
    .action(async (projectDir: string, opts: SuggestCliOptions) => {
      if (!(opts.top >= 1 && opts.top <= 50)) throw new CliError(`--top must be between 1 and 50 (got ${opts.top})`);
      const result = await runSuggest(projectDir, opts, deps);
      if (opts.json) {
        printJson({ model: result.model, scenes: result.scenes.map(({ sceneId, accepted, ...rest }) => ({ ...rest, sceneId, ...(accepted ? { accepted } : {}) })) });
      } else printSuggestions(result);
    });

  program
    .command('export')
    .description('write the project’s cut (accepted suggestion per scene, else the top one) as EDL, OTIO, FCPXML or FCP 7 XML')
    .argument('<projectDir>', 'the analysed project folder')
    .requiredOption('--format <format>', 'edl, otio, fcpxml or fcp7')
    .option('--out <file>', 'output file (default: stdout)')
    .option('--markers <mode>', 'beat markers on the music: bars, beats or none', 'none')
    .option('--db <path>', 'database file')
    .action((projectDir: string, opts: CommonOptions & { format: string; out?: string; markers?: string }) => {
      if (!(opts.format in EXPORT_FORMATS)) throw new CliError(`--format must be one of ${Object.keys(EXPORT_FORMATS).join(', ')} (got ${opts.format})`);
      const markers = markerModeOption(opts.markers);
      const db = openDatabase(resolveDbPath(opts));
      try {
        const text = exportProject(db, projectDir, opts.format as ExportFormat, { markers });
        if (opts.out) {
          writeFileSync(opts.out, text);
          log(`wrote ${EXPORT_FORMATS[opts.format as ExportFormat].label} to ${resolve(opts.out)}`);
        } else process.stdout.write(text);
      } finally {
        db.close();
      }
    });

  program
    .command('rate')
    .description('rate how well a track fits a scene on the 1–5 scale (1 clashing … 5 perfect); stored for fine-tuning')
    .requiredOption('--scene <id>', 'scene id (see suggest output)', (v) => Number.parseInt(v, 10))
    .requiredOption('--track <id>', 'track id', (v) => Number.parseInt(v, 10))
    .requiredOption('--score <n>', 'rating 1–5', Number.parseFloat)
    .option('--in <sec>', 'start of the rated section in the track (default: the start)', Number.parseFloat)
    .option('--accept', 'also accept this track for the scene (export uses it)')
    .option('--db <path>', 'database file')
    .option('--json', 'print the stored rating as JSON')
    .action((opts: CommonOptions & { scene: number; track: number; score: number; in?: number; accept?: boolean }) => {
      if (!(opts.score >= 1 && opts.score <= 5)) throw new CliError(`--score must be between 1 and 5 (got ${opts.score})`);
      const db = openDatabase(resolveDbPath(opts));
      try {
        const scene = getScene(db, opts.scene);
        if (!scene) throw new CliError(`no scene ${opts.scene}`);
        const video = getVideo(db, scene.videoId)!;
        const track = getTrack(db, opts.track);
        if (!track) throw new CliError(`no track ${opts.track}`);
        const inSec = opts.in ?? 0;
        const outSec = Math.min(track.durationSec, inSec + (scene.endSec - scene.startSec));
        const id = recordSceneRating(db, { scene, video, track, inSec, outSec, score: opts.score });
        if (id === undefined) throw new CliError(`track ${opts.track} has no analysed segments`);
        if (opts.accept) acceptSuggestion(db, { sceneId: scene.id, trackId: track.id, inSec, outSec, continuesFromPrevious: false });
        if (opts.json) printJson({ ratingId: id, sceneId: scene.id, trackId: track.id, score: opts.score, inSec, outSec, accepted: Boolean(opts.accept) });
        else log(`rated scene ${scene.id} × track ${track.id}: ${opts.score}${opts.accept ? ' (accepted)' : ''}`);
      } finally {
        db.close();
      }
    });
}
