/**
 * An order's two statuses, each a state machine: whether it is paid, and where the goods are.
 * They move apart: an order can be paid and unfulfilled, or shipped and then refunded.
 */

import {
  type FulfillmentStatus,
  fulfillmentMoves,
  orderFulfillmentStatuses as fulfillmentStatuses,
  type PaymentStatus,
  orderPaymentStatuses as paymentStatuses,
} from '../../../contracts/orders.js';
import { DomainError } from '../../platform/errors.js';

export { type FulfillmentStatus, fulfillmentStatuses, type PaymentStatus, paymentStatuses };

const paymentMoves: Record<PaymentStatus, readonly PaymentStatus[]> = {
  // Waiting for money: an imported sales order, an invoice.
  pending: ['paid'],
  paid: ['partially_refunded', 'refunded'],
  // More can be refunded, a part at a time, until all of it is.
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
};

export const paymentStatusAllows = (from: PaymentStatus, to: PaymentStatus): boolean =>
  paymentMoves[from].includes(to);

export const fulfillmentStatusAllows = (from: FulfillmentStatus, to: FulfillmentStatus): boolean =>
  fulfillmentMoves[from].includes(to);

const fulfillmentWords: Record<FulfillmentStatus, string> = {
  unfulfilled: 'unfulfilled',
  shipped: 'shipped',
  delivered: 'delivered',
  picked_up: 'picked up',
  cancelled: 'cancelled',
};

/** The next fulfilment status, or a 409 saying which moves the order allows from where it is. */
export function moveFulfillment(from: FulfillmentStatus, to: FulfillmentStatus): FulfillmentStatus {
  if (fulfillmentStatusAllows(from, to)) return to;
  const allowed = fulfillmentMoves[from].map((s) => fulfillmentWords[s]);
  throw new DomainError(
    'conflict',
    'conflict',
    `An order that is ${fulfillmentWords[from]} cannot be marked ${fulfillmentWords[to]}` +
      (allowed.length > 0 ? `; it can be marked ${allowed.join(' or ')}.` : '.'),
  );
}

/** The payment status after `refunded` of `total` has been given back in all. */
export function paymentStatusAfterRefunds(total: number, refunded: number): PaymentStatus {
  if (refunded <= 0) return 'paid';
  return refunded >= total ? 'refunded' : 'partially_refunded';
}
