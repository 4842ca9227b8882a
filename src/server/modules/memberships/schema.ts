import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { discountScopes } from '../../../contracts/catalog.js';
import { subscriptionStatuses } from './subscription.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The package or membership in the catalogue, and its name and discount as the customer bought it. */
const planAsBought = {
  itemId: text('item_id').notNull(),
  name: text('name').notNull(),
  discountPercent: integer('discount_percent'),
  discountAppliesTo: text('discount_applies_to', { enum: discountScopes }).notNull().default('services'),
};

/**
 * A membership bought by a customer: a recurring order charged to a saved card (a gateway profile)
 * every month or year, starting from the day it was bought.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    ...planAsBought,
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
    /** When the membership said the charge was due (its `nextPaymentAt` when the attempt began). */
    dueAt: ts('due_at'),
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

export const packageStatuses = ['active', 'refunded'] as const;

/**
 * A package bought by a customer: credits for the services it includes, usable until it expires,
 * and its discount on other services meanwhile. Expiry is read from `expiresAt`; `refunded` is set
 * when its unused value has been given back (its credits are then gone).
 */
export const customerPackages = pgTable(
  'customer_packages',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    ...planAsBought,
    /** What the customer paid for it (the order line's total): refunds give back part of this. */
    price: integer('price').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: packageStatuses }).notNull(),
    startsAt: ts('starts_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    orderId: text('order_id').notNull(),
    orderLineId: text('order_line_id').notNull(),
    refundedAt: ts('refunded_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('customer_packages_customer').on(t.customerId, t.expiresAt),
    uniqueIndex('customer_packages_order_line').on(t.orderLineId),
    check('customer_packages_price', sql`${t.price} >= 0 and ${t.expiresAt} > ${t.startsAt}`),
  ],
);

/** The credits a package holds for one service: how many it came with and how many are left. */
export const packageCredits = pgTable(
  'package_credits',
  {
    packageId: text('package_id')
      .notNull()
      .references(() => customerPackages.id),
    itemId: text('item_id').notNull(),
    name: text('name').notNull(),
    /** The service's price when the package was bought: what a credit is worth in a pro-rata refund. */
    unitPrice: integer('unit_price').notNull(),
    included: integer('included').notNull(),
    remaining: integer('remaining').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.packageId, t.itemId] }),
    check('package_credits_remaining', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.included}`),
  ],
);

export const creditEntryKinds = ['grant', 'use', 'return', 'forfeit'] as const;

/**
 * Every change to a package's credits, append-only: granted when bought, used by a sale, returned
 * when that sale's line is refunded, forfeited when the package is refunded. `remaining` in
 * `package_credits` is the running sum, kept with it in one transaction.
 */
export const packageCreditEntries = pgTable(
  'package_credit_entries',
  {
    id: text('id').primaryKey(),
    packageId: text('package_id')
      .notNull()
      .references(() => customerPackages.id),
    itemId: text('item_id').notNull(),
    kind: text('kind', { enum: creditEntryKinds }).notNull(),
    quantity: integer('quantity').notNull(),
    remainingAfter: integer('remaining_after').notNull(),
    orderId: text('order_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('package_credit_entries_package').on(t.packageId, t.createdAt),
    check('package_credit_entries_remaining', sql`${t.remainingAfter} >= 0`),
  ],
);
