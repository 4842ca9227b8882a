import {
  type BadRecord,
  type Cart,
  type CartAddressAndKeys,
  type CartEntity,
  CartError,
  type CartPage,
  type CartRecords,
  type CustomerToCart,
  type ItemToCart,
  isBadRecord,
  type PageQuery,
  type StockLevel,
} from '../cart.js';
import { type CartResponse, cartRequest, jsonOf } from './cart-http.js';
import { detailOf, problemOf, said, unknownItems } from './custom-problems.js';
import { CART_ID, readCartRecord } from './custom-records.js';

export {
  readCustomCartEvent,
  type SignatureCheck,
  verifyCustomCartSignature,
} from './custom-webhook.js';

/**
 * Tandem's own cart protocol (tandem-cart/1, connection type `custom`): JSON over HTTPS under
 * `{url}/tandem-cart/v1/`, a bearer token, cursor pages in ascending updatedAt. The protocol is
 * described for cart developers in docs/cart-protocol.md.
 */

export const CUSTOM_CART_PROTOCOL = 'tandem-cart/1';
const API_PATH = 'tandem-cart/v1';
const MAX_PAGE = 100;
const MAX_LEVELS = 100;

export interface CustomCartInfo {
  protocol: string;
  name: string;
  currency: string;
  capabilities: { orders: boolean; items: boolean; customers: boolean; stock: boolean; webhooks: boolean };
}

/** The Cart, plus what only this protocol offers: its self-description and webhook subscriptions. */
export interface CustomCart extends Cart {
  info(): Promise<CustomCartInfo>;
  /** Asks the cart to deliver its change notices to `url`; answers the subscription's id. */
  subscribeWebhook(url: string): Promise<string>;
  /** Stops deliveries to a subscription; one already gone counts as stopped. */
  unsubscribeWebhook(id: string): Promise<void>;
}

const capabilityNames = ['orders', 'items', 'customers', 'stock', 'webhooks'] as const;

