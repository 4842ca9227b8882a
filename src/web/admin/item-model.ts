import type { DiscountScope } from '../../contracts/catalog.js';
import type { FieldError, Item, ItemKind, MovementKind } from '../api-client.js';
import { parseMajor, toMajor } from '../components/money.js';

export const kindLabels: Record<ItemKind, string> = {
  product: 'Product',
  service: 'Service',
  package: 'Package',
  membership: 'Membership',
};
export const itemKinds = Object.keys(kindLabels) as ItemKind[];
export const isItemKind = (value: string | null): value is ItemKind =>
  value !== null && (itemKinds as string[]).includes(value);

export const kindHints: Record<ItemKind, string> = {
  product: 'Something on the shelf; it can keep count of its stock.',
  service: 'Work done for a customer, such as a haircut.',
  package: 'A bundle of products and services, used within a number of days.',
  membership: 'A plan paid every month or year, with a discount.',
};

export const movementLabels: Record<MovementKind, string> = {
  receive: 'Received',
  sale: 'Sale',
  return: 'Return',
  adjustment: 'Adjustment',
  count: 'Count',
  sync: 'Cart sync',
};

export type Interval = 'month' | 'year';
export const intervalLabels: Record<Interval, string> = { month: 'Every month', year: 'Every year' };

/** A package line as the form holds it: the quantity as typed. */
export interface IncludedLine {
  itemId: string;
  name: string;
  sku: string;
  quantity: string;
}

/** The item form: every text as typed, amounts in major units, the tax rate in percent. */
export interface ItemForm {
  kind: ItemKind;
  name: string;
  sku: string;
  category: string;
  barcode: string;
  description: string;
  price: string;
  cost: string;
  taxRate: string;
  trackStock: boolean;
  lowStockThreshold: string;
  initialStock: string;
  includes: IncludedLine[];
  discountPercent: string;
  discountAppliesTo: DiscountScope;
  durationDays: string;
  interval: Interval;
}

export const itemFieldLabels: Record<string, string> = {
  kind: 'Kind',
  name: 'Name',
  sku: 'SKU',
  category: 'Category',
  barcode: 'Barcode',
  description: 'Description',
  price: 'Price',
  cost: 'Cost',
  taxRate: 'Tax rate (%)',
  trackStock: 'Keep count of stock',
  active: 'Active',
  lowStockThreshold: 'Low-stock threshold',
  initialStock: 'Stock on hand now',
  includes: 'Contents',
  discountPercent: 'Discount (%)',
  discountAppliesTo: 'Discount on',
  durationDays: 'Duration in days',
  interval: 'Renews',
};

/** The fields in the order the form shows them: problems are listed in this order. */
export const itemFieldOrder = Object.keys(itemFieldLabels);

export const itemFieldId = (path: string) => `item-${path.replace(/\./g, '-')}`;

/** Where a problem the server reports belongs: package lines point at their quantity. */
export function itemErrorTarget(path: string, form: ItemForm): { fieldId: string | null; label: string } {
  const line = /^includes\.(\d+)\.(itemId|quantity)$/.exec(path);
  if (line) {
    const included = form.includes[Number(line[1])];
    return {
      fieldId: included ? itemFieldId(`includes.${line[1]}.quantity`) : itemFieldId('includes'),
      label: included ? `Contents: ${included.name}` : 'Contents',
    };
  }
  if (path === 'kind') return { fieldId: itemFieldId('kind-product'), label: itemFieldLabels.kind ?? path };
  const label = itemFieldLabels[path];
  return label ? { fieldId: itemFieldId(path), label } : { fieldId: null, label: path };
}

export function emptyItemForm(kind: ItemKind): ItemForm {
  return {
    kind,
    name: '',
    sku: '',
    category: '',
    barcode: '',
    description: '',
    price: '',
    cost: '',
    taxRate: '0',
    trackStock: kind === 'product',
    lowStockThreshold: '',
    initialStock: '',
    includes: [],
    discountPercent: '',
    discountAppliesTo: 'services',
    durationDays: '',
    interval: 'month',
  };
}

const percentText = (basisPoints: number) => String(basisPoints / 100);
const numberText = (n: number | null) => (n === null ? '' : String(n));

export function itemToForm(item: Item, digits: number): ItemForm {
  return {
    kind: item.kind,
    name: item.name,
    sku: item.sku,
    category: item.category ?? '',
    barcode: item.barcode ?? '',
    description: item.description ?? '',
    price: toMajor(item.price, digits),
    cost: toMajor(item.cost, digits),
    taxRate: percentText(item.taxRate),
    trackStock: item.trackStock,
    lowStockThreshold: numberText(item.lowStockThreshold),
    initialStock: '',
    includes: item.includes.map((i) => ({ ...i, quantity: String(i.quantity) })),
    discountPercent: numberText(item.discountPercent),
    discountAppliesTo: item.discountAppliesTo ?? 'services',
    durationDays: numberText(item.durationDays),
    interval: item.interval ?? 'month',
  };
}

/** Below every bound the API has for a count or an amount: sent for what the browser could not read. */
const UNREADABLE = -1;

const textOrNull = (text: string) => (text.trim() === '' ? null : text.trim());

