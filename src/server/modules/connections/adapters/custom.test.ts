import { createServer, type RequestListener, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CustomCartEmulator, startCustomCartEmulator } from '../../../../../emulators/custom/server.js';
import { listen } from '../../../../../emulators/shared/listen.js';
import {
  type BadRecord,
  CartError,
  type CartFailure,
  type CartItem,
  type CartOrder,
  type CartPage,
  isBadRecord,
} from '../cart.js';
import { openCustomCart } from './custom.js';

let emulator: CustomCartEmulator;

// A fresh cart per test: tests add and change records, and each reads the seed as it is.
beforeEach(async () => {
  emulator = await startCustomCartEmulator();
});

afterEach(async () => {
  await emulator.close();
});

const cartAt = (url: string, token: string, timeoutMs?: number) =>
  openCustomCart({
    url,
    credentials: { token },
    currency: 'EUR',
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
const cart = () => cartAt(emulator.url, emulator.token);

async function failureOf(promise: Promise<unknown>): Promise<CartError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(CartError);
    return error as CartError;
  }
  throw new Error('expected a CartError');
}

async function expectFailure(
  promise: Promise<unknown>,
  failure: CartFailure,
  message?: RegExp,
): Promise<CartError> {
  const error = await failureOf(promise);
  expect({ failure: error.failure, message: error.message }).toMatchObject({ failure });
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}

/** A stand-in for "some other site" at a cart's address. */
async function startSite(handler: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  return { url: await listen(server, {}), server };
}

const ids = (records: readonly (object | BadRecord)[]) =>
  records.map((record) =>
    isBadRecord(record) ? `bad:${record.externalId}` : (record as CartItem).externalId,
  );

describe('test()', () => {
  it('passes with the right token and reads what the cart offers', async () => {
    await expect(cart().test()).resolves.toBeUndefined();
    await expect(
      cartAt(`${emulator.url}/?from=admin#settings`, emulator.token).test(),
    ).resolves.toBeUndefined();
    await expect(cart().info()).resolves.toEqual({
      protocol: 'tandem-cart/1',
      name: 'Harbour Tea Shop',
      currency: 'EUR',
      capabilities: { orders: true, items: true, customers: true, stock: true, webhooks: true },
    });
  });

  it('says unauthorized for a wrong or missing token, and forbidden for a read-only one', async () => {
    await expectFailure(cartAt(emulator.url, 'wrong-token').test(), 'unauthorized', /401.*not valid/);
    await expectFailure(cartAt(emulator.url, '').test(), 'unauthorized', /no token/);
    await expectFailure(cartAt(emulator.url, 'two words').test(), 'unauthorized', /printable/);
    await expectFailure(cartAt(emulator.url, emulator.readOnlyToken).test(), 'forbidden', /may only read/);
  });

  it('says not_a_cart for a web page, a JSON API that is something else, another version or a redirect', async () => {
    const wrongVersion = await startSite((request, response) => {
      // A cart that moved on: the v1 path answers a problem, as any unknown path of its API does.
      response.writeHead(404, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({ status: 404, code: 'not_found', detail: `No endpoint answers ${request.url}` }),
      );
    });
    try {
      await expectFailure(cartAt(wrongVersion.url, 'token').test(), 'not_a_cart', /\/info answered 404/);
    } finally {
      wrongVersion.server.close();
    }
    await expectFailure(
      cartAt(`${emulator.url}/shop`, emulator.token).test(),
      'not_a_cart',
      /is not a Tandem cart protocol endpoint: .*404/,
    );
    const answers: Record<string, [number, Record<string, string>, string]> = {
      '/html/tandem-cart/v1/info': [
        200,
        { 'content-type': 'text/html' },
        '<html><body>Welcome</body></html>',
      ],
      '/json/tandem-cart/v1/info': [200, { 'content-type': 'application/json' }, '{"hello":"world"}'],
      '/list/tandem-cart/v1/info': [200, { 'content-type': 'application/json' }, '[1,2,3]'],
      '/v2/tandem-cart/v1/info': [
        200,
        { 'content-type': 'application/json' },
        '{"protocol":"tandem-cart/2","name":"x","currency":"EUR","capabilities":{}}',
      ],
      '/nocaps/tandem-cart/v1/info': [
        200,
        { 'content-type': 'application/json' },
        '{"protocol":"tandem-cart/1","name":"x","currency":"EUR","capabilities":{"orders":"yes"}}',
      ],
      '/moved/tandem-cart/v1/info': [301, { location: 'https://elsewhere.example/login' }, ''],
    };
    const site = await startSite((request, response) => {
      const [status, headers, body] = answers[request.url ?? ''] ?? [404, {}, 'nothing'];
      response.writeHead(status, headers);
      response.end(body);
    });
    try {
      const at = (prefix: string) => cartAt(`${site.url}${prefix}`, 'any-token').test();
      await expectFailure(at('/html'), 'not_a_cart', /not a Tandem cart protocol endpoint: .*JSON/);
      await expectFailure(at('/json'), 'not_a_cart', /does not name a protocol/);
      await expectFailure(at('/list'), 'not_a_cart', /does not name a protocol/);
      await expectFailure(at('/v2'), 'not_a_cart', /speaks tandem-cart\/2/);
      await expectFailure(at('/nocaps'), 'not_a_cart', /true or false/);
      await expectFailure(at('/moved'), 'not_a_cart', /redirects to https:\/\/elsewhere\.example\/login/);
    } finally {
      site.server.close();
    }
  });

  it('says unreachable for a closed port, a bad address and a cart slower than the timeout', async () => {
    const closed = await startSite(() => {});
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    await expectFailure(cartAt(url, 'token').test(), 'unreachable', /Could not reach/);
    await expectFailure(cartAt('not a url', 'token').test(), 'unreachable');
    emulator.slow(500);
    await expectFailure(cartAt(emulator.url, emulator.token, 100).test(), 'unreachable', /no answer within/);
  });

  it('passes on throttling and 5xx as throttled (with Retry-After) and server_error', async () => {
    emulator.throttle(1, 7);
    const throttled = await expectFailure(cart().test(), 'throttled');
    expect(throttled.retryAfterMs).toBe(7000);
    emulator.fail(1, 503);
    const failed = await expectFailure(cart().page('orders', {}), 'server_error');
    expect(failed.status).toBe(503);
    await expect(cart().test()).resolves.toBeUndefined();
  });
});

