import type { ServiceErrorData } from '../../shared/contract';
import { asUsecaseError } from '../usecases/errors';
import { basicErrorData } from './serviceFailure';

/** The wire form of any error a service throws, engine errors included (the use cases' one list). */
export function toErrorData(err: unknown): ServiceErrorData {
  return basicErrorData(asUsecaseError(err) ?? err);
}
