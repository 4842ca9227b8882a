import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import wooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWooCommerceEmulator, type WooCommerceEmulator } from './server.js';

// The package is CommonJS with a default export: depending on the loader's interop the import is the
// class itself or the module object holding it.
type WooCommerceRestApiClass = typeof wooCommerceRestApi.default;
type WooCommerceRestApi = InstanceType<WooCommerceRestApiClass>;
const WooCommerceRestApi: WooCommerceRestApiClass =
  'default' in wooCommerceRestApi
    ? wooCommerceRestApi.default
    : (wooCommerceRestApi as unknown as WooCommerceRestApiClass);

let emulator: WooCommerceEmulator;
let api: WooCommerceRestApi;

beforeAll(async () => {
  emulator = await startWooCommerceEmulator();
  api = new WooCommerceRestApi({
    url: emulator.url,
    consumerKey: emulator.consumerKey,
    consumerSecret: emulator.consumerSecret,
    version: 'wc/v3',
  });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.reset();
});

function apiUrl(path: string, query: Record<string, string> = {}): string {
  const url = new URL(`/wp-json/wc/v3/${path}`, emulator.url);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

function basic(key: string, secret: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
}

describe('the official client (OAuth 1.0a over plain HTTP)', () => {
  it('lists products page by page past the first page, with WordPress paging headers', async () => {
    for (let n = 0; n < 120; n += 1) {
      emulator.addProduct({ name: `Bulk ${n}`, sku: `BULK-${n}`, regular_price: '1.00', stock_quantity: n });
    }
    const total = emulator.products().length;
    expect(total).toBe(124);
    const seen: number[] = [];
    let page = 1;
    let totalPages = 0;
    do {
      const response = await api.get('products', { per_page: 50, page, orderby: 'id', order: 'asc' });
      expect(response.status).toBe(200);
      expect(response.headers['x-wp-total']).toBe(String(total));
      totalPages = Number(response.headers['x-wp-totalpages']);
      const link = String(response.headers.link ?? '');
      if (page < totalPages) expect(link).toContain(`page=${page + 1}>; rel="next"`);
      else expect(link).not.toContain('rel="next"');
      if (page > 1) expect(link).toContain(`page=${page - 1}>; rel="prev"`);
      seen.push(...(response.data as { id: number }[]).map((product) => product.id));
      page += 1;
    } while (page <= totalPages);
    expect(totalPages).toBe(3);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('finds a product by SKU and reads it by id', async () => {
    const found = await api.get('products', { sku: 'MUG-CER' });
    expect(found.data).toHaveLength(1);
    const mug = found.data[0] as { id: number; name: string; regular_price: string; stock_quantity: number };
    expect(mug).toMatchObject({
      name: 'Ceramic Mug',
      regular_price: '12.50',
      stock_quantity: 15,
      manage_stock: true,
    });
    const one = await api.get(`products/${mug.id}`);
    expect(one.data.sku).toBe('MUG-CER');
  });

  it('filters orders by modified_after, so only newly changed orders come back', async () => {
    const before = await api.get('orders', { per_page: 100 });
    expect(before.data).toHaveLength(3);
    const first = before.data as {
      id: number;
      line_items: { product_id: number }[];
      payment_method: string;
    }[];
    expect(first.every((order) => order.line_items.length > 0 && order.payment_method !== '')).toBe(true);

    const unchanged = await api.get('orders', { modified_after: '2026-01-15T00:00:00' });
    expect((unchanged.data as { id: number }[]).map((order) => order.id)).toHaveLength(1);

    const mug = emulator.products().find((product) => product.sku === 'MUG-CER');
    const added = emulator.addOrder({
      line_items: [{ product_id: mug?.id ?? 0, quantity: 2 }],
      date_created_gmt: '2026-02-01T10:00:00',
    });
    const touched = emulator.updateOrder(first[2]?.id ?? 0, {
      status: 'completed',
      modifiedGmt: '2026-02-02T08:00:00',
    });

    const changed = await api.get('orders', {
      modified_after: '2026-01-31T00:00:00',
      orderby: 'modified',
      order: 'asc',
    });
    expect(changed.headers['x-wp-total']).toBe('2');
    expect((changed.data as { id: number }[]).map((order) => order.id)).toEqual([added.id, touched.id]);
    expect(changed.data[0]).toMatchObject({
      total: '25.00',
      line_items: [{ product_id: mug?.id, quantity: 2 }],
    });
    expect(changed.data[1].status).toBe('completed');

    const createdAfter = await api.get('orders', { after: '2026-01-31T00:00:00' });
    expect((createdAfter.data as { id: number }[]).map((order) => order.id)).toEqual([added.id]);
  });

  it('sets stock through products/batch, reporting a bad id without failing the rest', async () => {
    const kettle = emulator.products().find((product) => product.sku === 'KETTLE-PO');
    const response = await api.post('products/batch', {
      update: [
        { id: kettle?.id, stock_quantity: 11 },
        { id: 999_999, stock_quantity: 1 },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.data.update[0]).toMatchObject({
      id: kettle?.id,
      stock_quantity: 11,
      stock_status: 'instock',
    });
    expect(response.data.update[1]).toEqual({
      id: 999_999,
      error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } },
    });
    const stored = emulator.products().find((product) => product.id === kettle?.id);
    expect(stored?.stock_quantity).toBe(11);
    const read = await api.get(`products/${kettle?.id}`);
    expect(read.data.stock_quantity).toBe(11);
  });

  it('creates and updates a product; stock is cleared once it is no longer managed', async () => {
    const created = await api.post('products', {
      name: 'Grinder',
      sku: 'GRIND-1',
      manage_stock: true,
      stock_quantity: 2,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ sku: 'GRIND-1', stock_quantity: 2 });
    const duplicate = await api
      .post('products', { name: 'Other', sku: 'GRIND-1' })
      .catch((error: { response: { status: number; data: Record<string, unknown> } }) => error.response);
    expect(duplicate.status).toBe(400);
    expect(duplicate.data.code).toBe('product_invalid_sku');
    const updated = await api.put(`products/${created.data.id}`, { manage_stock: false, stock_quantity: 9 });
    expect(updated.data).toMatchObject({ manage_stock: false, stock_quantity: null });
  });

  it('lists customers and reads one', async () => {
    const list = await api.get('customers');
    expect((list.data as { email: string }[]).map((customer) => customer.email)).toEqual([
      'ada@example.com',
      'grace@example.com',
    ]);
    const one = await api.get(`customers/${list.data[0].id}`);
    expect(one.data.billing).toMatchObject({ first_name: 'Ada', city: 'San Francisco' });
  });

  it('refuses a replayed OAuth request: each nonce counts once', async () => {
    const first = await api.get('customers', { per_page: 1 });
    expect(first.status).toBe(200);
    const path = (first.request as { path: string }).path;
    expect(path).toContain('oauth_nonce=');
    const replay = await fetch(`${emulator.url}${path}`);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toEqual({
      code: 'woocommerce_rest_authentication_error',
      message: 'Invalid nonce - nonce has already been used.',
      data: { status: 401 },
    });
  });

  it('refuses a wrong secret with an authentication error', async () => {
    const wrong = new WooCommerceRestApi({
      url: emulator.url,
      consumerKey: emulator.consumerKey,
      consumerSecret: 'cs_wrong',
      version: 'wc/v3',
    });
    const response = await wrong
      .get('products')
      .catch((error: { response: { status: number; data: Record<string, unknown> } }) => error.response);
    expect(response.status).toBe(401);
    expect(response.data).toEqual({
      code: 'woocommerce_rest_authentication_error',
      message: 'Invalid signature - provided signature does not match.',
      data: { status: 401 },
    });
  });
});

describe('plain HTTP checks', () => {
  it('answers 401 to wrong keys, in Basic or in the query, and to none', async () => {
    // An unknown key is not an authentication error in WooCommerce: the endpoint refuses the anonymous request.
    const wrongKey = await fetch(apiUrl('products'), { headers: basic('ck_wrong', emulator.consumerSecret) });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toEqual({
      code: 'woocommerce_rest_cannot_view',
      message: 'Sorry, you cannot list resources.',
      data: { status: 401 },
    });
    const basicWrongSecret = await fetch(apiUrl('products/10'), {
      headers: basic(emulator.consumerKey, 'cs_wrong'),
    });
    expect(basicWrongSecret.status).toBe(401);
    expect(await basicWrongSecret.json()).toEqual({
      code: 'woocommerce_rest_authentication_error',
      message: 'Consumer secret is invalid.',
      data: { status: 401 },
    });
    const oauthWrongKey = await fetch(
      apiUrl('orders', { oauth_consumer_key: 'ck_wrong', oauth_nonce: 'n', oauth_timestamp: '1' }),
    );
    expect(oauthWrongKey.status).toBe(401);
    expect(await oauthWrongKey.json()).toEqual({
      code: 'woocommerce_rest_authentication_missing_parameter',
      message: 'Missing OAuth parameters oauth_signature, oauth_signature_method',
      data: { status: 401 },
    });
    const wrongSecret = await fetch(
      apiUrl('orders', { consumer_key: emulator.consumerKey, consumer_secret: 'cs_wrong' }),
    );
    expect(wrongSecret.status).toBe(401);
    expect((await wrongSecret.json()).message).toBe('Consumer secret is invalid.');
    const none = await fetch(apiUrl('orders'));
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      code: 'woocommerce_rest_cannot_view',
      message: 'Sorry, you cannot list resources.',
      data: { status: 401 },
    });
    const right = await fetch(
      apiUrl('orders', { consumer_key: emulator.consumerKey, consumer_secret: emulator.consumerSecret }),
    );
    expect(right.status).toBe(200);
  });

  it('answers 400 rest_invalid_param to per_page 101', async () => {
    const response = await fetch(apiUrl('products', { per_page: '101' }), {
      headers: basic(emulator.consumerKey, emulator.consumerSecret),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 'rest_invalid_param',
      message: 'Invalid parameter(s): per_page',
      data: {
        status: 400,
        params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
      },
    });
  });

  it('answers 404 to unknown ids and routes', async () => {
    const auth = { headers: basic(emulator.consumerKey, emulator.consumerSecret) };
    const order = await fetch(apiUrl('orders/424242'), auth);
    expect(order.status).toBe(404);
    expect((await order.json()).code).toBe('woocommerce_rest_shop_order_invalid_id');
    const route = await fetch(apiUrl('coupons/x/y'), auth);
    expect(route.status).toBe(404);
    expect((await route.json()).code).toBe('rest_no_route');
  });

  it('throttles with 429 and Retry-After, then serves again', async () => {
    emulator.throttle(2, 7);
    const auth = { headers: basic(emulator.consumerKey, emulator.consumerSecret) };
    for (let n = 0; n < 2; n += 1) {
      const refused = await fetch(apiUrl('orders'), auth);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('7');
      await refused.text();
    }
    expect((await fetch(apiUrl('orders'), auth)).status).toBe(200);
  });

  it('fails with the chosen 5xx the given number of times', async () => {
    emulator.fail(1, 502);
    const auth = { headers: basic(emulator.consumerKey, emulator.consumerSecret) };
    const failed = await fetch(apiUrl('products'), auth);
    expect(failed.status).toBe(502);
    expect(await failed.text()).toContain('502');
    expect((await fetch(apiUrl('products'), auth)).status).toBe(200);
  });

  it('slows answers down', async () => {
    emulator.slow(300);
    const started = Date.now();
    const response = await fetch(apiUrl('customers'), {
      headers: basic(emulator.consumerKey, emulator.consumerSecret),
    });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('answers a malformed order broken, in the list and alone', async () => {
    const target = emulator.orders()[0];
    emulator.malform(target?.id ?? 0);
    const auth = { headers: basic(emulator.consumerKey, emulator.consumerSecret) };
    const one = await (await fetch(apiUrl(`orders/${target?.id}`), auth)).json();
    expect(one.id).toBe(target?.id);
    expect(one.billing).toBeUndefined();
    expect(Array.isArray(one.line_items)).toBe(false);
    expect(one.total).toBe('NaN');
    const list = (await (await fetch(apiUrl('orders', { per_page: '100' }), auth)).json()) as {
      id: number;
    }[];
    const others = list.filter((order) => order.id !== target?.id);
    expect(others.every((order) => Array.isArray((order as { line_items?: unknown }).line_items))).toBe(true);
    expect(list.find((order) => order.id === target?.id)).toMatchObject({ total: 'NaN' });
  });
});

describe('standalone main', () => {
  it('prints its URL and keys, and those keys work', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, EMULATOR_HOST: '127.0.0.1', EMULATOR_PORT: '0', WOOCOMMERCE_CONSUMER_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('WOOCOMMERCE_CONSUMER_SECRET=')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`main exited with ${code}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const value = (name: string) => output.match(new RegExp(`^${name}=(\\S+)$`, 'm'))?.[1] ?? '';
      const url = value('WOOCOMMERCE_URL');
      const key = value('WOOCOMMERCE_CONSUMER_KEY');
      const secret = value('WOOCOMMERCE_CONSUMER_SECRET');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(key).toMatch(/^ck_[0-9a-f]{40}$/);
      expect(secret).toMatch(/^cs_[0-9a-f]{40}$/);
      const response = await fetch(`${url}/wp-json/wc/v3/products`, { headers: basic(key, secret) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as unknown[]).length).toBe(4);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});
