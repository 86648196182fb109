import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoLibrary, generateDemoProject } from '../../engine/data/demoData';
import { log } from '../context';
import { printSuggestions, runSuggest, type SuggestCommandDeps } from './suggestCommands';

/** Generates a data set once; a marker file says it finished, so an interrupted run starts over. */
async function generateOnce(dir: string, what: string, make: () => Promise<unknown>): Promise<void> {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return;
  log(`generating ${what} in ${dir} …`);
  await make();
  writeFileSync(marker, new Date().toISOString());
}

/**
 * The main job on built-in data: a generated demo library (a dozen tracks in different moods) and a
 * generated demo project (about a minute of footage in several moods), then `suggest` with the shipped
 * model, an EDL and an OTIO file, and a readable table of scenes and suggestions.
 */
export function registerDemoCommand(program: Command, deps: SuggestCommandDeps): void {
  program
    .command('demo')
    .description('run the main job on generated demo data (written to --out, default ./demo-output)')
    .option('--out <dir>', 'where the demo library, project, database and exports go', 'demo-output')
    .action(async (opts: { out: string }) => {
      const out = resolve(opts.out);
      const libraryDir = join(out, 'library');
      const projectDir = join(out, 'project');
      mkdirSync(out, { recursive: true });
      await generateOnce(libraryDir, 'a demo music library', () => generateDemoLibrary(libraryDir, { seed: 7 }));
      await generateOnce(projectDir, 'a demo project', () => generateDemoProject(projectDir, { seed: 7 }));
      const db = join(out, 'cuefinder.db');
      const edl = join(out, 'demo.edl');
      const otio = join(out, 'demo.otio');
      const result = await runSuggest(projectDir, { db, library: libraryDir, top: 3, edl, otio }, deps);
      process.stdout.write('\n');
      printSuggestions(result);
      log(`\nexports: ${edl}\n         ${otio}\ndatabase: ${db}\nnext: npm run -s cuefinder -- suggest ${projectDir} --db ${db} --json`);
    });
}
