import { formatMajorUnits } from '../../../platform/money.js';
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
  type PageQuery,
  type StockLevel,
} from '../cart.js';
import { WooClient } from './woocommerce-http.js';
import {
  changedCustomers,
  changedPage,
  type Listing,
  listPage,
  MAX_PAGE_SIZE,
} from './woocommerce-paging.js';
import { cleanText, isObject, readCustomer, readItem, readOrder, recordId } from './woocommerce-records.js';

/** A time no order is modified after: a shop that still lists orders for it ignores modified_after. */
const FAR_FUTURE = '2999-12-31T00:00:00';

/**
 * The WooCommerce adapter: wc/v3 over HTTP, mapped to the Cart shapes. Products are items; product
 * variations are not listed (an order line for a variation still names its id).
 */
export function openWooCommerceCart(options: CartAddressAndKeys): Cart {
  const client = new WooClient(options);
  const listings: { [E in CartEntity]: Listing<CartRecords[E]> } = {
    orders: { path: 'orders', what: 'the order list', read: (raw) => readOrder(raw, options.currency) },
    items: { path: 'products', what: 'the product list', read: (raw) => readItem(raw, options.currency) },
    customers: {
      path: 'customers',
      what: 'the customer list',
      read: (raw) => readCustomer(raw, options.currency),
    },
  };

  function idOf(externalId: string, what: string): number {
    const id = /^\d{1,15}$/.test(externalId) ? recordId(externalId) : undefined;
    if (id === undefined)
      throw new CartError('not_found', `"${cleanText(externalId, 40)}" is not a WooCommerce ${what} id.`);
    return id;
  }

  /** The id a create or update answered, or not_a_cart when the answer is no record. */
  function savedId(body: unknown, what: string): string {
    const id = isObject(body) ? recordId(body.id) : undefined;
    if (id === undefined) {
      throw new CartError('not_a_cart', `${client.host} answered saving ${what} without the record's id.`);
    }
    return String(id);
  }

  async function test(): Promise<void> {
    const products = await client.call({
      path: 'products',
      what: 'the product list',
      query: { per_page: '1', _fields: 'id' },
    });
    const list = products.body;
    if (!Array.isArray(list) || !list.every((entry) => isObject(entry) && recordId(entry.id) !== undefined)) {
      throw new CartError(
        'not_a_cart',
        `${client.host} is not a WooCommerce site: what answers for its product list is not a list of products.`,
      );
    }
    // Sync reads changes by modified_after and orderby=modified (WooCommerce 5.8 and later). An older
    // shop ignores the first and refuses the second.
    let orders: Awaited<ReturnType<WooClient['call']>>;
    try {
      orders = await client.call({
        path: 'orders',
        what: 'the order list',
        query: {
          per_page: '1',
          _fields: 'id',
          orderby: 'modified',
          order: 'asc',
          modified_after: FAR_FUTURE,
          dates_are_gmt: 'true',
        },
      });
    } catch (error) {
      if (error instanceof CartError && error.failure === 'rejected' && error.status === 400) {
        throw new CartError(
          'not_a_cart',
          `WooCommerce at ${client.host} is too old for sync: ${error.message}`,
        );
      }
      throw error;
    }
    if ((orders.total ?? 0) > 0) {
      throw new CartError(
        'not_a_cart',
        `WooCommerce at ${client.host} is too old for sync: it ignores modified_after (WooCommerce 5.8 or later is needed).`,
      );
    }
    await client.call({
      path: 'customers',
      what: 'the customer list',
      query: { per_page: '1', _fields: 'id' },
    });
    // An empty batch changes nothing but needs a key that may write and a user that may edit products.
    try {
      await client.call({ method: 'POST', path: 'products/batch', what: 'a product update', body: {} });
    } catch (error) {
      if (error instanceof CartError && (error.failure === 'unauthorized' || error.failure === 'forbidden')) {
        // The same key just read: refused now, it lacks the write permission, not the right secret.
        throw new CartError(
          'forbidden',
          `missing permission: the key may read but not write products (${error.message}). ` +
            'Create a key with Read/Write permissions in WooCommerce > Settings > Advanced > REST API.',
          undefined,
          error.status,
        );
      }
      throw error;
    }
  }

  async function page<E extends CartEntity>(entity: E, query: PageQuery): Promise<CartPage<CartRecords[E]>> {
    const listing = listings[entity] as Listing<CartRecords[E]>;
    const since = query.modifiedSince;
    if (since === null || since === undefined) return listPage(client, listing, query);
    if (Number.isNaN(since.getTime())) throw new CartError('rejected', 'modifiedSince is not a time.');
    return entity === 'customers'
      ? changedCustomers(client, listing, since, query)
      : changedPage(client, listing, since, query);
  }

  async function get<E extends CartEntity>(
    entity: E,
    externalId: string,
  ): Promise<CartRecords[E] | BadRecord> {
    const listing = listings[entity] as Listing<CartRecords[E]>;
    const id = idOf(externalId, listing.path.slice(0, -1));
    const answer = await client.call({
      path: `${listing.path}/${id}`,
      what: `${listing.path.slice(0, -1)} ${id}`,
    });
    return listing.read(answer.body);
  }

  async function putItem(item: ItemToCart): Promise<string> {
    if (item.currency !== options.currency) {
      throw new CartError(
        'rejected',
        `WooCommerce keeps prices in ${options.currency}; this item is priced in ${item.currency}.`,
      );
    }
    if (!Number.isSafeInteger(item.price) || item.price < 0) {
      throw new CartError('rejected', `${item.price} is not a price WooCommerce can take.`);
    }
    if (item.stock !== null && !Number.isSafeInteger(item.stock)) {
      throw new CartError('rejected', `${item.stock} is not a stock level WooCommerce can take.`);
    }
    const body: Record<string, unknown> = {
      name: cleanText(item.name),
      regular_price: formatMajorUnits(item.price, item.currency),
      manage_stock: item.stock !== null,
      ...(item.stock === null ? {} : { stock_quantity: item.stock }),
      ...(item.sku === null ? {} : { sku: cleanText(item.sku, 100) }),
    };
    if (item.externalId === undefined) {
      const answer = await client.call({ method: 'POST', path: 'products', what: 'a new product', body });
      return savedId(answer.body, 'a new product');
    }
    const id = idOf(item.externalId, 'product');
    const answer = await client.call({ method: 'PUT', path: `products/${id}`, what: `product ${id}`, body });
    return savedId(answer.body, `product ${id}`);
  }

  async function putCustomer(customer: CustomerToCart): Promise<string> {
    const name = cleanText(customer.name, 200);
    const space = name.lastIndexOf(' ');
    const first = space === -1 ? name : name.slice(0, space);
    const last = space === -1 ? '' : name.slice(space + 1);
    const email = cleanText(customer.email, 254);
    const phone = customer.phone === null ? {} : { phone: cleanText(customer.phone, 50) };
    const body = {
      email,
      first_name: first,
      last_name: last,
      billing: { first_name: first, last_name: last, email, ...phone },
    };
    if (customer.externalId === undefined) {
      const answer = await client.call({ method: 'POST', path: 'customers', what: 'a new customer', body });
      return savedId(answer.body, 'a new customer');
    }
    const id = idOf(customer.externalId, 'customer');
    const answer = await client.call({
      method: 'PUT',
      path: `customers/${id}`,
      what: `customer ${id}`,
      body,
    });
    return savedId(answer.body, `customer ${id}`);
  }

  /** One products/batch call; a 413 (a host's lower batch limit) splits the chunk in two. */
  async function sendStock(chunk: { id: number; quantity: number }[], refused: string[]): Promise<void> {
    let answer: Awaited<ReturnType<WooClient['call']>>;
    try {
      answer = await client.call({
        method: 'POST',
        path: 'products/batch',
        what: 'the stock update',
        body: {
          update: chunk.map(({ id, quantity }) => ({ id, stock_quantity: quantity, manage_stock: true })),
        },
      });
    } catch (error) {
      if (error instanceof CartError && error.status === 413 && chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        await sendStock(chunk.slice(0, half), refused);
        await sendStock(chunk.slice(half), refused);
        return;
      }
      throw error;
    }
    const updates =
      isObject(answer.body) && Array.isArray(answer.body.update) ? answer.body.update : undefined;
    if (updates === undefined) {
      throw new CartError(
        'not_a_cart',
        `${client.host} answered the stock update without its "update" list.`,
      );
    }
    // WooCommerce answers in the order asked, a refused item as { id, error } while the rest go through.
    chunk.forEach(({ id }, n) => {
      const entry = updates[n];
      if (!isObject(entry)) refused.push(`${id} (no answer)`);
      else if (isObject(entry.error))
        refused.push(`${id} (${cleanText(entry.error.message, 200) || 'refused'})`);
      else if (recordId(entry.id) !== id) refused.push(`${id} (answered for another product)`);
    });
  }

  async function setStock(levels: readonly StockLevel[]): Promise<void> {
    const byId = new Map<number, number>();
    const invalid: string[] = [];
    for (const level of levels) {
      const id = /^\d{1,15}$/.test(level.externalId) ? recordId(level.externalId) : undefined;
      if (
        id === undefined ||
        !Number.isSafeInteger(level.quantity) ||
        Math.abs(level.quantity) > 1_000_000_000
      ) {
        invalid.push(cleanText(level.externalId, 40));
      } else {
        byId.set(id, level.quantity);
      }
    }
    if (invalid.length > 0) {
      throw new CartError(
        'rejected',
        `Stock for WooCommerce items ${invalid.join(', ')} is not valid; nothing was sent.`,
      );
    }
    const all = [...byId].map(([id, quantity]) => ({ id, quantity }));
    const refused: string[] = [];
    for (let start = 0; start < all.length; start += MAX_PAGE_SIZE) {
      await sendStock(all.slice(start, start + MAX_PAGE_SIZE), refused);
    }
    if (refused.length > 0) {
      throw new CartError(
        'rejected',
        `WooCommerce refused the stock of ${refused.length} item${refused.length === 1 ? '' : 's'}: ${refused.join(', ')}.`,
      );
    }
  }

  return { test, page, get, putItem, putCustomer, setStock };
}
