import type { ErrorCode } from '../../shared/contract';
import { DatabaseError } from '../engine/db/database';
import { DatasetError } from '../engine/data/datasetFormat';
import { IndexError } from '../engine/library/libraryIndexer';
import { MediaError } from '../engine/media/mediaError';
import { FeatureSchemaMismatchError } from '../engine/model/bundle';
import { ProjectError } from '../engine/project/projectAnalyzer';
import { SceneEditError } from '../engine/project/sceneEdits';
import { SuggestError } from '../engine/project/projectSuggester';
import { ExportError } from '../engine/project/projectTimeline';
import { RenderError } from '../engine/render/renderCut';

/**
 * The one error a use case throws on purpose: a code (the service contract's codes, which the CLI
 * maps to exit statuses) and one sentence for the editor naming the thing and the reason. The CLI
 * prints the sentence as it is and the services send it as it is, so both front doors answer the
 * same for the same bad input.
 */
export class UsecaseError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UsecaseError';
  }
}

/** Engine messages are lower-case fragments ("project folder /x: not a folder"); both doors show sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : capital + '.';
}

/** SQLite result codes that mean the database file cannot take the write, in words. */
const STORAGE_REASONS: Readonly<Record<string, string>> = {
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'the file is read-only',
  SQLITE_READONLY_DBMOVED: 'the file was moved or deleted while open',
  SQLITE_CANTOPEN: 'the file cannot be opened',
  SQLITE_IOERR: 'the disk could not be read or written',
  SQLITE_CORRUPT: 'the file is damaged',
  SQLITE_NOTADB: 'the file is not a database',
  SQLITE_BUSY: 'another program holds it locked',
};
const FS_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/**
 * A storage failure (a full disk, a read-only database or output, a damaged file) as a
 * UsecaseError naming `what`, or undefined for any other error. Lets both doors report in one line
 * what would otherwise surface as an SQLite or file-system stack trace.
 */
export function storageFailure(err: unknown, what: string): UsecaseError | undefined {
  const code = String((err as { code?: unknown })?.code ?? '');
  const reason = STORAGE_REASONS[code] ?? STORAGE_REASONS[code.replace(/_[A-Z]+$/, '')] ?? FS_REASONS[code];
  return reason ? new UsecaseError('failed', `${what} cannot be written: ${reason}.`) : undefined;
}

/**
 * Engine errors whose messages already name the file and the reason in words: reported as they
 * are (the CLI) or as a sentence (the services), never with a stack. The one list both doors use.
 */
const ENGINE_ERRORS: ReadonlyArray<new (...args: never[]) => Error> = [
  DatabaseError,
  DatasetError,
  ExportError,
  FeatureSchemaMismatchError,
  IndexError,
  MediaError,
  ProjectError,
  RenderError,
  SceneEditError,
  SuggestError,
];

export function isEngineError(err: unknown): err is Error {
  return ENGINE_ERRORS.some((cls) => err instanceof cls);
}

/** A job stopped on purpose (Ctrl-C, SIGTERM, the app's cancel): AbortSignal's reason. */
export function isCancellation(err: unknown): boolean {
  return (err as { name?: unknown })?.name === 'AbortError';
}

/**
 * Any error a use case let through, as a UsecaseError where it is one the editor can act on
 * (ours, an engine error, a storage failure); undefined for a bug, which the caller reports with
 * its stack.
 */
export function asUsecaseError(err: unknown, storage = 'The database'): UsecaseError | undefined {
  if (err instanceof UsecaseError) return err;
  if (err instanceof SceneEditError) return new UsecaseError(err.code, err.message);
  return storageFailure(err, storage) ?? (isEngineError(err) ? new UsecaseError('failed', sentence(err.message)) : undefined);
}
