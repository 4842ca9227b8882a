import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
/**
 * Failure switches for the cart emulators' tests. They act on API requests in the order they arrive:
 * a slowed request is still answered; a throttled or failed one is refused before it is read, the way
 * a host or firewall in front of the store refuses it.
 */
export interface Switches {
  /** Every following API request is answered `ms` later (0 turns it off). */
  slow(ms: number): void;
  /** The next `times` API requests get 429 with `Retry-After: retryAfterSeconds`. */
  throttle(times: number, retryAfterSeconds: number): void;
  /** The next `times` API requests get a bare `status` (5xx) error page. */
  fail(times: number, status?: number): void;
  /** The order is answered broken (wrong types, fields missing: each cart's own way) wherever it appears, until reset. */
  malform(orderId: number): void;
  /** Turns every switch off. */
  reset(): void;
}

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class SwitchBoard implements Switches {
  /** The switches as plain functions, for an emulator's handle. */
  controls(): Switches {
    return {
      slow: (ms) => this.slow(ms),
      throttle: (times, retryAfterSeconds) => this.throttle(times, retryAfterSeconds),
      fail: (times, status) => this.fail(times, status),
      malform: (orderId) => this.malform(orderId),
      reset: () => this.reset(),
    };
  }

  delayMs = 0;
  private throttled = 0;
  private retryAfter = 1;
  private failures = 0;
  private failStatus = 503;
  readonly malformed = new Set<number>();

  slow(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('slow(ms) needs a duration of 0 or more');
    this.delayMs = ms;
  }

  throttle(times: number, retryAfterSeconds: number): void {
    this.throttled = times;
    this.retryAfter = retryAfterSeconds;
  }

  fail(times: number, status = 503): void {
    if (status < 500 || status > 599) throw new Error('fail(times, status) takes a 5xx status');
    this.failures = times;
    this.failStatus = status;
  }

  malform(orderId: number): void {
    this.malformed.add(orderId);
  }

  reset(): void {
    this.delayMs = 0;
    this.throttled = 0;
    this.failures = 0;
    this.malformed.clear();
  }

  /** Whether this request is refused outright, counting it against the switch that refuses it. */
  refusal(): Refusal | undefined {
    if (this.throttled > 0) {
      this.throttled -= 1;
      return {
        status: 429,
        headers: { 'Retry-After': String(this.retryAfter), 'Content-Type': 'text/html; charset=utf-8' },
        body: '<html><body><h1>429 Too Many Requests</h1></body></html>',
      };
    }
    if (this.failures > 0) {
      this.failures -= 1;
      return {
        status: this.failStatus,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: `<html><body><h1>${this.failStatus} Server Error</h1></body></html>`,
      };
    }
    return undefined;
  }

  /**
   * Applies the switches to an API request: answers it with a refusal (`true`: nothing more to do),
   * or waits as long as the slow switch says. `answer` lets a cart answer a refusal its own way.
   */
  async hold(
    request: IncomingMessage,
    response: ServerResponse,
    answer?: (refusal: Refusal) => boolean,
  ): Promise<boolean> {
    const refusal = this.refusal();
    if (refusal !== undefined) {
      request.resume();
      if (!answer?.(refusal)) {
        response.writeHead(refusal.status, refusal.headers);
        response.end(refusal.body);
      }
      return true;
    }
    if (this.delayMs > 0) await delay(this.delayMs);
    return false;
  }
}
