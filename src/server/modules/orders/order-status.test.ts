import { describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.js';
import {
  type FulfillmentStatus,
  fulfillmentStatusAllows,
  fulfillmentStatuses,
  moveFulfillment,
  type PaymentStatus,
  paymentStatusAfterRefunds,
  paymentStatusAllows,
  paymentStatuses,
} from './order-status.js';

const allowedPayment: [PaymentStatus, PaymentStatus][] = [
  ['pending', 'paid'],
  ['paid', 'partially_refunded'],
  ['paid', 'refunded'],
  ['partially_refunded', 'partially_refunded'],
  ['partially_refunded', 'refunded'],
];

const allowedFulfillment: [FulfillmentStatus, FulfillmentStatus][] = [
  ['unfulfilled', 'shipped'],
  ['unfulfilled', 'picked_up'],
  ['unfulfilled', 'cancelled'],
  ['shipped', 'delivered'],
];

describe('order statuses', () => {
  it('payment status: exactly the listed moves are allowed, every other pair is refused', () => {
    for (const from of paymentStatuses) {
      for (const to of paymentStatuses) {
        const listed = allowedPayment.some(([a, b]) => a === from && b === to);
        expect(paymentStatusAllows(from, to), `${from} → ${to}`).toBe(listed);
      }
    }
  });

  it('fulfilment status: exactly the listed moves are allowed, every other pair answers 409', () => {
    for (const from of fulfillmentStatuses) {
      for (const to of fulfillmentStatuses) {
        const listed = allowedFulfillment.some(([a, b]) => a === from && b === to);
        expect(fulfillmentStatusAllows(from, to), `${from} → ${to}`).toBe(listed);
        if (listed) {
          expect(moveFulfillment(from, to)).toBe(to);
        } else {
          const err = (() => {
            try {
              moveFulfillment(from, to);
              return null;
            } catch (e) {
              return e;
            }
          })();
          expect(err, `${from} → ${to}`).toBeInstanceOf(DomainError);
          expect((err as DomainError).kind).toBe('conflict');
        }
      }
    }
  });

  it('says where a refused order can go', () => {
    expect(() => moveFulfillment('shipped', 'cancelled')).toThrow(
      'An order that is shipped cannot be marked cancelled; it can be marked delivered.',
    );
    expect(() => moveFulfillment('cancelled', 'shipped')).toThrow(
      'An order that is cancelled cannot be marked shipped.',
    );
  });

  it('the payment status follows what has been refunded', () => {
    expect(paymentStatusAfterRefunds(1000, 0)).toBe('paid');
    expect(paymentStatusAfterRefunds(1000, 1)).toBe('partially_refunded');
    expect(paymentStatusAfterRefunds(1000, 999)).toBe('partially_refunded');
    expect(paymentStatusAfterRefunds(1000, 1000)).toBe('refunded');
  });
});
