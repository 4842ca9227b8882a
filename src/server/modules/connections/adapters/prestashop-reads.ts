import {
  type BadRecord,
  type CartEntity,
  CartError,
  type CartPage,
  type CartRecords,
  type PageQuery,
} from '../cart.js';
import { wholeNumber } from './cart-http.js';
import type { PrestaShopClient, Query } from './prestashop-client.js';
import { defaultOrderStates, type OrderStates } from './prestashop-order-states.js';
import {
  addressOf,
  customerOf,
  itemOf,
  listOf,
  orderOf,
  orderStatesOf,
  type Raw,
  type ShopAddress,
  withoutControls,
} from './prestashop-records.js';

/**
 * Pages of orders, products and customers. Changes are read with `date=1` (PrestaShop refuses a
 * date filter without it) and `filter[date_upd]=[since,…]`, an inclusive range, in
 * `[date_upd_ASC,id_ASC]` order. The page token resumes from the last record's date_upd, skipping
 * the records of that same second already seen: an offset over the whole range would skip a record
 * whenever one before it changed (and moved to the end) between two pages.
 */

export const RESOURCES = { orders: 'orders', items: 'products', customers: 'customers' } as const;
const MAX_PAGE = 100;
/** Ids per lookup request, to keep the URL short. */
const IDS_PER_LOOKUP = 50;
const END_OF_TIME = '9999-12-31 23:59:59';
const SHOP_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** A Date as the shop writes dates (the same reading as `cartDate`, the other way). */
export function shopDate(date: Date): string {
  if (Number.isNaN(date.getTime()))
    throw new CartError('rejected', 'The date to read changes from is not a date.');
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

type Token = { kind: 'since'; at: string; skip: number } | { kind: 'after'; id: number };

function readToken(page: string | null | undefined): Token | undefined {
  if (page === null || page === undefined || page === '') return undefined;
  const since = /^u:(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\|(\d{1,9})$/.exec(page);
  if (since) return { kind: 'since', at: since[1] ?? '', skip: Number(since[2]) };
  const after = /^i:(\d{1,12})$/.exec(page);
  if (after) return { kind: 'after', id: Number(after[1]) };
  throw new CartError('rejected', 'This page token was not made by the PrestaShop connection.');
}

/** Free text made safe inside PrestaShop's filter brackets (its grammar has no escape). */
function searchText(search: string | undefined): string {
  return withoutControls(search ?? '')
    .replace(/[[\]|%]/g, '')
    .trim()
    .slice(0, 64);
}

function searchFilter(entity: CartEntity, text: string): Query {
  if (entity === 'orders')
    return /^\d{1,10}$/.test(text) ? { 'filter[id]': `[${text}]` } : { 'filter[reference]': `%[${text}]%` };
  if (entity === 'items') return { 'filter[name]': `%[${text}]%` };
  return text.includes('@') ? { 'filter[email]': `%[${text}]%` } : { 'filter[lastname]': `%[${text}]%` };
}

const unique = (values: readonly unknown[]): number[] => [
  ...new Set(
    values.map((value) => wholeNumber(value)).filter((id): id is number => id !== undefined && id > 0),
  ),
];

/** Reads what one Cart instance needs, caching the lists that seldom change (states, currencies, countries). */
export class PrestaShopReader {
  private states: Promise<OrderStates> | undefined;
  private currencies: Promise<ReadonlyMap<string, string>> | undefined;
  private readonly countries = new Map<string, string>();

  constructor(
    private readonly client: PrestaShopClient,
    private readonly storeCurrency: string,
  ) {}

  async page<E extends CartEntity>(entity: E, query: PageQuery): Promise<CartPage<CartRecords[E]>> {
    const resource = RESOURCES[entity];
    const size = Math.min(Math.max(Math.trunc(query.pageSize ?? MAX_PAGE) || MAX_PAGE, 1), MAX_PAGE);
    const token = readToken(query.page);
    const params: Query = { display: 'full' };
    const search = searchText(query.search);
    if (search) {
      const filter = searchFilter(entity, search);
      // A search by id finds one order at most: there is no page after the first.
      if (token && 'filter[id]' in filter) return { records: [], next: null };
      Object.assign(params, filter);
    }
    let from = '';
    let skip = 0;
    if (query.modifiedSince) {
      if (token?.kind === 'after')
        throw new CartError('rejected', 'This page token belongs to another listing.');
      from = token?.at ?? shopDate(query.modifiedSince);
      skip = token?.skip ?? 0;
      Object.assign(params, {
        date: '1',
        'filter[date_upd]': `[${from},${END_OF_TIME}]`,
        sort: '[date_upd_ASC,id_ASC]',
        limit: `${skip},${size}`,
      });
    } else {
      if (token?.kind === 'since')
        throw new CartError('rejected', 'This page token belongs to another listing.');
      if (token) params['filter[id]'] = `>[${token.id}]`;
      Object.assign(params, { sort: '[id_ASC]', limit: String(size) });
    }
    const raws = listOf(await this.client.json(resource, params), resource);
    const records = (await this.mapped(entity, raws)) as (CartRecords[E] | BadRecord)[];
    if (raws.length < size) return { records, next: null };
    const last = raws.at(-1) as Raw;
    if (!query.modifiedSince) {
      const id = Math.max(0, ...unique(raws.map((raw) => raw.id)));
      return { records, next: id > 0 ? `i:${id}` : null };
    }
    const lastAt =
      typeof last.date_upd === 'string' && SHOP_DATE.test(last.date_upd) ? last.date_upd : undefined;
    if (lastAt === undefined) return { records, next: `u:${from}|${skip + raws.length}` };
    const sameSecond = raws.filter((raw) => raw.date_upd === lastAt).length;
    return { records, next: `u:${lastAt}|${(lastAt === from ? skip : 0) + sameSecond}` };
  }

  async get<E extends CartEntity>(entity: E, externalId: string): Promise<CartRecords[E] | BadRecord> {
    if (!/^\d{1,10}$/.test(externalId) || Number(externalId) === 0) {
      throw new CartError('not_found', `PrestaShop has no ${entity} “${externalId.slice(0, 40)}”.`);
    }
    const resource = RESOURCES[entity];
    // With `display`, PrestaShop answers the list shape even for one id; associations come with `full`.
    const raws = listOf(await this.client.json(`${resource}/${externalId}`, { display: 'full' }), resource);
    if (raws.length === 0) throw new CartError('not_found', `PrestaShop has no ${entity} ${externalId}.`);
    const [record] = await this.mapped(entity, raws.slice(0, 1));
    return record as CartRecords[E] | BadRecord;
  }

  private async mapped(entity: CartEntity, raws: Raw[]) {
    if (entity === 'items') return raws.map((raw) => itemOf(raw, this.storeCurrency));
    if (entity === 'customers') {
      const addresses = await this.firstAddresses(unique(raws.map((raw) => raw.id)));
      return raws.map((raw) => customerOf(raw, addresses.get(String(wholeNumber(raw.id)))));
    }
    const [states, currencies, customers, addresses] = await Promise.all([
      this.orderStates(),
      this.currencyCodes(),
      this.byIds('customers', unique(raws.map((raw) => raw.id_customer)), '[id,email,firstname,lastname]'),
      this.addresses(unique(raws.map((raw) => raw.id_address_delivery))),
    ]);
    return raws.map((raw) => orderOf(raw, { states, currencies, customers, addresses }, this.storeCurrency));
  }

  /** Records by id, in a few requests; a lookup the key may not make answers nothing. */
  private async byIds(
    resource: string,
    ids: readonly number[],
    display: string,
    { filter = 'id', also = {} }: { filter?: string; also?: Query } = {},
  ): Promise<Map<string, Raw>> {
    const found = new Map<string, Raw>();
    for (let at = 0; at < ids.length; at += IDS_PER_LOOKUP) {
      const chunk = ids.slice(at, at + IDS_PER_LOOKUP);
      const query = { ...also, [`filter[${filter}]`]: `[${chunk.join('|')}]`, display, sort: '[id_ASC]' };
      const list = await optional(this.client.json(resource, query), []);
      for (const raw of listOf(list, resource)) {
        const key = String(wholeNumber(filter === 'id' ? raw.id : raw[filter]) ?? '');
        if (key && !found.has(key)) found.set(key, raw);
      }
    }
    return found;
  }

  private async addresses(ids: readonly number[]): Promise<Map<string, ShopAddress>> {
    return this.shaped(await this.byIds('addresses', ids, 'full'));
  }

  /** Each customer's first live address, by customer id. */
  private async firstAddresses(customerIds: readonly number[]): Promise<Map<string, ShopAddress>> {
    return this.shaped(
      await this.byIds('addresses', customerIds, 'full', {
        filter: 'id_customer',
        also: { 'filter[deleted]': '[0]' },
      }),
    );
  }

  private async shaped(raws: Map<string, Raw>): Promise<Map<string, ShopAddress>> {
    const countryIds = unique([...raws.values()].map((raw) => raw.id_country));
    const missing = countryIds.filter((id) => !this.countries.has(String(id)));
    for (const [id, raw] of await this.byIds('countries', missing, '[id,iso_code]')) {
      const iso = typeof raw.iso_code === 'string' ? raw.iso_code.trim().toUpperCase() : '';
      if (/^[A-Z]{2}$/.test(iso)) this.countries.set(id, iso);
    }
    return new Map([...raws].map(([key, raw]) => [key, addressOf(raw, this.countries)]));
  }

  private orderStates(): Promise<OrderStates> {
    this.states ??= optional(this.client.json('order_states', { display: 'full' }), undefined)
      .then((body) => (body === undefined ? defaultOrderStates : orderStatesOf(listOf(body, 'order_states'))))
      .catch((error: unknown) => {
        this.states = undefined;
        throw error;
      });
    return this.states;
  }

  private currencyCodes(): Promise<ReadonlyMap<string, string>> {
    this.currencies ??= optional(this.client.json('currencies', { display: '[id,iso_code]' }), [])
      .then((body) => {
        const codes = new Map<string, string>();
        for (const raw of listOf(body, 'currencies')) {
          const iso = typeof raw.iso_code === 'string' ? raw.iso_code.trim().toUpperCase() : '';
          if (/^[A-Z]{3}$/.test(iso)) codes.set(String(wholeNumber(raw.id) ?? ''), iso);
        }
        return codes;
      })
      .catch((error: unknown) => {
        this.currencies = undefined;
        throw error;
      });
    return this.currencies;
  }
}

/**
 * A lookup that enriches records but is not needed to read them: when the key may not make it,
 * the records come without what it would add instead of not at all.
 */
async function optional<T, F>(call: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof CartError && (error.failure === 'forbidden' || error.failure === 'rejected'))
      return fallback;
    throw error;
  }
}
