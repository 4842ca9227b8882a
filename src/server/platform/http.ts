import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

export { pageOf } from '../../contracts/common.js';

import { checkAccess } from './auth.js';
import {
  DomainError,
  databaseFailureOf,
  type FieldError,
  internalProblem,
  type Problem,
  problemOf,
  validationFailed,
} from './errors.js';

/** The Fastify instance every routes.ts receives: zod schemas type the handlers. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Query string of every list: `?limit=` (default 50, max 200) and `?cursor=`. */
/** A `from`/`to` day filter (UTC): from the start of `from` up to the end of `to`. */
export const dayRange = (from: string | undefined, to: string | undefined) => ({
  from: from ? new Date(`${from}T00:00:00Z`) : undefined,
  to: to ? new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000) : undefined,
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

function fieldErrorsOf(err: FastifyError): FieldError[] {
  const context = (err as { validationContext?: string }).validationContext;
  return (err.validation ?? []).map((v) => {
    const path = (v.instancePath ?? '')
      .split('/')
      .filter(Boolean)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    return {
      path: path || (context === 'body' ? '' : (context ?? '')),
      message: v.message ?? 'is not valid',
    };
  });
}

/** Deeper than any request Tandem reads: JSON nested further is refused before anything walks it. */
const MAX_DEPTH = 32;

/**
 * Where a string the client sent is not text PostgreSQL can store: a NUL character, or half of a
 * UTF-16 surrogate pair. Object keys count too (they end up in JSON columns). And where the JSON
 * nests deeper than MAX_DEPTH, which would exhaust the stack of whatever walks it next.
 */
export function unsafeTextIn(value: unknown, at: string, found: FieldError[] = [], depth = 0): FieldError[] {
  if (found.length >= 20) return found;
  if (typeof value === 'string') {
    // Said so that it reads right on a file's field too: a NUL is what binary files are full of.
    if (value.includes('\u0000')) found.push({ path: at, message: notText });
    else if (unpairedSurrogate.test(value)) {
      found.push({ path: at, message: 'must be valid Unicode text (it has an unpaired surrogate)' });
    }
  } else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    // A file sent as its own bytes (a picture) is not text: it is read by what it is.
    if (depth >= MAX_DEPTH) {
      found.push({ path: at, message: `must not nest more than ${MAX_DEPTH} levels deep` });
      return found;
    }
    // Arrays too: their keys are the indexes.
    for (const [key, v] of Object.entries(value)) {
      const path = at ? `${at}.${key}` : key;
      if (key.includes('\u0000') || unpairedSurrogate.test(key)) {
        found.push({ path, message: 'must be a field name of valid text' });
      } else unsafeTextIn(v, path, found, depth + 1);
    }
  }
  return found;
}

const notText = 'is not text: it contains a NUL character (is it a binary file?)';

const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses, before any route's schema or handler sees them, strings in the path, query or body that
 * no text column can hold: one check for every route, so none of them answers such input with a 500.
 */
export function refuseUnsafeText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const errors = [
      ...unsafeTextIn(request.params, ''),
      ...unsafeTextIn(request.query, ''),
      ...unsafeTextIn(request.body, ''),
    ];
    if (errors.length > 0) throw validationFailed(errors);
  });
}

/** The router's own refusals (a URL that is not valid UTF-8, a path segment too long) as problems. */
export function frameworkProblem(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  void sendProblem(reply, {
    type: 'about:blank',
    title: status === 414 ? 'URI Too Long' : 'Bad Request',
    status,
    detail: err.message.replace(/^FST_\w+:\s*/, ''),
    code: 'bad_request',
  });
}

/** Every error leaves as problem+json; nothing internal reaches the client. */
export function registerProblemHandling(
  app: FastifyInstance,
  spa?: { html: string; headers: Record<string, string> },
): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      if (err.retryAfter !== undefined) reply.header('retry-after', String(err.retryAfter));
      return sendProblem(reply, problemOf(err));
    }
    if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
      return sendProblem(reply, problemOf(validationFailed(fieldErrorsOf(err))));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, a body too large, a media type we do not read.
      const code =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
        err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
        err instanceof SyntaxError
          ? 'malformed_json'
          : status === 413
            ? 'payload_too_large'
            : status === 415
              ? 'unsupported_media_type'
              : 'bad_request';
      const detail =
        code === 'malformed_json'
          ? 'The request body is not valid JSON.'
          : err.message.replace(/^FST_\w+:\s*/, '');
      return sendProblem(reply, {
        type: 'about:blank',
        title:
          status === 413 ? 'Content Too Large' : status === 415 ? 'Unsupported Media Type' : 'Bad Request',
        status,
        detail,
        code,
      });
    }
    const refused = databaseFailureOf(err);
    if (refused) {
      // The database turned down what the client sent (a value out of range, a race lost to a
      // constraint): a client error, logged with the statement but never its values.
      request.log.warn({ err }, 'database refused the request');
      return sendProblem(reply, problemOf(refused));
    }
    request.log.error({ err }, 'unexpected error');
    return sendProblem(reply, internalProblem(request.id));
  });

  app.setNotFoundHandler((request, reply) => {
    // Client-side routes (/admin/settings, /pos, …) all answer the web app's page.
    if (spa && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.code(200).type('text/html; charset=utf-8').headers(spa.headers).send(spa.html);
    }
    const path = request.url.split('?')[0];
    return sendProblem(
      reply,
      problemOf(new DomainError('not_found', 'not_found', `No route for ${request.method} ${path}.`)),
    );
  });
}

/**
 * Refuses to start if an /api route does not say who may call it, and checks that on every
 * request before the body is even read. Register after the hook that finds the principal.
 */
export function enforceRouteAccess(app: FastifyInstance, exempt: readonly string[]): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || exempt.some((p) => route.url.startsWith(p))) return;
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access) checkAccess(access, request.principal, request.customer);
  });
}
