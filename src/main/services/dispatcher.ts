import { isServiceMethod, type CuefinderServices, type ServiceErrorData, type ServiceResponse } from '../../shared/contract';

/** Requests carry few arguments; anything longer is not from our UI. */
const MAX_ARGS = 8;

export type Dispatch = (request: unknown) => Promise<ServiceResponse>;

/**
 * The one entry both transports call: checks that the request names a contract method (nothing
 * else on the service objects is reachable), calls it, and turns any error into a response with
 * `describe` (toErrorData where the engine runs, basicErrorData in Electron's main process).
 */
export function createDispatcher(services: CuefinderServices, describe: (err: unknown) => ServiceErrorData): Dispatch {
  return async (request) => {
    const r = request as { service?: unknown; method?: unknown; args?: unknown } | null;
    if (!r || typeof r.service !== 'string' || typeof r.method !== 'string' || !isServiceMethod(r.service, r.method)) {
      return { ok: false, error: { code: 'not-found', message: `Cuefinder has no service method ${quote(r?.service)}.${quote(r?.method)}.` } };
    }
    const args = r.args ?? [];
    if (!Array.isArray(args) || args.length > MAX_ARGS) {
      return { ok: false, error: { code: 'invalid-argument', message: `The arguments of ${r.service}.${r.method} must be a list of at most ${MAX_ARGS} values.` } };
    }
    try {
      const service = services[r.service as keyof CuefinderServices] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      return { ok: true, value: await service[r.method](...args) };
    } catch (err) {
      return { ok: false, error: describe(err) };
    }
  };
}

const quote = (v: unknown): string => (typeof v === 'string' ? v.slice(0, 40) : '?');
