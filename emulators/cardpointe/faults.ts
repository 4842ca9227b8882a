import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type Reply, send } from './http.js';

/** Delayed answers and bare HTTP failures, keyed by endpoint, for rehearsing lost responses. */
export class FaultPlan {
  private readonly hangs = new Map<string, { ms: number; remaining: number; skip: number }>();
  private readonly failures = new Map<string, number[]>();

  hang(endpoint: string, ms: number, times: number, after = 0): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('hang: ms must be a non-negative number');
    if (!Number.isInteger(after) || after < 0)
      throw new RangeError('hang: after must be a non-negative integer');
    if (!Number.isInteger(times) || times < 0)
      throw new RangeError('hang: times must be a non-negative integer');
    if (times === 0) this.hangs.delete(endpoint);
    else this.hangs.set(endpoint, { ms, remaining: times, skip: after });
  }

  failNext(endpoint: string, httpStatus: number): void {
    if (!Number.isInteger(httpStatus) || httpStatus < 400 || httpStatus > 599) {
      throw new RangeError('failNext: httpStatus must be an HTTP error status');
    }
    this.failures.set(endpoint, [...(this.failures.get(endpoint) ?? []), httpStatus]);
  }

  takeFailure(endpoint: string): number | undefined {
    return this.failures.get(endpoint)?.shift();
  }

  takeHang(endpoint: string): number | undefined {
    const hang = this.hangs.get(endpoint);
    if (!hang) return undefined;
    if (hang.skip > 0) {
      hang.skip--;
      return undefined;
    }
    hang.remaining--;
    if (hang.remaining <= 0) this.hangs.delete(endpoint);
    return hang.ms;
  }
}

/** A planned failure answers without processing; a planned hang processes at once and answers late. */
export async function answerAfterFaults(
  faults: FaultPlan,
  shutdown: AbortSignal,
  res: ServerResponse,
  endpoint: string,
  produce: () => Reply,
): Promise<void> {
  const failure = faults.takeFailure(endpoint);
  if (failure !== undefined) return send(res, { status: failure });
  const reply = produce();
  const hang = faults.takeHang(endpoint);
  if (hang !== undefined) await delay(hang, undefined, { signal: shutdown }).catch(() => undefined);
  send(res, reply);
}
