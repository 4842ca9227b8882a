import { minorDigits, parseMajorUnits } from '../../../platform/money.js';
import type {
  BadRecord,
  CartAddress,
  CartCustomer,
  CartItem,
  CartOrder,
  CartOrderLine,
  CartOrderStatus,
} from '../cart.js';
import { cartDate, wholeNumber } from './cart-http.js';

/**
 * WooCommerce's wc/v3 records read into the Cart shapes. Everything from the cart is untrusted: a
 * field of the wrong type, an amount that is no amount or a date that is no date makes the record a
 * BadRecord naming every problem, never an exception. Text loses NUL and other control characters
 * (PostgreSQL refuses NUL) and is capped.
 */

export type Raw = Record<string, unknown>;

export const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Drops C0 control characters (tab and line breaks excepted) and DEL; a lone surrogate becomes U+FFFD. */
function withoutControls(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) continue;
    out += code >= 0xd800 && code <= 0xdfff ? '\ufffd' : char;
  }
  return out;
}

/** Text as Tandem may keep it: a string without control characters, trimmed, at most `max` characters. */
export function cleanText(value: unknown, max = 500): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const text = withoutControls(String(value)).trim();
  return text.length <= max ? text : Array.from(text).slice(0, max).join('').trim();
}

/** A value shown in a reason: short, and clean. */
function shown(value: unknown): string {
  const text = cleanText(JSON.stringify(value) ?? 'undefined', 40);
  return text.length === 40 ? `${text}…` : text;
}

/** A record id: a positive whole number. */
export function recordId(value: unknown): number | undefined {
  const id = wholeNumber(value);
  return id !== undefined && id > 0 ? id : undefined;
}

/**
 * A WooCommerce amount ("25.00", "8.3333", 12, "-3.50") in minor units of `currency`. Stores may keep
 * more decimals than the currency has: those are rounded half away from zero. Undefined when it is not
 * an amount or is out of range (a billion or more).
 */
export function wcMoney(value: unknown, currency: string): number | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const m = /^(-?)(\d{1,12})(?:\.(\d{1,20}))?$/.exec(text.trim());
  if (!m) return undefined;
  const digits = minorDigits(currency);
  const fraction = m[3] ?? '';
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const minor = parseMajorUnits(digits === 0 ? (m[2] ?? '') : `${m[2]}.${kept}`, currency);
  if (minor === null) return undefined;
  const rounded = minor + (fraction.length > digits && (fraction[digits] ?? '0') >= '5' ? 1 : 0);
  return m[1] === '-' && rounded !== 0 ? -rounded : rounded;
}

/** a / b in whole minor units, half away from zero. */
const divide = (a: number, b: number): number => Math.sign(a) * Math.round(Math.abs(a) / b);

/** Where a record sits in WooCommerce's order by modification: its GMT second and id. */
export interface ModifiedKey {
  sec: number;
  id: number;
}

/** The key of a record as listed (date_modified_gmt, or date_created_gmt when never modified). */
export function modifiedKey(raw: unknown): ModifiedKey | undefined {
  if (!isObject(raw)) return undefined;
  const id = recordId(raw.id);
  const at = cartDate(raw.date_modified_gmt) ?? cartDate(raw.date_created_gmt);
  return id === undefined || at === undefined ? undefined : { sec: Math.floor(at.getTime() / 1000), id };
}

/** Collects what is wrong with one record, to name it all at once. */
class Reading {
  readonly problems: string[] = [];

  constructor(
    readonly raw: Raw,
    readonly currency: string,
  ) {}

  amount(field: string, value: unknown, fallback?: number): number {
    if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
    const amount = wcMoney(value, this.currency);
    if (amount === undefined) this.problems.push(`${field} is not an amount (${shown(value)})`);
    return amount ?? 0;
  }

  /** A GMT date; absent falls back to `fallback`, present but unreadable is a problem. */
  date(field: string, fallback?: Date): Date {
    const value = this.raw[field];
    const at = cartDate(value);
    if (at !== undefined) return at;
    if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
    this.problems.push(`${field} is not a date (${shown(value)})`);
    return new Date(0);
  }

  object(field: string): Raw {
    const value = this.raw[field];
    if (isObject(value)) return value;
    this.problems.push(`${field} is ${value === undefined ? 'missing' : `not an object (${shown(value)})`}`);
    return {};
  }

  bad(kind: string, id: number): BadRecord {
    return {
      bad: true,
      externalId: String(id),
      reason: `WooCommerce ${kind} ${id} cannot be read: ${this.problems.join('; ')}.`,
    };
  }
}

