import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoLibrary } from '../../engine/data/demoData';
import { listTracks } from '../../engine/db/trackRepository';
import { openDatabase } from '../../engine/db/database';
import { renderTable } from '../table';
import { log } from '../context';
import { formatLength, printIndexSummary, runIndex, type LibraryCommandDeps } from './libraryCommands';

/**
 * The main job on built-in data: generates a small demo library (once), indexes it into a demo
 * database and prints what Cuefinder found.
 */
export function registerDemoCommand(program: Command, deps: LibraryCommandDeps): void {
  program
    .command('demo')
    .description('run Cuefinder on generated demo data (written to --out, default ./demo-output)')
    .option('--out <dir>', 'where the demo library, project and database go', 'demo-output')
    .action(async (opts: { out: string }) => {
      const out = resolve(opts.out);
      const libraryDir = join(out, 'library');
      const db = join(out, 'cuefinder.db');
      mkdirSync(out, { recursive: true });
      if (!existsSync(join(libraryDir, '.complete'))) {
        log(`generating a demo music library in ${libraryDir} …`);
        await generateDemoLibrary(libraryDir, { seed: 7 });
        writeFileSync(join(libraryDir, '.complete'), new Date().toISOString());
      }
      log(`indexing ${libraryDir} …`);
      const result = await runIndex(libraryDir, { db }, deps);
      printIndexSummary(result);
      const handle = openDatabase(db);
      try {
        const tracks = listTracks(handle);
        process.stdout.write(
          renderTable(
            ['id', 'title', 'artist', 'length', 'bpm', 'key'],
            tracks.map((t) => [t.id, t.title, t.artist, formatLength(t.durationSec), t.bpm.toFixed(1), t.key]),
          ) + '\n',
        );
      } finally {
        handle.close();
      }
      log(`\ndemo database: ${db}\ntry: npm run -s cuefinder -- tracks --db ${db}`);
    });
}
