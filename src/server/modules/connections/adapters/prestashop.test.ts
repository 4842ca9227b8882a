import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type PrestaShopEmulator,
  type PrestaShopEmulatorOptions,
  startPrestaShopEmulator,
} from '../../../../../emulators/prestashop/server.js';
import {
  type BadRecord,
  type Cart,
  type CartAddressAndKeys,
  type CartCustomer,
  type CartEntity,
  CartError,
  type CartItem,
  type CartOrder,
  type CartPage,
  type CartRecords,
  isBadRecord,
  type PageQuery,
} from '../cart.js';
import { openPrestaShopCart } from './prestashop.js';

const KEY = 'TANDEMPRESTASHOPKEY0123456789ABC';
let shop: PrestaShopEmulator;
const extra: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  shop = await startPrestaShopEmulator({ key: KEY });
});

afterEach(async () => {
  await shop.close();
  for (const one of extra.splice(0)) await one.close();
});

async function anotherShop(options: PrestaShopEmulatorOptions): Promise<PrestaShopEmulator> {
  const started = await startPrestaShopEmulator({ key: KEY, ...options });
  extra.push(started);
  return started;
}

function open(over: Partial<CartAddressAndKeys> = {}): Cart {
  return openPrestaShopCart({ url: shop.url, credentials: { apiKey: KEY }, currency: 'EUR', ...over });
}

async function failure(promise: Promise<unknown>): Promise<CartError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CartError) return error;
    throw error;
  }
  throw new Error('expected a CartError');
}

/** Every page from the first, as the engine reads them. */
async function allPages<E extends CartEntity>(
  cart: Cart,
  entity: E,
  query: PageQuery,
  between?: (page: number) => void,
): Promise<(CartRecords[E] | BadRecord)[]> {
  const records: (CartRecords[E] | BadRecord)[] = [];
  let page: string | null = null;
  for (let count = 0; count < 1000; count += 1) {
    const answer: CartPage<CartRecords[E]> = await cart.page(entity, { ...query, page });
    records.push(...answer.records);
    between?.(count);
    if (answer.next === null) return records;
    page = answer.next;
  }
  throw new Error('paging never ended');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  extra.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ids = (records: readonly { externalId: string }[]) => records.map((record) => record.externalId);

describe('testing the connection', () => {
  it('passes with a good key, also when the address names the webservice itself', async () => {
    await expect(open().test()).resolves.toBeUndefined();
    await expect(open({ url: `${shop.url}/api/` }).test()).resolves.toBeUndefined();
  });

  it('answers unauthorized for a wrong key, and for a key that cannot be one without calling', async () => {
    const wrong = await failure(open({ credentials: { apiKey: 'Z'.repeat(32) } }).test());
    expect(wrong.failure).toBe('unauthorized');
    expect(wrong.status).toBe(401);
    expect(wrong.message).toContain('Authentification key is not active (code 20)');
    const short = await failure(open({ credentials: { apiKey: 'short' } }).test());
    expect(short.failure).toBe('unauthorized');
    expect(short.status).toBeUndefined();
    const missing = await failure(open({ credentials: {} }).page('orders', {}));
    expect(missing.failure).toBe('unauthorized');
  });

  it('says a site that is not PrestaShop is not one, whether it answers a page or a 404', async () => {
    const page = await listen(
      createServer((_request, response) => {
        response.writeHead(200, { 'Content-Type': 'text/html' });
        response.end('<!doctype html><html><body>Welcome to my blog</body></html>');
      }),
    );
    const notShop = await failure(open({ url: page }).test());
    expect(notShop.failure).toBe('not_a_cart');
    expect(notShop.message).toMatch(/not a PrestaShop site/);
    const missing = await listen(
      createServer((_request, response) => {
        response.writeHead(404, { 'Content-Type': 'text/html' });
        response.end('<html><body>Not here</body></html>');
      }),
    );
    const notFound = await failure(open({ url: missing }).test());
    expect(notFound.failure).toBe('not_a_cart');
    expect(notFound.message).toMatch(/not a PrestaShop site/);
    const json = await failure(open({ url: page }).page('orders', {}));
    expect(json.failure).toBe('not_a_cart');
  });

  it('answers unreachable for a port nobody listens on, and for an address that is not one', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const closed = await failure(open({ url: `http://127.0.0.1:${port}` }).test());
    expect(closed.failure).toBe('unreachable');
    expect((await failure(open({ url: 'ftp://shop.example' }).test())).failure).toBe('unreachable');
    expect((await failure(open({ url: 'not an address' }).test())).failure).toBe('unreachable');
  });

  it('names the permissions sync needs that the key lacks', async () => {
    const limited = await anotherShop({
      permissions: { orders: ['GET', 'HEAD'], products: ['GET'], stock_availables: ['GET'] },
    });
    const refused = await failure(open({ url: limited.url }).test());
    expect(refused.failure).toBe('forbidden');
    expect(refused.message).toContain('customers (GET)');
    expect(refused.message).toContain('stock_availables (PUT)');
    expect(refused.message).not.toContain('orders');
  });

  it('sends the key as ws_key when the host drops the Authorization header', async () => {
    const stripped = await anotherShop({ dropsAuthorizationHeader: true });
    const cart = open({ url: stripped.url });
    await expect(cart.test()).resolves.toBeUndefined();
    expect(ids((await cart.page('items', {})).records as CartItem[])).toEqual(['1', '2', '3']);
  });
});

