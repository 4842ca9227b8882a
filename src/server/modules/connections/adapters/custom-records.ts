import type {
  BadRecord,
  CartAddress,
  CartCustomer,
  CartEntity,
  CartItem,
  CartOrder,
  CartOrderLine,
  CartOrderStatus,
  CartRecords,
} from '../cart.js';
import { cartDate, wholeNumber } from './cart-http.js';

/**
 * Reading the records of the Tandem cart protocol (tandem-cart/1) into the Cart shapes. The protocol
 * is ours, so a record that breaks it is not guessed at: it becomes a BadRecord naming the first
 * field that is wrong, and the rest of the page goes on.
 */

/** A record id: unreserved URI characters only, so it sits in a path without escaping. */
export const CART_ID = /^(?!\.{1,2}$)[A-Za-z0-9._~-]{1,64}$/;

/** Amounts in minor units, and stock, fit Tandem's 32-bit columns. */
export const MAX_AMOUNT = 2_147_483_647;
const MIN_STOCK = -2_147_483_648;
const MAX_QUANTITY = 1_000_000;
const MAX_LINES = 1000;
/** A change stamped further ahead than this is refused: it would carry the sync cursor into the future. */
const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

const orderStatuses: readonly CartOrderStatus[] = [
  'awaiting_payment',
  'paid',
  'completed',
  'cancelled',
  'refunded',
];

class Unreadable extends Error {}

const fail = (reason: string): never => {
  throw new Unreadable(reason);
};

/** The fields of one JSON object, read one by one; the first wrong one throws with its path. */
class Fields {
  private readonly fields: Record<string, unknown>;

  constructor(
    value: unknown,
    private readonly where: string,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      fail(`${where || 'the record'} is not a JSON object`);
    }
    this.fields = value as Record<string, unknown>;
  }

  private path(name: string): string {
    return this.where === '' ? name : `${this.where}.${name}`;
  }

  /** A nullable field may be left out; it reads as null. */
  private value(name: string, nullable: boolean): unknown {
    const value = Object.hasOwn(this.fields, name) ? this.fields[name] : undefined;
    if (value === undefined && !nullable) fail(`${this.path(name)} is missing`);
    return value === undefined ? null : value;
  }

  text(name: string, max: number, min = 0): string {
    const value = this.value(name, false);
    if (typeof value !== 'string') return fail(`${this.path(name)} must be a string`);
    if (value.includes('\u0000')) fail(`${this.path(name)} contains a NUL character`);
    const length = [...value].length;
    if (length < min) fail(`${this.path(name)} is empty`);
    if (length > max) fail(`${this.path(name)} is longer than ${max} characters`);
    return value;
  }

  optionalText(name: string, max: number): string | null {
    return this.isNull(name) ? null : this.text(name, max);
  }

  /** Whether a nullable field is null or left out. */
  isNull(name: string): boolean {
    return this.value(name, true) === null;
  }

  /** Text, or a whole number read as its digits (an order number kept as a number). */
  label(name: string, max: number): string {
    const value = this.value(name, false);
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? String(value)
      : this.text(name, max, 1);
  }

  /** Ids are strings; a whole number is read as its digits, as many database drivers hand them out. */
  id(name: string): string {
    const value = this.value(name, false);
    const id = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
    if (typeof id !== 'string' || !CART_ID.test(id)) {
      fail(`${this.path(name)} must be 1 to 64 letters, digits or . _ ~ -`);
    }
    return id as string;
  }

  optionalId(name: string): string | null {
    return this.isNull(name) ? null : this.id(name);
  }

  whole(name: string, min: number, max: number): number {
    const value = wholeNumber(this.value(name, false));
    if (value === undefined) return fail(`${this.path(name)} must be a whole number`);
    if (value < min || value > max) fail(`${this.path(name)} must be from ${min} to ${max}`);
    return value;
  }

  amount(name: string): number {
    return this.whole(name, 0, MAX_AMOUNT);
  }

  boolean(name: string): boolean {
    const value = this.value(name, false);
    return typeof value === 'boolean' ? value : fail(`${this.path(name)} must be true or false`);
  }

  date(name: string, now: number): Date {
    const date = cartDate(this.value(name, false));
    if (date === undefined) return fail(`${this.path(name)} must be an ISO 8601 date and time`);
    if (date.getTime() > now + FUTURE_TOLERANCE_MS) {
      fail(
        `${this.path(name)} is ${date.toISOString()}, in the future: is the cart's clock or time zone wrong?`,
      );
    }
    return date;
  }

  currency(name: string): string {
    const value = this.value(name, false);
    return typeof value === 'string' && /^[A-Z]{3}$/.test(value)
      ? value
      : fail(`${this.path(name)} must be an ISO 4217 code such as EUR`);
  }

  email(name: string): string {
    const value = this.text(name, 320, 3);
    return /^[^\s@]+@[^\s@]+$/.test(value) ? value : fail(`${this.path(name)} is not an email address`);
  }

  optionalEmail(name: string): string | null {
    return this.isNull(name) ? null : this.email(name);
  }

  object(name: string): Fields | null {
    const value = this.value(name, true);
    return value === null ? null : new Fields(value, this.path(name));
  }

  array(name: string, max: number): unknown[] {
    const value = this.value(name, false);
    if (!Array.isArray(value)) return fail(`${this.path(name)} must be an array`);
    if (value.length > max) fail(`${this.path(name)} has more than ${max} entries`);
    return value;
  }
}

