import { z } from 'zod';
import {
  customerOrderSchema,
  fulfillmentChangeSchema,
  orderChannels,
  orderFulfillmentStatuses,
  orderPaymentStatuses,
  orderRefundResultSchema,
  orderRefundSchema,
  orderSchema,
  orderSummarySchema,
  registerSaleSchema,
} from '../../../contracts/orders.js';
import { paymentDetailSchema, refundPaymentSchema } from '../../../contracts/payments.js';
import type { AppDeps } from '../../app.js';
import { actorOf, anyStaff, hasRole, refunders, requireCustomer } from '../../platform/auth.js';
import { zonedDayRange } from '../../platform/days.js';
import { notFound } from '../../platform/errors.js';
import { type App, pageOf, pageQuery } from '../../platform/http.js';
import { getSettings } from '../settings/index.js';
import { changeFulfillment } from './change-fulfillment.js';
import { checkoutRoutes } from './checkout-routes.js';
import { confirmOrder } from './confirm-order.js';
import { getOrder } from './place-order.js';
import { listOrders } from './read-orders.js';
import { receiptRoutes } from './receipt-routes.js';
import { refundCardPayment, refundOrder } from './refund-order.js';
import { retryCardRefund } from './retry-card-refund.js';
import { sellAtRegister } from './sell-at-register.js';

const idParams = z.object({ id: z.string().max(64) });

const day = (what: string) => z.iso.date().optional().describe(`${what} (a day in the shop’s time zone)`);

const orderListQuery = pageQuery.extend({
  channel: z.enum(orderChannels).optional(),
  /** A payment or a fulfilment status: whichever it names. */
  status: z.enum([...orderPaymentStatuses, ...orderFulfillmentStatuses]).optional(),
  paymentStatus: z.enum(orderPaymentStatuses).optional(),
  fulfillmentStatus: z.enum(orderFulfillmentStatuses).optional(),
  from: day('created on or after'),
  to: day('created on or before'),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('an order number, or part of the customer’s name or email'),
  customerId: z.string().max(64).optional(),
  delivery: z.enum(['shipping', 'pickup']).optional().describe('online orders sent by courier, or collected'),
  refunded: z.enum(['true', 'false']).optional().describe('`true`: only orders some of which was given back'),
  state: z
    .enum(['pending', 'confirmed'])
    .optional()
    .describe('`pending`: imported cart documents waiting to be confirmed; `confirmed`: every other order'),
  connectionId: z.string().max(64).optional().describe('orders imported through this cart connection'),
});

const isPaymentStatus = (s: string): s is (typeof orderPaymentStatuses)[number] =>
  (orderPaymentStatuses as readonly string[]).includes(s);

