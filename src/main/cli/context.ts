import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EmbeddingSlots } from '../engine/embedding/slots';
import type { DatasetSplitRows } from '../usecases/lab/datasetRows';
import { requireSlots } from '../usecases/slots';
import { openContext, type OpenedContext } from '../usecases/context';
import { defaultDbPath } from '../engine/appPaths';

/** Raised for a problem that stops a command; the CLI prints its message as one line and exits 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CommonOptions {
  db?: string;
  json?: boolean;
}

export function resolveDbPath(opts: CommonOptions): string {
  return opts.db ?? defaultDbPath();
}

/** The use-case context on the command's database (--db, checked: an empty path is refused). */
export function openCliContext(opts: CommonOptions): OpenedContext {
  return openContext(resolveDbPath(opts));
}

/**
 * Commander's parser for numeric options: the value as typed (Number, empty text as NaN), so that
 * the use case's check sees "abc", "1e9" or "1.5" and refuses it instead of parseInt's guess.
 */
export const numberOption = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/** Prints a machine-readable result on stdout (the only thing --json writes there). */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function log(message: string): void {
  process.stderr.write(message + '\n');
}

/** What `train --data` and `eval` print once a dataset's rows are loaded: skipped files, then the split. */
export function logDatasetRows(rows: DatasetSplitRows): void {
  for (const f of rows.failures) log(`  skipped ${f.path}: ${f.reason}`);
  log(`pairs: ${rows.train.ids.length} train, ${rows.val.ids.length} val, ${rows.test.ids.length} test (${rows.skipped} skipped for missing features or labels)`);
}

/**
 * An AbortSignal tied to Ctrl-C / SIGTERM: the first asks the job to stop cleanly (it finishes
 * writing the current item), a second exits at once.
 */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const ctrl = new AbortController();
  let count = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      log(`\ncuefinder: ${sig === 'SIGINT' ? 'interrupted' : sig}; stopping (press Ctrl-C again to quit now)`);
      ctrl.abort();
    } else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ctrl.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Worker entry scripts are built next to the CLI entry (out/main). */
export function builtScript(entryDir: string, name: string): string {
  for (const dir of [entryDir, dirname(entryDir)]) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  throw new CliError(`cannot find ${name} next to ${entryDir}; run npm run build`);
}

/**
 * The deep-embedding slots named by CUEFINDER_AUDIO_EMBEDDING / CUEFINDER_VIDEO_EMBEDDING (none by
 * default), loaded once before any work so that a bad model folder stops the command up front.
 */
export async function loadEmbeddingSlots(): Promise<EmbeddingSlots> {
  return requireSlots();
}
