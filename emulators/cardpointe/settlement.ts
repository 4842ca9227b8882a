import type { GatewayStore } from './store.js';

/** Runs the batch: everything queued for capture is accepted for funding, and a new batch opens. */
export function settle(store: GatewayStore): number {
  let settled = 0;
  for (const txn of store.transactions.values()) {
    if (txn.setlstat !== 'Queued for Capture') continue;
    txn.setlstat = 'Accepted';
    settled++;
  }
  store.batch++;
  return settled;
}
