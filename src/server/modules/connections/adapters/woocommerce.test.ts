import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startWooCommerceEmulator,
  type WooCommerceEmulator,
} from '../../../../../emulators/woocommerce/server.js';
import {
  type BadRecord,
  type Cart,
  type CartAddressAndKeys,
  CartError,
  type CartOrder,
  type CartPage,
  isBadRecord,
} from '../cart.js';
import { openWooCommerceCart } from './woocommerce.js';

let emulator: WooCommerceEmulator;

beforeEach(async () => {
  emulator = await startWooCommerceEmulator();
});

afterEach(async () => {
  await emulator.close();
});

function open(overrides: Partial<CartAddressAndKeys> = {}): Cart {
  return openWooCommerceCart({
    url: emulator.url,
    credentials: { consumerKey: emulator.consumerKey, consumerSecret: emulator.consumerSecret },
    currency: 'USD',
    timeoutMs: 5000,
    ...overrides,
  });
}

/** The CartError a promise rejects with (fails the test when it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<CartError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CartError);
  return error as CartError;
}

/** A throwaway HTTP server answering with `handler`. */
async function serve(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A fetch that sends https://shop.example/... to the emulator over http, as a TLS proxy in front would. */
function viaHttps(change: (init: RequestInit) => RequestInit = (init) => init): typeof fetch {
  return (input, init) => {
    const url = new URL(String(input));
    expect(url.protocol).toBe('https:');
    return fetch(`${emulator.url}${url.pathname}${url.search}`, change(init ?? {}));
  };
}

async function allPages<T>(read: (page: string | null) => Promise<CartPage<T>>): Promise<(T | BadRecord)[]> {
  const records: (T | BadRecord)[] = [];
  let token: string | null = null;
  for (let n = 0; n < 50; n += 1) {
    const page = await read(token);
    records.push(...page.records);
    token = page.next;
    if (token === null) return records;
  }
  throw new Error('paging never ended');
}

const good = <T extends object>(records: (T | BadRecord)[]): T[] =>
  records.filter((record): record is T => !isBadRecord(record));

function sku(code: string): number {
  const product = emulator.products().find((candidate) => candidate.sku === code);
  if (product === undefined) throw new Error(`no product ${code}`);
  return product.id;
}

describe('test()', () => {
  it('accepts read/write keys, signing every request with OAuth 1.0a over plain http', async () => {
    await open().test();
    const requests = emulator.requests();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET products',
      'GET orders',
      'GET customers',
      'POST products/batch',
    ]);
    expect(requests.every((request) => request.auth === 'oauth')).toBe(true);
    expect(requests.some((request) => 'consumer_key' in request.query)).toBe(false);
    expect(requests[1]?.query).toMatchObject({ orderby: 'modified', order: 'asc', dates_are_gmt: 'true' });
  });

  it('sends the keys as HTTP Basic over https', async () => {
    const seen: string[] = [];
    const cart = open({
      url: 'https://shop.example/',
      fetch: viaHttps((init) => {
        seen.push(String((init.headers as Record<string, string>).authorization));
        return init;
      }),
    });
    await cart.test();
    const basic = `Basic ${Buffer.from(`${emulator.consumerKey}:${emulator.consumerSecret}`).toString('base64')}`;
    expect(seen.every((header) => header === basic)).toBe(true);
    expect(emulator.requests().every((request) => request.auth === 'basic')).toBe(true);
  });

  it('falls back to the query-string keys over https when the server drops the Authorization header', async () => {
    const cart = open({
      url: 'https://shop.example/',
      fetch: viaHttps((init) => {
        const { authorization: _dropped, ...headers } = init.headers as Record<string, string>;
        return { ...init, headers };
      }),
    });
    await cart.test();
    const page = await cart.page('customers', {});
    expect(page.records).toHaveLength(2);
    const auths = emulator.requests().map((request) => request.auth);
    expect(auths[0]).toBe('none');
    expect(auths.slice(1).every((auth) => auth === 'query')).toBe(true);
  });

  it('answers unauthorized to a wrong secret and to an unknown key', async () => {
    const secret = await failure(
      open({ credentials: { consumerKey: emulator.consumerKey, consumerSecret: 'cs_wrong' } }).test(),
    );
    expect(secret.failure).toBe('unauthorized');
    expect(secret.status).toBe(401);
    expect(secret.message).toContain('Invalid signature');
    expect(secret.message).not.toContain('cs_wrong');
    const key = await failure(
      open({ credentials: { consumerKey: 'ck_nobody', consumerSecret: 'cs_x' } }).test(),
    );
    expect(key.failure).toBe('unauthorized');
    const https = await failure(
      open({
        url: 'https://shop.example',
        fetch: viaHttps(),
        credentials: { consumerKey: 'ck_nobody', consumerSecret: 'cs_x' },
      }).test(),
    );
    expect(https.failure).toBe('unauthorized');
    const none = await failure(open({ credentials: {} }).test());
    expect(none.failure).toBe('unauthorized');
  });

  it('answers forbidden, naming the missing permission, to a read-only key', async () => {
    const readOnly = emulator.addKey('read');
    const cart = open({ credentials: readOnly });
    const error = await failure(cart.test());
    expect(error.failure).toBe('forbidden');
    expect(error.message).toMatch(/^missing permission/);
    expect(error.message).toContain('Read/Write');
    expect((await cart.page('items', {})).records).toHaveLength(4);
    const stock = await failure(cart.setStock([{ externalId: String(sku('MUG-CER')), quantity: 1 }]));
    expect(stock.failure).toBe('forbidden');
    expect(emulator.products().find((product) => product.sku === 'MUG-CER')?.stock_quantity).toBe(15);
  });

  it("answers forbidden when the key's WordPress user may not manage the shop", async () => {
    const error = await failure(open({ credentials: emulator.addKey('read_write', 'customer') }).test());
    expect(error.failure).toBe('forbidden');
    expect(error.status).toBe(403);
  });

  it('answers not_a_cart for a site that is not WooCommerce, or WordPress without it', async () => {
    const html = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!doctype html><title>Bakery</title><p>Welcome</p>');
    });
    const wordpress = await serve((_request, response) => {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(
        '{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}',
      );
    });
    try {
      const site = await failure(open({ url: html.url }).test());
      expect(site.failure).toBe('not_a_cart');
      expect(site.message).toContain('not a WooCommerce site');
      const plain = await failure(open({ url: `${wordpress.url}/blog` }).test());
      expect(plain.failure).toBe('not_a_cart');
      expect(plain.message).toContain('not a WooCommerce site');
      expect(plain.message).toContain('WordPress answers');
    } finally {
      await html.close();
      await wordpress.close();
    }
  });

  it('answers not_a_cart for a redirect and for an address that is no web address', async () => {
    const moved = await serve((_request, response) => {
      response.writeHead(301, { Location: 'https://www.shop.example/wp-json/wc/v3/products' });
      response.end();
    });
    try {
      const error = await failure(open({ url: moved.url }).test());
      expect(error.failure).toBe('not_a_cart');
      expect(error.message).toContain('https://www.shop.example/');
    } finally {
      await moved.close();
    }
    expect((await failure(open({ url: 'ftp://shop.example' }).test())).failure).toBe('not_a_cart');
    expect((await failure(open({ url: 'not a url' }).test())).failure).toBe('not_a_cart');
  });

  it('answers unauthorized or forbidden when something in front of WordPress refuses', async () => {
    const gate = await serve((request, response) => {
      const firewall = request.url?.startsWith('/blocked');
      response.writeHead(firewall ? 403 : 401, {
        'Content-Type': 'text/html',
        ...(firewall ? {} : { 'WWW-Authenticate': 'Basic realm="Staging"' }),
      });
      response.end('<html><body>No</body></html>');
    });
    try {
      const login = await failure(open({ url: gate.url }).test());
      expect(login.failure).toBe('unauthorized');
      expect(login.message).toContain('Basic realm="Staging"');
      const blocked = await failure(open({ url: `${gate.url}/blocked` }).test());
      expect(blocked.failure).toBe('forbidden');
    } finally {
      await gate.close();
    }
  });

  it('answers unreachable for a port nothing listens on', async () => {
    const gone = await serve(() => undefined);
    await gone.close();
    const error = await failure(open({ url: gone.url }).test());
    expect(error.failure).toBe('unreachable');
  });

  it('answers not_a_cart for a WooCommerce too old to filter by modification date', async () => {
    // Over https, so that taking the parameter out leaves no OAuth signature to break.
    const old = open({
      url: 'https://shop.example',
      fetch: (input, init) => {
        const url = new URL(String(input));
        url.searchParams.delete('modified_after');
        return fetch(`${emulator.url}${url.pathname}${url.search}`, init);
      },
    });
    const error = await failure(old.test());
    expect(error.failure).toBe('not_a_cart');
    expect(error.message).toContain('too old');
  });
});

