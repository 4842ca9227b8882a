import { formatAmount, refundDecline } from './cards.js';
import { type Body, type Fields, optionalAmount, storedOrderid, text } from './fields.js';
import { findByRetref } from './lookups.js';
import { isRefusal, refuse, statusOf } from './responses.js';
import type { GatewayStore, Transaction } from './store.js';

/** Only a settled auth can be refunded; before settlement the gateway wants a void. */
export function refund(store: GatewayStore, body: Body): Fields {
  const found = findByRetref(store, body);
  if (isRefusal(found)) return found.refusal;
  const { txn, merchid } = found;
  if (txn.type !== 'auth' || txn.respstat !== 'A') return refuse(merchid, '29', 'Txn not found').refusal;
  if (txn.setlstat !== 'Accepted') {
    return refuse(merchid, '28', 'Txn not settled', { retref: txn.retref }).refusal;
  }
  const refundable = txn.capturedCents - txn.refundedCents;
  const cents = optionalAmount(body.amount, refundable);
  if (cents === undefined || cents <= 0 || cents > refundable) {
    return refuse(merchid, '43', 'Invalid amount', { retref: txn.retref }).refusal;
  }
  const refund = openRefund(store, txn, body, cents);
  const decline = refundDecline(txn.capturedCents, cents);
  if (decline) {
    Object.assign(refund, {
      respstat: 'C',
      respproc: 'RPCT',
      authcode: '',
      authorisedCents: 0,
      ...decline,
    });
    return {
      merchid,
      account: refund.token ?? '',
      retref: refund.retref,
      amount: '0.00',
      ...statusOf(refund),
    };
  }
  Object.assign(refund, {
    capturedCents: cents,
    setlstat: 'Queued for Capture',
    batchid: String(store.batch),
  });
  txn.refundedCents += cents;
  return {
    merchid,
    account: refund.token ?? '',
    token: refund.token ?? '',
    retref: refund.retref,
    amount: formatAmount(cents),
    authcode: refund.authcode,
    ...statusOf(refund),
  };
}

function openRefund(store: GatewayStore, original: Transaction, body: Body, cents: number): Transaction {
  const refund: Transaction = {
    ...original,
    retref: store.newRetref(),
    type: 'refund',
    orderid: storedOrderid(text(body, 'orderid')) ?? original.orderid,
    requestedCents: cents,
    authorisedCents: cents,
    capturedCents: 0,
    refundedCents: 0,
    voidedCents: 0,
    setlstat: 'Declined',
    respstat: 'A',
    respcode: '00',
    resptext: 'Approval',
    respproc: 'PPS',
    authcode: 'REFUND',
    batchid: undefined,
    originalRetref: original.retref,
  };
  store.transactions.set(refund.retref, refund);
  return refund;
}
