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

  it('reads one record, and answers an unknown id with a bare 404 as getFilteredObjectDetails does', async () => {
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
    const missing = await get('/api/orders/999?output_format=JSON');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('psws-version')).toBe('8.1.7');
    expect(missing.headers.get('content-type')).toBeNull();
    expect(await missing.text()).toBe('');
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

describe('the resource list at /api/', () => {
  it('lists every resource with the methods the key is granted, in XML; JSON keeps only names', async () => {
    const response = await get('/api/');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('<api shopName="Tandem test shop">');
    expect(text).toContain(
      `<orders xlink:href="${shop.url}/api/orders" get="true" put="false" post="false" patch="false" delete="false" head="true">`,
    );
    expect(text).toMatch(/<stock_availables [^>]*get="true" put="true" post="false" patch="true"/);
    expect(text).toContain(`<schema xlink:href="${shop.url}/api/products?schema=blank" type="blank"/>`);
    const names = await json<string[]>('/api/?output_format=JSON');
    expect(names.body).toEqual([
      'addresses',
      'countries',
      'currencies',
      'customers',
      'order_states',
      'orders',
      'products',
      'stock_availables',
    ]);
  });

  it('leaves out what a key is not granted, and refuses it with 401 (26) or 405 (25)', async () => {
    const limited = await startPrestaShopEmulator({
      key: KEY,
      permissions: { orders: ['GET', 'HEAD'], products: ['GET'], stock_availables: ['GET'] },
    });
    try {
      const headers = basic(KEY);
      const index = await (await fetch(`${limited.url}/api/`, { headers })).text();
      expect(index).toContain('<orders ');
      expect(index).not.toContain('<customers ');
      expect(index).toMatch(/<stock_availables [^>]*get="true" put="false"/);
      const customers = await fetch(`${limited.url}/api/customers?output_format=JSON`, { headers });
      expect(customers.status).toBe(401);
      expect(await customers.json()).toEqual({
        errors: [
          { code: 26, message: 'Resource of type "customers" is not allowed with this authentication key' },
        ],
      });
      const put = await fetch(`${limited.url}/api/stock_availables/1?output_format=JSON`, {
        method: 'PUT',
        headers,
        body: '<prestashop/>',
      });
      expect(put.status).toBe(405);
      expect(await put.json()).toMatchObject({ errors: [{ code: 25 }] });
    } finally {
      await limited.close();
    }
  });

  it('behind a host that drops the Authorization header, only ws_key gets in', async () => {
    const stripped = await startPrestaShopEmulator({ key: KEY, dropsAuthorizationHeader: true });
    try {
      const byHeader = await fetch(`${stripped.url}/api/?output_format=JSON`, { headers: basic(KEY) });
      expect(byHeader.status).toBe(401);
      expect(await byHeader.json()).toMatchObject({ errors: [{ code: 16 }] });
      const byQuery = await fetch(`${stripped.url}/api/?output_format=JSON&ws_key=${KEY}`);
      expect(byQuery.status).toBe(200);
    } finally {
      await stripped.close();
    }
  });
});

describe('lookups an order points at', () => {
  it('answers addresses, countries, currencies and the default order states', async () => {
    const address = await json<{ address: Record<string, string> }>('/api/addresses/6?output_format=JSON');
    expect(address.body.address).toMatchObject({
      id_customer: '2',
      id_country: '8',
      firstname: 'Grace',
      address1: '1 rue de Rivoli',
      postcode: '75001',
      city: 'Paris',
      phone_mobile: '+33 6 12 34 56 78',
    });
    const countries = await json<Listed>(
      '/api/countries?filter[id]=[8|17]&display=[id,iso_code]&output_format=JSON',
    );
    expect(countries.body).toEqual({
      countries: [
        { id: 8, iso_code: 'FR' },
        { id: 17, iso_code: 'GB' },
      ],
    });
    const currencies = await json<Listed>('/api/currencies?display=[id,iso_code]&output_format=JSON');
    expect(currencies.body.currencies).toEqual([
      { id: 1, iso_code: 'EUR' },
      { id: 2, iso_code: 'USD' },
    ]);
    const states = await json<Listed>('/api/order_states?display=full&output_format=JSON');
    expect(states.body.order_states).toHaveLength(13);
    expect(states.body.order_states?.[5]).toMatchObject({
      id: 6,
      name: 'Canceled',
      template: 'order_canceled',
    });
    expect(states.body.order_states?.[3]).toMatchObject({ id: 4, name: 'Shipped', shipped: '1', paid: '1' });
  });

  it('keeps nothing paid on an order awaiting payment, and the total once paid', async () => {
    const added = shop.addOrder({ current_state: 10, total_paid: '30.000000' });
    expect(added.fields.total_paid_real).toBe('0.000000');
    const paid = shop.updateOrder(added.id, { current_state: 2 });
    expect(paid.fields.total_paid_real).toBe('30.000000');
  });
});

describe('languages', () => {
  it('answers a multilingual name as a list in JSON when two languages are installed, as nodes in XML', async () => {
    const bilingual = await startPrestaShopEmulator({ key: KEY, languages: [1, 2] });
    try {
      const headers = basic(KEY);
      const listed = (await (
        await fetch(`${bilingual.url}/api/products?display=[id,name]&filter[id]=[1]&output_format=JSON`, {
          headers,
        })
      ).json()) as Listed;
      expect(listed.products?.[0]?.name).toEqual([
        { id: 1, value: 'Blue T-shirt' },
        { id: 2, value: 'T-shirt bleu' },
      ]);
      const xml = await (await fetch(`${bilingual.url}/api/products/1`, { headers })).text();
      expect(xml).toContain(
        `<name><language id="1" xlink:href="${bilingual.url}/api/languages/1"><![CDATA[Blue T-shirt]]></language><language id="2" xlink:href="${bilingual.url}/api/languages/2"><![CDATA[T-shirt bleu]]></language></name>`,
      );
      const found = (await (
        await fetch(`${bilingual.url}/api/products?filter[name]=%25[bleu]%25&output_format=JSON`, { headers })
      ).json()) as Listed;
      expect(found.products).toEqual([{ id: 1 }]);
    } finally {
      await bilingual.close();
    }
  });
});

describe('creating and replacing products and customers', () => {
  async function send(method: string, path: string, body: string): Promise<Response> {
    return fetch(`${shop.url}${path}`, {
      method,
      headers: { ...basic(KEY), 'Content-Type': 'text/xml' },
      body,
    });
  }

  it('gives a blank schema with read-only fields, one node per language and empty associations', async () => {
    const text = await (await get('/api/products?schema=blank')).text();
    expect(text).toContain('<id></id>');
    expect(text).toContain('<quantity></quantity>');
    expect(text).toContain('<manufacturer_name></manufacturer_name>');
    expect(text).toMatch(/<name><language id="1"[^>]*><\/language><\/name>/);
  });

  it('creates a product with its stock row, and refuses read-only fields, ids and a missing name', async () => {
    const product = (extra: string) =>
      `<prestashop><product>${extra}<reference>CAP-RED</reference><price>15.5</price><active>1</active><name><language id="1">Red cap</language></name></product></prestashop>`;
    const created = await send('POST', '/api/products?output_format=JSON', product(''));
    expect(created.status).toBe(201);
    const body = (await created.json()) as { product: Record<string, unknown> };
    expect(body.product).toMatchObject({
      id: 4,
      reference: 'CAP-RED',
      price: '15.5',
      name: 'Red cap',
      quantity: '0',
    });
    expect(body.product.link_rewrite).toBe('red-cap');
    expect(shop.stockAvailables().find((row) => row.fields.id_product === '4')?.fields.quantity).toBe('0');
    const readOnly = await send(
      'POST',
      '/api/products?output_format=JSON',
      product('<quantity>5</quantity>'),
    );
    expect(readOnly.status).toBe(400);
    expect(await readOnly.json()).toMatchObject({ errors: [{ code: 93 }] });
    const withId = await send('POST', '/api/products?output_format=JSON', product('<id>9</id>'));
    expect(await withId.json()).toMatchObject({ errors: [{ code: 91 }] });
    const noName = await send(
      'POST',
      '/api/products?output_format=JSON',
      '<prestashop><product><price>1</price></product></prestashop>',
    );
    expect(noName.status).toBe(400);
    expect(await noName.json()).toMatchObject({ errors: [{ code: 84 }] });
    expect(shop.products()).toHaveLength(4);
  });

  it('replaces a product in full and stamps date_upd; stock follows its stock row', async () => {
    const replaced = await send(
      'PUT',
      '/api/products/2?output_format=JSON',
      '<prestashop><product><id>2</id><price>9.000000</price><name><language id="1">Big mug</language></name></product></prestashop>',
    );
    expect(replaced.status).toBe(200);
    const after = shop.products().find((row) => row.id === 2);
    expect(after?.fields).toMatchObject({ price: '9.000000', reference: '', active: '0', quantity: '40' });
    expect(after?.fields.date_upd).not.toBe('2026-01-06 10:30:00');
    await send(
      'PUT',
      '/api/stock_availables/2',
      '<prestashop><stock_available><id>2</id><id_product>2</id_product><id_product_attribute>0</id_product_attribute><id_shop>1</id_shop><quantity>7</quantity></stock_available></prestashop>',
    );
    expect(shop.products().find((row) => row.id === 2)?.fields.quantity).toBe('7');
  });

  it('creates a customer with a hashed password, keeps the hash sent back, refuses digits in names', async () => {
    const created = await send(
      'POST',
      '/api/customers?output_format=JSON',
      '<prestashop><customer><email>alan@example.com</email><firstname>Alan</firstname><lastname>Turing</lastname><passwd>s3cret-words</passwd><active>1</active></customer></prestashop>',
    );
    expect(created.status).toBe(201);
    const customer = ((await created.json()) as { customer: Record<string, string> }).customer;
    expect(customer.passwd).toMatch(/^\$2y\$10\$/);
    const kept = await send(
      'PUT',
      '/api/customers/3',
      `<prestashop><customer><id>3</id><email>alan@example.org</email><firstname>Alan</firstname><lastname>Turing</lastname><passwd>${customer.passwd}</passwd></customer></prestashop>`,
    );
    expect(kept.status).toBe(200);
    expect(shop.customers().find((row) => row.id === 3)?.fields).toMatchObject({
      email: 'alan@example.org',
      passwd: customer.passwd,
    });
    const digits = await send(
      'POST',
      '/api/customers?output_format=JSON',
      '<prestashop><customer><email>r2@example.com</email><firstname>R2</firstname><lastname>D2</lastname><passwd>beepboop</passwd></customer></prestashop>',
    );
    expect(digits.status).toBe(400);
    expect(await digits.json()).toEqual({
      errors: [{ code: 85, message: 'Validation error: "Property Customer->firstname is not valid"' }],
    });
  });

  it('deletes a product while orders keep their lines, and changes records as the back office does', async () => {
    shop.deleteProduct(3);
    expect((await get('/api/products/3')).status).toBe(404);
    expect(shop.stockAvailables().some((row) => row.fields.id_product === '3')).toBe(false);
    const order = await json<{ order: { associations: { order_rows: Record<string, string>[] } } }>(
      '/api/orders/2?output_format=JSON',
    );
    expect(order.body.order.associations.order_rows[1]).toMatchObject({
      product_id: '3',
      product_name: 'A3 poster',
    });
    const changed = shop.updateRecord('customers', 2, { lastname: 'Murray Hopper' });
    expect(changed.fields.lastname).toBe('Murray Hopper');
    expect((changed.fields.date_upd ?? '') > '2026-01-03 09:15:00').toBe(true);
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
