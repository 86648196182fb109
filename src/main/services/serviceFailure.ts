import { ServiceError, type ErrorCode, type ServiceErrorData } from '../../shared/contract';

/** A failure a service reports on purpose; its message is written for the editor. */
export class ServiceFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceFailure';
  }
}

/**
 * The wire form of an error whose message was written for the editor (a ServiceFailure here, or a
 * ServiceError relayed from another process); anything else is logged with its stack (for the
 * developer) and reported as one plain sentence (for the editor).
 */
export function basicErrorData(err: unknown, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): ServiceErrorData {
  if (err instanceof ServiceFailure || err instanceof ServiceError) return { code: err.code, message: err.message };
  log(`cuefinder: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  return { code: 'internal', message: `Something went wrong inside Cuefinder: ${(err as Error)?.message ?? String(err)}.` };
}

/** Engine messages are lower-case fragments ("project folder /x: not a folder"); the UI shows sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : capital + '.';
}

export function expectId(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ServiceFailure('invalid-argument', `${name} must be a positive whole number (got ${JSON.stringify(value) ?? 'nothing'}).`);
  }
  return value;
}

export function expectString(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value.trim()) throw new ServiceFailure('invalid-argument', `${name} must be a non-empty text (got ${JSON.stringify(value) ?? 'nothing'}).`);
  return value;
}

export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ServiceFailure('invalid-argument', `${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value) ?? 'nothing'}).`);
  }
  return value as T;
}
