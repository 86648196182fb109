import { ServiceError, type ServiceErrorData } from '../../shared/contract';
import { UsecaseError } from '../usecases/errors';

/**
 * The services report failures with the use cases' error type and validate with their checks:
 * one error type and one set of rules for both front doors.
 */
export { UsecaseError as ServiceFailure, sentence } from '../usecases/errors';
export { describeValue, expectId, expectOneOf, expectString } from '../usecases/validate';

/**
 * The wire form of an error whose message was written for the editor (a UsecaseError here, or a
 * ServiceError relayed from another process); anything else is logged with its stack (for the
 * developer) and reported as one plain sentence (for the editor).
 */
export function basicErrorData(err: unknown, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): ServiceErrorData {
  if (err instanceof UsecaseError || err instanceof ServiceError) return { code: err.code, message: err.message };
  log(`cuefinder: unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  return { code: 'internal', message: `Something went wrong inside Cuefinder: ${(err as Error)?.message ?? String(err)}.` };
}
