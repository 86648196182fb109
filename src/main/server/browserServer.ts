import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppEvent, ErrorCode, MediaRef, ServiceResponse } from '../../shared/contract';
import type { ServiceHost } from '../services/createServices';
import { contentTypeFor, mediaReply } from '../services/mediaFiles';
import { toErrorData } from '../services/serviceErrors';
import { isInsideFolder } from '../usecases/folders';
import { authorize, tokenCookie } from './requestAuth';

/** The only interface browser mode listens on: the engine reads the editor's files, so it is never on the network. */
export const LOOPBACK = '127.0.0.1';
const MAX_BODY_BYTES = 1 << 20;
const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  'invalid-argument': 400,
  'not-found': 404,
  forbidden: 403,
  'no-project': 409,
  'no-library': 409,
  'no-model': 409,
  unsupported: 501,
  failed: 422,
  internal: 500,
};

export interface BrowserServerOptions {
  host: ServiceHost;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token for tests; a random one per run otherwise. */
  token?: string;
}

export interface BrowserServer {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Browser mode: the renderer's static files, the services as POST /api/<service>/<method>
 * ({args} in, a ServiceResponse out), media as GET /media/<kind>/<id> with HTTP ranges, and
 * events over a WebSocket at /events. Every request needs the per-run token.
 */
export async function startBrowserServer(opts: BrowserServerOptions): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const rendererDir = resolve(opts.rendererDir);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  let port = 0;

  const unsubscribe = opts.host.onEvent((event: AppEvent) => {
    const text = JSON.stringify(event);
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
  });

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorData(err) });
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const auth = authorize(req, url, { token, port, stateChanging: req.method === 'POST' });
    if (!auth.ok) return sendJson(res, auth.status, { ok: false, error: { code: 'forbidden', message: auth.reason } });
    // A page opened with ?token= gets the token as a cookie and a clean address (media elements cannot send headers).
    if (req.method === 'GET' && auth.via === 'query' && !url.pathname.startsWith('/media/')) {
      url.searchParams.delete('token');
      res.writeHead(303, { Location: url.pathname + url.search, 'Set-Cookie': tokenCookie(port, token), 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (url.pathname.startsWith('/media/')) return handleMedia(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'unsupported', message: `${req.method} is not supported here.` } });
    return serveStatic(req, res, url);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const m = /^\/api\/([A-Za-z]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: `No API at ${req.method} ${url.pathname}.` } });
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      return sendJson(res, 413, { ok: false, error: { code: 'invalid-argument', message: `The request is larger than ${MAX_BODY_BYTES} bytes.` } });
    }
    let body: unknown;
    try {
      body = JSON.parse(text || '{}');
    } catch (err) {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: `The request body is not valid JSON (${(err as Error).message}).` } });
    }
    const args = body !== null && typeof body === 'object' ? (body as { args?: unknown }).args : undefined;
    const response = await opts.host.dispatch({ service: m[1], method: m[2], args: args ?? [] });
    sendJson(res, response.ok ? 200 : STATUS_OF[response.error.code], response);
  }

  async function handleMedia(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const m = /^\/media\/(video|track|thumb)\/(\d{1,12})$/.exec(url.pathname);
    if (!m || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'Media is addressed as /media/<video|track|thumb>/<id>.' } });
    }
    let file;
    try {
      file = opts.host.resolveMedia({ kind: m[1] as MediaRef['kind'], id: Number(m[2]) });
    } catch (err) {
      const error = toErrorData(err);
      return sendJson(res, STATUS_OF[error.code], { ok: false, error });
    }
    const reply = mediaReply(file.size, file.contentType, req.headers.range);
    res.writeHead(reply.status, reply.headers);
    if (req.method === 'HEAD' || !reply.range) return void res.end();
    pipeFile(file.path, reply.range, res);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'invalid-argument', message: 'The address is not valid.' } });
    }
    const file = relative === '/' ? join(rendererDir, 'index.html') : join(rendererDir, relative);
    if (relative.includes('\0') || !isInsideFolder(rendererDir, file) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: `Nothing at ${url.pathname}.` } });
    }
    const size = statSync(file).size;
    const isHtml = file.endsWith('.html');
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Length': String(size),
      'Cache-Control': isHtml ? 'no-store' : 'private, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...(isHtml ? { 'X-Frame-Options': 'DENY' } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    pipeFile(file, { start: 0, end: size - 1 }, res);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    const auth = authorize(req, url, { token, port, stateChanging: true });
    if (url.pathname !== '/events' || !auth.ok) {
      socket.end(`HTTP/1.1 ${auth.ok ? '404 Not Found' : `${auth.status} Forbidden`}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, LOOPBACK, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    close: async () => {
      unsubscribe();
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: ServiceResponse): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

/** The body as text; rejects (after reading it to the end, so the reply still arrives) when it is too large. */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new Error('request body too large')) : resolveBody(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function pipeFile(path: string, range: { start: number; end: number }, res: ServerResponse): void {
  if (range.end < range.start) return void res.end();
  const stream = createReadStream(path, range);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
