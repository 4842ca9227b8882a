import type { Subscription } from '../../../contracts/memberships.js';
import type { subscriptions } from './schema.js';
import { isRenewable } from './subscription.js';

export type SubscriptionRow = typeof subscriptions.$inferSelect;

export const toSubscription = (
  row: SubscriptionRow,
  card: string | null,
  customerName: string | null,
): Subscription => ({
  id: row.id,
  customerId: row.customerId,
  customerName,
  plan: row.name,
  amount: row.amount,
  currency: row.currency,
  interval: row.interval,
  discountPercent: row.discountPercent,
  discountAppliesTo: row.discountAppliesTo,
  status: row.status,
  nextPaymentAt: isRenewable(row) || row.status === 'past_due' ? row.nextPaymentAt.toISOString() : null,
  cancelAtPeriodEnd: row.cancelAtPeriodEnd,
  failedAttempts: row.failedAttempts,
  paymentMethodId: row.paymentMethodId,
  card,
  orderId: row.orderId,
  createdAt: row.createdAt.toISOString(),
});
