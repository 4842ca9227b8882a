import type { Payment, PaymentOperation, PaymentStatus } from '../api-client.js';

export const paymentStatusLabels: Record<PaymentStatus, string> = {
  pending: 'Pending',
  authorized: 'Authorised',
  captured: 'Paid',
  declined: 'Declined',
  failed: 'Failed',
  voided: 'Voided',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

export const paymentStatusBadge: Record<PaymentStatus, string> = {
  pending: 'badge-queued',
  authorized: 'badge-kept',
  captured: 'badge-ok',
  declined: 'badge-bad',
  failed: 'badge-bad',
  voided: 'badge-archived',
  partially_refunded: 'badge-low',
  refunded: 'badge-archived',
};

export const entryLabels: Record<Payment['entry'], string> = {
  in_store: 'In store',
  online: 'Online',
  recurring: 'Recurring',
};

export const purposeLabels: Record<Payment['purpose'], string> = {
  sale: 'Sale',
  card_check: 'Card check (saving a card)',
  renewal: 'Membership renewal',
};

export const operationLabels: Record<PaymentOperation['kind'], string> = {
  authorize: 'Authorise',
  capture: 'Capture',
  void: 'Void',
  refund: 'Refund',
};

export const operationStatusLabels: Record<PaymentOperation['status'], string> = {
  pending: 'No answer yet',
  approved: 'Approved',
  declined: 'Declined',
  failed: 'Failed',
};

/** What the gateway's `respstat` means. */
export const respStatLabels: Record<string, string> = {
  A: 'A — approved',
  B: 'B — try again',
  C: 'C — declined',
};

/** What can still be given back on a payment: captured and not yet refunded. */
export const refundableAmount = (payment: Payment): number =>
  payment.status === 'captured' || payment.status === 'partially_refunded'
    ? Math.max(0, payment.capturedAmount - payment.refundedAmount)
    : 0;
