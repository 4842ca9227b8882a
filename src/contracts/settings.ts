import { z } from 'zod';
import { MAX_AMOUNT } from './common.js';

/** An amount in minor units (2500 = 25.00). */
const minorUnits = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number of minor units')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const giftCardFields = z.object({
  minAmount: minorUnits(1, MAX_AMOUNT),
  maxAmount: minorUnits(1, MAX_AMOUNT),
  serialPrefix: z.string().regex(/^\d{4}$/, 'must be exactly 4 digits'),
  syncToStore: z.boolean(),
  sendStoreNotifications: z.boolean(),
  downloadFromStore: z.boolean(),
});

const portalFields = z.object({
  enabled: z.boolean(),
  viewRecurring: z.boolean(),
  editRecurring: z.boolean(),
  htmlEmail: z.boolean(),
});

const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

/** Where the shop is and how to reach it: printed on receipts and in emails. Empty means not given. */
const storeFields = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^(\+?[0-9 ()./-]{5,30})?$/, 'must be a phone number'),
  email: z.union([z.literal(''), z.email('must be an email address').max(320)]),
  line1: optionalText(200),
  line2: optionalText(200),
  city: optionalText(100),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, 'must be a 2-letter country code'),
});

/** An IANA time zone both the server and the database know, such as America/Chicago. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz.length <= 64;
  } catch {
    return false;
  }
}

const topFields = {
  businessName: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
  cardProcessing: z.boolean(),
  onlineShop: z.boolean(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  /** Prices as entered include tax (common in Europe) or have it added (common in North America). */
  pricesIncludeTax: z.boolean(),
  /** The register may sell a tracked product it has none of; stock then goes below zero. */
  allowNegativeStock: z.boolean(),
  /** The shop's time zone: reports group days in it and receipts print its local time. */
  timeZone: z.string().trim().refine(isTimeZone, 'must be a time zone such as America/Chicago'),
  /** Shoppers may pay online without an account (email, address and a new card). */
  guestCheckout: z.boolean(),
};

const minNotAboveMax = (g: { minAmount: number; maxAmount: number }) => g.minAmount <= g.maxAmount;
const minAboveMaxIssue = { path: ['giftCards', 'maxAmount'], message: 'must not be less than minAmount' };

export const settingsSchema = z
  .object({ ...topFields, store: storeFields, giftCards: giftCardFields, portal: portalFields })
  .refine((s) => minNotAboveMax(s.giftCards), minAboveMaxIssue)
  .meta({ id: 'Settings' });

export type Settings = z.infer<typeof settingsSchema>;

/** A partial change: any top-level field, and any field of the nested groups. */
export const settingsPatchSchema = z
  .object({
    ...topFields,
    store: storeFields.partial().strict(),
    giftCards: giftCardFields.partial().strict(),
    portal: portalFields.partial().strict(),
  })
  .partial()
  .strict()
  .meta({ id: 'SettingsPatch' });

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const defaultSettings: Settings = {
  businessName: 'My shop',
  cardProcessing: true,
  onlineShop: true,
  currency: 'USD',
  pricesIncludeTax: false,
  allowNegativeStock: false,
  timeZone: 'UTC',
  guestCheckout: false,
  store: { phone: '', email: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: '' },
  giftCards: {
    minAmount: 500,
    maxAmount: 50_000,
    serialPrefix: '6061',
    syncToStore: false,
    sendStoreNotifications: false,
    downloadFromStore: false,
  },
  portal: { enabled: true, viewRecurring: true, editRecurring: true, htmlEmail: true },
};
