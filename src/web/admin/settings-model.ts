import type { FieldError, Settings, SettingsPatch } from '../api-client.js';
import { parseMajor, toMajor } from '../components/money.js';

/** The form keeps every field flat, by its API path, and every text as typed. */
export const textPaths = [
  'businessName',
  'currency',
  'timeZone',
  'store.phone',
  'store.email',
  'store.line1',
  'store.line2',
  'store.city',
  'store.region',
  'store.postalCode',
  'store.country',
  'giftCards.minAmount',
  'giftCards.maxAmount',
  'giftCards.serialPrefix',
] as const;
export const checkPaths = [
  'cardProcessing',
  'onlineShop',
  'guestCheckout',
  'pricesIncludeTax',
  'allowNegativeStock',
  'giftCards.syncToStore',
  'giftCards.sendStoreNotifications',
  'giftCards.downloadFromStore',
  'portal.enabled',
  'portal.viewRecurring',
  'portal.editRecurring',
  'portal.htmlEmail',
] as const;

export type TextPath = (typeof textPaths)[number];
export type CheckPath = (typeof checkPaths)[number];
export type FieldPath = TextPath | CheckPath;

export interface FormValues {
  text: Record<TextPath, string>;
  checks: Record<CheckPath, boolean>;
}

export const fieldLabels: Record<FieldPath, string> = {
  businessName: 'Business name',
  currency: 'Currency',
  timeZone: 'Time zone',
  'store.phone': 'Phone',
  'store.email': 'Email for customers',
  'store.line1': 'Address',
  'store.line2': 'Address line 2',
  'store.city': 'City',
  'store.region': 'State or region',
  'store.postalCode': 'Postal code',
  'store.country': 'Country',
  cardProcessing: 'Card processing',
  onlineShop: 'Online shop',
  guestCheckout: 'Shoppers can check out without an account',
  pricesIncludeTax: 'Prices include tax',
  allowNegativeStock: 'Allow selling below zero stock at the register',
  'giftCards.minAmount': 'Smallest amount',
  'giftCards.maxAmount': 'Largest amount',
  'giftCards.serialPrefix': 'Serial prefix',
  'giftCards.syncToStore': 'Create and update Shopify gift cards',
  'giftCards.sendStoreNotifications': 'Send Shopify’s gift card notifications',
  'giftCards.downloadFromStore': 'Download Shopify gift cards',
  'portal.enabled': 'Customers can use the portal',
  'portal.viewRecurring': 'Customers can see their recurring payments',
  'portal.editRecurring': 'Customers can change their recurring payments',
  'portal.htmlEmail': 'Send portal emails as HTML',
};

export const fieldId = (path: string) => `setting-${path.replace(/\./g, '-')}`;
export const isFieldPath = (path: string): path is FieldPath => path in fieldLabels;

const amountPaths = new Set<string>(['giftCards.minAmount', 'giftCards.maxAmount']);

function valueAt(settings: Settings, path: FieldPath): unknown {
  const [group, key] = path.split('.') as [string, string | undefined];
  const top = (settings as unknown as Record<string, unknown>)[group];
  return key === undefined ? top : (top as Record<string, unknown>)[key];
}

export function toForm(settings: Settings, digits: number): FormValues {
  const text = {} as Record<TextPath, string>;
  for (const path of textPaths) {
    const value = valueAt(settings, path);
    text[path] = amountPaths.has(path) ? toMajor(value as number, digits) : String(value);
  }
  const checks = {} as Record<CheckPath, boolean>;
  for (const path of checkPaths) checks[path] = valueAt(settings, path) === true;
  return { text, checks };
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const [group, key] = path.split('.') as [string, string | undefined];
  if (key === undefined) {
    target[group] = value;
    return;
  }
  const nested = (target[group] ?? {}) as Record<string, unknown>;
  nested[key] = value;
  target[group] = nested;
}

/** Only what differs from the saved settings; amounts that are not amounts come back as errors. */
export function toPatch(
  values: FormValues,
  saved: Settings,
  digits: number,
): { patch: SettingsPatch; errors: FieldError[] } {
  const patch: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const path of textPaths) {
    const typed = values.text[path];
    let value: unknown = typed;
    if (amountPaths.has(path)) {
      value = parseMajor(typed, digits);
      if (value === null) {
        errors.push({ path, message: `must be an amount such as ${toMajor(10 * 10 ** digits, digits)}` });
        continue;
      }
    } else if (path === 'currency' || path === 'store.country') {
      value = typed.trim().toUpperCase();
    } else {
      value = typed.trim();
    }
    if (value !== valueAt(saved, path)) setAt(patch, path, value);
  }
  for (const path of checkPaths) {
    if (values.checks[path] !== valueAt(saved, path)) setAt(patch, path, values.checks[path]);
  }
  return { patch: patch as SettingsPatch, errors };
}

/** The server counts money in minor units; the form shows major units, so its limits are shown so too. */
export function friendlyMessage(path: string, message: string, digits: number): string {
  if (!amountPaths.has(path)) return message;
  if (message === 'must not be less than minAmount') return 'must not be less than the smallest amount';
  return message.replace(
    /(at least|at most) (\d+)/,
    (_all, bound: string, n: string) => `${bound} ${toMajor(Number(n), digits)}`,
  );
}
