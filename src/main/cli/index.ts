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
import { asUsecaseError, isCancellation, isEngineError } from '../usecases/errors';

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
  } else if (err instanceof CliError) {
    process.stderr.write(`cuefinder: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else if (isCancellation(err)) {
    process.stderr.write('cuefinder: cancelled; finished work is kept\n');
    process.exitCode = 130;
  } else {
    // Engine errors print as they are (they name the file); use-case errors and storage failures as their sentence.
    const known = isEngineError(err) ? err : asUsecaseError(err);
    if (known) {
      process.stderr.write(`cuefinder: ${known.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`cuefinder: unexpected error: ${(err as Error)?.stack ?? err}\n`);
      process.exitCode = 2;
    }
  }
}
