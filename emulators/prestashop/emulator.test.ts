import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PrestaShopEmulator, startPrestaShopEmulator } from './server.js';

const KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ123456';
let shop: PrestaShopEmulator;

beforeEach(async () => {
  shop = await startPrestaShopEmulator({ key: KEY });
});

afterEach(async () => {
  await shop.close();
});

function basic(key: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
}

async function get(path: string, key = KEY): Promise<Response> {
  return fetch(`${shop.url}${path}`, { headers: basic(key) });
}

async function json<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await get(path);
  return { status: response.status, body: (await response.json()) as T };
}

type Listed = Record<string, Record<string, unknown>[]>;

describe('authentication', () => {
  it('asks for the key when none is sent, in XML by default', async () => {
    const response = await fetch(`${shop.url}/api/products`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required."',
    );
    expect(response.headers.get('psws-version')).toBeNull();
    const text = await response.text();
    expect(text).toContain('<errors>');
    expect(text).toContain('<code><![CDATA[16]]></code>');
    expect(text).toContain(
      '<message><![CDATA[Please enter the authentication key as the login. No password required]]></message>',
    );
  });

  it('answers a wrong key in JSON when asked, and a short key as a bad format', async () => {
    const wrong = await fetch(`${shop.url}/api/products?output_format=JSON&ws_key=${'Z'.repeat(32)}`);
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm="Welcome to PrestaShop Webservice/);
    expect(await wrong.json()).toEqual({
      errors: [
        { code: 20, message: 'Authentification key is not active' },
        { code: 21, message: 'No permission for this authentication key' },
      ],
    });
    const short = await fetch(`${shop.url}/api/products?io_format=JSON`, { headers: basic('SHORT') });
    expect(short.status).toBe(401);
    expect(await short.json()).toEqual({
      errors: [{ code: 18, message: 'Invalid authentication key format' }],
    });
  });

  it('accepts the key as Basic user name or as ws_key', async () => {
    const byHeader = await get('/api/products?output_format=JSON');
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('psws-version')).toBe('8.1.7');
    expect(await byHeader.json()).toEqual({ products: [{ id: 1 }, { id: 2 }, { id: 3 }] });
    const byQuery = await fetch(`${shop.url}/api/customers?ws_key=${KEY}`);
    expect(byQuery.status).toBe(200);
    const text = await byQuery.text();
    expect(text).toContain(`<customer id="2" xlink:href="${shop.url}/api/customers/2"/>`);
  });
});

