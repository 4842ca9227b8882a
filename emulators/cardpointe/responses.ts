import type { Fields } from './fields.js';
import type { Transaction } from './store.js';

/** A gateway refusal: answered with HTTP 200 and respstat C, as the real gateway does. */
export type Refusal = { refusal: Fields };

export function refuse(merchid: string, respcode: string, resptext: string, extra: Fields = {}): Refusal {
  return { refusal: { respstat: 'C', respproc: 'PPS', respcode, resptext, merchid, ...extra } };
}

export function isRefusal<T extends object>(value: T | Refusal): value is Refusal {
  return 'refusal' in value;
}

export function statusOf(txn: Transaction): Fields {
  return { respstat: txn.respstat, respcode: txn.respcode, resptext: txn.resptext, respproc: txn.respproc };
}