function start(raw: unknown, kind: string, currency: string): Reading | BadRecord {
  if (!isObject(raw)) {
    return {
      bad: true,
      externalId: 'unknown',
      reason: `A WooCommerce ${kind} is not an object (${shown(raw)}).`,
    };
  }
  if (recordId(raw.id) === undefined) {
    return {
      bad: true,
      externalId: cleanText(raw.id, 40) || 'unknown',
      reason: `A WooCommerce ${kind} has no usable id (${shown(raw.id)}).`,
    };
  }
  return new Reading(raw, currency);
}

const personName = (first: unknown, last: unknown): string =>
  `${cleanText(first, 100)} ${cleanText(last, 100)}`.trim();

/** An address WooCommerce filled in, or null when it lacks a street or a country. */
function address(fields: Raw, fallbackName: string, fallbackPhone: string): CartAddress | null {
  const line1 = cleanText(fields.address_1, 200);
  const country = cleanText(fields.country, 10).toUpperCase();
  if (line1 === '' || !/^[A-Z]{2}$/.test(country)) return null;
  const line2 = cleanText(fields.address_2, 200);
  const region = cleanText(fields.state, 100);
  const phone = cleanText(fields.phone, 50) || fallbackPhone;
  return {
    name: personName(fields.first_name, fields.last_name) || cleanText(fields.company, 200) || fallbackName,
    line1,
    line2: line2 || undefined,
    city: cleanText(fields.city, 100),
    region: region || undefined,
    postalCode: cleanText(fields.postcode, 20),
    country,
    phone: phone || undefined,
  };
}

function email(value: unknown): string | null {
  const text = cleanText(value, 254);
  return /^[^\s@]+@[^\s@]+$/.test(text) ? text : null;
}

export function readItem(raw: unknown, currency: string): CartItem | BadRecord {
  const reading = start(raw, 'product', currency);
  if (!(reading instanceof Reading)) return reading;
  const r = reading.raw;
  const id = recordId(r.id) as number;
  const regular = r.regular_price;
  // Variable products have no regular price of their own; `price` is then their lowest price.
  const price =
    regular !== '' && regular !== undefined && regular !== null
      ? reading.amount('regular_price', regular)
      : reading.amount('price', r.price, 0);
  let stock: number | null = null;
  if (r.manage_stock === true) {
    // Managed stock never set counts as none, as wc_stock_amount( null ) does.
    const level = r.stock_quantity === null ? 0 : wholeNumber(r.stock_quantity);
    if (level === undefined || Math.abs(level) > 1_000_000_000) {
      reading.problems.push(`stock_quantity is not a stock level (${shown(r.stock_quantity)})`);
    } else {
      stock = level;
    }
  }
  const createdAt = reading.date('date_created_gmt', new Date(0));
  const updatedAt = reading.date('date_modified_gmt', createdAt);
  if (reading.problems.length > 0) return reading.bad('product', id);
  return {
    externalId: String(id),
    sku: cleanText(r.sku, 100) || null,
    name: cleanText(r.name) || `Product ${id}`,
    price,
    currency,
    stock,
    active: r.status === 'publish',
    updatedAt,
  };
}

export function readCustomer(raw: unknown, currency: string): CartCustomer | BadRecord {
  const reading = start(raw, 'customer', currency);
  if (!(reading instanceof Reading)) return reading;
  const r = reading.raw;
  const id = recordId(r.id) as number;
  const billing = isObject(r.billing) ? r.billing : {};
  const shipping = isObject(r.shipping) ? r.shipping : {};
  const mail = email(r.email) ?? email(billing.email);
  if (mail === null) reading.problems.push(`email is not an email address (${shown(r.email)})`);
  const name =
    personName(r.first_name, r.last_name) ||
    personName(billing.first_name, billing.last_name) ||
    cleanText(r.username, 100) ||
    (mail ?? '');
  const phone = cleanText(billing.phone, 50) || cleanText(shipping.phone, 50);
  // Customers never changed since they registered may have no modification date.
  const createdAt = reading.date('date_created_gmt', new Date(0));
  const updatedAt = reading.date('date_modified_gmt', createdAt);
  if (reading.problems.length > 0) return reading.bad('customer', id);
  return {
    externalId: String(id),
    email: mail as string,
    name,
    phone: phone || null,
    address: address(billing, name, phone) ?? address(shipping, name, phone),
    updatedAt,
  };
}

const STATUSES: Readonly<Record<string, CartOrderStatus>> = {
  pending: 'awaiting_payment',
  'on-hold': 'awaiting_payment',
  failed: 'awaiting_payment',
  'checkout-draft': 'awaiting_payment',
  'auto-draft': 'awaiting_payment',
  processing: 'paid',
  completed: 'completed',
  cancelled: 'cancelled',
  trash: 'cancelled',
  refunded: 'refunded',
};