describe('reading orders', () => {
  it('maps an order: lines before tax with their tax, customer, delivery address, state and payment', async () => {
    const { records, next } = await open().page('orders', {});
    expect(next).toBeNull();
    expect(ids(records as CartOrder[])).toEqual(['1', '2', '3']);
    const order = records[1] as CartOrder;
    expect(order).toMatchObject({
      externalId: '2',
      status: 'paid',
      cartStatus: 'Payment accepted',
      currency: 'EUR',
      pricesIncludeTax: false,
      total: 2460,
      shippingTotal: 0,
      customer: {
        externalId: '2',
        email: 'grace@example.com',
        name: 'Grace Hopper',
        phone: '+33 6 12 34 56 78',
      },
      shippingAddress: {
        name: 'Grace Hopper',
        line1: '1 rue de Rivoli',
        city: 'Paris',
        postalCode: '75001',
        country: 'FR',
        phone: '+33 6 12 34 56 78',
      },
      shippingName: null,
      lines: [
        {
          externalItemId: '2',
          sku: 'MUG-CLASSIC',
          name: 'Classic mug',
          quantity: 1,
          unitPrice: 850,
          tax: 170,
        },
        { externalItemId: '3', sku: 'POSTER-A3', name: 'A3 poster', quantity: 1, unitPrice: 1200, tax: 240 },
      ],
      createdAt: new Date('2026-01-14T13:05:00Z'),
      updatedAt: new Date('2026-01-14T13:40:00Z'),
    });
    expect(order.number).toMatch(/^[A-Z]{9}$/);
    expect(order.payment).toEqual({ method: 'Bank wire', amount: 2460, reference: order.number });
    expect(records[2]).toMatchObject({ status: 'completed', cartStatus: 'Shipped' });
    expect((records[0] as CartOrder).shippingAddress).toMatchObject({ line2: 'Flat 3', country: 'GB' });
  });

  it('reads an order awaiting payment without a payment, and one in dollars in dollars', async () => {
    const waiting = shop.addOrder({ current_state: 10, id_currency: 2, total_paid: '30.000000' });
    const order = (await open().get('orders', String(waiting.id))) as CartOrder;
    expect(order).toMatchObject({
      status: 'awaiting_payment',
      cartStatus: 'Awaiting bank wire payment',
      currency: 'USD',
      total: 3000,
      payment: null,
    });
    shop.updateOrder(waiting.id, { current_state: 6 });
    expect(await open().get('orders', String(waiting.id))).toMatchObject({
      status: 'cancelled',
      cartStatus: 'Canceled',
    });
  });

  it('reads changes since a time in the order they changed, the same second again included', async () => {
    const cart = open();
    const since = await cart.page('orders', { modifiedSince: new Date('2026-01-14T13:40:00Z') });
    expect(ids(since.records as CartOrder[])).toEqual(['2', '3']);
    shop.updateOrder(1, { current_state: 5, dateUpd: '2026-03-02 09:00:00' });
    const overlap = await cart.page('orders', { modifiedSince: new Date('2026-03-02T09:00:00.500Z') });
    expect(ids(overlap.records as CartOrder[])).toEqual(['1', '3']);
    expect(overlap.records[0]).toMatchObject({ status: 'completed', cartStatus: 'Delivered' });
    const none = await cart.page('orders', { modifiedSince: new Date('2030-01-01T00:00:00Z') });
    expect(none).toEqual({ records: [], next: null });
  });

  it('pages through 250 new orders once each, in change order, even across seconds shared by a page boundary', async () => {
    const start = Date.parse('2026-04-01T10:00:00Z');
    for (let index = 0; index < 250; index += 1) {
      // Three orders a second, so some seconds straddle the end of a page.
      const at = new Date(start + Math.floor(index / 3) * 1000).toISOString().slice(0, 19).replace('T', ' ');
      shop.addOrder({ id_customer: 1 + (index % 2), date_add: at });
    }
    for (const pageSize of [100, 7]) {
      const records = (await allPages(open(), 'orders', {
        modifiedSince: new Date('2026-04-01T00:00:00Z'),
        pageSize,
      })) as CartOrder[];
      expect(records).toHaveLength(250);
      expect(new Set(ids(records)).size).toBe(250);
      const times = records.map((order) => order.updatedAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const everything = await allPages(open(), 'orders', {});
    expect(everything).toHaveLength(253);
    expect(new Set(ids(everything as CartOrder[])).size).toBe(253);
  });

  it('skips no order when an order already read changes while the pages are read', async () => {
    for (let index = 0; index < 30; index += 1) {
      shop.addOrder({ date_add: `2026-05-01 10:00:${String(index).padStart(2, '0')}` });
    }
    const records = (await allPages(
      open(),
      'orders',
      { modifiedSince: new Date('2026-05-01T00:00:00Z'), pageSize: 10 },
      (page) => {
        // The first order read is paid meanwhile: it moves to the end of the changes.
        if (page === 0) shop.updateOrder(4, { current_state: 2, dateUpd: '2026-06-01 00:00:00' });
      },
    )) as CartOrder[];
    expect(new Set(ids(records)).size).toBe(30);
    expect(records.at(-1)?.externalId).toBe('4');
  });

  it('turns a malformed order into a bad record and reads the rest of the page', async () => {
    shop.malform(2);
    const { records } = await open().page('orders', {});
    expect(records).toHaveLength(3);
    const bad = records[1] as BadRecord;
    expect(isBadRecord(bad)).toBe(true);
    expect(bad.externalId).toBe('2');
    expect(bad.reason).toMatch(/^order 2: /);
    expect(isBadRecord(records[0] as object)).toBe(false);
    expect(records[2]).toMatchObject({ externalId: '3', status: 'completed' });
    expect(isBadRecord((await open().get('orders', '2')) as object)).toBe(true);
  });

  it('keeps the line of a product deleted since, with its name, reference and price', async () => {
    shop.deleteProduct(3);
    const order = (await open().get('orders', '2')) as CartOrder;
    expect(order.lines[1]).toEqual({
      externalItemId: '3',
      sku: 'POSTER-A3',
      name: 'A3 poster',
      quantity: 1,
      unitPrice: 1200,
      tax: 240,
    });
    expect((await failure(open().get('items', '3'))).failure).toBe('not_found');
  });

  it('answers not_found for an unknown order, and for an id PrestaShop cannot have without asking', async () => {
    expect((await failure(open().get('orders', '999'))).failure).toBe('not_found');
    shop.fail(1, 500);
    expect((await failure(open().get('orders', '1/../../customers'))).failure).toBe('not_found');
    // The failure switch was not used up: nothing was sent.
    expect((await failure(open().get('orders', '1'))).failure).toBe('server_error');
  });

  it('still reads orders when the key may not read addresses, countries, states or currencies', async () => {
    const limited = await anotherShop({
      permissions: {
        orders: ['GET'],
        products: ['GET'],
        customers: ['GET'],
        stock_availables: ['GET', 'PUT'],
      },
    });
    const { records } = await open({ url: limited.url }).page('orders', {});
    expect(records[1]).toMatchObject({
      status: 'paid',
      cartStatus: 'Payment accepted',
      currency: 'EUR',
      shippingAddress: null,
      customer: { email: 'grace@example.com', name: 'Grace Hopper', phone: null },
    });
  });

  it('finds orders by reference or id', async () => {
    const reference = shop.orders()[2]?.fields.reference ?? '';
    const found = await open().page('orders', { search: reference.slice(2, 7) });
    expect(ids(found.records as CartOrder[])).toContain('3');
    expect(ids((await open().page('orders', { search: '2' })).records as CartOrder[])).toEqual(['2']);
    const byId = await allPages(open(), 'orders', { search: '2', pageSize: 1 });
    expect(ids(byId as CartOrder[])).toEqual(['2']);
    // Filter brackets and wildcards in the text are not PrestaShop's to read.
    expect((await open().page('orders', { search: ']|[%' })).records).toHaveLength(3);
  });
});

describe('throttling and failures', () => {
  it('answers throttled with how long PrestaShop asked to wait', async () => {
    shop.throttle(1, 7);
    const throttled = await failure(open().page('orders', {}));
    expect(throttled.failure).toBe('throttled');
    expect(throttled.retryAfterMs).toBe(7000);
    expect((await open().page('orders', {})).records).toHaveLength(3);
  });

  it('answers server_error for a 5xx', async () => {
    shop.fail(1, 502);
    const failed = await failure(open().page('items', {}));
    expect(failed.failure).toBe('server_error');
    expect(failed.status).toBe(502);
  });

  it('answers unreachable when the shop is too slow', async () => {
    shop.slow(300);
    expect((await failure(open({ timeoutMs: 50 }).page('items', {}))).failure).toBe('unreachable');
  });

  it('refuses a page token it did not make', async () => {
    expect((await failure(open().page('orders', { page: '100' }))).failure).toBe('rejected');
    expect((await failure(open().page('orders', { page: 'u:2026-01-01 00:00:00|1' }))).failure).toBe(
      'rejected',
    );
  });
});

describe('reading products and customers', () => {
  it('maps products: reference as SKU, price before tax, the stock PrestaShop shows', async () => {
    const { records } = await open().page('items', {});
    expect(records[0]).toEqual({
      externalId: '1',
      sku: 'TSHIRT-BLUE-M',
      name: 'Blue T-shirt',
      price: 1990,
      currency: 'EUR',
      stock: 12,
      active: true,
      updatedAt: new Date('2026-01-05T09:00:00Z'),
    });
    expect(ids((await open().page('items', { search: 'mug' })).records as CartItem[])).toEqual(['2']);
  });

  it('takes the name in language 1, or in the first language when the shop has no language 1', async () => {
    const bilingual = await anotherShop({ languages: [1, 2] });
    expect((await open({ url: bilingual.url }).get('items', '1')) as CartItem).toMatchObject({
      name: 'Blue T-shirt',
    });
    const noEnglish = await anotherShop({ languages: [2, 3] });
    expect((await open({ url: noEnglish.url }).get('items', '1')) as CartItem).toMatchObject({
      name: 'T-shirt bleu',
    });
  });

  it('reads products and customers changed since a time', async () => {
    shop.updateRecord('products', 2, { price: '9.990000' });
    shop.updateRecord('customers', 1, { lastname: 'King' });
    const since = new Date(Date.now() - 60_000);
    const items = await open().page('items', { modifiedSince: since });
    expect(items.records).toEqual([expect.objectContaining({ externalId: '2', price: 999 })]);
    const customers = await open().page('customers', { modifiedSince: since });
    expect(customers.records).toEqual([expect.objectContaining({ externalId: '1', name: 'Ada King' })]);
  });

  it('maps customers with the phone and address of their first address', async () => {
    const { records } = await open().page('customers', {});
    expect(records as CartCustomer[]).toEqual([
      {
        externalId: '1',
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        phone: '+44 20 7946 0000',
        address: {
          name: 'Ada Lovelace',
          line1: "12 St James's Square",
          line2: 'Flat 3',
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'GB',
          phone: '+44 20 7946 0000',
        },
        updatedAt: new Date('2026-01-02T08:00:00Z'),
      },
      expect.objectContaining({ externalId: '2', email: 'grace@example.com', phone: '+33 6 12 34 56 78' }),
    ]);
  });
});

describe('writing to PrestaShop', () => {
  it('sets stock through stock_availables, keeping the rest of each row', async () => {
    await open().setStock([
      { externalId: '1', quantity: 5 },
      { externalId: '2', quantity: 40 },
      { externalId: '3', quantity: 17 },
    ]);
    const rows = shop.stockAvailables();
    expect(rows.map((row) => [row.fields.id_product, row.fields.quantity, row.fields.id_shop])).toEqual([
      ['1', '5', '1'],
      ['2', '40', '1'],
      ['3', '17', '1'],
    ]);
    expect((await open().get('items', '3')) as CartItem).toMatchObject({ stock: 17 });
  });

  it('refuses stock for a product without a stock row, and a quantity that is not one', async () => {
    const missing = await failure(open().setStock([{ externalId: '99', quantity: 1 }]));
    expect(missing.failure).toBe('not_found');
    expect(missing.message).toContain('99');
    const fraction = await failure(open().setStock([{ externalId: '1', quantity: 1.5 }]));
    expect(fraction.failure).toBe('rejected');
    const huge = await failure(open().setStock([{ externalId: '1', quantity: 2 ** 40 }]));
    expect(huge.failure).toBe('rejected');
    expect(shop.stockAvailables()[0]?.fields.quantity).toBe('12');
  });

  it('answers forbidden when the key may not change stock', async () => {
    const readOnly = await anotherShop({
      permissions: { orders: ['GET'], products: ['GET'], customers: ['GET'], stock_availables: ['GET'] },
    });
    const refused = await failure(open({ url: readOnly.url }).setStock([{ externalId: '1', quantity: 3 }]));
    expect(refused.failure).toBe('forbidden');
  });

  it('creates a product from the blank schema with its stock, then finds it again by reference', async () => {
    const cart = open();
    const id = await cart.putItem({
      sku: 'CAP-RED',
      name: 'Red cap #1 {new}',
      price: 1250,
      currency: 'EUR',
      stock: 8,
    });
    expect(id).toBe('4');
    const product = shop.products().find((row) => row.id === 4);
    expect(product?.fields).toMatchObject({ reference: 'CAP-RED', price: '12.50', active: '1', state: '1' });
    expect(product?.i18n?.name).toEqual({ 1: 'Red cap 1 new' });
    expect(await cart.get('items', '4')).toMatchObject({
      name: 'Red cap 1 new',
      price: 1250,
      stock: 8,
      active: true,
    });
    // Sent again (a retry after a lost answer): the same product, not a second one.
    expect(
      await cart.putItem({ sku: 'CAP-RED', name: 'Red cap', price: 1300, currency: 'EUR', stock: null }),
    ).toBe('4');
    expect(shop.products()).toHaveLength(4);
    expect(shop.products().find((row) => row.id === 4)?.fields.price).toBe('13.00');
  });

  it('updates a product in language 1 only, keeping its other fields and translations', async () => {
    const bilingual = await anotherShop({ languages: [1, 2] });
    const cart = open({ url: bilingual.url });
    const id = await cart.putItem({
      externalId: '2',
      sku: null,
      name: 'Tall mug\u0000',
      price: 900,
      currency: 'EUR',
      stock: 3,
    });
    expect(id).toBe('2');
    const product = bilingual.products().find((row) => row.id === 2);
    expect(product?.fields).toMatchObject({
      reference: 'MUG-CLASSIC',
      price: '9.00',
      active: '1',
      quantity: '3',
    });
    expect(product?.i18n?.name).toEqual({ 1: 'Tall mug', 2: 'Mug classique' });
    expect(
      (
        await failure(
          cart.putItem({ externalId: '77', sku: null, name: 'x', price: 1, currency: 'EUR', stock: null }),
        )
      ).failure,
    ).toBe('not_found');
  });

  it('refuses a reference PrestaShop would refuse, before sending anything', async () => {
    const refused = await failure(
      open().putItem({ sku: 'A=B', name: 'Odd', price: 100, currency: 'EUR', stock: null }),
    );
    expect(refused.failure).toBe('rejected');
    expect(shop.products()).toHaveLength(3);
  });

  it('creates a customer with a first and last name PrestaShop accepts, then updates them', async () => {
    const cart = open();
    const id = await cart.putCustomer({ email: 'alan@example.com', name: 'Alan M. Turing 3rd', phone: null });
    expect(id).toBe('3');
    const created = shop.customers().find((row) => row.id === 3);
    expect(created?.fields).toMatchObject({
      email: 'alan@example.com',
      firstname: 'Alan',
      lastname: 'M. Turing rd',
      active: '1',
      id_default_group: '3',
    });
    expect(created?.fields.passwd).toMatch(/^\$2y\$10\$/);
    expect(await cart.putCustomer({ email: 'alan@example.com', name: 'Alan Turing', phone: null })).toBe('3');
    const updated = shop.customers().find((row) => row.id === 3);
    expect(updated?.fields).toMatchObject({
      firstname: 'Alan',
      lastname: 'Turing',
      passwd: created?.fields.passwd,
    });
    expect(
      await cart.putCustomer({ externalId: '1', email: 'ada@example.org', name: 'Ada', phone: null }),
    ).toBe('1');
    expect(shop.customers()[0]?.fields).toMatchObject({
      email: 'ada@example.org',
      firstname: 'Ada',
      lastname: 'Ada',
    });
    const bad = await failure(cart.putCustomer({ email: 'not an email', name: 'X', phone: null }));
    expect(bad.failure).toBe('rejected');
    expect(shop.customers()).toHaveLength(3);
  });
});