describe('reading records', () => {
  it('reads the first page of orders with their customer, payment and lines', async () => {
    const page = await open().page('orders', {});
    expect(page.total).toBe(3);
    expect(page.next).toBeNull();
    const [ada, grace, guest] = good(page.records);
    const beans = sku('BEAN-ESP-1KG');
    expect(ada).toMatchObject({
      number: ada?.externalId,
      status: 'completed',
      cartStatus: 'completed',
      currency: 'USD',
      pricesIncludeTax: false,
      total: 6050,
      shippingTotal: 0,
      customer: { email: 'ada@example.com', name: 'Ada Lovelace', phone: '555-0100' },
      shippingAddress: { name: 'Ada Lovelace', line1: '1 Main Street', city: 'San Francisco', country: 'US' },
      payment: { method: 'Credit Card (Stripe)', amount: 6050, reference: `ch_${ada?.externalId}` },
      createdAt: new Date('2026-01-10T09:30:00Z'),
      updatedAt: new Date('2026-01-12T09:30:00Z'),
    });
    expect(ada?.customer.externalId).toMatch(/^\d+$/);
    expect(ada?.lines).toEqual([
      {
        externalItemId: String(beans),
        sku: 'BEAN-ESP-1KG',
        name: 'Espresso Beans 1kg',
        quantity: 2,
        unitPrice: 2400,
        tax: 0,
      },
      {
        externalItemId: String(sku('MUG-CER')),
        sku: 'MUG-CER',
        name: 'Ceramic Mug',
        quantity: 1,
        unitPrice: 1250,
        tax: 0,
      },
    ]);
    expect(grace).toMatchObject({ status: 'paid', payment: { method: 'PayPal', amount: 4900 } });
    expect(guest).toMatchObject({
      status: 'awaiting_payment',
      cartStatus: 'on-hold',
      payment: null,
      customer: { externalId: null, email: 'guest@example.com' },
    });
  });

  it('reads taxes, shipping and tax-inclusive prices per line', async () => {
    const order = emulator.addOrder({
      status: 'pending',
      line_items: [{ product_id: sku('KETTLE-PO'), quantity: 3 }],
      shipping_lines: [{ method_title: 'Flat rate', total: '5.00' }],
      tax_percent: 10,
      prices_include_tax: true,
    });
    const read = (await open().get('orders', String(order.id))) as CartOrder;
    // 3 × 49.00 with 10 % included: 133.64 net + 13.36 tax; shipping 5.00 + 0.50 tax.
    expect(read).toMatchObject({
      status: 'awaiting_payment',
      pricesIncludeTax: true,
      total: 15250,
      shippingTotal: 500,
      shippingName: 'Flat rate',
      payment: null,
    });
    expect(read.lines).toEqual([
      {
        externalItemId: String(sku('KETTLE-PO')),
        sku: 'KETTLE-PO',
        name: 'Pour-over Kettle',
        quantity: 3,
        unitPrice: 4455,
        tax: 1336,
      },
    ]);
  });

  it('reads products: regular price, managed stock, published or not', async () => {
    emulator.addProduct({
      name: 'Gift wrap',
      sku: '',
      regular_price: '2.00',
      manage_stock: false,
      status: 'draft',
    });
    const items = good((await open().page('items', {})).records);
    expect(items.map((item) => [item.sku, item.price, item.stock, item.active])).toEqual([
      ['BEAN-ESP-1KG', 2400, 40, true],
      ['MUG-CER', 1250, 15, true],
      ['KETTLE-PO', 5800, 3, true],
      ['FILTER-100', 600, 0, true],
      [null, 200, null, false],
    ]);
    expect(items[0]).toMatchObject({
      name: 'Espresso Beans 1kg',
      currency: 'USD',
      updatedAt: new Date('2026-01-01T09:30:00Z'),
    });
  });

  it('reads customers with their billing address', async () => {
    const page = await open().page('customers', {});
    expect(page.total).toBe(2);
    expect(good(page.records)).toEqual([
      {
        externalId: expect.stringMatching(/^\d+$/),
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        phone: '555-0100',
        address: {
          name: 'Ada Lovelace',
          line1: '1 Main Street',
          line2: undefined,
          city: 'San Francisco',
          region: 'CA',
          postalCode: '94107',
          country: 'US',
          phone: '555-0100',
        },
        updatedAt: new Date('2026-01-05T09:30:00Z'),
      },
      expect.objectContaining({ email: 'grace@example.com', name: 'Grace Hopper' }),
    ]);
  });

  it('searches', async () => {
    const customers = good((await open().page('customers', { search: 'grace' })).records);
    expect(customers.map((customer) => customer.email)).toEqual(['grace@example.com']);
    const items = good((await open().page('items', { search: 'kettle' })).records);
    expect(items.map((item) => item.sku)).toEqual(['KETTLE-PO']);
    expect(emulator.requests().at(-1)?.query.search).toBe('kettle');
  });

  it('reads one record by id; an unknown or malformed id is not_found', async () => {
    const cart = open();
    const mug = await cart.get('items', String(sku('MUG-CER')));
    expect(mug).toMatchObject({ name: 'Ceramic Mug', stock: 15 });
    expect((await failure(cart.get('orders', '424242'))).failure).toBe('not_found');
    expect((await failure(cart.get('customers', '../orders'))).failure).toBe('not_found');
    expect((await failure(cart.get('items', '0'))).failure).toBe('not_found');
  });

  it('keeps the item id, SKU and name of an order line whose product was deleted in the cart', async () => {
    const mug = sku('MUG-CER');
    emulator.deleteProduct(mug);
    const orders = good((await open().page('orders', {})).records);
    const lines = orders
      .flatMap((order) => order.lines)
      .filter((line) => line.externalItemId === String(mug));
    expect(lines).toHaveLength(2);
    // WooCommerce answers a deleted product's SKU as null; the line keeps its name.
    expect(lines[0]).toMatchObject({
      externalItemId: String(mug),
      sku: null,
      name: 'Ceramic Mug',
      unitPrice: 1250,
    });
  });

  it('answers a malformed order as a BadRecord naming what is wrong, and the rest of the page as usual', async () => {
    const [first, second, third] = emulator.orders();
    emulator.malform(second?.id ?? 0);
    const page = await open().page('orders', {});
    expect(page.records).toHaveLength(3);
    const bad = page.records[1] as BadRecord;
    expect(isBadRecord(bad)).toBe(true);
    expect(bad.externalId).toBe(String(second?.id));
    expect(bad.reason).toContain('total is not an amount');
    expect(bad.reason).toContain('date_modified_gmt is not a date');
    expect(bad.reason).toContain('line_items is not a list');
    expect(bad.reason).toContain('billing is missing');
    expect(good(page.records).map((order) => order.externalId)).toEqual([
      String(first?.id),
      String(third?.id),
    ]);
    expect(isBadRecord(await open().get('orders', String(second?.id)))).toBe(true);
    const changed = await open().page('orders', { modifiedSince: new Date('2026-01-01T00:00:00Z') });
    expect(changed.records.filter((record) => isBadRecord(record))).toHaveLength(1);
  });
});

