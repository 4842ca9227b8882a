import { minorDigits, parseMajorUnits } from '../../../platform/money.js';
import {
  type BadRecord,
  type CartAddress,
  type CartCustomer,
  CartError,
  type CartItem,
  type CartOrder,
  type CartOrderLine,
} from '../cart.js';
import { cartDate, wholeNumber } from './cart-http.js';
import { type OrderState, type OrderStates, orderStateOf, statusOfState } from './prestashop-order-states.js';

/**
 * PrestaShop's JSON records → the Cart shapes. Pure: what the pages looked up (customers,
 * addresses, countries, states, currencies) comes in as maps. Every scalar PrestaShop writes is a
 * string ("29.900000", "1"); dates are the shop's local time without a zone, read as UTC the same
 * way both ways so that the cursor sent back matches what the shop wrote.
 */

export type Raw = Record<string, unknown>;

export const isRaw = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a record cannot be read; becomes a BadRecord with the record's id. */
class Unreadable extends Error {}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
const CONTROLS = /[\u0000-\u001f\u007f]/g;

/** Text with its control characters (NUL included) turned into spaces. */
export const withoutControls = (text: string): string => text.replace(CONTROLS, ' ');

/** Text from the shop made safe to keep: no control characters, spaces folded, bounded. */
export function clean(value: unknown, max = 255): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const text = withoutControls(String(value)).replace(/\s+/g, ' ').trim();
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('').trim() : text;
}

/**
 * A multilingual field: a plain string when the shop shows one language, else a list of
 * `{id, value}`. Language 1 (the install language) when present, else the first.
 */
export function inLanguage(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const entries = value.filter(isRaw);
  return (entries.find((entry) => String(entry.id) === '1') ?? entries[0])?.value;
}

const DECIMAL = /^(-?)(\d{1,15})(?:\.(\d{1,12}))?$/;

/** A decimal the shop wrote, in units of 10^-scale, rounded half up; undefined when it is not one. */
export function scaled(value: unknown, scale: number): bigint | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const digits = fraction.padEnd(scale + 1, '0');
  let units = BigInt(whole + digits.slice(0, scale));
  if (Number(digits[scale]) >= 5) units += 1n;
  return sign === '-' && units !== 0n ? -units : units;
}

/**
 * An amount in minor units. PrestaShop keeps six decimals ("16.583333" before tax), more than a
 * currency has, so it is rounded half up to the currency's digits first. Negative or beyond
 * 999,999,999 major units is not an amount.
 */
