import type { ServiceErrorData } from '../../shared/contract';
import type { SuggestRunOutcome } from './suggestRunner';

export type SuggestWorkerRequest = { type: 'cancel' };

export type SuggestWorkerReply =
  | { type: 'stage'; stage: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; outcome: SuggestRunOutcome }
  | { type: 'error'; error: ServiceErrorData };
