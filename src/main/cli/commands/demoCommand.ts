import type { Command } from 'commander';
import { generateDemo } from '../../usecases/demo';
import { log } from '../context';
import { printSuggestions, runSuggest, type SuggestCommandDeps } from './suggestCommands';

/**
 * The main job on built-in data: the generated demo library and project (usecases/demo), then
 * `suggest` with the shipped model, an EDL and an OTIO file, and a readable table of scenes and
 * suggestions.
 */
export function registerDemoCommand(program: Command, deps: SuggestCommandDeps): void {
  program
    .command('demo')
    .description('run the main job on generated demo data (written to --out, default ./demo-output)')
    .option('--out <dir>', 'where the demo library, project, database and exports go', 'demo-output')
    .action(async (opts: { out: string }) => {
      const { db, edl, otio, libraryDir, projectDir } = await generateDemo({ out: opts.out, onGenerate: (what, dir) => log(`generating ${what} in ${dir} …`) });
      const result = await runSuggest(projectDir, { db, library: libraryDir, top: 3, edl, otio }, deps);
      process.stdout.write('\n');
      printSuggestions(result);
      log(`\nexports: ${edl}\n         ${otio}\ndatabase: ${db}\nnext: npm run -s cuefinder -- suggest ${projectDir} --db ${db} --json`);
    });
}
