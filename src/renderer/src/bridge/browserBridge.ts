import {
  createServiceClient,
  mediaPath,
  ServiceError,
  unwrapResponse,
  type AppEvent,
  type CuefinderBridge,
  type ServiceResponse,
} from '../../../shared/contract';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 5000;

/**
 * Browser mode's end of the contract: each method is POST /api/<service>/<method> with {args},
 * events come over one WebSocket at /events. The token travels as the HttpOnly cookie the server
 * set when the page was opened, so this code never sees it.
 */
export function createBrowserBridge(origin: string = window.location.origin): CuefinderBridge {
  const services = createServiceClient(async (service, method, args) => {
    let response: Response;
    try {
      response = await fetch(`${origin}/api/${service}/${method}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ args }),
      });
    } catch {
      throw new ServiceError('internal', 'Cuefinder is not reachable: is `cuefinder serve` still running?');
    }
    let envelope: ServiceResponse;
    try {
      envelope = (await response.json()) as ServiceResponse;
    } catch {
      throw new ServiceError('internal', `Cuefinder answered ${response.status} without a readable reply.`);
    }
    return unwrapResponse(envelope);
  });

  const listeners = new Set<(e: AppEvent) => void>();
  let socket: WebSocket | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const deliver = (e: AppEvent): void => listeners.forEach((l) => l(e));

  const connect = (): void => {
    retryTimer = undefined;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/events`);
    socket = ws;
    ws.onopen = () => {
      // Anything may have changed while the socket was down.
      if (retryMs > RECONNECT_MIN_MS) (['state', 'project', 'library', 'suggestions'] as const).forEach((what) => deliver({ type: 'changed', what }));
      retryMs = RECONNECT_MIN_MS;
    };
    ws.onmessage = (m) => {
      try {
        deliver(JSON.parse(String(m.data)) as AppEvent);
      } catch {
        // Not an event of ours; ignore it.
      }
    };
    ws.onclose = () => {
      socket = null;
      if (!listeners.size) return;
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
    };
  };

  return {
    services,
    onEvent(listener) {
      listeners.add(listener);
      if (!socket && !retryTimer) connect();
      return () => {
        listeners.delete(listener);
        if (!listeners.size) {
          clearTimeout(retryTimer);
          retryTimer = undefined;
          socket?.close();
          socket = null;
        }
      };
    },
    mediaUrl: (ref) => `${origin}/${mediaPath(ref)}`,
  };
}
