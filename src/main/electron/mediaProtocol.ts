import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { MediaRef, ServiceResponse } from '../../shared/contract';
import { mediaReply } from '../services/mediaFiles';
import type { MediaFile } from '../services/mediaResolver';

const STATUS: Readonly<Record<string, number>> = { forbidden: 403, 'not-found': 404, 'invalid-argument': 400 };

/**
 * Answers cuefinder-media://media/<kind>/<id> the way browser mode answers /media/<kind>/<id>:
 * the engine resolves the id (and refuses files outside the opened folders), then the file is
 * streamed with HTTP range support so the players can seek.
 */
export async function answerMediaRequest(request: Request, resolve: (ref: MediaRef) => Promise<ServiceResponse<MediaFile>>): Promise<Response> {
  const url = new URL(request.url);
  const m = /^\/(video|track|thumb)\/(\d{1,12})$/.exec(url.pathname);
  if (url.host !== 'media' || !m) return new Response('Media is addressed as media/<video|track|thumb>/<id>.', { status: 404 });
  const resolved = await resolve({ kind: m[1] as MediaRef['kind'], id: Number(m[2]) });
  if (!resolved.ok) return new Response(resolved.error.message, { status: STATUS[resolved.error.code] ?? 500 });
  const file = resolved.value;
  const reply = mediaReply(file.size, file.contentType, request.headers.get('range'));
  const body = reply.range && request.method !== 'HEAD' ? (Readable.toWeb(createReadStream(file.path, reply.range)) as ReadableStream<Uint8Array>) : null;
  return new Response(body, { status: reply.status, headers: reply.headers });
}