function address(fields: Fields | null): CartAddress | null {
  if (fields === null) return null;
  const country = fields.text('country', 2);
  if (!/^[A-Za-z]{2}$/.test(country)) fail('the address country must be a 2-letter code');
  return {
    name: fields.text('name', 200),
    line1: fields.text('line1', 200, 1),
    line2: fields.optionalText('line2', 200) ?? undefined,
    city: fields.text('city', 100, 1),
    region: fields.optionalText('region', 100) ?? undefined,
    postalCode: fields.text('postalCode', 20),
    country: country.toUpperCase(),
    phone: fields.optionalText('phone', 30) ?? undefined,
  };
}

function item(fields: Fields, now: number): CartItem {
  const sku = fields.optionalText('sku', 64);
  return {
    externalId: fields.id('id'),
    sku: sku === '' ? null : sku,
    name: fields.text('name', 200, 1),
    price: fields.amount('price'),
    currency: fields.currency('currency'),
    stock: fields.isNull('stock') ? null : fields.whole('stock', MIN_STOCK, MAX_AMOUNT),
    active: fields.boolean('active'),
    updatedAt: fields.date('updatedAt', now),
  };
}

function customer(fields: Fields, now: number): CartCustomer {
  return {
    externalId: fields.id('id'),
    email: fields.email('email'),
    name: fields.text('name', 200),
    phone: fields.optionalText('phone', 30),
    address: address(fields.object('address')),
    updatedAt: fields.date('updatedAt', now),
  };
}

function line(value: unknown, index: number): CartOrderLine {
  const fields = new Fields(value, `lines[${index}]`);
  return {
    externalItemId: fields.optionalId('itemId'),
    sku: fields.optionalText('sku', 64),
    name: fields.text('name', 200, 1),
    quantity: fields.whole('quantity', 1, MAX_QUANTITY),
    unitPrice: fields.amount('unitPrice'),
    tax: fields.amount('tax'),
  };
}

function order(fields: Fields, now: number): CartOrder {
  const externalId = fields.id('id');
  const status = fields.text('status', 40);
  if (!orderStatuses.includes(status as CartOrderStatus)) {
    fail(`status "${status}" is not one of ${orderStatuses.join(', ')}`);
  }
  const buyer = fields.object('customer');
  const payment = fields.object('payment');
  return {
    externalId,
    number: fields.label('number', 64),
    status: status as CartOrderStatus,
    cartStatus: fields.text('cartStatus', 100, 1),
    currency: fields.currency('currency'),
    pricesIncludeTax: fields.boolean('pricesIncludeTax'),
    total: fields.amount('total'),
    shippingTotal: fields.amount('shippingTotal'),
    customer: {
      externalId: buyer?.optionalId('id') ?? null,
      email: buyer?.optionalEmail('email') ?? null,
      name: buyer?.optionalText('name', 200) ?? null,
      phone: buyer?.optionalText('phone', 30) ?? null,
    },
    shippingAddress: address(fields.object('shippingAddress')),
    shippingName: fields.optionalText('shippingName', 200),
    payment:
      payment === null
        ? null
        : {
            method: payment.text('method', 100, 1),
            amount: payment.amount('amount'),
            reference: payment.optionalText('reference', 200),
          },
    lines: fields.array('lines', MAX_LINES).map(line),
    createdAt: fields.date('createdAt', now),
    updatedAt: fields.date('updatedAt', now),
  };
}

const readers: { [E in CartEntity]: (fields: Fields, now: number) => CartRecords[E] } = {
  items: item,
  customers: customer,
  orders: order,
};

/** The id to name a bad record by: whatever the cart put there, shortened and made printable. */
function idForReport(value: unknown): string {
  const raw = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return raw.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 64);
}

/** One record of a page or a read, or a BadRecord with its id (as far as it can be told) and why. */
export function readCartRecord<E extends CartEntity>(
  entity: E,
  value: unknown,
  now = Date.now(),
): CartRecords[E] | BadRecord {
  try {
    return readers[entity](new Fields(value, ''), now) as CartRecords[E];
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    return { bad: true, externalId: idForReport(id), reason: error.message };
  }
}