describe('changes since a time', () => {
  it('reads orders modified at or after the time, oldest change first, with modified_after in GMT', async () => {
    const cart = open();
    const before = await cart.page('orders', { modifiedSince: new Date('2026-01-15T00:00:00Z') });
    expect(good(before.records).map((order) => order.cartStatus)).toEqual(['on-hold']);
    const request = emulator.requests().at(-1);
    expect(request?.query).toMatchObject({
      modified_after: '2026-01-14T23:59:59',
      dates_are_gmt: 'true',
      orderby: 'modified',
      order: 'asc',
      per_page: '100',
    });
    const [ada] = emulator.orders();
    emulator.updateOrder(ada?.id ?? 0, { status: 'refunded', modifiedGmt: '2026-02-01T08:00:00' });
    const placed = emulator.addOrder({
      line_items: [{ product_id: sku('MUG-CER'), quantity: 1 }],
      date_created_gmt: '2026-01-25T12:00:00',
    });
    const after = good(
      (await cart.page('orders', { modifiedSince: new Date('2026-01-15T00:00:00Z') })).records,
    );
    const guest = emulator.orders()[2];
    expect(after.map((order) => order.externalId)).toEqual([
      String(guest?.id),
      String(placed.id),
      String(ada?.id),
    ]);
    expect(after.map((order) => order.updatedAt.toISOString())).toEqual([
      '2026-01-21T09:30:00.000Z',
      '2026-01-25T12:00:00.000Z',
      '2026-02-01T08:00:00.000Z',
    ]);
    expect(after[2]?.status).toBe('refunded');
  });

  it('reads products changed since a time', async () => {
    const cart = open();
    const kettle = sku('KETTLE-PO');
    expect((await cart.page('items', { modifiedSince: new Date() })).records).toHaveLength(0);
    const since = new Date();
    await cart.putItem({
      externalId: String(kettle),
      sku: 'KETTLE-PO',
      name: 'Kettle',
      price: 6000,
      currency: 'USD',
      stock: 2,
    });
    const changed = good((await cart.page('items', { modifiedSince: since })).records);
    expect(changed.map((item) => [item.externalId, item.name, item.price, item.stock])).toEqual([
      [String(kettle), 'Kettle', 6000, 2],
    ]);
  });

  it('reads customers changed since a time, although WooCommerce cannot filter them by date', async () => {
    const cart = open();
    const [ada, grace] = good((await cart.page('customers', {})).records);
    expect(
      (await cart.page('customers', { modifiedSince: new Date('2026-01-06T00:00:00Z') })).records,
    ).toHaveLength(1);
    const since = new Date();
    await cart.putCustomer({
      externalId: ada?.externalId,
      email: 'ada@example.com',
      name: 'Ada King',
      phone: null,
    });
    const changed = await cart.page('customers', { modifiedSince: since });
    expect(changed.total).toBe(1);
    expect(good(changed.records).map((customer) => [customer.externalId, customer.name])).toEqual([
      [ada?.externalId, 'Ada King'],
    ]);
    expect(
      changed.records.some((record) => !isBadRecord(record) && record.externalId === grace?.externalId),
    ).toBe(false);
    const requests = emulator.requests().slice(-2);
    expect(requests[0]?.query._fields).toBe('id,date_created_gmt,date_modified_gmt');
    expect(requests[1]?.query.include).toBe(ada?.externalId);
  });

  it('answers again the records modified in the same second as the cursor', async () => {
    const cart = open();
    const order = emulator.addOrder({
      line_items: [{ product_id: sku('MUG-CER'), quantity: 1 }],
      date_created_gmt: '2026-03-01T10:00:00',
    });
    const ids = async (since: string) =>
      good((await cart.page('orders', { modifiedSince: new Date(since) })).records).map((o) => o.externalId);
    expect(await ids('2026-03-01T10:00:00.000Z')).toEqual([String(order.id)]);
    expect(await ids('2026-03-01T10:00:00.900Z')).toEqual([String(order.id)]);
    expect(await ids('2026-03-01T10:00:01.000Z')).toEqual([]);
  });

  it('does not skip a record when another one changes while paging', async () => {
    const added = Array.from({ length: 150 }, (_, n) =>
      emulator.addOrder({
        line_items: [{ product_id: sku('MUG-CER'), quantity: 1 }],
        date_created_gmt: new Date(Date.UTC(2026, 3, 1, 0, 0, n)).toISOString().slice(0, 19),
      }),
    );
    const cart = open();
    const since = new Date('2026-04-01T00:00:00Z');
    const first = await cart.page('orders', { modifiedSince: since });
    expect(first.records).toHaveLength(100);
    expect(first.total).toBe(150);
    // Moving an order of the first page to the end would shift every later one back by one page place.
    emulator.updateOrder(added[10]?.id ?? 0, { status: 'completed', modifiedGmt: '2026-05-01T00:00:00' });
    const rest = await allPages((token) =>
      cart.page('orders', { modifiedSince: since, page: token ?? first.next }),
    );
    const seen = [...first.records, ...rest].map((record) => (record as CartOrder).externalId);
    for (const order of added) expect(seen).toContain(String(order.id));
    expect(seen.at(-1)).toBe(String(added[10]?.id));
  });
});

