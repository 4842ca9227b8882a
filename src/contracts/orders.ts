import { z } from 'zod';
import { amountField } from './common.js';
import { addressSchema } from './customers.js';
import { cardTokenFields } from './payments.js';

export const orderChannels = ['in_store', 'online', 'cart'] as const;
export const refundMethods = ['card', 'cash', 'gift_card'] as const;
export type RefundMethod = (typeof refundMethods)[number];
export const orderPaymentStatuses = ['pending', 'paid', 'partially_refunded', 'refunded'] as const;
export const orderFulfillmentStatuses = [
  'unfulfilled',
  'shipped',
  'delivered',
  'picked_up',
  'cancelled',
] as const;
export type PaymentStatus = (typeof orderPaymentStatuses)[number];
export type FulfillmentStatus = (typeof orderFulfillmentStatuses)[number];

/** Where an order's goods can go from where they are: the fulfilment state machine. */
export const fulfillmentMoves: Record<FulfillmentStatus, readonly FulfillmentStatus[]> = {
  unfulfilled: ['shipped', 'picked_up', 'cancelled'],
  // Once it has left, it can only arrive: goods on their way are returned by a refund, not a cancel.
  shipped: ['delivered'],
  delivered: [],
  picked_up: [],
  cancelled: [],
};

const minor = (what: string) =>
  z.number().int('must be a whole number of minor units').describe(`${what}, in minor units`);

export const orderLineSchema = z
  .object({
    id: z.string(),
    itemId: z.string().nullable(),
    kind: z.string(),
    name: z.string(),
    sku: z.string().nullable(),
    quantity: z.number().int(),
    unitPrice: minor('price of one'),
    taxRate: z.number().int().describe('basis points'),
    discount: minor('off the whole line'),
    net: minor('without tax, after the discount'),
    tax: minor('tax'),
    total: minor('what the line costs the customer'),
    packageId: z
      .string()
      .nullable()
      .describe('the package a package line bought, or whose credits a service line used'),
    creditsUsed: z.number().int().describe('units paid for with package credits (charged 0)'),
    refundedQuantity: z.number().int(),
  })
  .meta({ id: 'OrderLine' });

export const orderTenderSchema = z
  .object({
    id: z.string(),
    method: z
      .enum(['cash', 'card', 'gift_card', 'cart'])
      .describe('`cart`: paid in the cart it was imported from'),
    amount: minor('applied to the order'),
    tendered: z.number().int().nullable().describe('cash handed over'),
    change: z.number().int().nullable().describe('cash given back'),
    paymentId: z.string().nullable(),
    card: z.string().nullable().describe('"Visa •••• 1111" for a card tender'),
    label: z.string().nullable().describe('a cart tender: the payment method as the cart names it'),
    reference: z.string().nullable().describe('a cart tender: the payment’s reference in the cart'),
    refunded: z.number().int(),
  })
  .meta({ id: 'OrderTender' });

export const orderHistoryEntrySchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    detail: z.string().nullable(),
    actor: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'OrderHistoryEntry' });

function orderCardRefundSchema() {
  return z
    .object({
      id: z.string(),
      paymentId: z.string(),
      amount: minor('owed back to the card'),
      card: z.string().nullable().describe('"Visa •••• 1111"'),
      status: z
        .enum(['queued', 'sending', 'sent', 'failed'])
        .describe(
          'queued until the payment settles; sent once the gateway refunded it; failed after repeated refusals',
        ),
      lastError: z.string().nullable(),
      createdAt: z.iso.datetime(),
      sentAt: z.iso.datetime().nullable(),
    })
    .meta({ id: 'OrderCardRefund' });
}

/** An address as an order keeps it (and as a cart sends one). */
export const addressSnapshotSchema = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
  phone: z.string().optional(),
});

