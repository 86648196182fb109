/// <reference types="electron-vite/node" />
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import createSuggestWorker from '../../services/suggestWorker?nodeWorker';
import { createServiceHost } from '../../services/createServices';
import { workerSuggestRunner } from '../../services/workerSuggestRunner';
import { startBrowserServer } from '../../server/browserServer';
import { CliError, log, printJson, resolveDbPath, type CommonOptions } from '../context';

export interface ServeCommandDeps {
  workerScript: () => string;
  defaultModelDir: () => string;
  encodersDir: () => string;
  /** The built renderer (out/renderer next to out/main). */
  rendererDir: () => string;
}

interface ServeOptions extends CommonOptions {
  port: number;
  open?: boolean;
  model?: string;
  project?: string;
  library?: string;
  restore: boolean;
}

/** Opens the system browser; best effort, a failure only means the editor copies the address. */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => log(`could not open a browser (${cmd}); open the address above yourself`));
    child.unref();
  } catch {
    log('could not open a browser; open the address above yourself');
  }
}

export function registerServeCommand(program: Command, deps: ServeCommandDeps): void {
  program
    .command('serve')
    .description('browser mode: serve the app on 127.0.0.1 (the printed address carries a per-run token)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', (v) => Number.parseInt(v, 10), 7317)
    .option('--open', 'open the address in the system browser')
    .option('--db <path>', 'database file (default: the user data folder)')
    .option('--model <dir>', 'model bundle folder (default: the shipped model)')
    .option('--project <dir>', 'open this footage folder at start')
    .option('--library <dir>', 'open this music folder at start')
    .option('--no-restore', 'do not reopen the last project and music folder')
    .option('--json', 'print {"url", "port"} as JSON on stdout once listening')
    .action(async (opts: ServeOptions) => {
      if (!(Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535)) throw new CliError(`--port must be a port number 0–65535 (got ${opts.port})`);
      const rendererDir = deps.rendererDir();
      if (!existsSync(join(rendererDir, 'index.html'))) throw new CliError(`the app is not built (no ${join(rendererDir, 'index.html')}); run npm run build`);
      const dbPath = resolveDbPath(opts);
      const host = createServiceHost({
        dbPath,
        workerScript: deps.workerScript,
        modelDir: opts.model ?? deps.defaultModelDir(),
        encodersDir: deps.encodersDir(),
        suggestRunner: () => workerSuggestRunner(createSuggestWorker, dbPath),
        restore: opts.restore,
      });
      let server;
      try {
        if (opts.library) await host.services.library.open(opts.library);
        if (opts.project) await host.services.project.open(opts.project);
        server = await startBrowserServer({ host, rendererDir, port: opts.port });
      } catch (err) {
        await host.dispose();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`port ${opts.port} is in use; pick another with --port (0 picks a free one)`);
        throw new CliError((err as Error).message);
      }
      if (opts.json) printJson({ url: server.url, port: server.port });
      else process.stdout.write(`Cuefinder is running at ${server.url}\n`);
      log(`database: ${dbPath}\nonly this computer can connect (127.0.0.1); press Ctrl-C to stop`);
      if (opts.open) openBrowser(server.url);

      await new Promise<void>((resolveStop) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          log('stopping …');
          resolveStop();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      await host.dispose();
    });
}
