import { z } from 'zod';
import { discountScopes } from './catalog.js';
import { cardTokenFields } from './payments.js';

export const subscriptionStatusValues = ['active', 'past_due', 'paused', 'cancelled'] as const;

/** A recurring order (membership) as its customer and staff see it: the card masked. */
export const subscriptionSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerName: z.string().nullable(),
    plan: z.string(),
    amount: z.number().int().describe('charged each period, in minor units'),
    currency: z.string(),
    interval: z.enum(['month', 'year']),
    discountPercent: z.number().int().nullable().describe('off services while active'),
    discountAppliesTo: z.enum(discountScopes).describe('services only, or products too'),
    status: z.enum(subscriptionStatusValues),
    nextPaymentAt: z.iso.datetime().nullable().describe('null once it will not renew again'),
    cancelAtPeriodEnd: z.boolean(),
    failedAttempts: z.number().int(),
    paymentMethodId: z.string(),
    card: z.string().nullable().describe('"Visa •••• 1111"'),
    orderId: z.string().describe('the order that bought it'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Subscription' });
export type Subscription = z.infer<typeof subscriptionSchema>;

export const subscriptionCardChangeSchema = z
  .union([
    z.object({ cardToken: cardTokenFields.cardToken, expiry: cardTokenFields.expiry }).strict(),
    z.object({ paymentMethodId: z.string().trim().min(1).max(64) }).strict(),
  ])
  .meta({ id: 'SubscriptionCardChange' });

export const packageStatusValues = ['active', 'used_up', 'expired', 'refunded'] as const;

/** A package a customer bought: its credits, used and left, until it expires. */
export const customerPackageSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    itemId: z.string(),
    name: z.string(),
    status: z.enum(packageStatusValues),
    discountPercent: z.number().int().nullable().describe('off other services while valid'),
    discountAppliesTo: z.enum(discountScopes).describe('services only, or products too'),
    price: z.number().int().describe('paid for it, in minor units'),
    currency: z.string(),
    startsAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    credits: z.array(
      z.object({
        itemId: z.string(),
        service: z.string(),
        included: z.number().int(),
        used: z.number().int(),
        remaining: z.number().int(),
      }),
    ),
    refundable: z
      .number()
      .int()
      .describe('its unused value: what refunding it gives back now (pro rata to the credits left)'),
    orderId: z.string(),
    orderLineId: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CustomerPackage' });
export type CustomerPackage = z.infer<typeof customerPackageSchema>;

export const renewNowSchema = z
  .object({ periodStart: z.iso.datetime({ offset: true }) })
  .strict()
  .meta({ id: 'RenewNow' });

export const renewalResultSchema = z
  .object({
    subscriptionId: z.string(),
    periodStart: z.iso.datetime(),
    status: z.enum(['charging', 'approved', 'declined']),
    orderId: z.string().nullable().describe('the renewal order, once paid'),
    declineReason: z.string().nullable(),
    subscription: subscriptionSchema,
  })
  .meta({ id: 'RenewalResult' });
export type RenewalResultBody = z.infer<typeof renewalResultSchema>;