describe('reading', () => {
  it('lists orders with display=full in JSON, scalars as strings and order rows nested', async () => {
    const { status, body } = await json<Listed>('/api/orders?display=full&output_format=JSON');
    expect(status).toBe(200);
    const list = body.orders ?? [];
    expect(list.map((order) => order.id)).toEqual([1, 2, 3]);
    expect(list[1]).toMatchObject({
      id_customer: '2',
      id_address_delivery: '6',
      payment: 'Bank wire',
      total_paid: '24.600000',
      date_add: '2026-01-14 13:05:00',
      date_upd: '2026-01-14 13:40:00',
    });
    expect(list[1]?.reference).toMatch(/^[A-Z]{9}$/);
    const rows =
      (list[1]?.associations as { order_rows: Record<string, string>[] } | undefined)?.order_rows ?? [];
    expect(rows.map((row) => [row.product_reference, row.product_quantity])).toEqual([
      ['MUG-CLASSIC', '1'],
      ['POSTER-A3', '1'],
    ]);
  });

  it('shows chosen fields and finds a product by SKU', async () => {
    const { body } = await json<Listed>(
      '/api/products?filter[reference]=[MUG-CLASSIC]&display=[id,reference,price]&output_format=JSON',
    );
    expect(body).toEqual({ products: [{ id: 2, reference: 'MUG-CLASSIC', price: '8.500000' }] });
    const bad = await json<unknown>('/api/products?display=[id,sku]&output_format=JSON');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ code: 35 }] });
  });

  it('filters by a date_upd range only with date=1, inclusive', async () => {
    const range = encodeURIComponent('[2026-01-14 13:40:00,2026-12-31 23:59:59]');
    const { body } = await json<Listed>(
      `/api/orders?display=[id,date_upd]&date=1&filter[date_upd]=${range}&output_format=JSON`,
    );
    expect(body.orders?.map((order) => order.id)).toEqual([2, 3]);
    const after = encodeURIComponent('>[2026-01-14 13:40:00]');
    const later = await json<Listed>(`/api/orders?date=1&filter[date_upd]=${after}&output_format=JSON`);
    expect(later.body).toEqual({ orders: [{ id: 3 }] });
    const withoutDate = await json<unknown>(`/api/orders?filter[date_upd]=${range}&output_format=JSON`);
    expect(withoutDate.status).toBe(400);
    expect(withoutDate.body).toMatchObject({ errors: [{ code: 32 }] });
  });

  it('answers an empty JSON list as a bare []', async () => {
    const { status, body } = await json<unknown>('/api/orders?filter[id_customer]=[99]&output_format=JSON');
    expect(status).toBe(200);
    expect(body).toEqual([]);
  });

  it('sorts and pages with limit, without any total', async () => {
    const sorted = await json<Listed>('/api/orders?date=1&sort=[date_upd_DESC]&output_format=JSON');
    expect(sorted.body.orders?.map((order) => order.id)).toEqual([3, 2, 1]);
    const first = await get('/api/products?limit=2&sort=[id_ASC]&output_format=JSON');
    expect(first.headers.get('x-wp-total')).toBeNull();
    expect(await first.json()).toEqual({ products: [{ id: 1 }, { id: 2 }] });
    const second = await json<Listed>('/api/products?limit=2,2&output_format=JSON');
    expect(second.body).toEqual({ products: [{ id: 3 }] });
    const bad = await json<unknown>('/api/products?limit=two&output_format=JSON');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ code: 39 }] });
  });

  it('reads one record, and 404s an unknown id with its error body', async () => {
    const one = await json<{ product: Record<string, unknown> }>('/api/products/1?output_format=JSON');
    expect(one.status).toBe(200);
    expect(one.body.product).toMatchObject({
      id: 1,
      reference: 'TSHIRT-BLUE-M',
      price: '19.900000',
      name: 'Blue T-shirt',
    });
    expect(one.body.product.associations).toEqual({
      stock_availables: [{ id: '1', id_product_attribute: '0' }],
    });
    const missing = await get('/api/orders/999');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<code><![CDATA[87]]></code>');
    const missingJson = await json<unknown>('/api/orders/999?output_format=JSON');
    expect(missingJson.body).toEqual({ errors: [{ code: 87, message: 'Id(s) not exists: 999' }] });
  });
});

