import { z } from 'zod';
import { amountField } from './common.js';

export const paymentStatuses = [
  /** Written before the gateway is called: the outcome is not known yet. */
  'pending',
  'authorized',
  'captured',
  'declined',
  /** The gateway never processed it, or it was reversed before anyone relied on it. */
  'failed',
  'voided',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
export const paymentEntries = ['in_store', 'online', 'recurring'] as const;
export const paymentPurposes = ['sale', 'card_check', 'renewal'] as const;

const gatewayAnswer = {
  respStat: z.string().nullable().describe('A approved, B retry, C declined'),
  respCode: z.string().nullable(),
  respText: z.string().nullable(),
  respProc: z.string().nullable().describe('PPS when the gateway itself answered, else the processor'),
};

export const paymentOperationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['authorize', 'capture', 'void', 'refund']),
    status: z.enum(['pending', 'approved', 'declined', 'failed']),
    amount: z.number().int(),
    retref: z.string().nullable(),
    ...gatewayAnswer,
    reason: z.string().nullable(),
    actor: z.string(),
    createdAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'PaymentOperation' });
export type PaymentOperation = z.infer<typeof paymentOperationSchema>;

export const paymentSchema = z
  .object({
    id: z.string(),
    status: z.enum(paymentStatuses),
    purpose: z.enum(paymentPurposes),
    entry: z.enum(paymentEntries),
    gateway: z.enum(['sandbox', 'cardpointe']),
    amount: z.number().int().describe('asked for, in minor units'),
    approvedAmount: z.number().int(),
    capturedAmount: z.number().int(),
    refundedAmount: z.number().int(),
    currency: z.string(),
    customerId: z.string().nullable(),
    orderId: z.string().nullable(),
    paymentMethodId: z.string().nullable(),
    brand: z.string().nullable(),
    last4: z.string().nullable(),
    gatewayOrderId: z.string().describe('the orderid sent to the gateway for this attempt'),
    retref: z.string().nullable(),
    authCode: z.string().nullable(),
    ...gatewayAnswer,
    avsResp: z.string().nullable(),
    cvvResp: z.string().nullable(),
    note: z.string().nullable(),
    abandonedAt: z.iso
      .datetime()
      .nullable()
      .describe(
        'when Tandem found this sale’s payment approved with no order written for it and gave it back',
      ),
    actor: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof paymentSchema>;

const customerName = z.string().nullable().describe('the customer’s name, when the payment has one');

export const paymentListEntrySchema = paymentSchema.extend({ customerName }).meta({ id: 'PaymentListEntry' });
export type PaymentListEntry = z.infer<typeof paymentListEntrySchema>;

export const paymentDetailSchema = paymentSchema
  .extend({ customerName, operations: z.array(paymentOperationSchema) })
  .meta({ id: 'PaymentDetail' });
export type PaymentDetail = z.infer<typeof paymentDetailSchema>;

export const refundPaymentSchema = z
  .object({
    amount: amountField('to give back')
      .positive('must be more than zero')
      .optional()
      .describe('minor units; the whole refundable amount when left out'),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({ id: 'PaymentRefund' });

export const paymentMethodSchema = z
  .object({
    id: z.string(),
    brand: z.string(),
    last4: z.string(),
    expiry: z.string().describe('MMYY'),
    expired: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PaymentMethod' });
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

const expiry = z
  .string()
  .trim()
  .regex(/^(0[1-9]|1[0-2])\d{2}$/, 'must be MMYY, such as 0428');

export const tokenizeSchema = z
  .object({
    number: z
      .string()
      .transform((v) => v.replace(/[\s-]/g, ''))
      .pipe(z.string().regex(/^\d{12,19}$/, 'must be a card number of 12 to 19 digits')),
    expiry: expiry.optional(),
    cvv: z
      .string()
      .trim()
      .regex(/^\d{3,4}$/, 'must be 3 or 4 digits')
      .optional(),
  })
  .strict()
  .meta({ id: 'CardToTokenize' });

export const cardTokenFields = {
  cardToken: z
    .string()
    .trim()
    .regex(/^9\d{11,18}$/, 'must be a card token from the card form, not a card number'),
  expiry,
};

export const addPaymentMethodSchema = z
  .object({ ...cardTokenFields, name: z.string().trim().max(100).optional() })
  .strict()
  .meta({ id: 'NewPaymentMethod' });

export const paymentsConfigSchema = z
  .object({
    cardProcessing: z.boolean(),
    gateway: z.enum(['sandbox', 'cardpointe']),
    /** Where the card form gets a token: Tandem's own endpoint (sandbox) or the hosted iFrame. */
    tokenizer: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('endpoint'), url: z.string() }),
      z.object({ kind: z.literal('iframe'), url: z.string(), origin: z.string() }),
    ]),
  })
  .meta({ id: 'PaymentsConfig' });
export type PaymentsConfig = z.infer<typeof paymentsConfigSchema>;

export const gatewayTestSchema = z
  .object({ ok: z.boolean(), gateway: z.enum(['sandbox', 'cardpointe']), detail: z.string() })
  .meta({ id: 'GatewayTest' });
export type GatewayTest = z.infer<typeof gatewayTestSchema>;