export async function orderRoutes(app: App, deps: AppDeps): Promise<void> {
  const { db } = deps.database;
  await receiptRoutes(app, deps);

  app.post(
    '/api/pos/sales',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['register'],
        summary: 'A sale at the register: lines, an optional customer, and payments that cover the total',
        description:
          'Cards are charged first; the order, its stock movements and payment records are then written together. ' +
          'Cash may be more than the total: the difference is the change. Send an Idempotency-Key.',
        body: registerSaleSchema,
        response: { 201: orderSchema },
      },
    },
    async (request, reply) => {
      const order = await sellAtRegister(
        {
          db,
          gateway: deps.gateway,
          mailer: deps.mailer,
          giftCardVault: deps.giftCardVault,
          shopUrl: `${deps.config.publicUrl}/shop`,
        },
        request.body,
        actorOf(request.principal),
      );
      return reply.code(201).send(order);
    },
  );

  app.get(
    '/api/admin/orders',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['orders'],
        summary: 'The order book, newest first, filtered by channel, status, dates, number or customer',
        querystring: orderListQuery,
        response: { 200: pageOf(orderSummarySchema) },
      },
    },
    async (request) => {
      const { channel, status, from, to, refunded, ...rest } = request.query;
      const { timeZone } = from || to ? await getSettings(db) : { timeZone: 'UTC' };
      return listOrders(db, {
        ...rest,
        channels: channel ? [channel] : undefined,
        paymentStatus: rest.paymentStatus ?? (status && isPaymentStatus(status) ? status : undefined),
        fulfillmentStatus:
          rest.fulfillmentStatus ?? (status && !isPaymentStatus(status) ? status : undefined),
        refunded: refunded === 'true',
        ...zonedDayRange(from, to, timeZone),
      });
    },
  );

  app.get(
    '/api/pos/transactions',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['register'],
        summary: 'The register’s transactions: In Store (register sales) or Online (the shop and carts)',
        querystring: pageQuery.extend({ tab: z.enum(['in_store', 'online']).default('in_store') }),
        response: { 200: pageOf(orderSummarySchema) },
      },
    },
    async (request) =>
      listOrders(db, {
        limit: request.query.limit,
        cursor: request.query.cursor,
        channels: request.query.tab === 'in_store' ? ['in_store'] : ['online', 'cart'],
      }),
  );

  app.get(
    '/api/admin/orders/:id',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['orders'],
        summary: 'One order: lines, totals, payments, statuses, contact and shipping details, history',
        params: idParams,
        response: { 200: orderSchema },
      },
    },
    async (request) => getOrder(db, request.params.id),
  );

  app.post(
    '/api/admin/orders/:id/fulfillment',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['orders'],
        summary: 'Marks an order shipped (courier and tracking id needed), delivered, picked up or cancelled',
        description:
          'Shipping emails the customer the courier, the tracking id and, for a known courier, a tracking link. ' +
          'Cancelling an unfulfilled order refunds or voids its payments and puts its goods back in stock. ' +
          'Money goes back only for those who may refund (owner, manager): a cashier cancelling an order ' +
          'with money still to give back gets 403, and can cancel it once a manager has refunded it.',
        params: idParams,
        body: fulfillmentChangeSchema,
        response: { 200: orderSchema },
      },
    },
    async (request) =>
      changeFulfillment(
        { db, gateway: deps.gateway, mailer: deps.mailer },
        request.params.id,
        request.body,
        actorOf(request.principal),
        { mayRefund: hasRole(request.principal, refunders) },
      ),
  );

  app.post(
    '/api/admin/orders/:id/confirm',
    {
      config: { access: anyStaff },
      schema: {
        tags: ['orders'],
        summary: 'Confirms a pending document imported from a cart',
        description:
          'Its tracked products leave stock through the ledger and it counts in reports on its date in the ' +
          'cart. Confirming an order that is not pending answers 409 `conflict` and moves nothing.',
        params: idParams,
        response: { 200: orderSchema },
      },
    },
    async (request) => confirmOrder(db, request.params.id, actorOf(request.principal)),
  );

  app.post(
    '/api/admin/orders/:id/refunds',
    {
      config: { access: refunders },
      schema: {
        tags: ['orders'],
        summary: 'Gives money back on an order, whole or by line, optionally restocking the lines',
        description:
          'Each payment gets its own back by default: cards through the gateway (a whole payment voided ' +
          'before it settles; a part of it only once settled, else 409 `payment_not_settled`), cash paid ' +
          'out, gift cards credited. `method` chooses instead: `card` queues a part of an unsettled card ' +
          'payment (shown on the order in `cardRefunds`, sent by a job once the payment settles); `cash` ' +
          'pays it out at once; `gift_card` puts it on the card of `giftCardCode`, or on a new store credit ' +
          'card issued to the customer (its full code only in this answer’s `storeCredit`, and emailed to ' +
          'the customer). The customer is emailed a refund receipt when the order has their email.',
        params: idParams,
        body: orderRefundSchema,
        response: { 200: orderRefundResultSchema },
      },
    },
    async (request) =>
      refundOrder(
        {
          db,
          gateway: deps.gateway,
          mailer: deps.mailer,
          giftCardVault: deps.giftCardVault,
          shopUrl: `${deps.config.publicUrl}/shop`,
        },
        request.params.id,
        request.body,
        actorOf(request.principal),
      ),
  );

  app.post(
    '/api/admin/orders/:id/card-refunds/:refundId/retry',
    {
      config: { access: refunders },
      schema: {
        tags: ['orders'],
        summary: 'Puts a refund owed to a card that failed (the gateway kept refusing it) back in the queue',
        description:
          'The refund is tried again from its first attempt by the job that sends refunds owed to cards; ' +
          '409 when it has not failed (it is queued, being sent or sent), 404 when the order owes no such refund.',
        params: z.object({ id: z.string().max(64), refundId: z.string().max(64) }),
        response: { 200: orderSchema },
      },
    },
    async (request) =>
      retryCardRefund(db, request.params.id, request.params.refundId, actorOf(request.principal)),
  );

  // Registered here, above payments: a card payment taken for an order is given back on its order.
  app.post(
    '/api/admin/payments/:id/refunds',
    {
      config: { access: refunders },
      schema: {
        tags: ['payments'],
        summary: 'Gives money back: voids the whole payment before settlement, refunds any part after',
        description:
          'A payment taken for an order is refunded on that order, exactly as the order’s own refund: its ' +
          'refunded amount, payment status, history and the sales report show it. A payment of no order ' +
          '(a card check) is refunded on its own.',
        params: z.object({ id: z.string().max(64) }),
        body: refundPaymentSchema,
        response: { 200: paymentDetailSchema },
      },
    },
    async (request) =>
      refundCardPayment(
        { db, gateway: deps.gateway, mailer: deps.mailer },
        request.params.id,
        request.body,
        actorOf(request.principal),
      ),
  );

  await checkoutRoutes(app, deps);

  app.get(
    '/api/store/account/orders',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: 'The signed-in customer’s orders from every channel, newest first',
        querystring: pageQuery,
        response: { 200: pageOf(orderSummarySchema) },
      },
    },
    async (request) => listOrders(db, { ...request.query, customerId: requireCustomer(request).customerId }),
  );

  app.get(
    '/api/store/account/orders/:id',
    {
      config: { access: 'customer' },
      schema: {
        tags: ['customer accounts'],
        summary: 'One of the signed-in customer’s orders (another customer’s answers 404)',
        params: idParams,
        response: { 200: customerOrderSchema },
      },
    },
    async (request) => {
      const order = await getOrder(db, request.params.id);
      if (order.customer?.id !== requireCustomer(request).customerId) throw notFound('No such order.');
      const { history: _, ...mine } = order;
      return mine;
    },
  );
}
