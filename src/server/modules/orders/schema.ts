import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { fulfillmentStatuses, paymentStatuses } from './order-status.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Order numbers people read out (#1001, #1002…), in the order sales are made. A sale that fails
 * after taking its number leaves a gap: numbers are never reused.
 */
export const orderNumbers = pgSequence('order_numbers', { startWith: 1001 });

export const orderChannels = ['in_store', 'online', 'cart'] as const;
export const orderStates = ['pending', 'confirmed'] as const;
export const documentKinds = ['cash_sale', 'sales_order', 'invoice'] as const;
export const orderActorTypes = ['staff', 'api_token', 'system', 'customer'] as const;

export interface AddressSnapshot {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
  phone?: string | undefined;
}

/** One order book for every channel. Totals are computed once, from the lines, and kept. */
export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull().default(sql`nextval('order_numbers')`),
    channel: text('channel', { enum: orderChannels }).notNull(),
    /** The cart connection an imported order came from. */
    connectionId: text('connection_id'),
    /**
     * `pending` for a document imported from a cart, until staff confirm it: until then it touches
     * neither stock nor reports. Every other order is `confirmed` from the start.
     */
    state: text('state', { enum: orderStates }).notNull().default('confirmed'),
    /** What an imported cart order was recorded as: cash_sale, sales_order or invoice. */
    documentKind: text('document_kind', { enum: documentKinds }),
    /** The cart's own number for an imported order ("1042"). */
    externalNumber: text('external_number'),
    confirmedAt: ts('confirmed_at'),
    customerId: text('customer_id'),
    /** The contact details at the time of the order, so that the order reads the same later. */
    customerName: text('customer_name'),
    customerEmail: text('customer_email'),
    customerPhone: text('customer_phone'),
    paymentStatus: text('payment_status', { enum: paymentStatuses }).notNull(),
    fulfillmentStatus: text('fulfillment_status', { enum: fulfillmentStatuses }).notNull(),
    /** `shipping` or `pickup` for online orders; null at the register. */
    delivery: text('delivery', { enum: ['shipping', 'pickup'] }),
    shippingAddress: jsonb('shipping_address').$type<AddressSnapshot>(),
    courier: text('courier'),
    trackingId: text('tracking_id'),
    currency: text('currency').notNull(),
    pricesIncludeTax: boolean('prices_include_tax').notNull(),
    subtotal: integer('subtotal').notNull(),
    discount: integer('discount').notNull(),
    net: integer('net').notNull(),
    tax: integer('tax').notNull(),
    total: integer('total').notNull(),
    cost: integer('cost').notNull(),
    /** Given back so far, by any means. */
    refunded: integer('refunded').notNull().default(0),
    /**
     * What of the total was gift cards sold: money taken for a card is owed to its holder until
     * the card is spent, so sales reports leave it out (the goods it buys later count then).
     */
    giftCardsSold: integer('gift_cards_sold').notNull().default(0),
    actorType: text('actor_type', { enum: orderActorTypes }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    /** Lower-cased customer name and email, for the trigram search index. */
    search: text('search')
      .notNull()
      .generatedAlwaysAs(sql`lower(coalesce(customer_name, '') || ' ' || coalesce(customer_email, ''))`),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('orders_search').using('gin', sql`${t.search} gin_trgm_ops`),
    index('orders_payment_status_created').on(t.paymentStatus, t.createdAt, t.id),
    index('orders_fulfillment_status_created').on(t.fulfillmentStatus, t.createdAt, t.id),
    uniqueIndex('orders_number').on(t.number),
    index('orders_created').on(t.createdAt, t.id),
    index('orders_channel_created').on(t.channel, t.createdAt, t.id),
    index('orders_customer').on(t.customerId, t.createdAt),
    index('orders_pending_created').on(t.createdAt, t.id).where(sql`${t.state} = 'pending'`),
    check('orders_state', sql`${t.state} in ('pending', 'confirmed')`),
    check('orders_totals', sql`${t.total} >= 0 and ${t.tax} >= 0 and ${t.discount} >= 0`),
    check('orders_refunded', sql`${t.refunded} >= 0 and ${t.refunded} <= ${t.total}`),
    check(
      'orders_shipment',
      sql`${t.fulfillmentStatus} <> 'shipped' or (${t.courier} is not null and ${t.trackingId} is not null)`,
    ),
  ],
);