export function amount(value: unknown, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const units = scaled(value, digits);
  if (units === undefined || units < 0n) return undefined;
  const text = units.toString().padStart(digits + 1, '0');
  return (
    parseMajorUnits(digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`, currency) ??
    undefined
  );
}

/** A list answer: `{"orders":[…]}`, or the bare `[]` PrestaShop answers for an empty list. */
export function listOf(body: unknown, resource: string): Raw[] {
  if (Array.isArray(body) && body.length === 0) return [];
  const list = isRaw(body) ? body[resource] : undefined;
  if (!Array.isArray(list)) {
    throw new CartError('not_a_cart', `PrestaShop's ${resource} answer has no ${resource} list.`);
  }
  return list.filter(isRaw);
}

/** A record's id as the string the engine keeps; undefined when it has none. */
export function idOf(raw: Raw): string | undefined {
  const id = wholeNumber(raw.id);
  return id !== undefined && id > 0 ? String(id) : undefined;
}

function need<T>(value: T | undefined, why: string): T {
  if (value === undefined) throw new Unreadable(why);
  return value;
}

function shown(value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  return clean(text ?? 'nothing', 40) || 'nothing';
}

function amountField(raw: Raw, field: string, currency: string): number {
  return need(amount(raw[field], currency), `${field} is not an amount (${shown(raw[field])}).`);
}

function dateField(raw: Raw, field: string): Date {
  return need(cartDate(raw[field]), `${field} is not a date (${shown(raw[field])}).`);
}

/** Runs a mapping; a record it cannot read becomes a BadRecord naming why. */
function readOr<T>(raw: Raw, what: string, read: (id: string) => T): T | BadRecord {
  const id = idOf(raw);
  if (id === undefined)
    return { bad: true, externalId: clean(raw.id, 40) || '?', reason: `The ${what} has no id.` };
  try {
    return read(id);
  } catch (error) {
    if (error instanceof Unreadable)
      return { bad: true, externalId: id, reason: `${what} ${id}: ${error.message}` };
    throw error;
  }
}

/** A delivery address, with its phone apart (PrestaShop keeps phones on addresses only). */
export interface ShopAddress {
  name: string;
  address: CartAddress | null;
  phone: string | null;
}

/** An `addresses` record; `countries` maps id_country → ISO code. No usable country, no address. */
export function addressOf(raw: Raw, countries: ReadonlyMap<string, string>): ShopAddress {
  const name = clean(`${clean(raw.firstname)} ${clean(raw.lastname)}`, 200);
  const phone = clean(raw.phone, 30) || clean(raw.phone_mobile, 30) || null;
  const country = countries.get(String(wholeNumber(raw.id_country) ?? ''));
  const line1 = clean(raw.address1);
  const city = clean(raw.city, 100);
  if (!country || !line1 || !city) return { name, address: null, phone };
  const line2 = clean(raw.address2);
  return {
    name,
    phone,
    address: {
      name: name || clean(raw.company, 200),
      line1,
      ...(line2 ? { line2 } : {}),
      city,
      postalCode: clean(raw.postcode, 20),
      country,
      ...(phone ? { phone } : {}),
    },
  };
}

/** A `products` record; its price is before tax, as PrestaShop keeps it. */
export function itemOf(raw: Raw, currency: string): CartItem | BadRecord {
  return readOr(raw, 'product', (externalId) => {
    const name = need(clean(inLanguage(raw.name), 200) || undefined, 'it has no name.');
    const quantity = raw.quantity;
    return {
      externalId,
      sku: clean(raw.reference, 64) || null,
      name,
      price: amountField(raw, 'price', currency),
      currency,
      // `quantity` is the product-level stock row's, which PrestaShop shows on every product.
      stock:
        quantity === undefined || quantity === null
          ? null
          : need(wholeNumber(quantity), `quantity is not a number (${shown(quantity)}).`),
      active: raw.active === '1' || raw.active === 1,
      updatedAt: dateField(raw, 'date_upd'),
    };
  });
}

/** A `customers` record, with the phone and address of their first address when they have one. */
export function customerOf(raw: Raw, address: ShopAddress | undefined): CartCustomer | BadRecord {
  return readOr(raw, 'customer', (externalId) => {
    const email = clean(raw.email, 320);
    if (!email.includes('@')) throw new Unreadable(`its email is not one (${shown(raw.email)}).`);
    return {
      externalId,
      email,
      name: clean(`${clean(raw.firstname)} ${clean(raw.lastname)}`, 200) || email,
      phone: address?.phone ?? null,
      address: address?.address ?? null,
      updatedAt: dateField(raw, 'date_upd'),
    };
  });
}

/** The shop's `order_states` list as statuses; states it cannot read are left to the defaults. */
export function orderStatesOf(list: readonly Raw[]): Map<number, OrderState> {
  const states = new Map<number, OrderState>();
  for (const raw of list) {
    const id = wholeNumber(raw.id);
    const name = clean(inLanguage(raw.name), 100);
    if (id === undefined || !name) continue;
    const template = clean(inLanguage(raw.template), 64);
    states.set(id, { name, status: statusOfState({ template, shipped: raw.shipped, paid: raw.paid }) });
  }
  return states;
}

/** What the page looked up for its orders. */
export interface OrderLookups {
  states: OrderStates;
  /** id_currency → ISO code. */
  currencies: ReadonlyMap<string, string>;
  /** id_customer → the customer record. */
  customers: ReadonlyMap<string, Raw>;
  /** id_address → the address. */
  addresses: ReadonlyMap<string, ShopAddress>;
}

function lineOf(row: Raw, index: number, currency: string): CartOrderLine {
  const where = `order row ${index + 1}`;
  const quantity = wholeNumber(row.product_quantity);
  if (quantity === undefined || quantity <= 0) {
    throw new Unreadable(`${where} has quantity ${shown(row.product_quantity)}.`);
  }
  const excluded = scaled(row.unit_price_tax_excl ?? row.product_price, 9);
  const included = scaled(row.unit_price_tax_incl ?? row.unit_price_tax_excl ?? row.product_price, 9);
  if (excluded === undefined || included === undefined || excluded < 0n || included < excluded) {
    throw new Unreadable(`${where} has no usable unit price.`);
  }
  const productId = wholeNumber(row.product_id);
  // Tax on the whole line from the exact per-unit difference, rounded once.
  const tax = (included - excluded) * BigInt(quantity);
  const nanos = (value: bigint) =>
    `${value / 1_000_000_000n}.${(value % 1_000_000_000n).toString().padStart(9, '0')}`;
  return {
    // An order keeps the product's id after the product is deleted; the binding made for it still holds.
    externalItemId: productId !== undefined && productId > 0 ? String(productId) : null,
    sku: clean(row.product_reference, 64) || null,
    name: clean(row.product_name, 200) || `Product ${productId ?? '?'}`,
    quantity,
    unitPrice: need(amount(nanos(excluded), currency), `${where}'s price is out of range.`),
    tax: need(amount(nanos(tax), currency), `${where}'s tax is out of range.`),
  };
}

/** An `orders` record with `display=full` (its `associations.order_rows`). */
export function orderOf(raw: Raw, lookups: OrderLookups, storeCurrency: string): CartOrder | BadRecord {
  return readOr(raw, 'order', (externalId) => {
    const currency = lookups.currencies.get(String(wholeNumber(raw.id_currency) ?? '')) ?? storeCurrency;
    const stateId = need(
      wholeNumber(raw.current_state),
      `current_state is not a state (${shown(raw.current_state)}).`,
    );
    const state = orderStateOf(stateId, lookups.states);
    const customerId = need(wholeNumber(raw.id_customer), 'it names no customer (id_customer).');
    const rows = isRaw(raw.associations) ? raw.associations.order_rows : undefined;
    if (!Array.isArray(rows) || rows.length === 0) throw new Unreadable('it has no order rows.');
    const lines = rows.map((row, index) => {
      if (!isRaw(row)) throw new Unreadable(`order row ${index + 1} is not a record.`);
      return lineOf(row, index, currency);
    });
    const total = amountField(raw, 'total_paid_tax_incl', currency);
    const paid = amountField(raw, 'total_paid_real', currency);
    const number = clean(raw.reference, 64) || externalId;
    const customer = lookups.customers.get(String(customerId));
    const delivery = lookups.addresses.get(String(wholeNumber(raw.id_address_delivery) ?? ''));
    const customerName = customer
      ? clean(`${clean(customer.firstname)} ${clean(customer.lastname)}`, 200)
      : '';
    const createdAt = dateField(raw, 'date_add');
    return {
      externalId,
      number,
      status: state.status,
      cartStatus: state.name,
      currency,
      pricesIncludeTax: false,
      total,
      // Tax included: the engine adds shipping untaxed, so lines and shipping add up to the total.
      shippingTotal:
        raw.total_shipping_tax_incl === undefined ? 0 : amountField(raw, 'total_shipping_tax_incl', currency),
      customer: {
        externalId: customerId > 0 ? String(customerId) : null,
        email: (customer && clean(customer.email, 320)) || null,
        name: customerName || delivery?.name || null,
        phone: delivery?.phone ?? null,
      },
      shippingAddress: delivery?.address ?? null,
      shippingName: null,
      // total_paid_real is what payments recorded so far: nothing while the order awaits payment.
      payment:
        state.status !== 'awaiting_payment' && paid > 0
          ? {
              method: clean(raw.payment, 100) || clean(raw.module, 100) || 'PrestaShop',
              amount: paid,
              reference: number,
            }
          : null,
      lines,
      createdAt,
      updatedAt: cartDate(raw.date_upd) ?? createdAt,
    };
  });
}
