import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type AuthResult = { ok: true; via: 'header' | 'query' | 'cookie' } | { ok: false; status: 401 | 403 | 421; reason: string };

export interface AuthPolicy {
  token: string;
  port: number;
  /** POSTs and WebSocket upgrades: a cross-site page must not be able to make them with our cookie. */
  stateChanging: boolean;
}

export const cookieName = (port: number): string => `cuefinder-${port}`;

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Every request must name this server by its loopback address (a DNS-rebound name is refused),
 * carry the per-run token (Authorization: Bearer, ?token=, or the cookie set when the page was
 * first opened), and, when it changes state, come from our own page if it comes from a page at all.
 */
export function authorize(req: IncomingMessage, url: URL, policy: AuthPolicy): AuthResult {
  const own = [`127.0.0.1:${policy.port}`, `localhost:${policy.port}`];
  if (!own.includes(req.headers.host ?? '')) return { ok: false, status: 421, reason: `This server answers only to http://127.0.0.1:${policy.port}.` };
  const origin = req.headers.origin;
  if (policy.stateChanging && origin !== undefined && !own.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'Requests from other web pages are refused.' };
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return matches(bearer, policy.token) ? { ok: true, via: 'header' } : refused();
  const query = url.searchParams.get('token');
  if (query !== null) return matches(query, policy.token) ? { ok: true, via: 'query' } : refused();
  const cookie = readCookie(req.headers.cookie, cookieName(policy.port));
  if (cookie !== undefined) return matches(cookie, policy.token) ? { ok: true, via: 'cookie' } : refused();
  return refused();
}

const refused = (): AuthResult => ({ ok: false, status: 401, reason: 'This address needs the token that `cuefinder serve` printed: open the full address it showed.' });

function matches(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
