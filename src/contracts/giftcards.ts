import { z } from 'zod';
import { amountField, MAX_AMOUNT } from './common.js';

export const giftCardKindValues = ['virtual', 'physical'] as const;
export const giftCardStatusValues = ['pending', 'active', 'disabled', 'expired'] as const;
export const ledgerKindValues = [
  'issue',
  'reload',
  'redeem',
  'refund',
  'adjust',
  'void',
  'expire',
  'import',
] as const;

const minor = (what: string) =>
  z.number().int('must be a whole number of minor units').describe(`${what}, in minor units`);

/** A card as staff and integrations see it: never the full code. */
export const giftCardSchema = z
  .object({
    id: z.string(),
    kind: z.enum(giftCardKindValues),
    status: z.enum(giftCardStatusValues),
    currency: z.string(),
    maskedCode: z.string().describe('"•••• 4821"'),
    last4: z.string(),
    balance: minor('what is left on the card'),
    initialAmount: minor('what it was issued for'),
    customerId: z.string().nullable(),
    ownerEmail: z.string().nullable(),
    source: z.enum(['tandem', 'store']),
    notes: z.string().nullable(),
    message: z.string().nullable().describe('the sender’s message, sanitised HTML'),
    senderName: z.string().nullable(),
    orderId: z.string().nullable().describe('the order that sold it'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'GiftCard' });
export type GiftCard = z.infer<typeof giftCardSchema>;

export const ledgerEntrySchema = z
  .object({
    id: z.string(),
    kind: z.enum(ledgerKindValues),
    amount: minor('onto the card (+) or off it (−)'),
    balanceAfter: minor('the balance after it'),
    reason: z.string().nullable(),
    orderId: z.string().nullable(),
    actor: z.string(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'GiftCardLedgerEntry' });
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const giftCardDetailSchema = giftCardSchema
  .extend({ ledger: z.array(ledgerEntrySchema) })
  .meta({ id: 'GiftCardDetail' });
export type GiftCardDetail = z.infer<typeof giftCardDetailSchema>;

/** The one answer that carries a card's full code: the one that issues it. */
export const issuedGiftCardSchema = giftCardSchema
  .extend({ code: z.string().describe('the full code, shown this once') })
  .meta({ id: 'IssuedGiftCard' });
export type IssuedGiftCard = z.infer<typeof issuedGiftCardSchema>;

const serialField = z
  .string()
  .trim()
  .max(40)
  .describe(
    'a physical card’s printed serial, 8–20 letters or digits; Tandem numbers the card when left out',
  );

export const issueGiftCardSchema = z
  .object({
    amount: amountField('to put on the card').positive('must be more than zero'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
      .optional(),
    serial: serialField.optional(),
    ownerEmail: z.email('must be an email address').max(254).optional(),
    customerId: z.string().trim().max(64).optional(),
    message: z
      .string()
      .max(5000)
      .optional()
      .describe('HTML; sanitised to bold, italic, underline, size, font, colour and links'),
    notes: z.string().trim().max(1000).optional(),
  })
  .strict()
  .meta({ id: 'IssueGiftCard' });
export type IssueGiftCard = z.infer<typeof issueGiftCardSchema>;

export const giftCardAdjustmentSchema = z
  .object({
    amount: amountField('onto the card (+) or off it (−)', -MAX_AMOUNT).refine(
      (n) => n !== 0,
      'must not be zero',
    ),
    reason: z.string().trim().min(1, 'must say why').max(500),
  })
  .strict()
  .meta({ id: 'GiftCardAdjustment' });

export const giftCardReloadSchema = z
  .object({
    amount: amountField('to add').positive('must be more than zero'),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({ id: 'GiftCardReload' });

export const giftCardStatusChangeSchema = z
  .object({
    status: z.enum(['active', 'disabled']),
    reason: z.string().trim().max(500).optional(),
  })
  .strict()
  .meta({ id: 'GiftCardStatusChange' });

export const giftCardBalanceQuerySchema = z
  .object({ code: z.string().trim().min(1, 'must not be empty').max(64) })
  .strict()
  .meta({ id: 'GiftCardBalanceQuery' });

export const giftCardBalanceSchema = z
  .object({
    balance: minor('what is left'),
    currency: z.string(),
    status: z.enum(giftCardStatusValues),
  })
  .meta({ id: 'GiftCardBalance' });

/** A gift card as the register sees it when it is handed over as a payment. */
export const staffGiftCardLookupSchema = z
  .object({
    id: z.string(),
    maskedCode: z.string().describe('the last 4 of the code: `•••• 4821`'),
    balance: minor('what is left'),
    currency: z.string(),
    status: z.enum(giftCardStatusValues),
  })
  .meta({ id: 'StaffGiftCardLookup' });

export type StaffGiftCardLookup = z.infer<typeof staffGiftCardLookupSchema>;

const liabilityFigures = {
  cards: z.number().int(),
  issued: minor('put on cards when they were issued'),
  reloaded: minor('added to them since'),
  redeemed: minor('spent from them, net of refunds back onto them'),
  adjusted: minor('corrections, voids and expiries (+/−)'),
  outstanding: minor('still on them: owed to their holders'),
};

export const giftCardLiabilitySchema = z
  .object({
    timeZone: z.string(),
    months: z.array(z.object({ month: z.string().describe('YYYY-MM of issue'), ...liabilityFigures })),
    total: z.object(liabilityFigures),
  })
  .meta({ id: 'GiftCardLiability' });
export type GiftCardLiability = z.infer<typeof giftCardLiabilitySchema>;
