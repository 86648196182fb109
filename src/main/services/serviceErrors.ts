import type { ServiceErrorData } from '../../shared/contract';
import { DatabaseError } from '../engine/db/database';
import { ExportError } from '../engine/project/projectTimeline';
import { IndexError } from '../engine/library/libraryIndexer';
import { MediaError } from '../engine/media/mediaError';
import { ProjectError } from '../engine/project/projectAnalyzer';
import { SuggestError } from '../engine/project/projectSuggester';
import { basicErrorData, sentence } from './serviceFailure';

/** Engine errors whose messages already name the file and the reason in words. */
const ENGINE_ERRORS = [DatabaseError, ExportError, IndexError, MediaError, ProjectError, SuggestError];

/** The wire form of any error a service throws, engine errors included. */
export function toErrorData(err: unknown): ServiceErrorData {
  if (ENGINE_ERRORS.some((cls) => err instanceof cls)) return { code: 'failed', message: sentence((err as Error).message) };
  return basicErrorData(err);
}