describe('stock updates', () => {
  const stockXml = (quantity: string, idShop = '<id_shop>1</id_shop>') =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><stock_available><id><![CDATA[2]]></id><id_product>2</id_product><id_product_attribute>0</id_product_attribute>${idShop}<id_shop_group>0</id_shop_group><quantity>${quantity}</quantity><depends_on_stock>0</depends_on_stock><out_of_stock>2</out_of_stock><location></location></stock_available></prestashop>`;

  async function put(id: number, body: string, query = ''): Promise<Response> {
    return fetch(`${shop.url}/api/stock_availables/${id}${query}`, {
      method: 'PUT',
      headers: { ...basic(KEY), 'Content-Type': 'text/xml' },
      body,
    });
  }

  it('changes the quantity by an XML PUT and reads it back', async () => {
    const response = await put(2, stockXml('37'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<quantity><![CDATA[37]]></quantity>');
    const { body } = await json<Listed>(
      '/api/stock_availables?filter[id_product]=[2]&filter[id_product_attribute]=[0]&display=full&output_format=JSON',
    );
    expect(body.stock_availables).toEqual([expect.objectContaining({ id: 2, quantity: '37', id_shop: '1' })]);
    expect(shop.stockAvailables().find((row) => row.id === 2)?.fields.quantity).toBe('37');
  });

  it('replaces in full: id_shop left out becomes 0', async () => {
    expect((await put(2, stockXml('5', ''))).status).toBe(200);
    expect(shop.stockAvailables().find((row) => row.id === 2)?.fields).toMatchObject({
      quantity: '5',
      id_shop: '0',
    });
  });

  it('refuses malformed XML as PrestaShop does (500, code 127) and leaves stock alone', async () => {
    const response = await put(
      2,
      '<prestashop><stock_available><id>2</id><quantity>9</stock_available>',
      '?output_format=JSON',
    );
    expect(response.status).toBe(500);
    const body = (await response.json()) as { errors: { code: number; message: string }[] };
    expect(body.errors[0]?.code).toBe(127);
    expect(body.errors[0]?.message).toMatch(/^HTTP XML response is not parsable/);
    expect(shop.stockAvailables().find((row) => row.id === 2)?.fields.quantity).toBe('40');
  });

  it('refuses a missing id, a bad quantity, and a PUT on a read-only resource', async () => {
    const noId = await put(
      2,
      '<prestashop><stock_available><quantity>3</quantity></stock_available></prestashop>',
      '?output_format=JSON',
    );
    expect(noId.status).toBe(400);
    expect(await noId.json()).toMatchObject({ errors: [{ code: 90 }] });
    const badQuantity = await put(2, stockXml('lots'), '?output_format=JSON');
    expect(badQuantity.status).toBe(400);
    expect(await badQuantity.json()).toEqual({
      errors: [{ code: 85, message: 'Validation error: "Property StockAvailable->quantity is not valid"' }],
    });
    const onOrders = await fetch(`${shop.url}/api/orders/1`, {
      method: 'PUT',
      headers: basic(KEY),
      body: '<prestashop/>',
    });
    expect(onOrders.status).toBe(405);
    expect(shop.stockAvailables().find((row) => row.id === 2)?.fields.quantity).toBe('40');
  });
});

describe('switches and hooks', () => {
  it('throttles with 429 and Retry-After, then answers again', async () => {
    shop.throttle(1, 7);
    const throttled = await get('/api/products');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect((await get('/api/products')).status).toBe(200);
  });

  it('fails with the chosen 5xx the given number of times', async () => {
    shop.fail(2, 502);
    expect((await get('/api/products')).status).toBe(502);
    expect((await get('/api/products')).status).toBe(502);
    expect((await get('/api/products')).status).toBe(200);
  });

  it('slows answers down', async () => {
    shop.slow(120);
    const started = Date.now();
    expect((await get('/api/products')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('adds and updates orders that incremental reads then see, and malforms one', async () => {
    const added = shop.addOrder({
      id_customer: 2,
      date_add: '2026-04-01 10:00:00',
      rows: [{ product_id: 3, product_quantity: 2 }],
    });
    expect(added.id).toBe(4);
    shop.updateOrder(1, { current_state: 5, dateUpd: '2026-05-01 08:00:00' });
    const after = encodeURIComponent('>[2026-03-15 00:00:00]');
    const { body } = await json<Listed>(
      `/api/orders?display=[id,current_state,total_paid]&date=1&filter[date_upd]=${after}&sort=[date_upd_ASC,id_ASC]&output_format=JSON`,
    );
    expect(body.orders).toEqual([
      { id: 4, current_state: '2', total_paid: '28.800000' },
      { id: 1, current_state: '5', total_paid: '47.760000' },
    ]);
    shop.malform(4);
    const broken = await json<{ order: Record<string, unknown> }>('/api/orders/4?output_format=JSON');
    expect(broken.body.order.total_paid).toBe('NaN');
    expect(broken.body.order.id_customer).toBeUndefined();
    expect(broken.body.order.associations).toEqual({});
  });
});

describe('standalone main', () => {
  it('prints its URL and key, and that key works', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, EMULATOR_HOST: '127.0.0.1', EMULATOR_PORT: '0', PRESTASHOP_WS_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          if (/PRESTASHOP_WS_KEY=\S+\n/.test(output)) resolve();
        });
        child.once('exit', (code) => reject(new Error(`main exited with ${code}`)));
      });
      const value = (name: string) => output.match(new RegExp(`^${name}=(\\S+)$`, 'm'))?.[1] ?? '';
      const url = value('PRESTASHOP_URL');
      const key = value('PRESTASHOP_WS_KEY');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(key).toMatch(/^[A-Z0-9]{32}$/);
      const response = await fetch(`${url}/api/products?output_format=JSON`, { headers: basic(key) });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Listed).products).toHaveLength(3);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});
