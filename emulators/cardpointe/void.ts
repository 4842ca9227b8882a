import { formatAmount } from './cards.js';
import { type Body, type Fields, optionalAmount, text } from './fields.js';
import { checkMerchant, findByRetref } from './lookups.js';
import { isRefusal, refuse } from './responses.js';
import type { GatewayStore, Transaction } from './store.js';

/** The `void` endpoint: reverses the transaction named by retref. */
export function voidByRetref(store: GatewayStore, body: Body): Fields {
  const found = findByRetref(store, body);
  if (isRefusal(found)) return found.refusal;
  return voidTransaction(store, found.txn, body, found.merchid);
}

/** The `voidByOrderId` endpoint, for when the auth's answer (and so its retref) was lost. */
export function voidByOrderId(store: GatewayStore, body: Body): Fields {
  const merchid = text(body, 'merchid') ?? '';
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant.refusal;
  const orderid = text(body, 'orderid');
  const target = orderid === undefined ? undefined : approvedAuthFor(store, orderid, merchid);
  if (orderid === undefined || !target) return refuse(merchid, '29', 'Txn not found').refusal;
  return { ...voidTransaction(store, target, body, merchid), orderid };
}

/** Declined attempts share the order id but hold no money, so only approvals are candidates. */
function approvedAuthFor(store: GatewayStore, orderid: string, merchid: string): Transaction | undefined {
  const approved = [...store.transactions.values()].filter(
    (txn) =>
      txn.type === 'auth' && txn.respstat === 'A' && txn.orderid === orderid && txn.merchid === merchid,
  );
  return approved.findLast((txn) => txn.setlstat !== 'Voided') ?? approved.at(-1);
}

function voidTransaction(store: GatewayStore, txn: Transaction, body: Body, merchid: string): Fields {
  if (txn.respstat !== 'A') return refuse(merchid, '29', 'Txn not found', { retref: txn.retref }).refusal;
  if (txn.setlstat === 'Voided') return voidReply(txn, 0);
  if (txn.setlstat === 'Accepted') {
    return refuse(merchid, '39', 'Void not permitted', { retref: txn.retref }).refusal;
  }
  const remaining = txn.setlstat === 'Authorized' ? txn.authorisedCents : txn.capturedCents;
  const cents = optionalAmount(body.amount, remaining);
  if (cents === undefined) return refuse(merchid, '43', 'Invalid amount', { retref: txn.retref }).refusal;
  // A void for zero, like one without an amount, reverses everything.
  if (cents === 0 || cents >= remaining) return voidFully(store, txn, remaining);
  if (txn.setlstat !== 'Authorized') {
    // Once queued for capture only a full reversal is possible.
    return refuse(merchid, '39', 'Void not permitted', { retref: txn.retref }).refusal;
  }
  txn.authorisedCents -= cents;
  txn.voidedCents += cents;
  return voidReply(txn, txn.authorisedCents);
}

function voidFully(store: GatewayStore, txn: Transaction, remaining: number): Fields {
  txn.voidedCents += remaining;
  txn.setlstat = 'Voided';
  const original = txn.originalRetref ? store.transactions.get(txn.originalRetref) : undefined;
  if (original && txn.type === 'refund') original.refundedCents -= txn.capturedCents;
  return voidReply(txn, 0);
}

function voidReply(txn: Transaction, remainingCents: number): Fields {
  return {
    merchid: txn.merchid,
    account: txn.token ?? '',
    token: txn.token ?? '',
    retref: txn.retref,
    amount: formatAmount(remainingCents),
    respstat: 'A',
    respcode: '00',
    resptext: 'Approval',
    respproc: txn.respproc,
    authcode: 'REVERS',
  };
}