export function openCustomCart(options: CartAddressAndKeys): CustomCart {
  const token = options.credentials.token ?? '';
  let address: URL | undefined;
  try {
    address = new URL(options.url);
  } catch {
    // An unreadable address fails as unreachable on the first call, naming it.
  }
  const host = address?.host ?? said(options.url, 100);
  // A query or fragment pasted with the address is no part of where the protocol lives.
  const base = address === undefined ? '' : `${address.origin}${address.pathname.replace(/\/+$/, '')}`;

  function notACart(detail: string, status?: number): CartError {
    return new CartError(
      'not_a_cart',
      `${host} is not a Tandem cart protocol endpoint: ${detail}.`,
      undefined,
      status,
    );
  }

  async function call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    extra: { query?: URLSearchParams; body?: unknown; handles?: number } = {},
  ): Promise<CartResponse> {
    if (address === undefined || (address.protocol !== 'https:' && address.protocol !== 'http:')) {
      throw new CartError('unreachable', `${host} is not an http or https address.`);
    }
    if (token === '') throw new CartError('unauthorized', 'The connection has no token.');
    if (!/^[\x21-\x7e]{1,512}$/.test(token)) {
      throw new CartError('unauthorized', 'The token must be printable characters without spaces.');
    }
    const query = extra.query?.toString();
    const response = await cartRequest({
      method,
      url: `${base}/${API_PATH}/${path}${query ? `?${query}` : ''}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(extra.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(extra.body === undefined ? {} : { body: JSON.stringify(extra.body) }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
    if ((response.status >= 200 && response.status < 300) || response.status === extra.handles)
      return response;
    throw failureOf(response, `${method} /${API_PATH}/${path}`);
  }

  /** What a status other than 2xx means in this protocol. */
  function failureOf(response: CartResponse, what: string): CartError {
    const { status } = response;
    const problem = problemOf(response);
    const detail = detailOf(problem);
    const because = detail ? `: ${detail}` : '';
    if (status >= 300 && status < 400) {
      const location = said(response.headers.get('location'), 200);
      return notACart(`${what} redirects${location ? ` to ${location}` : ''} (${status})`, status);
    }
    if (status === 401) {
      return new CartError('unauthorized', `The cart refused the token (401)${because}.`, undefined, status);
    }
    if (status === 403) {
      const message =
        problem?.code === 'insufficient_scope'
          ? 'The token may only read; Tandem needs a token that may also write (403 insufficient_scope).'
          : `The cart refused ${what} (403)${because}.`;
      return new CartError('forbidden', message, undefined, status);
    }
    if (status === 404 && problem?.code === 'not_supported') {
      return new CartError(
        'forbidden',
        `The cart does not offer this${because} (404 not_supported).`,
        undefined,
        404,
      );
    }
    if (status === 404 && problem?.code !== undefined) {
      return new CartError('not_found', `The cart has no such record${because}.`, undefined, 404);
    }
    if (status === 404) return notACart(`${what} answered 404 without a problem+json body`, 404);
    return new CartError('rejected', `The cart refused ${what} (${status})${because}.`, undefined, status);
  }

  /** The body as JSON; anything else (a web page, a login form) is not this protocol. */
  function json(response: CartResponse, what: string): unknown {
    try {
      return jsonOf(response, what);
    } catch (error) {
      if (!(error instanceof CartError)) throw error;
      throw notACart(error.message.replace(/\.$/, ''), response.status);
    }
  }

  function objectOf(response: CartResponse, what: string): Record<string, unknown> {
    const body = json(response, what);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw notACart(`${what} is not a JSON object`, response.status);
    }
    return body as Record<string, unknown>;
  }

  function checkId(id: string, what: string): string {
    if (!CART_ID.test(id))
      throw new CartError('not_found', `${JSON.stringify(id.slice(0, 80))} is not a ${what} id.`);
    return id;
  }

  /** The id a write answered, which must be a record's id. */
  function answeredId(response: CartResponse, what: string): string {
    const body = objectOf(response, what);
    const id = typeof body.id === 'number' && Number.isSafeInteger(body.id) ? String(body.id) : body.id;
    if (typeof id !== 'string' || !CART_ID.test(id))
      throw notACart(`${what} answered no valid id`, response.status);
    return id;
  }

  async function info(): Promise<CustomCartInfo> {
    let response: CartResponse;
    try {
      response = await call('GET', 'info');
    } catch (error) {
      // Whatever a 404 says here, there is no /info: this is not (this version of) the protocol.
      if (error instanceof CartError && error.status === 404) throw notACart('/info answered 404', 404);
      throw error;
    }
    const body = json(response, '/info');
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof record.protocol !== 'string')
      throw notACart('/info does not name a protocol', response.status);
    if (record.protocol !== CUSTOM_CART_PROTOCOL) {
      throw notACart(
        `it speaks ${said(record.protocol, 40)}, and this Tandem speaks ${CUSTOM_CART_PROTOCOL}`,
      );
    }
    const capabilities = (record.capabilities ?? {}) as Record<string, unknown>;
    if (typeof record.currency !== 'string' || !/^[A-Z]{3}$/.test(record.currency)) {
      throw notACart('/info has no ISO 4217 currency', response.status);
    }
    if (!capabilityNames.every((name) => typeof capabilities[name] === 'boolean')) {
      throw notACart(
        `/info must say true or false for each of ${capabilityNames.join(', ')}`,
        response.status,
      );
    }
    return {
      protocol: record.protocol,
      name: said(record.name, 200),
      currency: record.currency,
      capabilities: {
        orders: capabilities.orders === true,
        items: capabilities.items === true,
        customers: capabilities.customers === true,
        stock: capabilities.stock === true,
        webhooks: capabilities.webhooks === true,
      },
    };
  }

  async function page<E extends CartEntity>(entity: E, query: PageQuery): Promise<CartPage<CartRecords[E]>> {
    const params = new URLSearchParams();
    if (query.modifiedSince) params.set('modifiedSince', query.modifiedSince.toISOString());
    const search = query.search?.trim();
    if (search) params.set('q', search.slice(0, 200));
    const size = Math.trunc(query.pageSize ?? MAX_PAGE);
    params.set('limit', String(Math.min(Math.max(Number.isFinite(size) ? size : MAX_PAGE, 1), MAX_PAGE)));
    if (query.page) params.set('cursor', query.page);
    const response = await call('GET', entity, { query: params });
    const what = `the ${entity} list`;
    const body = objectOf(response, what);
    if (!Array.isArray(body.data)) throw notACart(`${what} has no data array`, response.status);
    const next = body.nextCursor;
    if (next !== null && (typeof next !== 'string' || next.length === 0 || next.length > 2048)) {
      throw notACart(`${what} has no nextCursor (a string, or null on the last page)`, response.status);
    }
    if (next !== null && next === query.page) {
      throw notACart(`${what} answered the cursor it was given as the next one, so paging would never end`);
    }
    const now = Date.now();
    const records = body.data.map((value) => readCartRecord(entity, value, now));
    // The engine advances its cursor record by record: a page out of order would skip changes.
    let last = Number.NEGATIVE_INFINITY;
    for (const record of records) {
      if (isBadRecord(record)) continue;
      const at = record.updatedAt.getTime();
      if (at < last) throw notACart(`${what} is not in ascending updatedAt order`);
      last = at;
    }
    return { records, next };
  }

  async function get<E extends CartEntity>(
    entity: E,
    externalId: string,
  ): Promise<CartRecords[E] | BadRecord> {
    const id = checkId(externalId, entity.slice(0, -1));
    const response = await call('GET', `${entity}/${id}`);
    const record = readCartRecord(entity, json(response, `the ${entity.slice(0, -1)} ${id}`));
    if (!isBadRecord(record) && record.externalId !== id) {
      return { bad: true, externalId: id, reason: `the cart answered record ${record.externalId} for ${id}` };
    }
    return record;
  }

  /**
   * Creates or updates. A create the cart refuses with 409 and `existingId` (the SKU or email is
   * taken, as when an earlier create got through but its answer was lost) updates that record instead.
   */
  async function put(
    entity: 'items' | 'customers',
    externalId: string | undefined,
    body: object,
  ): Promise<string> {
    const what = entity === 'items' ? 'item' : 'customer';
    if (externalId !== undefined) {
      const id = checkId(externalId, what);
      const answeredAs = answeredId(await call('PUT', `${entity}/${id}`, { body }), `the ${what} update`);
      if (answeredAs !== id) throw notACart(`the update of ${what} ${id} answered ${what} ${answeredAs}`);
      return id;
    }
    const response = await call('POST', entity, { body, handles: 409 });
    if (response.status !== 409) return answeredId(response, `the new ${what}`);
    const existing = problemOf(response)?.existingId;
    if (typeof existing !== 'string' || !CART_ID.test(existing)) throw failureOf(response, `POST /${entity}`);
    return put(entity, existing, body);
  }

  async function setStockBatch(levels: readonly StockLevel[], retried = false): Promise<void> {
    const body = { levels: levels.map((level) => ({ itemId: level.externalId, quantity: level.quantity })) };
    const response = await call('POST', 'stock', { body, handles: 400 });
    if (response.status === 400) {
      const unknown = unknownItems(problemOf(response), levels);
      if (unknown.length === 0 || retried) throw failureOf(response, 'POST /stock');
      // All or nothing: an item deleted in the cart would hold back the rest of its batch for good.
      const rest = levels.filter((level) => !unknown.includes(level.externalId));
      if (rest.length > 0) await setStockBatch(rest, true);
      const named = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? '…' : '');
      const others = rest.length > 0 ? '; the other levels were set' : '';
      throw new CartError('not_found', `The cart has no item ${named}${others}.`, undefined, 400);
    }
    const answer = objectOf(response, 'the stock answer');
    if (!Array.isArray(answer.data)) throw notACart('the stock answer has no data array', response.status);
  }

  async function setStock(levels: readonly StockLevel[]): Promise<void> {
    // The last level given for an item is the one that counts.
    const latest = new Map<string, StockLevel>();
    const impossible = new Set<string>();
    for (const level of levels) {
      if (!CART_ID.test(level.externalId)) impossible.add(said(level.externalId, 80));
      else {
        latest.delete(level.externalId);
        latest.set(level.externalId, level);
      }
    }
    const all = [...latest.values()];
    let missing: CartError | undefined;
    for (let start = 0; start < all.length; start += MAX_LEVELS) {
      try {
        await setStockBatch(all.slice(start, start + MAX_LEVELS));
      } catch (error) {
        // An unknown item stops only its own level; the batches after it still go.
        if (!(error instanceof CartError) || error.failure !== 'not_found') throw error;
        missing ??= error;
      }
    }
    if (impossible.size > 0) {
      const named = [...impossible].slice(0, 10).map((id) => JSON.stringify(id));
      throw new CartError(
        'not_found',
        `${named.join(', ')} cannot be item ids in this cart; the other levels were set.`,
      );
    }
    if (missing !== undefined) throw missing;
  }

  return {
    async test() {
      await info();
    },
    info,
    page,
    get,
    putItem: (item: ItemToCart) =>
      put('items', item.externalId, {
        sku: item.sku,
        name: item.name,
        price: item.price,
        currency: item.currency,
        stock: item.stock,
      }),
    putCustomer: (customer: CustomerToCart) =>
      put('customers', customer.externalId, {
        email: customer.email,
        name: customer.name,
        phone: customer.phone,
      }),
    setStock,
    async subscribeWebhook(url: string) {
      return answeredId(await call('POST', 'webhooks', { body: { url } }), 'the webhook subscription');
    },
    async unsubscribeWebhook(id: string) {
      try {
        await call('DELETE', `webhooks/${checkId(id, 'webhook')}`);
      } catch (error) {
        if (!(error instanceof CartError) || error.failure !== 'not_found') throw error;
      }
    },
  };
}
