import { Command, CommanderError } from 'commander';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtScript, CliError } from './context';
import { registerLibraryCommands } from './commands/libraryCommands';
import { registerDemoCommand } from './commands/demoCommand';
import { registerProjectCommands } from './commands/projectCommands';
import { registerDatasetCommands } from './commands/datasetCommands';
import { registerModelCommands } from './commands/modelCommands';
import { registerEvalCommand } from './commands/evalCommand';
import { registerSuggestCommands } from './commands/suggestCommands';
import { registerServeCommand } from './commands/serveCommand';
import { registerRenderCommand } from './commands/renderCommand';
import { ExportError } from '../engine/project/projectTimeline';
import { SuggestError } from '../engine/project/projectSuggester';
import { DatasetError } from '../engine/data/datasetFormat';
import { ProjectError } from '../engine/project/projectAnalyzer';
import { DatabaseError } from '../engine/db/database';
import { IndexError } from '../engine/library/libraryIndexer';

// This file is a build entry (out/main/cli.js): worker scripts are found relative to it.
const entryDir = dirname(fileURLToPath(import.meta.url));
const deps = {
  workerScript: () => builtScript(entryDir, 'analysisWorker.js'),
  // The shipped model: resources/models/default at the package root (out/main/../../resources).
  defaultModelDir: () => join(entryDir, '..', '..', 'resources', 'models', 'default'),
  encodersDir: () => join(entryDir, '..', '..', 'resources', 'encoders'),
};

const program = new Command()
  .name('cuefinder')
  .description('Music for every scene, from your own library: index music, analyse footage, get suggestions, export EDLs.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerLibraryCommands(program, deps);
registerProjectCommands(program);
registerDatasetCommands(program);
registerModelCommands(program, deps);
registerEvalCommand(program, deps);
registerSuggestCommands(program, deps);
registerDemoCommand(program, deps);
registerRenderCommand(program);
registerServeCommand(program, { ...deps, rendererDir: () => join(entryDir, '..', 'renderer') });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else if (err instanceof CliError || err instanceof IndexError || err instanceof ProjectError || err instanceof DatabaseError ||
    err instanceof ExportError || err instanceof SuggestError || err instanceof DatasetError) {
    process.stderr.write(`cuefinder: ${err.message}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  } else {
    process.stderr.write(`cuefinder: unexpected error: ${(err as Error)?.stack ?? err}\n`);
    process.exitCode = 2;
  }
}
