import { formatAmount } from './cards.js';
import { type Body, type Fields, optionalAmount } from './fields.js';
import { findByRetref } from './lookups.js';
import { isRefusal, refuse, statusOf } from './responses.js';
import type { GatewayStore, Transaction } from './store.js';

/** Capturing again what is already captured answers the capture as it stands instead of refusing. */
export function capture(store: GatewayStore, body: Body): Fields {
  const found = findByRetref(store, body);
  if (isRefusal(found)) return found.refusal;
  const { txn, merchid } = found;
  if (txn.setlstat === 'Queued for Capture' || txn.setlstat === 'Accepted') return captureReply(txn);
  if (txn.type !== 'auth' || txn.setlstat !== 'Authorized') {
    return refuse(merchid, '34', 'Invalid field', { retref: txn.retref, batchid: '-1' }).refusal;
  }
  const cents = optionalAmount(body.amount, txn.authorisedCents);
  if (cents === undefined || cents === 0 || cents > txn.authorisedCents) {
    return refuse(merchid, '43', 'Invalid amount', { retref: txn.retref, batchid: '-1' }).refusal;
  }
  txn.capturedCents = cents;
  txn.setlstat = 'Queued for Capture';
  txn.batchid = String(store.batch);
  return captureReply(txn);
}

function captureReply(txn: Transaction): Fields {
  return {
    merchid: txn.merchid,
    account: txn.token ?? '',
    token: txn.token ?? '',
    retref: txn.retref,
    amount: formatAmount(txn.capturedCents),
    setlstat: txn.setlstat,
    batchid: txn.batchid ?? '',
    authcode: txn.authcode,
    commcard: 'N',
    ...statusOf(txn),
  };
}