function readLine(reading: Reading, value: unknown, n: number): CartOrderLine | undefined {
  const where = `line_items[${n}]`;
  if (!isObject(value)) {
    reading.problems.push(`${where} is not an object`);
    return undefined;
  }
  const productId = wholeNumber(value.product_id ?? 0);
  const variationId = wholeNumber(value.variation_id ?? 0);
  if (productId === undefined || productId < 0 || variationId === undefined || variationId < 0) {
    reading.problems.push(`${where} has no usable product_id/variation_id`);
  }
  const quantity = wholeNumber(value.quantity);
  if (quantity === undefined || quantity <= 0 || quantity > 1_000_000) {
    reading.problems.push(`${where}.quantity is not a whole number of units (${shown(value.quantity)})`);
  }
  // subtotal is the line before discounts and always without tax, whatever the shop's price setting.
  const subtotal = reading.amount(`${where}.subtotal`, value.subtotal);
  const tax =
    value.subtotal_tax !== undefined
      ? reading.amount(`${where}.subtotal_tax`, value.subtotal_tax, 0)
      : reading.amount(`${where}.total_tax`, value.total_tax, 0);
  const itemId = (variationId ?? 0) > 0 ? variationId : (productId ?? 0) > 0 ? productId : undefined;
  const sku = cleanText(value.sku, 100) || null;
  return {
    externalItemId: itemId === undefined ? null : String(itemId),
    sku,
    name: cleanText(value.name) || sku || `Item ${itemId ?? n + 1}`,
    quantity: quantity ?? 1,
    unitPrice: divide(subtotal, quantity !== undefined && quantity > 0 ? quantity : 1),
    tax,
  };
}

export function readOrder(raw: unknown, storeCurrency: string): CartOrder | BadRecord {
  const first = start(raw, 'order', storeCurrency);
  if (!(first instanceof Reading)) return first;
  const id = recordId(first.raw.id) as number;
  const currencyText = cleanText(first.raw.currency, 10).toUpperCase();
  if (currencyText !== '' && !/^[A-Z]{3}$/.test(currencyText)) {
    first.problems.push(`currency is not a currency code (${shown(first.raw.currency)})`);
    return first.bad('order', id);
  }
  const reading = new Reading(first.raw, currencyText || storeCurrency);
  const r = reading.raw;
  const cartStatus = cleanText(r.status, 64);
  if (cartStatus === '') reading.problems.push('status is missing');
  const total = reading.amount('total', r.total);
  const shippingTotal = reading.amount('shipping_total', r.shipping_total, 0);
  const billing = reading.object('billing');
  const shipping = isObject(r.shipping) ? r.shipping : {};
  const createdAt = reading.date('date_created_gmt');
  const updatedAt = reading.date('date_modified_gmt', createdAt);
  const datePaid = cartDate(r.date_paid_gmt);
  const lines: CartOrderLine[] = [];
  if (Array.isArray(r.line_items)) {
    r.line_items.forEach((value, n) => {
      const line = readLine(reading, value, n);
      if (line !== undefined) lines.push(line);
    });
  } else {
    reading.problems.push(`line_items is not a list (${shown(r.line_items)})`);
  }
  const customerId = wholeNumber(r.customer_id ?? 0);
  if (customerId === undefined || customerId < 0) {
    reading.problems.push(`customer_id is not an id (${shown(r.customer_id)})`);
  }
  if (reading.problems.length > 0) return reading.bad('order', id);

  // Plugins register statuses of their own; such an order is paid when WooCommerce stamped it paid.
  const status = STATUSES[cartStatus] ?? (datePaid !== undefined ? 'paid' : 'awaiting_payment');
  const paid = datePaid !== undefined || cartStatus === 'processing' || cartStatus === 'completed';
  const buyer = personName(billing.first_name, billing.last_name) || cleanText(billing.company, 200);
  const phone = cleanText(billing.phone, 50);
  const firstShipping = Array.isArray(r.shipping_lines) ? r.shipping_lines[0] : undefined;
  const number = cleanText(r.number, 64);
  return {
    externalId: String(id),
    number: number || String(id),
    status,
    cartStatus,
    currency: reading.currency,
    pricesIncludeTax: r.prices_include_tax === true,
    total,
    shippingTotal,
    customer: {
      externalId: customerId !== undefined && customerId > 0 ? String(customerId) : null,
      email: email(billing.email),
      name: buyer || null,
      phone: phone || null,
    },
    shippingAddress: address(shipping, buyer, ''),
    shippingName: (isObject(firstShipping) && cleanText(firstShipping.method_title, 200)) || null,
    payment: paid
      ? {
          method: cleanText(r.payment_method_title, 200) || cleanText(r.payment_method, 200) || 'WooCommerce',
          amount: total,
          reference: cleanText(r.transaction_id, 200) || null,
        }
      : null,
    lines,
    createdAt,
    updatedAt,
  };
}
