import type { Command } from 'commander';
import { basename } from 'node:path';
import { AFFECT_DIMENSIONS } from '../../../shared/affect';
import type { SuggestProjectResult } from '../../engine/project/projectSuggester';
import { suggestScenes, TOP_RANGE } from '../../usecases/suggest';
import { rateScene } from '../../usecases/decisions';
import { exportCut } from '../../usecases/exportCut';
import { checkOutputPath, writeOutput } from '../../usecases/outputs';
import { MARKER_MODES } from '../../engine/export/timeline';
import { expectOneOf, expectWholeNumber } from '../../usecases/validate';
import { createProgressBar } from '../progressBar';
import { CliError, interruptSignal, log, numberOption, openCliContext, printJson, type CommonOptions } from '../context';
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

/** The whole main job: index the library, analyse the project, suggest, write the requested exports. */
export async function runSuggest(projectDir: string, opts: SuggestCliOptions, deps: SuggestCommandDeps): Promise<SuggestProjectResult> {
  // Everything the exports need is checked before any work: the files, the markers, the database.
  const outputs = (['edl', 'otio', 'fcpxml', 'fcp7'] as const).flatMap((format) => (opts[format] === undefined ? [] : [{ format, file: checkOutputPath(opts[format], `The --${format} file`) }]));
  expectOneOf(opts.markers ?? 'none', MARKER_MODES, 'The markers option');
  openCliContext(opts).close();
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
  const ctx = openCliContext(opts);
  const bar = createProgressBar();
  const interrupt = interruptSignal();
  try {
    const result = await suggestScenes(ctx, {
      projectDir,
      modelDir: opts.model ?? deps.defaultModelDir(),
      top: opts.top,
      signal: interrupt.signal,
      onProgress: (done, total) => bar.update({ stage: 'suggest', done, total }),
    });
    bar.done();
    if (!result.librarySegments) log('the library has no indexed tracks: nothing to suggest (pass --library DIR with music in it)');
    if (!result.scenes.length) log('the project has no analysed scenes: nothing to suggest');
    for (const { format, file } of outputs) {
      if (!result.scenes.length) throw new CliError(`cannot write ${file}: no scenes`);
      const cut = exportCut(ctx, { projectDir, format, markers: opts.markers });
      for (const w of cut.warnings) log(`warning: ${w}`);
      writeOutput(file, cut.text);
      log(`wrote ${cut.label} to ${file}`);
    }
    return result;
  } finally {
    bar.done();
    interrupt.dispose();
    ctx.close();
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
    .option('--top <n>', `suggestions per scene (${TOP_RANGE.min}–${TOP_RANGE.max})`, numberOption, TOP_RANGE.default)
    .option('--model <dir>', 'model bundle folder (default: the shipped model)')
    .option('--edl <file>', 'also write a CMX3600 EDL of the top/accepted suggestions')
    .option('--otio <file>', 'also write an OpenTimelineIO file')
    .option('--fcpxml <file>', 'also write an FCPXML 1.10 file')
    .option('--fcp7 <file>', 'also write a Final Cut Pro 7 XML file (Premiere Pro, Resolve)')
    .option('--markers <mode>', 'beat markers on the music in the exports: bars, beats or none', 'none')
    .option('--db <path>', 'database file (default: the user data folder)')
    .option('--json', 'print the suggestions as JSON on stdout')
    .action(async (projectDir: string, opts: SuggestCliOptions) => {
      expectWholeNumber(opts.top, 'The number of suggestions per scene (--top)', TOP_RANGE.min, TOP_RANGE.max);
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
    .option('--json', 'print {format, file, warnings} as JSON on stdout (with the text itself when there is no --out)')
    .action((projectDir: string, opts: CommonOptions & { format: string; out?: string; markers?: string }) => {
      const out = opts.out === undefined ? undefined : checkOutputPath(opts.out, 'The output file');
      const ctx = openCliContext(opts);
      try {
        const cut = exportCut(ctx, { projectDir, format: opts.format, markers: opts.markers });
        for (const w of cut.warnings) log(`warning: ${w}`);
        if (out) {
          writeOutput(out, cut.text);
          log(`wrote ${cut.label} to ${out}`);
        }
        if (opts.json) printJson({ format: cut.format, file: out ?? null, warnings: cut.warnings, ...(out ? {} : { text: cut.text }) });
        else if (!out) process.stdout.write(cut.text);
      } finally {
        ctx.close();
      }
    });

  program
    .command('rate')
    .description('rate how well a track fits a scene on the 1–5 scale (1 clashing … 5 perfect); stored for fine-tuning')
    .requiredOption('--scene <id>', 'scene id (see suggest output)', numberOption)
    .requiredOption('--track <id>', 'track id', numberOption)
    .requiredOption('--score <n>', 'rating, a whole number 1–5', numberOption)
    .option('--in <sec>', 'start of the rated section in the track (default: the suggested section, else the start)', numberOption)
    .option('--accept', 'also accept this track for the scene (export uses it)')
    .option('--db <path>', 'database file')
    .option('--json', 'print the stored rating as JSON')
    .action((opts: CommonOptions & { scene: number; track: number; score: number; in?: number; accept?: boolean }) => {
      const ctx = openCliContext(opts);
      try {
        const r = rateScene(ctx, { sceneId: opts.scene, trackId: opts.track, score: opts.score, inSec: opts.in, accept: opts.accept });
        if (opts.json) printJson(r);
        else log(`rated scene ${r.sceneId} × track ${r.trackId}: ${r.score}${r.accepted ? ' (accepted)' : ''}`);
      } finally {
        ctx.close();
      }
    });
}
