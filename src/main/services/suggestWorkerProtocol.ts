import type { WorkReply, WorkRequest } from '../../shared/workProtocol';
import type { SuggestRunInput, SuggestRunOutcome } from './suggestRunner';

/** A suggest worker runs one request (the one work protocol), on its own connection to `dbPath`. */
export type SuggestWorkerRequest = WorkRequest<SuggestRunInput & { dbPath: string }>;

export type SuggestProgress = { readonly stage: string } | { readonly done: number; readonly total: number };

export type SuggestWorkerReply = WorkReply<SuggestRunOutcome, SuggestProgress>;
