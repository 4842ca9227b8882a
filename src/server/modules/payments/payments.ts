import { randomBytes } from 'node:crypto';
import type { Payment, PaymentMethod, PaymentOperation } from '../../../contracts/payments.js';
import type { GatewayAnswer } from './gateway.js';
import type { paymentMethods, paymentOperations, payments } from './schema.js';

type PaymentRow = typeof payments.$inferSelect;
type OperationRow = typeof paymentOperations.$inferSelect;
type MethodRow = typeof paymentMethods.$inferSelect;

const ORDER_ID_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

/**
 * An `orderid` for one gateway attempt: 19 characters (the gateway's limit), starting with a
 * letter and mixing letters in, so it can never look like a card number (the gateway masks those
 * and then cannot find them again).
 */
export function newGatewayOrderId(): string {
  const bytes = randomBytes(18);
  let id = 'T';
  for (const b of bytes) id += ORDER_ID_ALPHABET[b % ORDER_ID_ALPHABET.length];
  return id;
}

/** The gateway's answer as the payment and operation rows keep it. */
export const answerColumns = (answer: GatewayAnswer) => ({
  retref: answer.retref,
  respStat: answer.status === 'approved' ? 'A' : answer.status === 'retry' ? 'B' : 'C',
  respCode: answer.code,
  respText: answer.text,
  respProc: answer.processor,
});

export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    status: row.status,
    purpose: row.purpose,
    entry: row.entry,
    gateway: row.gateway,
    amount: row.amount,
    approvedAmount: row.approvedAmount,
    capturedAmount: row.capturedAmount,
    refundedAmount: row.refundedAmount,
    currency: row.currency,
    customerId: row.customerId,
    orderId: row.orderId,
    paymentMethodId: row.paymentMethodId,
    brand: row.brand,
    last4: row.last4,
    gatewayOrderId: row.gatewayOrderId,
    retref: row.retref,
    authCode: row.authCode,
    respStat: row.respStat,
    respCode: row.respCode,
    respText: row.respText,
    respProc: row.respProc,
    avsResp: row.avsResp,
    cvvResp: row.cvvResp,
    note: row.note,
    abandonedAt: row.abandonedAt?.toISOString() ?? null,
    actor: row.actorLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toOperation(row: OperationRow): PaymentOperation {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    amount: row.amount,
    retref: row.retref,
    respStat: row.respStat,
    respCode: row.respCode,
    respText: row.respText,
    respProc: row.respProc,
    reason: row.reason,
    actor: row.actorLabel,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

/** A card is good through the last day of its expiry month. */
export function isExpired(expiry: string, now: Date): boolean {
  const m = /^(\d{2})(\d{2})$/.exec(expiry);
  if (!m) return false;
  const month = Number(m[1]);
  const year = 2000 + Number(m[2]);
  return now.getUTCFullYear() * 12 + now.getUTCMonth() + 1 > year * 12 + month;
}

export function toPaymentMethod(row: MethodRow, now: Date): PaymentMethod {
  return {
    id: row.id,
    brand: row.brand,
    last4: row.last4,
    expiry: row.expiry,
    expired: isExpired(row.expiry, now),
    createdAt: row.createdAt.toISOString(),
  };
}

/** How much of a captured payment can still be given back. */
export const refundable = (p: Pick<PaymentRow, 'capturedAmount' | 'refundedAmount'>) =>
  p.capturedAmount - p.refundedAmount;

/** The payment's status once `refunded` in total has been given back. */
export const statusAfterRefund = (captured: number, refunded: number): PaymentRow['status'] =>
  refunded >= captured ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'captured';
