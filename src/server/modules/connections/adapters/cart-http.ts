import { CartError } from '../cart.js';

/** What one HTTP call to a cart answered: the status, headers and body text. */
export interface CartResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface CartRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Answers are read up to this size: a cart page of 100 orders is well under it. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - now, 0), 3_600_000);
}

/**
 * One HTTP call to a cart. Failures to reach it become `unreachable`; a 429 becomes `throttled`
 * (with Retry-After) and a 5xx `server_error`, so the engine can wait and retry. Every other status is
 * answered to the adapter, which knows what the cart means by it.
 */
export async function cartRequest(request: CartRequest): Promise<CartResponse> {
  const doFetch = request.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(request.url, {
      method: request.method ?? 'GET',
      headers: { 'user-agent': 'Tandem', accept: 'application/json', ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
  } catch (err) {
    if (!URL.canParse(request.url))
      throw new CartError('unreachable', 'The cart’s address is not a valid URL.');
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const why =
      (err as Error).name === 'TimeoutError'
        ? `no answer within ${Math.round((request.timeoutMs ?? 30_000) / 1000)} s`
        : (cause ?? (err as Error).message);
    throw new CartError('unreachable', `Could not reach ${new URL(request.url).host}: ${why}.`);
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new CartError(
      'not_a_cart',
      `The answer is too large (${length} bytes).`,
      undefined,
      response.status,
    );
  }
  const text = await response.text();
  if (response.status === 429) {
    throw new CartError(
      'throttled',
      'The cart asked us to slow down (429).',
      retryAfterMs(response.headers.get('retry-after')),
      429,
    );
  }
  if (response.status >= 500) {
    // What the cart said, when it said it in a few words (not a whole error page).
    const said =
      text.length <= 300 && !/<[a-z!]/i.test(text) && !text.includes('\u0000')
        ? text.replace(/\s+/g, ' ').trim()
        : '';
    throw new CartError(
      'server_error',
      `The cart answered ${response.status}${said ? `: ${said}` : ''}.`,
      retryAfterMs(response.headers.get('retry-after')),
      response.status,
    );
  }
  return { status: response.status, headers: response.headers, text };
}

/** The body as JSON, or `not_a_cart` when it is not JSON (a web page, a login form). */
export function jsonOf(response: CartResponse, what: string): unknown {
  const type = response.headers.get('content-type') ?? '';
  try {
    return JSON.parse(response.text);
  } catch {
    throw new CartError(
      'not_a_cart',
      `${what} did not answer JSON (${type.split(';')[0] || 'no content type'}, status ${response.status}).`,
      undefined,
      response.status,
    );
  }
}

/** A finite whole number, or undefined. */
export const wholeNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value)
    ? value
    : typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())
      ? Number(value)
      : undefined;

/** A date the cart wrote as "2026-12-04T10:00:00" (UTC unless it says) or "2026-12-04 10:00:00". */
export function cartDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 40) return undefined;
  const text = value.trim().replace(' ', 'T');
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const at = new Date(withZone);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
