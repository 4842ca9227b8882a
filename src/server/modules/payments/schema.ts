import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

import { paymentEntries, paymentPurposes, paymentStatuses } from '../../../contracts/payments.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One card payment attempt and what became of it. Card numbers are never here: only the brand,
 * the last four digits and the gateway's references.
 */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    /** The `orderid` sent to the gateway: unique per attempt, so that a lost answer can be found. */
    gatewayOrderId: text('gateway_order_id').notNull(),
    gateway: text('gateway', { enum: ['sandbox', 'cardpointe'] }).notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    purpose: text('purpose', { enum: paymentPurposes }).notNull(),
    entry: text('entry', { enum: paymentEntries }).notNull(),
    /** Asked for, approved, captured and refunded so far, in minor units. */
    amount: integer('amount').notNull(),
    approvedAmount: integer('approved_amount').notNull().default(0),
    capturedAmount: integer('captured_amount').notNull().default(0),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    currency: text('currency').notNull(),
    customerId: text('customer_id'),
    orderId: text('order_id'),
    paymentMethodId: text('payment_method_id'),
    brand: text('brand'),
    last4: text('last4'),
    retref: text('retref'),
    authCode: text('auth_code'),
    /** The gateway's answer: respstat (A, B, C), respcode, resptext, respproc, AVS and CVV results. */
    respStat: text('resp_stat'),
    respCode: text('resp_code'),
    respText: text('resp_text'),
    respProc: text('resp_proc'),
    avsResp: text('avs_resp'),
    cvvResp: text('cvv_resp'),
    /** What Tandem did beyond the first answer, e.g. "Timed out; found approved by inquiry". */
    note: text('note'),
    /**
     * When Tandem found the sale's card payment approved with no order written for it after the
     * grace period (a crash between the charge and the order) and began to give it back. From then
     * on no order can take it: attaching checks that this is still null.
     */
    abandonedAt: ts('abandoned_at'),
    actorType: text('actor_type', { enum: ['staff', 'api_token', 'system', 'customer'] }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_gateway_order_id').on(t.gatewayOrderId),
    // Sales' payments approved but not (yet) part of an order: what the reconciliation looks at.
    index('payments_unattached')
      .on(t.updatedAt)
      .where(
        sql`${t.orderId} is null and ${t.purpose} = 'sale' and ${t.status} in ('authorized', 'captured')`,
      ),
    index('payments_created').on(t.createdAt, t.id),
    index('payments_status_created').on(t.status, t.createdAt, t.id),
    index('payments_last4').on(t.last4),
    index('payments_order').on(t.orderId),
    index('payments_customer').on(t.customerId, t.id),
    check(
      'payments_status',
      sql`${t.status} in ('pending', 'authorized', 'captured', 'declined', 'failed', 'voided', 'partially_refunded', 'refunded')`,
    ),
    check(
      'payments_amounts',
      sql`${t.amount} >= 0 and ${t.approvedAmount} >= 0 and ${t.capturedAmount} <= ${t.approvedAmount}`,
    ),
    check('payments_refunds', sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.capturedAmount}`),
  ],
);

export const operationKinds = ['authorize', 'capture', 'void', 'refund'] as const;
export const operationStatuses = ['pending', 'approved', 'declined', 'failed'] as const;

/**
 * Every call made to the gateway for a payment, intent first: a row is written `pending` before
 * the call and completed after it, so that a crash in between leaves a trace the settling job
 * resolves by asking the gateway.
 */
export const paymentOperations = pgTable(
  'payment_operations',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id').notNull(),
    kind: text('kind', { enum: operationKinds }).notNull(),
    status: text('status', { enum: operationStatuses }).notNull(),
    amount: integer('amount').notNull(),
    /** For refunds: the `orderid` sent with it, to find it again. */
    gatewayOrderId: text('gateway_order_id'),
    retref: text('retref'),
    respStat: text('resp_stat'),
    respCode: text('resp_code'),
    respText: text('resp_text'),
    respProc: text('resp_proc'),
    reason: text('reason'),
    actorType: text('actor_type', { enum: ['staff', 'api_token', 'system', 'customer'] }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
  },
  (t) => [
    index('payment_operations_payment').on(t.paymentId, t.id),
    index('payment_operations_pending').on(t.createdAt).where(sql`${t.status} = 'pending'`),
    check('payment_operations_kind', sql`${t.kind} in ('authorize', 'capture', 'void', 'refund')`),
    check('payment_operations_status', sql`${t.status} in ('pending', 'approved', 'declined', 'failed')`),
    check('payment_operations_amount', sql`${t.amount} >= 0`),
  ],
);

export const queuedRefundStatuses = ['queued', 'sending', 'sent', 'failed'] as const;

/**
 * Money owed back to a card whose payment the gateway has not settled yet: a part of it cannot be
 * refunded before then (only the whole voided). Written with the order's refund; the job sends it
 * once the gateway shows the payment settled. `sending` holds the refund operation whose intent was
 * written before the call (`operationId`), so that a retry or a restart never sends it twice.
 */
export const queuedRefunds = pgTable(
  'queued_refunds',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id').notNull(),
    orderId: text('order_id'),
    amount: integer('amount').notNull(),
    status: text('status', { enum: queuedRefundStatuses }).notNull(),
    reason: text('reason'),
    operationId: text('operation_id'),
    attempts: integer('attempts').notNull().default(0),
    /** Why the last attempt did not go through (a timeout, a refusal). */
    lastError: text('last_error'),
    actorType: text('actor_type', { enum: ['staff', 'api_token', 'system', 'customer'] }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('queued_refunds_open').on(t.createdAt).where(sql`${t.status} in ('queued', 'sending')`),
    index('queued_refunds_payment').on(t.paymentId),
    index('queued_refunds_order').on(t.orderId),
    check('queued_refunds_status', sql`${t.status} in ('queued', 'sending', 'sent', 'failed')`),
    check('queued_refunds_amount', sql`${t.amount} > 0`),
  ],
);

/**
 * A customer's saved card: a gateway profile. Only what identifies it to them and to the gateway;
 * the card itself stays with the gateway.
 */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    gateway: text('gateway', { enum: ['sandbox', 'cardpointe'] }).notNull(),
    profileId: text('profile_id').notNull(),
    accountId: text('account_id').notNull(),
    brand: text('brand').notNull(),
    last4: text('last4').notNull(),
    /** MMYY, as the gateway gives it. */
    expiry: text('expiry').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('payment_methods_customer').on(t.customerId, t.id),
    uniqueIndex('payment_methods_profile').on(t.customerId, t.gateway, t.profileId, t.accountId),
    index('payment_methods_gateway_profile').on(t.gateway, t.profileId),
  ],
);
