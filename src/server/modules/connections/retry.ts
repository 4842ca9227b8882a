import { setTimeout as delay } from 'node:timers/promises';
import { CartError } from './cart.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The first wait when the cart does not say how long (Retry-After); doubled each time. */
  baseMs: number;
  /** The longest wait, whatever the cart asks. */
  maxMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 6, baseMs: 1000, maxMs: 60_000 };

const retriable = (err: unknown) =>
  err instanceof CartError &&
  (err.failure === 'throttled' || err.failure === 'server_error' || err.failure === 'unreachable');

/**
 * Calls the cart, waiting out throttling (as long as Retry-After asks) and retrying 5xx answers and
 * lost connections with a doubling backoff. Other failures, and the last one, are thrown.
 */
export async function withRetries<T>(
  policy: RetryPolicy | undefined,
  call: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const p = policy ?? defaultRetryPolicy;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!retriable(err) || attempt >= p.attempts || signal?.aborted) throw err;
      const asked = (err as CartError).retryAfterMs;
      const wait = Math.min(asked ?? p.baseMs * 2 ** (attempt - 1), p.maxMs);
      await delay(wait, undefined, signal ? { signal } : undefined);
    }
  }
}
