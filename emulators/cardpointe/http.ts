import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Body } from './fields.js';

export interface Reply {
  status: number;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

const MAX_BODY_BYTES = 1024 * 1024;

class BadRequest extends Error {}
class PayloadTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLarge('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonObject(raw: string): Body {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadRequest('malformed JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new BadRequest('not an object');
  return parsed as Body;
}

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(value), headers };
}

export function html(status: number, page: string): Reply {
  return { status, contentType: 'text/html;charset=UTF-8', body: page };
}

/** The servlet container's own error body, not the gateway's: the request never reached the gateway. */
export function httpError(
  status: number,
  error: string,
  path: string,
  headers?: Record<string, string>,
): Reply {
  return json(status, { timestamp: new Date().toISOString(), status, error, path }, headers);
}

export function methodNotAllowed(): Reply {
  return {
    status: 405,
    contentType: 'application/json;charset=UTF-8',
    body: '{"error":"Method Not Allowed"}',
  };
}

export function failureReply(error: unknown, path: string): Reply {
  if (error instanceof BadRequest) return httpError(400, 'Bad Request', path);
  if (error instanceof PayloadTooLarge) return httpError(413, 'Payload Too Large', path);
  return httpError(500, 'Internal Server Error', path);
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.contentType) headers['Content-Type'] = reply.contentType;
  res.writeHead(reply.status, headers);
  res.end(reply.body ?? '');
}