export const orderSchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    channel: z.enum(orderChannels),
    state: z
      .enum(['pending', 'confirmed'])
      .describe('imported cart orders are `pending` until confirmed; every other order `confirmed`'),
    cart: z
      .object({
        connectionId: z.string(),
        documentKind: z.enum(['cash_sale', 'sales_order', 'invoice']).nullable(),
        number: z.string().nullable().describe('the cart’s own order number'),
      })
      .nullable()
      .describe('where an imported order came from'),
    customer: z
      .object({
        id: z.string().nullable(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
      })
      .nullable(),
    paymentStatus: z.enum(orderPaymentStatuses),
    fulfillmentStatus: z.enum(orderFulfillmentStatuses),
    delivery: z.enum(['shipping', 'pickup']).nullable(),
    shippingAddress: addressSnapshotSchema.nullable(),
    shipment: z.object({ courier: z.string(), trackingId: z.string() }).nullable(),
    currency: z.string(),
    pricesIncludeTax: z.boolean(),
    subtotal: minor('lines before discounts'),
    discount: minor('discounts'),
    net: minor('without tax'),
    tax: minor('tax'),
    total: minor('total'),
    refunded: minor('given back so far'),
    change: minor('cash given back at the register'),
    lines: z.array(orderLineSchema),
    tenders: z.array(orderTenderSchema),
    history: z.array(orderHistoryEntrySchema),
    cardRefunds: z
      .array(orderCardRefundSchema())
      .describe('refunds owed to a card until its payment settles, and when they were sent'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof orderSchema>;

export const orderSummarySchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    channel: z.enum(orderChannels),
    state: z.enum(['pending', 'confirmed']),
    connectionId: z.string().nullable(),
    externalNumber: z.string().nullable().describe('the cart’s own order number'),
    customerId: z.string().nullable(),
    customerName: z.string().nullable(),
    customerEmail: z.string().nullable(),
    paymentStatus: z.enum(orderPaymentStatuses),
    fulfillmentStatus: z.enum(orderFulfillmentStatuses),
    delivery: z.enum(['shipping', 'pickup']).nullable(),
    currency: z.string(),
    total: minor('total'),
    refunded: minor('given back so far'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'OrderSummary' });
export type OrderSummary = z.infer<typeof orderSummarySchema>;

const saleLine = z
  .object({
    itemId: z.string().trim().min(1).max(64),
    quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000),
    discount: amountField('off the whole line').optional(),
  })
  .strict();

const tender = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('cash'),
      amount: amountField('handed over').positive('must be more than zero'),
    })
    .strict(),
  z
    .object({
      method: z.literal('card'),
      amount: amountField('to charge').positive('must be more than zero'),
      cardToken: cardTokenFields.cardToken.optional(),
      expiry: cardTokenFields.expiry.optional(),
      paymentMethodId: z.string().trim().max(64).optional(),
      saveCard: z
        .boolean()
        .optional()
        .describe('keep the card for the sale’s customer (a membership renews on it)'),
    })
    .strict(),
  z
    .object({
      method: z.literal('gift_card'),
      amount: amountField('to redeem').positive('must be more than zero'),
      code: z.string().trim().max(64),
    })
    .strict(),
]);

const giftCardSale = z
  .object({
    amount: amountField('to put on the card').positive('must be more than zero'),
    serial: z
      .string()
      .trim()
      .max(40)
      .optional()
      .describe('the scanned or typed serial of a physical card; a virtual card (emailed) when left out'),
    ownerEmail: z.email('must be an email address').max(254).optional().describe('who the card is for'),
  })
  .strict();

export const registerSaleSchema = z
  .object({
    customerId: z.string().trim().max(64).optional(),
    lines: z.array(saleLine).max(200).default([]),
    giftCards: z.array(giftCardSale).max(20).optional().describe('gift cards sold in this sale'),
    payments: z.array(tender).max(10).default([]).describe('none when package credits pay for everything'),
  })
  .strict()
  .refine((s) => s.lines.length > 0 || (s.giftCards?.length ?? 0) > 0, {
    path: ['lines'],
    message: 'must have at least one line or gift card',
  })
  .meta({ id: 'RegisterSale' });
export type RegisterSale = z.infer<typeof registerSaleSchema>;

export const fulfillmentChangeSchema = z
  .object({
    status: z.enum(['shipped', 'delivered', 'picked_up', 'cancelled']),
    courier: z.string().trim().max(100).optional(),
    trackingId: z.string().trim().max(100).optional(),
  })
  .strict()
  .meta({ id: 'FulfillmentChange' });

