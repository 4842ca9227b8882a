import { createHash, timingSafeEqual } from 'node:crypto';
import { problem, type Reply } from './router.js';

export interface Tokens {
  /** May read and write. */
  token: string;
  /** May only read: /info and every write refuse it with 403 insufficient_scope. */
  readOnlyToken: string;
}

/** Compares digests, so neither the length nor the content of a token leaks through timing. */
function same(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function unauthorized(detail: string, error?: string): Reply {
  const reply = problem(401, 'unauthorized', detail);
  return {
    ...reply,
    headers: {
      ...reply.headers,
      'WWW-Authenticate':
        error === undefined ? 'Bearer realm="tandem-cart"' : `Bearer realm="tandem-cart", error="${error}"`,
    },
  };
}

/** `Authorization: Bearer <token>` (the scheme in any case, as RFC 9110 has it), or a 401 problem. */
export function authenticate(
  header: string | undefined,
  tokens: Tokens,
): { token: string; canWrite: boolean } | Reply {
  const match = header?.match(/^bearer +(\S+) *$/i);
  if (header === undefined || header === '') return unauthorized('Send the token as Authorization: Bearer.');
  if (match?.[1] === undefined)
    return unauthorized('The Authorization header is not a bearer token.', 'invalid_request');
  const token = match[1];
  if (same(token, tokens.token)) return { token, canWrite: true };
  if (same(token, tokens.readOnlyToken)) return { token, canWrite: false };
  return unauthorized('The token is not valid for this cart.', 'invalid_token');
}