describe('paging', () => {
  it('pages through 250 new orders, each exactly once, in pages of at most 100', async () => {
    const added = Array.from({ length: 250 }, () =>
      emulator.addOrder({ line_items: [{ product_id: sku('MUG-CER'), quantity: 1 }] }),
    );
    const cart = open();
    const listed = await allPages((token) => cart.page('orders', { page: token, pageSize: 500 }));
    const ids = listed.map((record) => (record as CartOrder).externalId);
    expect(ids).toHaveLength(253);
    expect(new Set(ids).size).toBe(253);
    for (const order of added) expect(ids).toContain(String(order.id));
    expect(emulator.requests().map((request) => request.query.per_page)).toEqual(['100', '100', '100']);
    expect(emulator.requests().map((request) => request.query.page)).toEqual(['1', '2', '3']);

    // All 250 carry the same second or two: the changes read by keyset still gives each once.
    const since = new Date(Date.now() - 60_000);
    const changed = await allPages((token) =>
      cart.page('orders', { modifiedSince: since, page: token, pageSize: 100 }),
    );
    const changedIds = changed.map((record) => (record as CartOrder).externalId);
    expect(changedIds).toHaveLength(250);
    expect(new Set(changedIds).size).toBe(250);
    const times = good(changed).map((order) => order.updatedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('pages changed customers past 100', async () => {
    const cart = open();
    const since = new Date();
    for (let n = 0; n < 130; n += 1) {
      await cart.putCustomer({ email: `shopper${n}@example.com`, name: `Shopper ${n}`, phone: null });
    }
    const first = await cart.page('customers', { modifiedSince: since, pageSize: 50 });
    expect(first.total).toBe(130);
    const all = await allPages((token) =>
      cart.page('customers', { modifiedSince: since, pageSize: 50, page: token }),
    );
    const emails = good(all).map((customer) => customer.email);
    expect(emails).toHaveLength(130);
    expect(new Set(emails).size).toBe(130);
  });

  it('refuses a page token it did not give', async () => {
    const cart = open();
    expect((await failure(cart.page('orders', { page: 'after:x' }))).failure).toBe('rejected');
    expect((await failure(cart.page('orders', { page: '2; DROP TABLE' }))).failure).toBe('rejected');
    const since = new Date('2026-01-01T00:00:00Z');
    expect((await failure(cart.page('orders', { modifiedSince: since, page: '2' }))).failure).toBe(
      'rejected',
    );
  });
});

describe('a cart in trouble', () => {
  it('answers throttled with the wait the cart asked for', async () => {
    emulator.throttle(1, 7);
    const error = await failure(open().page('orders', {}));
    expect(error.failure).toBe('throttled');
    expect(error.retryAfterMs).toBe(7000);
    expect((await open().page('orders', {})).records).toHaveLength(3);
  });

  it('answers server_error to a 5xx', async () => {
    emulator.fail(1, 502);
    const error = await failure(open().page('items', {}));
    expect(error.failure).toBe('server_error');
    expect(error.status).toBe(502);
  });

  it('answers unreachable when the cart is slower than the timeout', async () => {
    emulator.slow(500);
    const error = await failure(open({ timeoutMs: 100 }).page('customers', {}));
    expect(error.failure).toBe('unreachable');
  });
});

describe('writing to the cart', () => {
  it('sets stock through products/batch and turns stock management on', async () => {
    const cart = open();
    const wrap = emulator.addProduct({
      name: 'Gift wrap',
      sku: 'WRAP',
      regular_price: '2.00',
      manage_stock: false,
    });
    await cart.setStock([
      { externalId: String(sku('MUG-CER')), quantity: 9 },
      { externalId: String(wrap.id), quantity: 4 },
    ]);
    const stored = emulator.products();
    expect(stored.find((product) => product.sku === 'MUG-CER')?.stock_quantity).toBe(9);
    expect(stored.find((product) => product.id === wrap.id)).toMatchObject({
      manage_stock: true,
      stock_quantity: 4,
    });
    expect(emulator.requests().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST products/batch',
    ]);
  });

  it('sends more than 100 stock levels in batches of 100', async () => {
    const added = Array.from({ length: 230 }, (_, n) =>
      emulator.addProduct({ name: `Bulk ${n}`, regular_price: '1.00', stock_quantity: 0 }),
    );
    await open().setStock(added.map((product, n) => ({ externalId: String(product.id), quantity: n + 1 })));
    const stored = new Map(emulator.products().map((product) => [product.id, product.stock_quantity]));
    expect(added.map((product) => stored.get(product.id))).toEqual(added.map((_, n) => n + 1));
    expect(emulator.requests().filter((request) => request.path === 'products/batch')).toHaveLength(3);
  });

  it('names the items WooCommerce refused, and still sets the others', async () => {
    const error = await failure(
      open().setStock([
        { externalId: String(sku('MUG-CER')), quantity: 3 },
        { externalId: '999999', quantity: 1 },
      ]),
    );
    expect(error.failure).toBe('rejected');
    expect(error.message).toContain('999999 (Invalid ID.)');
    expect(error.message).not.toContain(String(sku('MUG-CER')));
    expect(emulator.products().find((product) => product.sku === 'MUG-CER')?.stock_quantity).toBe(3);
  });

  it('sends nothing when a stock level is not one', async () => {
    const error = await failure(
      open().setStock([
        { externalId: String(sku('MUG-CER')), quantity: 3 },
        { externalId: 'abc', quantity: 1 },
        { externalId: String(sku('KETTLE-PO')), quantity: 1.5 },
      ]),
    );
    expect(error.failure).toBe('rejected');
    expect(emulator.requests()).toHaveLength(0);
  });

  it('creates and updates a product', async () => {
    const cart = open();
    const id = await cart.putItem({
      sku: 'TEA-1',
      name: 'Green tea',
      price: 1999,
      currency: 'USD',
      stock: 12,
    });
    const created = emulator.products().find((product) => String(product.id) === id);
    expect(created).toMatchObject({
      sku: 'TEA-1',
      name: 'Green tea',
      regular_price: '19.99',
      manage_stock: true,
      stock_quantity: 12,
    });
    await cart.putItem({
      externalId: id,
      sku: 'TEA-1',
      name: 'Green tea 100 g',
      price: 2150,
      currency: 'USD',
      stock: null,
    });
    const updated = emulator.products().find((product) => String(product.id) === id);
    expect(updated).toMatchObject({
      name: 'Green tea 100 g',
      regular_price: '21.50',
      manage_stock: false,
      stock_quantity: null,
    });
    const duplicate = await failure(
      cart.putItem({ sku: 'TEA-1', name: 'Other', price: 100, currency: 'USD', stock: null }),
    );
    expect(duplicate.failure).toBe('rejected');
    expect(duplicate.message).toContain('product_invalid_sku');
    const euro = await failure(
      cart.putItem({ sku: null, name: 'Other', price: 100, currency: 'EUR', stock: null }),
    );
    expect(euro.failure).toBe('rejected');
    const missing = await failure(
      cart.putItem({ externalId: '987654', sku: null, name: 'X', price: 1, currency: 'USD', stock: null }),
    );
    expect(missing.failure).toBe('not_found');
  });

  it('creates and updates a customer', async () => {
    const cart = open();
    const id = await cart.putCustomer({
      email: 'mary@example.com',
      name: 'Mary Ann Evans',
      phone: '555-0199',
    });
    const created = good((await cart.page('customers', { search: 'mary@' })).records)[0];
    expect(created).toMatchObject({
      externalId: id,
      email: 'mary@example.com',
      name: 'Mary Ann Evans',
      phone: '555-0199',
    });
    await cart.putCustomer({ externalId: id, email: 'mary@example.org', name: 'George Eliot', phone: null });
    expect(await cart.get('customers', id)).toMatchObject({
      email: 'mary@example.org',
      name: 'George Eliot',
      phone: '555-0199',
    });
    const taken = await failure(cart.putCustomer({ email: 'ada@example.com', name: 'Ada', phone: null }));
    expect(taken.failure).toBe('rejected');
    expect(taken.message).toContain('registration-error-email-exists');
  });
});

describe('hostile answers', () => {
  it('splits a stock batch the host finds too large, and checks what each batch answers', async () => {
    const sizes: number[] = [];
    let answer: 'echo' | 'no list' | 'other ids' = 'echo';
    const shop = await serve((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const update = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { update: { id: number }[] })
          .update;
        sizes.push(update.length);
        if (update.length > 40) {
          response.writeHead(413, { 'Content-Type': 'application/json' });
          response.end(
            '{"code":"woocommerce_rest_request_entity_too_large","message":"Unable to accept more than 40 items for this request.","data":{"status":413}}',
          );
          return;
        }
        response.writeHead(200, { 'Content-Type': 'application/json' });
        const entries = update.map((item) => ({ id: answer === 'other ids' ? item.id + 1 : item.id }));
        response.end(JSON.stringify(answer === 'no list' ? { create: [] } : { update: entries }));
      });
    });
    try {
      const cart = open({ url: shop.url });
      const levels = Array.from({ length: 100 }, (_, n) => ({ externalId: String(n + 1), quantity: n }));
      await cart.setStock(levels);
      expect(sizes).toEqual([100, 50, 25, 25, 50, 25, 25]);
      answer = 'no list';
      expect((await failure(cart.setStock(levels.slice(0, 2)))).failure).toBe('not_a_cart');
      answer = 'other ids';
      const wrong = await failure(cart.setStock(levels.slice(0, 2)));
      expect(wrong.failure).toBe('rejected');
      expect(wrong.message).toContain('1 (answered for another product), 2 (answered for another product)');
    } finally {
      await shop.close();
    }
  });

  it('reads what it can and reports the rest, without throwing', async () => {
    const orders = [
      'not an order',
      { id: 'abc' },
      {
        id: 7,
        number: 'N\u0000-7',
        status: 'processing',
        currency: 'USD',
        total: '99999999999999999999.99',
        billing: { first_name: 'Eve\u0000', email: 'eve@example.com' },
        line_items: [{ product_id: 1, quantity: 1e20, subtotal: '1.00', name: 'x' }],
        date_created_gmt: '2026-01-01T00:00:00',
        date_modified_gmt: '2026-01-01T00:00:00',
      },
      {
        id: 8,
        number: '8',
        status: 'wc-shipped-by-plugin',
        currency: 'USD',
        total: '10.005',
        billing: {
          first_name: 'Zoë\u0000\u0007',
          last_name: '\ud800',
          email: 'not-an-email',
          phone: 5550100,
        },
        shipping: { address_1: '1 Road', country: 'usa' },
        line_items: [
          {
            product_id: 0,
            quantity: 3,
            subtotal: '10.00',
            subtotal_tax: '0.333',
            name: 'Fee\u0000',
            sku: '',
          },
        ],
        shipping_lines: [{ method_title: { html: true } }],
        date_paid_gmt: '2026-01-02T00:00:00',
        date_created_gmt: '2026-01-01T00:00:00',
        date_modified_gmt: null,
      },
      { id: 9, status: 'pending', currency: 'EURO', total: '1.00' },
    ];
    const shop = await serve((request, response) => {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'X-WP-Total': '5',
        'X-WP-TotalPages': '1e9',
      });
      response.end(request.url?.includes('/orders') ? JSON.stringify(orders) : '{"not":"a list"}');
    });
    try {
      const cart = open({ url: shop.url });
      const page = await cart.page('orders', { pageSize: 10 });
      expect(page.records).toHaveLength(5);
      const [first, second, third, fourth, fifth] = page.records;
      expect(first).toMatchObject({ bad: true, externalId: 'unknown' });
      expect(second).toMatchObject({ bad: true, externalId: 'abc' });
      expect((third as BadRecord).reason).toContain('total is not an amount');
      expect((third as BadRecord).reason).toContain('quantity is not a whole number');
      expect((fifth as BadRecord).reason).toContain('currency is not a currency code');
      const plugin = fourth as CartOrder;
      expect(isBadRecord(plugin)).toBe(false);
      expect(plugin).toMatchObject({
        status: 'paid',
        cartStatus: 'wc-shipped-by-plugin',
        total: 1001,
        customer: { externalId: null, email: null, name: 'Zoë \ufffd', phone: '5550100' },
        shippingAddress: null,
        shippingName: null,
        updatedAt: new Date('2026-01-01T00:00:00Z'),
      });
      expect(plugin.lines).toEqual([
        { externalItemId: null, sku: null, name: 'Fee', quantity: 3, unitPrice: 333, tax: 33 },
      ]);
      expect(JSON.stringify(page.records)).not.toContain('\\u0000');
      // X-WP-TotalPages is no number: a short page is the last.
      expect(page.next).toBeNull();
      const notAList = await failure(cart.page('items', {}));
      expect(notAList.failure).toBe('not_a_cart');
    } finally {
      await shop.close();
    }
  });
});