export const orderRefundSchema = z
  .object({
    amount: amountField('to give back; the value of the lines, or all that is left, when left out')
      .positive('must be more than zero')
      .optional(),
    lines: z
      .array(
        z
          .object({
            lineId: z.string().max(64),
            quantity: z
              .number()
              .int('must be a whole number')
              .min(1, 'must be at least 1')
              .max(10_000, 'must be at most 10000'),
          })
          .strict(),
      )
      .max(200)
      .optional(),
    restock: z.boolean().optional().describe('put the lines’ products back in stock'),
    reason: z.string().trim().max(500).optional(),
    method: z
      .enum(refundMethods)
      .optional()
      .describe(
        'how the money goes back: `card` to the card it was paid with (a part of a payment the gateway has not settled yet is queued and sent once it settles), `cash` at the counter, `gift_card` onto a gift card (store credit); left out, each payment gets its own back, a card only what the gateway can take now',
      ),
    giftCardCode: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(64)
      .optional()
      .describe(
        'with `method: gift_card`, the card to put it on; a new store credit card for the customer when left out',
      ),
  })
  .strict()
  .refine((r) => r.giftCardCode === undefined || r.method === 'gift_card', {
    path: ['giftCardCode'],
    message: 'goes only with method gift_card',
  })
  .meta({ id: 'OrderRefund' });
export type OrderRefund = z.infer<typeof orderRefundSchema>;

/** An order after a refund; with the store credit card it issued, whose full code is shown only here. */
export const orderRefundResultSchema = orderSchema
  .extend({
    storeCredit: z
      .object({
        giftCardId: z.string(),
        code: z.string().describe('the full code: shown once'),
        maskedCode: z.string(),
        amount: minor('put on the card'),
        emailedTo: z.string().nullable(),
      })
      .nullable()
      .optional(),
  })
  .meta({ id: 'OrderRefundResult' });
export type OrderRefundResult = z.infer<typeof orderRefundResultSchema>;

export const shippingAddressSchema = addressSchema
  .omit({ label: true })
  .extend({
    name: z
      .string()
      .trim()
      .max(200)
      .optional()
      .describe('who receives it; the customer’s name when left out'),
    phone: z.string().trim().max(30).optional(),
  })
  .strict()
  .meta({ id: 'ShippingAddress' });

export const checkoutSchema = z
  .object({
    lines: z
      .array(
        z.union([
          z
            .object({
              itemId: z.string().trim().min(1).max(64),
              quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000),
            })
            .strict(),
          z
            .object({
              giftCard: z
                .object({
                  amount: amountField('to put on the card').positive('must be more than zero'),
                  recipientEmail: z
                    .email('must be an email address')
                    .max(254)
                    .describe('who will own the card'),
                  message: z
                    .string()
                    .max(5000)
                    .optional()
                    .describe('HTML: bold, italic, underline, size, font, colour and links; sanitised'),
                })
                .strict(),
            })
            .strict(),
        ]),
      )
      .min(1, 'must have at least one line')
      .max(100),
    shippingAddress: shippingAddressSchema
      .optional()
      .describe('delivered here; collected in store when left out'),
    giftCardCodes: z
      .array(z.string().trim().min(1, 'must not be empty').max(64))
      .max(5)
      .optional()
      .describe('gift cards to pay with, each taking what is on it, in this order'),
    payment: z
      .union([
        z.object({ ...cardTokenFields, saveCard: z.boolean().optional() }).strict(),
        z.object({ paymentMethodId: z.string().trim().min(1).max(64) }).strict(),
      ])
      .optional()
      .describe('the card for what gift cards do not cover; not needed when they cover it all'),
    email: z
      .email('must be an email address')
      .max(254)
      .optional()
      .describe(
        'checking out without signing in (when the shop allows guest checkout): where the receipt goes; required then, and only then',
      ),
  })
  .strict()
  .meta({ id: 'Checkout' });
export type Checkout = z.infer<typeof checkoutSchema>;

const salesFigures = {
  gross: z.number().int(),
  discounts: z.number().int(),
  tax: z.number().int(),
  net: z.number().int(),
  cost: z.number().int(),
  profit: z.number().int(),
  refunds: z.number().int(),
  orders: z.number().int(),
  averageOrder: z.number().int(),
};

export const salesReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    days: z.array(z.object({ day: z.string(), channel: z.enum(orderChannels), ...salesFigures })),
    byChannel: z.array(z.object({ channel: z.enum(orderChannels), ...salesFigures })),
    total: z.object(salesFigures),
  })
  .meta({ id: 'SalesReport' });
export type SalesReport = z.infer<typeof salesReportSchema>;

/** An order as its customer sees it: no staff history. */
export const customerOrderSchema = orderSchema.omit({ history: true }).meta({ id: 'CustomerOrder' });
export type CustomerOrder = z.infer<typeof customerOrderSchema>;
