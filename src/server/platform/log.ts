import type { FastifyRequest } from 'fastify';

/**
 * What the log may say of an error: its kind, message and where it was thrown, and for a database
 * error which constraint or table it concerns. Never the statement's parameters, nor PostgreSQL's
 * `detail` (`Key (token_hash)=(…)`), which carry the very values (password hashes, sealed codes,
 * token hashes) the statement was about.
 */
const describing = ['code', 'severity', 'schema', 'table', 'column', 'constraint', 'routine', 'statusCode'];

export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  query?: string;
  cause?: LoggedError;
  [field: string]: unknown;
}

/** Drizzle writes "Failed query: <sql>\nparams: <values>"; the values go. */
const withoutParams = (message: string) => message.replace(/\nparams:[\s\S]*$/, '');

export function serializeError(err: unknown, depth = 0): LoggedError {
  // Errors from another realm or library need not be `instanceof Error`: anything with a message is one.
  if (typeof err !== 'object' || err === null || typeof (err as Error).message !== 'string') {
    const type = err === null ? 'null' : typeof err;
    return { type, message: `a thrown ${type}`, stack: `a thrown ${type}` };
  }
  const fields = err as Record<string, unknown>;
  const type = (err.constructor !== Object && err.constructor?.name) || String(fields.name ?? 'Error');
  // PostgreSQL's data exceptions (class 22) quote the offending value: `invalid input syntax … "…"`.
  const quotesValues = typeof fields.code === 'string' && fields.code.startsWith('22');
  const said = withoutParams(String(fields.message));
  const message = quotesValues ? said.replace(/"(?:[^"]|"")*"/g, '"[redacted]"') : said;
  const stack = typeof fields.stack === 'string' ? fields.stack : '';
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  const logged: LoggedError = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  // The statement's text (with $1 placeholders) says which query failed; its values stay out.
  if (typeof fields.query === 'string') logged.query = fields.query;
  for (const field of describing) {
    const value = fields[field];
    if (typeof value === 'string' || typeof value === 'number') logged[field] = value;
  }
  if (fields.cause !== undefined && depth < 5) logged.cause = serializeError(fields.cause, depth + 1);
  if (Array.isArray(fields.errors) && depth < 5) {
    logged.errors = fields.errors.slice(0, 5).map((e) => serializeError(e, depth + 1));
  }
  return logged;
}

/** Query parameters whose values are secrets wherever they appear. */
const secretParameter = /token|secret|password|passwd|code|key|signature|sig$|auth|session/i;

/**
 * A request's URL as the log keeps it. Pages (the web app) get their query strings only from
 * links in emails, whose one-time tokens must not outlive the email: the whole query goes. In
 * API URLs, the values of parameters named like secrets go.
 */
export function redactUrl(url: string): string {
  // A cart's webhook address carries the connection's key in its path.
  const hooked = url.replace(/^(\/api\/hooks\/connections\/[^/?]+\/)[^/?]+/, '$1[redacted]');
  if (hooked !== url) return redactUrl(hooked);
  const at = url.indexOf('?');
  if (at === -1) return url;
  const path = url.slice(0, at);
  if (!path.startsWith('/api/')) return `${path}?[redacted]`;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0]!;
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        return '[redacted]';
      }
      return secretParameter.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/** Fastify's own request fields, with the URL redacted. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** The serializers of the app's logger. */
export const logSerializers = { err: serializeError, req: serializeRequest };
