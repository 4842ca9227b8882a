import { z } from 'zod';
import { cardTokenFields } from './payments.js';

export const subscriptionStatusValues = ['active', 'past_due', 'paused', 'cancelled'] as const;

/** A recurring order (membership) as its customer and staff see it: the card masked. */
export const subscriptionSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    plan: z.string(),
    amount: z.number().int().describe('charged each period, in minor units'),
    currency: z.string(),
    interval: z.enum(['month', 'year']),
    discountPercent: z.number().int().nullable().describe('off services while active'),
    status: z.enum(subscriptionStatusValues),
    nextPaymentAt: z.iso.datetime().nullable().describe('null once it will not renew again'),
    cancelAtPeriodEnd: z.boolean(),
    failedAttempts: z.number().int(),
    paymentMethodId: z.string(),
    card: z.string().nullable().describe('"VISA •••• 1111"'),
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
