import { expiryAsMmyy, formatAmount } from './cards.js';
import { type Fields, yesNo } from './fields.js';
import { checkMerchant } from './lookups.js';
import { refuse, statusOf } from './responses.js';
import type { GatewayStore, Transaction } from './store.js';

export function inquire(store: GatewayStore, retref: string, merchid: string): Fields {
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant.refusal;
  const txn = store.transactions.get(retref);
  if (!txn || txn.merchid !== merchid) return refuse(merchid, '29', 'Txn not found').refusal;
  return describe(txn);
}

/** One match is answered as an object, several as an array: callers must handle both. */
export function inquireByOrderid(store: GatewayStore, orderid: string, merchid: string): Fields | Fields[] {
  const wrongMerchant = checkMerchant(store, merchid);
  if (wrongMerchant) return wrongMerchant.refusal;
  const matches = [...store.transactions.values()].filter(
    (txn) => txn.orderid === orderid && txn.merchid === merchid,
  );
  const [only] = matches;
  if (!only) return refuse(merchid, '29', 'Txn not found').refusal;
  return matches.length === 1 ? describe(only) : matches.map(describe);
}

function currentAmount(txn: Transaction): number {
  return txn.capturedCents > 0 ? txn.capturedCents : txn.authorisedCents;
}

function isVoidable(txn: Transaction): boolean {
  return txn.respstat === 'A' && (txn.setlstat === 'Authorized' || txn.setlstat === 'Queued for Capture');
}

function isRefundable(txn: Transaction): boolean {
  return txn.type === 'auth' && txn.setlstat === 'Accepted' && txn.capturedCents > txn.refundedCents;
}

function describe(txn: Transaction): Fields {
  const fields: Fields = {
    merchid: txn.merchid,
    account: txn.account,
    token: txn.token ?? '',
    retref: txn.retref,
    amount: formatAmount(currentAmount(txn)),
    currency: 'USD',
    setlstat: txn.setlstat,
    ...statusOf(txn),
    authcode: txn.authcode,
    expiry: txn.expiry ? (expiryAsMmyy(txn.expiry) ?? txn.expiry) : '',
    orderId: txn.orderid ?? '',
    capture: yesNo(txn.capturedCents > 0),
    voidable: yesNo(isVoidable(txn)),
    refundable: yesNo(isRefundable(txn)),
  };
  if (txn.batchid) fields.batchid = txn.batchid;
  if (txn.profileid) fields.profileid = txn.profileid;
  if (txn.acctid) fields.acctid = txn.acctid;
  return fields;
}
