import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { subscriptionStatuses } from './subscription.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A membership bought by a customer: a recurring order charged to a saved card (a gateway profile)
 * every month or year, starting from the day it was bought.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    /** The membership in the catalogue, and its name and discount as bought. */
    itemId: text('item_id').notNull(),
    name: text('name').notNull(),
    discountPercent: integer('discount_percent'),
    status: text('status', { enum: subscriptionStatuses }).notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    interval: text('interval', { enum: ['month', 'year'] }).notNull(),
    /** The day of the month it renews on (the day it was bought). */
    anchorDay: integer('anchor_day').notNull(),
    /** The saved card the next renewal charges. */
    paymentMethodId: text('payment_method_id').notNull(),
    /** The start of the period the next charge pays for, and when that charge (or its retry) is due. */
    periodStart: ts('period_start').notNull(),
    nextPaymentAt: ts('next_payment_at').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** A run renewing it holds it until then; another run leaves it alone meanwhile. */
    renewingUntil: ts('renewing_until'),
    /** The order that bought it. */
    orderId: text('order_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('subscriptions_due').on(t.status, t.nextPaymentAt),
    index('subscriptions_customer').on(t.customerId, t.createdAt),
    check('subscriptions_amount', sql`${t.amount} > 0 and ${t.failedAttempts} >= 0`),
  ],
);

export const renewalStatuses = ['charging', 'approved', 'declined'] as const;

/**
 * Each attempt to charge a period, written before the card is charged with the payment's id, so
 * that a period is charged at most once whatever runs it, reruns it or stops half-way: one attempt
 * per (subscription, period, try), and at most one approved per period.
 */
export const subscriptionRenewals = pgTable(
  'subscription_renewals',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    periodStart: ts('period_start').notNull(),
    attempt: integer('attempt').notNull(),
    paymentId: text('payment_id').notNull(),
    status: text('status', { enum: renewalStatuses }).notNull(),
    /** The renewal order, once paid. */
    orderId: text('order_id'),
    declineReason: text('decline_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    uniqueIndex('subscription_renewals_attempt').on(t.subscriptionId, t.periodStart, t.attempt),
    uniqueIndex('subscription_renewals_paid')
      .on(t.subscriptionId, t.periodStart)
      .where(sql`${t.status} = 'approved'`),
    index('subscription_renewals_open').on(t.status, t.createdAt),
  ],
);