describe('page()', () => {
  it('reads the first page of orders into the Cart shapes', async () => {
    const page = await cart().page('orders', { pageSize: 2 });
    expect(ids(page.records)).toEqual(['108', '109']);
    expect(page.next).toEqual(expect.any(String));
    const first = page.records[0] as CartOrder;
    expect(first).toMatchObject({
      number: 'T-1001',
      status: 'completed',
      cartStatus: 'Shipped',
      currency: 'EUR',
      pricesIncludeTax: true,
      total: 2500,
      shippingTotal: 500,
      customer: { externalId: '105', email: 'aoife@example.com', name: 'Aoife Byrne' },
      shippingAddress: { name: 'Aoife Byrne', line1: '12 Harbour Road', city: 'Dublin', country: 'IE' },
      payment: { method: 'card', amount: 2500, reference: 'pi_000108' },
      lines: [
        { externalItemId: '101', sku: 'TEA-GRN', quantity: 2, unitPrice: 850, tax: 318 },
        { externalItemId: '103', sku: 'GIFT-WRAP', quantity: 1, unitPrice: 300, tax: 56 },
      ],
    });
    expect(first.updatedAt).toEqual(new Date('2026-01-10T09:00:00Z'));
    const rest = await cart().page('orders', { pageSize: 2, page: page.next });
    expect(ids(rest.records)).toEqual(['110']);
    expect(rest.next).toBeNull();
    expect((rest.records[0] as CartOrder).payment).toBeNull();
  });

  it('reads only what changed since the last run, including a change at that very time', async () => {
    const order = emulator.addOrder({
      lines: [{ itemId: '102', quantity: 3 }],
      createdAt: '2026-02-01T08:00:00.000Z',
    });
    emulator.updateOrder('108', { status: 'refunded', updatedAt: '2026-02-02T08:00:00.000Z' });
    const page = await cart().page('orders', { modifiedSince: new Date('2026-02-01T08:00:00Z') });
    expect(ids(page.records)).toEqual([order.id, '108']);
    expect(page.records[1]).toMatchObject({ status: 'refunded', cartStatus: 'Refunded' });
    expect(page.next).toBeNull();
    const none = await cart().page('orders', { modifiedSince: new Date('2026-02-02T08:00:00.001Z') });
    expect(none.records).toEqual([]);
  });

  it('pages past 100 records, reading each exactly once, with at most 100 a page', async () => {
    const before = emulator.items().length;
    for (let n = 0; n < 150; n += 1)
      emulator.addItem({ sku: `BULK-${n}`, updatedAt: '2026-03-01T00:00:00.000Z' });
    const seen: string[] = [];
    const sizes: number[] = [];
    let next: string | null = null;
    do {
      const page: CartPage<CartItem> = await cart().page('items', { pageSize: 500, page: next });
      sizes.push(page.records.length);
      seen.push(...ids(page.records));
      next = page.next;
    } while (next !== null);
    expect(sizes).toEqual([100, before + 50]);
    expect(seen).toHaveLength(before + 150);
    expect(new Set(seen).size).toBe(before + 150);
  });

  it('overlap: a record changed while paging comes again at the end, and none is skipped', async () => {
    const first = await cart().page('customers', { pageSize: 2 });
    expect(ids(first.records)).toEqual(['105', '106']);
    emulator.updateCustomer('105', { name: 'Aoife Byrne-Walsh' });
    const second = await cart().page('customers', { pageSize: 2, page: first.next });
    expect(ids(second.records)).toEqual(['107', '105']);
    expect(second.records[1]).toMatchObject({ name: 'Aoife Byrne-Walsh' });
    // Resuming from the last stored time minus an overlap reads that record again: harmless.
    const again = await cart().page('customers', {
      modifiedSince: new Date(Date.parse(emulator.customers()[0]?.updatedAt ?? '') - 60_000),
    });
    expect(ids(again.records)).toContain('105');
  });

  it('searches, and reads items and customers with their nulls', async () => {
    const found = await cart().page('items', { search: ' wrap ' });
    expect(found.records).toEqual([
      {
        externalId: '103',
        sku: 'GIFT-WRAP',
        name: 'Gift Wrapping',
        price: 300,
        currency: 'EUR',
        stock: null,
        active: true,
        updatedAt: new Date('2026-01-04T09:00:00Z'),
      },
    ]);
    const customers = await cart().page('customers', { search: 'tomas@' });
    expect(customers.records).toEqual([
      {
        externalId: '106',
        email: 'tomas@example.com',
        name: 'Tomás Ó Sé',
        phone: null,
        address: null,
        updatedAt: new Date('2026-01-07T09:00:00Z'),
      },
    ]);
  });

  it('turns a malformed order into a BadRecord with its id and reason, and reads the rest', async () => {
    emulator.malform(109);
    const page = await cart().page('orders', {});
    expect(ids(page.records)).toEqual(['108', 'bad:109', '110']);
    expect(page.records[1]).toEqual({ bad: true, externalId: '109', reason: 'total must be a whole number' });
    const one = await cart().get('orders', '109');
    expect(isBadRecord(one)).toBe(true);
  });

  it('refuses NUL bytes, huge numbers, wrong keys, bad ids and a time far in the future, record by record', async () => {
    const mug = emulator.items().find((item) => item.id === '102');
    const cases: [string, unknown, RegExp][] = [
      ['name', { ...mug, name: 'Mug\u0000; DROP TABLE items' }, /name contains a NUL character/],
      ['price', { ...mug, price: 1e300 }, /price must be from 0 to 2147483647/],
      ['negative price', { ...mug, price: -1 }, /price must be from 0/],
      ['price as decimal', { ...mug, price: 12.5 }, /price must be a whole number/],
      ['wrong keys', { id: '102', title: 'Mug', regular_price: '12.50' }, /name is missing/],
      ['active as text', { ...mug, active: 'true' }, /active must be true or false/],
      ['currency', { ...mug, currency: 'euro' }, /currency must be an ISO 4217 code/],
      ['future', { ...mug, updatedAt: '9999-12-31T00:00:00Z' }, /in the future/],
      ['not a date', { ...mug, updatedAt: 'yesterday' }, /updatedAt must be an ISO 8601/],
      ['long name', { ...mug, name: 'x'.repeat(201) }, /longer than 200/],
      ['not an object', 'mug', /not a JSON object/],
    ];
    for (const [label, value, reason] of cases) {
      emulator.replaceRecord('items', '102', value);
      const page = await cart().page('items', {});
      const bad = page.records.find(isBadRecord);
      expect(bad?.reason, label).toMatch(reason);
      expect(page.records.filter((record) => !isBadRecord(record))).toHaveLength(3);
    }
    emulator.replaceRecord('items', '102', { ...mug, id: '../../admin' });
    const traversal = (await cart().page('items', {})).records.find(isBadRecord);
    expect(traversal).toEqual({
      bad: true,
      externalId: '../../admin',
      reason: 'id must be 1 to 64 letters, digits or . _ ~ -',
    });
  });

  it('reads the habits of database drivers: digits as strings and ids as numbers', async () => {
    const mug = emulator.items().find((item) => item.id === '102');
    emulator.replaceRecord('items', '102', { ...mug, id: 102, price: '1250', stock: '15', sku: '' });
    const record = await cart().get('items', '102');
    expect(record).toMatchObject({ externalId: '102', price: 1250, stock: 15, sku: null });
  });

  it('refuses a page that is not in ascending updatedAt, or whose cursor never moves', async () => {
    const tea = emulator.items().find((item) => item.id === '101');
    emulator.replaceRecord('items', '101', { ...tea, updatedAt: '2026-06-01T00:00:00Z' });
    await expectFailure(cart().page('items', {}), 'not_a_cart', /ascending updatedAt/);
    const site = await startSite((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"data":[],"nextCursor":"same"}');
    });
    try {
      await expectFailure(cartAt(site.url, 't').page('items', { page: 'same' }), 'not_a_cart', /never end/);
      await expect(cartAt(site.url, 't').page('items', {})).resolves.toEqual({ records: [], next: 'same' });
    } finally {
      site.server.close();
    }
  });

  it('says forbidden for a part the cart does not offer', async () => {
    const small = await startCustomCartEmulator({ capabilities: { customers: false } });
    try {
      await expectFailure(cartAt(small.url, small.token).page('customers', {}), 'forbidden', /not_supported/);
    } finally {
      await small.close();
    }
  });
});