/**
 * The fields a kind of item has, as the API takes them, read from the form; typos come back as
 * errors. A number that cannot be read is sent as UNREADABLE, which the server always refuses: it
 * then checks the other fields in the same request and lists their problems too.
 */
function readForm(form: ItemForm, digits: number, isNew: boolean) {
  const errors: FieldError[] = [];
  const amount = (path: 'price' | 'cost', text: string, emptyAs: number | null) => {
    if (text.trim() === '') {
      if (emptyAs !== null) return emptyAs;
      errors.push({ path, message: `must not be empty: enter an amount such as ${toMajor(1850, digits)}` });
      return UNREADABLE;
    }
    const minor = parseMajor(text, digits);
    if (minor === null) errors.push({ path, message: `must be an amount such as ${toMajor(1850, digits)}` });
    return minor ?? UNREADABLE;
  };
  const whole = (path: string, text: string): number | null => {
    if (text.trim() === '') return null;
    if (!/^\d+$/.test(text.trim())) {
      errors.push({ path, message: 'must be a whole number' });
      return UNREADABLE;
    }
    return Number(text.trim());
  };

  const body: Record<string, unknown> = {
    sku: form.sku.trim(),
    name: form.name.trim(),
    category: textOrNull(form.category),
    description: textOrNull(form.description),
    price: amount('price', form.price, null),
    cost: amount('cost', form.cost, 0),
  };
  // Percent with up to two decimals is basis points exactly: 8.25 → 825.
  const taxRate = form.taxRate.trim() === '' ? 0 : parseMajor(form.taxRate.replace(/%$/, ''), 2);
  if (taxRate === null) errors.push({ path: 'taxRate', message: 'must be a percentage such as 8.25' });
  body.taxRate = taxRate ?? UNREADABLE;

  if (form.kind === 'product') {
    body.barcode = textOrNull(form.barcode);
    body.trackStock = form.trackStock;
    if (form.trackStock) {
      body.lowStockThreshold = whole('lowStockThreshold', form.lowStockThreshold);
      if (isNew) {
        const initial = whole('initialStock', form.initialStock);
        if (initial !== null && initial !== 0) body.initialStock = initial;
      }
    }
  }
  if (form.kind === 'package') {
    body.includes = form.includes.map((line, i) => {
      const quantity = whole(`includes.${i}.quantity`, line.quantity);
      if (quantity === null) errors.push({ path: `includes.${i}.quantity`, message: 'must be at least 1' });
      return { itemId: line.itemId, quantity: quantity ?? UNREADABLE };
    });
    body.durationDays = whole('durationDays', form.durationDays);
  }
  if (form.kind === 'package' || form.kind === 'membership') {
    body.discountPercent = whole('discountPercent', form.discountPercent);
    body.discountAppliesTo = form.discountAppliesTo;
  }
  if (form.kind === 'membership') body.interval = form.interval;
  return { body, errors };
}

/** What to send to add the item. */
export function createItemBody(form: ItemForm, digits: number) {
  const { body, errors } = readForm(form, digits, true);
  const created: Record<string, unknown> = { kind: form.kind, ...body };
  // Leave out what is empty on a new item, so the catalogue's defaults apply.
  for (const key of ['category', 'description', 'barcode', 'lowStockThreshold', 'discountPercent']) {
    if (created[key] === null) delete created[key];
  }
  if (created.durationDays === null) delete created.durationDays;
  return { body: created, errors };
}

/** The same fields of a saved item, as the API answered them, to compare with. */
function savedFields(item: Item): Record<string, unknown> {
  return {
    sku: item.sku,
    name: item.name,
    category: item.category,
    description: item.description,
    price: item.price,
    cost: item.cost,
    taxRate: item.taxRate,
    barcode: item.barcode,
    trackStock: item.trackStock,
    lowStockThreshold: item.lowStockThreshold,
    includes: item.includes.map(({ itemId, quantity }) => ({ itemId, quantity })),
    durationDays: item.durationDays,
    discountPercent: item.discountPercent,
    discountAppliesTo: item.discountAppliesTo,
    interval: item.interval,
  };
}

/** Only what differs from the saved item. */
export function itemPatch(form: ItemForm, saved: Item, digits: number) {
  const { body, errors } = readForm(form, digits, false);
  const before = savedFields(saved);
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (JSON.stringify(value) !== JSON.stringify(before[key])) patch[key] = value;
  }
  return { body: patch, errors };
}

const moneyPaths = new Set(['price', 'cost']);

/** The server counts money in minor units and tax in basis points; the form shows neither. */
export function friendlyItemMessage(path: string, message: string, digits: number): string {
  if (moneyPaths.has(path)) {
    if (/whole number of minor units/.test(message)) return `may have at most ${digits} decimals`;
    return message.replace(
      /(at least|at most) (\d+)/,
      (_all, bound: string, n: string) => `${bound} ${toMajor(Number(n), digits)}`,
    );
  }
  if (path === 'taxRate') {
    if (/basis points/.test(message)) return 'may have at most 2 decimals';
    if (/at most/.test(message)) return 'must be at most 100%';
  }
  return message;
}
