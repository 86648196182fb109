import { UsecaseError } from './errors';

/**
 * Validation of every value that comes in through a front door (CLI options, service arguments),
 * done once here. Each check names the value in words and shows what it got; the CLI passes its
 * option strings converted with `Number` (empty text as NaN), so "abc", "1e9" and "1.5" reach
 * these checks as they were typed instead of being cut down by parseInt.
 */

/** A short, bounded description of any value (no recursion: arguments nested thousands deep are fine). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return `a ${typeof value}`;
}

const invalid = (message: string): never => {
  throw new UsecaseError('invalid-argument', message);
};

export function expectId(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) invalid(`${name} must be a positive whole number (got ${describeValue(value)}).`);
  return value as number;
}

/** A whole number from min to max. */
export function expectWholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) invalid(`${name} must be a whole number from ${min} to ${max} (got ${describeValue(value)}).`);
  return value as number;
}

/** A finite number from min to max (`above` makes min exclusive). */
export function expectNumber(value: unknown, name: string, min: number, max: number, opts: { above?: boolean } = {}): number {
  const low = opts.above ? (value as number) > min : (value as number) >= min;
  if (typeof value !== 'number' || !Number.isFinite(value) || !low || value > max) {
    invalid(`${name} must be a number ${opts.above ? 'above' : 'from'} ${min} ${opts.above ? 'and at most' : 'to'} ${max} (got ${describeValue(value)}).`);
  }
  return value as number;
}

export function expectBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') invalid(`${name} must be true or false (got ${describeValue(value)}).`);
  return value as boolean;
}

/** A random seed (`--seed`): a whole number that fits the generators' 31-bit state. */
export function expectSeed(value: unknown): number {
  return expectWholeNumber(value, 'The random seed (--seed)', 0, 2 ** 31 - 1);
}

/**
 * A non-empty list of names from a fixed set (`--only afclnet,baselines`); the message shows the
 * first name that is not one of them.
 */
export function expectNames<T extends string>(value: unknown, allowed: readonly T[], name: string): T[] {
  const list: unknown[] = Array.isArray(value) ? value : [];
  const unknown = list.find((v) => typeof v !== 'string' || !(allowed as readonly string[]).includes(v));
  if (!list.length || unknown !== undefined) {
    const got = !Array.isArray(value) ? describeValue(value) : list.length ? describeValue(unknown) : 'none';
    invalid(`${name} must list one or more of ${allowed.join(', ')} (got ${got}).`);
  }
  return list as T[];
}

/** Non-empty text (a path, a job id): an empty path would silently mean the current folder. */
export function expectString(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value.trim()) invalid(`${name} must be a non-empty text (got ${describeValue(value)}).`);
  return value as string;
}

/** One of a fixed set of names; inherited object keys (__proto__, constructor) are not among them. */
export function expectOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) invalid(`${name} must be one of ${allowed.join(', ')} (got ${describeValue(value)}).`);
  return value as T;
}

/** The rating scale: a whole number from 1 (clashing) to 5 (perfect). */
export function expectRating(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
    invalid(`A rating is a whole number from 1 (clashing) to 5 (perfect), not ${describeValue(value)}.`);
  }
  return value as number;
}
