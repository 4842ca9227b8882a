import { randomBytes } from 'node:crypto';
import { formatMajorUnits } from '../../../platform/money.js';
import { CartError, type CustomerToCart, type ItemToCart, type StockLevel } from '../cart.js';
import { wholeNumber } from './cart-http.js';
import type { PrestaShopClient, Query } from './prestashop-client.js';
import { clean, isRaw, listOf } from './prestashop-records.js';
import { childNamed, element, removeFields, setField, type XmlNode } from './prestashop-xml.js';

/**
 * Writes, in XML as PrestaShop takes them. A PUT replaces the whole record (a field left out is
 * emptied), so an update reads the record's XML, changes a few fields and sends it all back; a
 * create fills the resource's blank schema. Fields PrestaShop shows but refuses in a write
 * (code 93) and the associations (left alone when not sent) are taken out first.
 */

/** Product fields PrestaShop shows but will not take back (setter false, or virtual and touchy). */
const PRODUCT_NOT_WRITTEN = [
  'manufacturer_name',
  'quantity',
  'position_in_category',
  'id_default_combination',
  'id_default_image',
  'associations',
];
const STOCK_WIDTH = 4;
const IDS_PER_LOOKUP = 50;
const INT_MAX = 2_147_483_647;

function validId(id: string, what: string): string {
  if (!/^\d{1,10}$/.test(id) || Number(id) === 0 || Number(id) > INT_MAX) {
    throw new CartError('not_found', `PrestaShop has no ${what} “${id.slice(0, 40)}”.`);
  }
  return String(Number(id));
}

/** A value that can go inside filter brackets unchanged (their grammar has no escape). */
const filterable = (value: string) => value !== '' && value.length <= 255 && !/[[\]|%]/.test(value);

/** What a record is called in PrestaShop's blank schema and record XML. */
function recordOf(document: XmlNode, singular: string): XmlNode {
  const record = childNamed(document, singular);
  if (record === undefined) throw new CartError('not_a_cart', `PrestaShop answered no <${singular}> record.`);
  return record;
}

/** Sets a multilingual field in every language, or only in language 1 (else the first). */
function setTranslated(record: XmlNode, name: string, value: string, which: 'all' | 'main'): void {
  const field = childNamed(record, name);
  if (field === undefined) return;
  const languages = field.children.filter((child) => child.name === 'language');
  if (languages.length === 0) {
    field.text = value;
    return;
  }
  const chosen =
    which === 'all'
      ? languages
      : [languages.find((language) => language.attributes.id === '1') ?? languages[0]];
  for (const language of chosen) if (language) language.text = value;
}

/** Sets a field the schema has, when it holds nothing yet. */
function setIfEmpty(record: XmlNode, name: string, value: string): void {
  const field = childNamed(record, name);
  if (field !== undefined && field.children.length === 0 && field.text.trim() === '') field.text = value;
}

function savedId(document: XmlNode, singular: string): string {
  const id = wholeNumber(childNamed(recordOf(document, singular), 'id')?.text.trim());
  if (id === undefined || id <= 0)
    throw new CartError('not_a_cart', `PrestaShop saved the ${singular} but named no id.`);
  return String(id);
}