describe('get()', () => {
  it('reads one record, says not_found for an unknown id, and never sends an id that is not one', async () => {
    await expect(cart().get('customers', '105')).resolves.toMatchObject({
      externalId: '105',
      address: { city: 'Dublin', postalCode: 'D02 X285', country: 'IE', line2: undefined },
    });
    await expectFailure(cart().get('items', '999999'), 'not_found');
    await expectFailure(cart().get('items', '../info'), 'not_found', /is not a item id/);
    await expectFailure(cart().get('items', '..'), 'not_found');
  });

  it('answers a BadRecord when the cart answers another record than the one asked for', async () => {
    const tea = emulator.items().find((item) => item.id === '101');
    emulator.replaceRecord('items', '102', tea);
    await expect(cart().get('items', '102')).resolves.toEqual({
      bad: true,
      externalId: '102',
      reason: 'the cart answered record 101 for 102',
    });
  });
});

describe('writes', () => {
  it('creates an item, then updates it by its id', async () => {
    const id = await cart().putItem({ sku: 'POT-1', name: 'Teapot', price: 2400, currency: 'EUR', stock: 4 });
    expect(emulator.items().find((item) => item.id === id)).toMatchObject({
      sku: 'POT-1',
      stock: 4,
      active: true,
    });
    await expect(
      cart().putItem({
        externalId: id,
        sku: 'POT-1',
        name: 'Teapot, large',
        price: 2600,
        currency: 'EUR',
        stock: null,
      }),
    ).resolves.toBe(id);
    expect(emulator.items().find((item) => item.id === id)).toMatchObject({
      name: 'Teapot, large',
      stock: null,
    });
  });

  it('updates the existing item when a create finds its SKU taken (a retried create)', async () => {
    const count = emulator.items().length;
    const id = await cart().putItem({
      sku: 'MUG-CER',
      name: 'Ceramic Mug',
      price: 1400,
      currency: 'EUR',
      stock: 9,
    });
    expect(id).toBe('102');
    expect(emulator.items()).toHaveLength(count);
    expect(emulator.items().find((item) => item.id === '102')).toMatchObject({ price: 1400, stock: 9 });
  });

  it('says rejected with the cart’s reasons for a record it refuses, and not_found for an unknown id', async () => {
    await expectFailure(
      cart().putItem({ sku: 'X-1', name: 'Priced in dollars', price: 100, currency: 'USD', stock: 1 }),
      'rejected',
      /400.*\/currency: this cart sells in EUR only/,
    );
    await expectFailure(
      cart().putItem({ externalId: '999999', sku: null, name: 'Gone', price: 1, currency: 'EUR', stock: 1 }),
      'not_found',
    );
    await expectFailure(
      cartAt(emulator.url, emulator.readOnlyToken).putItem({
        sku: null,
        name: 'x',
        price: 1,
        currency: 'EUR',
        stock: 1,
      }),
      'forbidden',
    );
  });

  it('creates and updates customers, updating the existing one for a taken email', async () => {
    const id = await cart().putCustomer({ email: 'niamh@example.com', name: 'Niamh Walsh', phone: null });
    expect(emulator.customers().find((customer) => customer.id === id)?.name).toBe('Niamh Walsh');
    const again = await cart().putCustomer({
      email: 'NIAMH@example.com',
      name: 'Niamh W.',
      phone: '+353 1 555 0100',
    });
    expect(again).toBe(id);
    expect(emulator.customers().find((customer) => customer.id === id)).toMatchObject({ name: 'Niamh W.' });
    await expectFailure(
      cart().putCustomer({ email: 'not an email', name: 'x', phone: null }),
      'rejected',
      /email/,
    );
  });
});