/** What was sold, as it was when sold: later edits to the item do not change an order. */
export const orderLines = pgTable(
  'order_lines',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    itemId: text('item_id'),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    sku: text('sku'),
    quantity: integer('quantity').notNull(),
    unitPrice: integer('unit_price').notNull(),
    unitCost: integer('unit_cost').notNull(),
    taxRate: integer('tax_rate').notNull(),
    discount: integer('discount').notNull(),
    net: integer('net').notNull(),
    tax: integer('tax').notNull(),
    total: integer('total').notNull(),
    /** Whether selling it took stock (a tracked product), so a refund knows whether to restock. */
    tracksStock: boolean('tracks_stock').notNull(),
    /** The card a gift card line sold: refunding the line closes the card. */
    giftCardId: text('gift_card_id'),
    /** The package a package line bought, or whose credits a service line used. */
    packageId: text('package_id'),
    /** How many of the line's units a package's credits paid for (charged 0). */
    creditsUsed: integer('credits_used').notNull().default(0),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
  },
  (t) => [
    index('order_lines_order').on(t.orderId, t.position),
    check('order_lines_quantity', sql`${t.quantity} > 0`),
    check('order_lines_credits', sql`${t.creditsUsed} >= 0 and ${t.creditsUsed} <= ${t.quantity}`),
    check('order_lines_refunded', sql`${t.refundedQuantity} >= 0 and ${t.refundedQuantity} <= ${t.quantity}`),
  ],
);

/** `cart`: paid in the cart an order was imported from (its method and reference kept as said there). */
export const tenderMethods = ['cash', 'card', 'gift_card', 'cart'] as const;

/** How the order was paid: one row per tender. Card tenders point at the payments module's record. */
export const orderTenders = pgTable(
  'order_tenders',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    method: text('method', { enum: tenderMethods }).notNull(),
    /** Applied to the order (for cash, the price, not what was handed over). */
    amount: integer('amount').notNull(),
    /** Cash handed over, and the change given back. */
    tendered: integer('tendered'),
    change: integer('change'),
    paymentId: text('payment_id'),
    /** The gift card a gift card tender was redeemed from. */
    giftCardId: text('gift_card_id'),
    /** A cart tender's payment method as the cart names it ("PayPal"), and its transaction reference. */
    label: text('label'),
    reference: text('reference'),
    refunded: integer('refunded').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('order_tenders_order').on(t.orderId),
    check(
      'order_tenders_amount',
      sql`${t.amount} > 0 and ${t.refunded} >= 0 and ${t.refunded} <= ${t.amount}`,
    ),
  ],
);

/** Everything that happened to an order, who did it and when. */
export const orderHistory = pgTable(
  'order_history',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    /** created, payment_status, fulfillment_status, refund, note */
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    detail: text('detail'),
    actorType: text('actor_type', { enum: orderActorTypes }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_history_order').on(t.orderId, t.id)],
);

/**
 * Money given back, and the cost of goods that came back to stock, on the day it happened: sales
 * reports subtract these on their own day, not on the day of the order.
 */
export const orderRefunds = pgTable(
  'order_refunds',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    channel: text('channel', { enum: orderChannels }).notNull(),
    /** Given back, tax included. */
    amount: integer('amount').notNull(),
    /** The tax and the net in that amount, in the order's proportions. */
    tax: integer('tax').notNull(),
    net: integer('net').notNull(),
    /** The cost of goods put back in stock. */
    cost: integer('cost').notNull(),
    /**
     * How the money went back (cash, card, gift card), and the tender of the order it was given
     * back on; null on a row that only returns goods' cost, and on refunds older than these columns
     * whose order had more than one tender.
     */
    method: text('method', { enum: tenderMethods }),
    tenderId: text('tender_id'),
    /** Given back too but not in `amount`: the part that was gift cards sold (never sales). */
    giftCards: integer('gift_cards').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('order_refunds_created').on(t.createdAt),
    index('order_refunds_order').on(t.orderId),
    check(
      'order_refunds_amounts',
      sql`${t.amount} >= 0 and ${t.tax} >= 0 and ${t.cost} >= 0 and ${t.giftCards} >= 0`,
    ),
  ],
);