/** Validate::isCatalogName refuses these in a product's name; they are dropped rather than refused. */
function catalogName(name: string): string {
  return clean(name.replace(/[<>;=#{}]/g, ' '), 128);
}

/** Validate::isCustomerName: no digits nor most punctuation; a dot only before a space or the end. */
function personName(text: string): string {
  return clean(
    text.replace(/[0-9!<>,;?=+()/\\@#"°*`{}_^$%:¤[\]|]/g, ' ').replace(/[.。](?!\s|$)/g, ' '),
    255,
  );
}

/** PrestaShop wants a first and a last name; one word serves as both. */
function splitName(name: string, email: string): [string, string] {
  const words = (personName(name) || personName(email.split('@')[0] ?? '')).split(' ').filter(Boolean);
  const [first, ...rest] = words;
  if (!first) throw new CartError('rejected', 'PrestaShop needs a name without digits for the customer.');
  return [first, rest.join(' ') || first];
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 128) || 'product'
  );
}

/** Runs `work` over `items`, `width` at a time; the first failure stops new work and is thrown. */
async function inLanes<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  let failure: unknown;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failed) throw failure;
}

export class PrestaShopWriter {
  constructor(private readonly client: PrestaShopClient) {}

  /** The id of the first record whose `field` is exactly `value`. */
  private async findId(
    resource: string,
    field: string,
    value: string,
    also: Query = {},
  ): Promise<string | undefined> {
    if (!filterable(value)) return undefined;
    const body = await this.client.json(resource, {
      ...also,
      [`filter[${field}]`]: `[${value}]`,
      display: '[id]',
      sort: '[id_ASC]',
      limit: '1',
    });
    const id = wholeNumber(listOf(body, resource)[0]?.id);
    return id !== undefined && id > 0 ? String(id) : undefined;
  }

  async putItem(item: ItemToCart): Promise<string> {
    const name = catalogName(item.name);
    if (!name) throw new CartError('rejected', 'PrestaShop needs a name for the product.');
    if (!Number.isInteger(item.price) || item.price < 0 || item.price > 1e13) {
      throw new CartError('rejected', `The price ${item.price} cannot be sent to PrestaShop.`);
    }
    const price = formatMajorUnits(item.price, item.currency);
    const sku = item.sku === null ? null : clean(item.sku, 100);
    if (sku !== null && (sku.length > 64 || /[<>;={}]/.test(sku))) {
      throw new CartError(
        'rejected',
        `PrestaShop refuses the reference “${sku.slice(0, 70)}” (64 characters, no < > ; = { }).`,
      );
    }
    // No idempotency in PrestaShop: an item sent again finds the product its first sending made.
    const id =
      item.externalId !== undefined
        ? validId(item.externalId, 'product')
        : sku
          ? await this.findId('products', 'reference', sku)
          : undefined;
    let saved: string;
    if (id !== undefined) {
      const document = await this.client.xml(`products/${id}`);
      const product = recordOf(document, 'product');
      if (sku !== null) setField(product, 'reference', sku);
      setField(product, 'price', price);
      // Other languages keep their own translation of the name.
      setTranslated(product, 'name', name, 'main');
      removeFields(product, PRODUCT_NOT_WRITTEN);
      saved = savedId(await this.client.send('PUT', `products/${id}`, document), 'product');
    } else {
      const document = await this.client.xml('products', { schema: 'blank' });
      const product = recordOf(document, 'product');
      setField(product, 'reference', sku ?? '');
      setField(product, 'price', price);
      setTranslated(product, 'name', name, 'all');
      setTranslated(product, 'link_rewrite', slug(name), 'all');
      // What the back office sets on a new product; an empty value would store 0 or an invalid enum.
      for (const [field, value] of [
        ['active', '1'],
        ['state', '1'],
        ['visibility', 'both'],
        ['condition', 'new'],
        ['show_price', '1'],
        ['available_for_order', '1'],
        ['minimal_quantity', '1'],
      ] as const) {
        setIfEmpty(product, field, value);
      }
      removeFields(product, ['id', 'date_add', 'date_upd', ...PRODUCT_NOT_WRITTEN]);
      saved = savedId(await this.client.send('POST', 'products', document), 'product');
    }
    if (item.stock !== null) await this.setStock([{ externalId: saved, quantity: item.stock }]);
    return saved;
  }

  async putCustomer(customer: CustomerToCart): Promise<string> {
    const email = clean(customer.email, 255);
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) {
      throw new CartError(
        'rejected',
        `PrestaShop needs a valid email for the customer (“${email.slice(0, 80)}”).`,
      );
    }
    const [firstname, lastname] = splitName(customer.name, email);
    const id =
      customer.externalId !== undefined
        ? validId(customer.externalId, 'customer')
        : await this.findId('customers', 'email', email, { 'filter[deleted]': '[0]' });
    if (id !== undefined) {
      const document = await this.client.xml(`customers/${id}`);
      const record = recordOf(document, 'customer');
      setField(record, 'email', email);
      setField(record, 'firstname', firstname);
      setField(record, 'lastname', lastname);
      // The password hash goes back as read: PrestaShop keeps a hash it is sent unchanged.
      removeFields(record, ['associations']);
      return savedId(await this.client.send('PUT', `customers/${id}`, document), 'customer');
    }
    const document = await this.client.xml('customers', { schema: 'blank' });
    const record = recordOf(document, 'customer');
    setField(record, 'email', email);
    setField(record, 'firstname', firstname);
    setField(record, 'lastname', lastname);
    // Required; the customer chooses their own with "forgot your password".
    setField(record, 'passwd', randomBytes(24).toString('base64url'));
    setIfEmpty(record, 'active', '1');
    // 3 is the "Customer" group of a fresh install; without a group a customer sees no prices.
    setIfEmpty(record, 'id_default_group', '3');
    removeFields(record, ['id', 'date_add', 'date_upd', 'associations']);
    return savedId(await this.client.send('POST', 'customers', document), 'customer');
  }

  async setStock(levels: readonly StockLevel[]): Promise<void> {
    const wanted = new Map<string, number>();
    for (const level of levels) {
      const id = validId(level.externalId, 'product');
      if (!Number.isInteger(level.quantity) || Math.abs(level.quantity) > INT_MAX) {
        throw new CartError(
          'rejected',
          `The stock ${level.quantity} of product ${id} cannot be sent to PrestaShop.`,
        );
      }
      wanted.set(id, level.quantity);
    }
    const ids = [...wanted.keys()];
    const rows: Record<string, unknown>[] = [];
    const found = new Set<string>();
    for (let at = 0; at < ids.length; at += IDS_PER_LOOKUP) {
      const body = await this.client.json('stock_availables', {
        'filter[id_product]': `[${ids.slice(at, at + IDS_PER_LOOKUP).join('|')}]`,
        // The product's own row; a product with combinations also has one per combination.
        'filter[id_product_attribute]': '[0]',
        display: 'full',
      });
      for (const row of listOf(body, 'stock_availables')) {
        const product = String(wholeNumber(row.id_product) ?? '');
        const quantity = wanted.get(product);
        if (quantity === undefined || wholeNumber(row.id) === undefined) continue;
        found.add(product);
        if (wholeNumber(row.quantity) !== quantity) rows.push(row);
      }
    }
    const missing = ids.filter((id) => !found.has(id));
    await inLanes(rows, STOCK_WIDTH, async (row) => {
      const quantity = wanted.get(String(wholeNumber(row.id_product))) as number;
      await this.client.send('PUT', `stock_availables/${wholeNumber(row.id)}`, stockDocument(row, quantity));
    });
    if (missing.length > 0) {
      throw new CartError(
        'not_found',
        `PrestaShop has no stock row for product ${missing.slice(0, 10).join(', ')}.`,
      );
    }
  }
}

/** The stock row sent back whole with its new quantity: id_shop left out would become 0. */
function stockDocument(row: Record<string, unknown>, quantity: number): XmlNode {
  const fields = Object.entries(row)
    .filter(
      ([name, value]) =>
        name !== 'associations' &&
        /^[A-Za-z_][\w-]{0,63}$/.test(name) &&
        !isRaw(value) &&
        !Array.isArray(value),
    )
    .map(([name, value]) =>
      element(
        name,
        name === 'quantity' ? String(quantity) : value === null || value === undefined ? '' : String(value),
      ),
    );
  return element('prestashop', [element('stock_available', fields)], {
    'xmlns:xlink': 'http://www.w3.org/1999/xlink',
  });
}