describe('setStock()', () => {
  it('sets levels, the last given for an item counting', async () => {
    await cart().setStock([
      { externalId: '101', quantity: 5 },
      { externalId: '102', quantity: 6 },
      { externalId: '101', quantity: 7 },
    ]);
    const items = emulator.items();
    expect(items.find((item) => item.id === '101')?.stock).toBe(7);
    expect(items.find((item) => item.id === '102')?.stock).toBe(6);
    await expect(cart().setStock([])).resolves.toBeUndefined();
  });

  it('sends more than 100 levels in batches of 100', async () => {
    const added = Array.from({ length: 150 }, (_, n) => emulator.addItem({ sku: `STOCK-${n}`, stock: 0 }));
    await cart().setStock(added.map((item, n) => ({ externalId: item.id, quantity: n + 1 })));
    const stocks = new Map(emulator.items().map((item) => [item.id, item.stock]));
    expect(added.map((item) => stocks.get(item.id))).toEqual(added.map((_, n) => n + 1));
  });

  it('sets the others and says not_found when the cart has no such item', async () => {
    await expectFailure(
      cart().setStock([
        { externalId: '101', quantity: 11 },
        { externalId: '999999', quantity: 1 },
        { externalId: '102', quantity: 12 },
      ]),
      'not_found',
      /no item 999999; the other levels were set/,
    );
    const items = emulator.items();
    expect(items.find((item) => item.id === '101')?.stock).toBe(11);
    expect(items.find((item) => item.id === '102')?.stock).toBe(12);
    await expectFailure(
      cart().setStock([
        { externalId: 'a/b', quantity: 1 },
        { externalId: '103', quantity: 13 },
      ]),
      'not_found',
      /"a\/b" cannot be item ids/,
    );
    expect(emulator.items().find((item) => item.id === '103')?.stock).toBe(13);
  });

  it('says rejected for a level the cart refuses, setting none of its batch', async () => {
    await expectFailure(cart().setStock([{ externalId: '101', quantity: 2 ** 40 }]), 'rejected', /quantity/);
  });
});
