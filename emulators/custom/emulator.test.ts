import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../shared/listen.js';
import { type CustomCartEmulator, startCustomCartEmulator } from './server.js';

const docsUrl = new URL('../../docs/', import.meta.url);
const openapi = JSON.parse(readFileSync(new URL('cart-protocol.openapi.json', docsUrl), 'utf8')) as {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
  webhooks: Record<string, unknown>;
};
const protocolDoc = readFileSync(new URL('cart-protocol.md', docsUrl), 'utf8');

// ajv-formats is CommonJS: the default import is the plugin or the module holding it.
type AddFormats = typeof addFormatsModule.default;
const addFormats: AddFormats =
  'default' in addFormatsModule ? addFormatsModule.default : (addFormatsModule as unknown as AddFormats);

/** The OpenAPI file's schemas, so every answer below is checked against what the file promises. */
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addKeyword('example');
ajv.addSchema({
  $id: 'cart',
  $defs: JSON.parse(
    JSON.stringify(openapi.components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
  ),
});

function expectSchema(name: string, value: unknown): void {
  const validate = ajv.getSchema(`cart#/$defs/${name}`);
  if (validate === undefined) throw new Error(`no schema ${name}`);
  const valid = validate(value);
  expect(validate.errors ?? [], `${name}: ${JSON.stringify(value).slice(0, 300)}`).toEqual([]);
  expect(valid).toBe(true);
}

let emulator: CustomCartEmulator;

beforeAll(async () => {
  emulator = await startCustomCartEmulator({ webhookRetryDelaysMs: [50] });
});

afterAll(async () => {
  await emulator.close();
});

afterEach(() => {
  emulator.reset();
});

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are JSON of many shapes, checked field by field and against the OpenAPI schemas
  body: any;
}

async function api(
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; raw?: string } = {},
): Promise<Answer> {
  const token = options.token === undefined ? emulator.token : options.token;
  const response = await fetch(new URL(`/tandem-cart/v1/${path}`, emulator.url), {
    method,
    headers: {
      ...(token === null ? {} : { Authorization: `Bearer ${token}` }),
      ...(options.body === undefined && options.raw === undefined
        ? {}
        : { 'Content-Type': 'application/json' }),
    },
    ...(options.raw !== undefined
      ? { body: options.raw }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Left as text: some answers (a proxy's error page) are not JSON.
  }
  return { status: response.status, headers: response.headers, body };
}

function expectProblem(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.body).toMatchObject({ status, code });
  expectSchema('Problem', answer.body);
}

/** Pages through a whole list, answering every page's ids. */
async function pageThrough(entity: string, query: Record<string, string>): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    if (cursor !== null) params.set('cursor', cursor);
    const answer = await api('GET', `${entity}?${params}`);
    expect(answer.status).toBe(200);
    pages.push((answer.body.data as { id: string }[]).map((record) => record.id));
    cursor = answer.body.nextCursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor !== null);
  return pages;
}

describe('the OpenAPI file', () => {
  it('parses as OpenAPI 3.1 and has every endpoint the protocol page documents', () => {
    expect(openapi.openapi).toBe('3.1.0');
    const documented = [
      ...protocolDoc.matchAll(/`(GET|POST|PUT|DELETE) (\/tandem-cart\/v1\/[A-Za-z0-9/{}_-]*)`/g),
    ].map(([, method, path]) => [method?.toLowerCase() ?? '', path ?? ''] as const);
    expect(documented.length).toBeGreaterThanOrEqual(15);
    for (const [method, path] of documented) {
      expect(openapi.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    const inFile = Object.entries(openapi.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'post', 'put', 'delete'].includes(key))
        .map((method) => `${method} ${path}`),
    );
    const inDoc = new Set(documented.map(([method, path]) => `${method} ${path}`));
    expect(inFile.filter((operation) => !inDoc.has(operation))).toEqual([]);
    expect(openapi.webhooks.cartEvent).toBeDefined();
  });

  it('resolves every $ref it holds', () => {
    const text = JSON.stringify(openapi);
    const refs = [...text.matchAll(/"\$ref":"#\/([^"]+)"/g)].map(([, ref]) => ref ?? '');
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const target = ref
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], openapi);
      expect(target, ref).toBeDefined();
    }
  });
});

describe('info and tokens', () => {
  it('answers who the cart is, in the shape the OpenAPI file gives', async () => {
    const answer = await api('GET', 'info');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      protocol: 'tandem-cart/1',
      name: 'Harbour Tea Shop',
      currency: 'EUR',
      capabilities: { orders: true, items: true, customers: true, stock: true, webhooks: true },
    });
    expectSchema('Info', answer.body);
  });

  it('refuses a missing, malformed or wrong token with 401 problem+json and WWW-Authenticate', async () => {
    const missing = await api('GET', 'info', { token: null });
    expectProblem(missing, 401, 'unauthorized');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="tandem-cart"');
    const wrong = await api('GET', 'orders', { token: `${emulator.token}x` });
    expectProblem(wrong, 401, 'unauthorized');
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const response = await fetch(new URL('/tandem-cart/v1/info', emulator.url), {
      headers: { Authorization: `Basic ${Buffer.from(`x:${emulator.token}`).toString('base64')}` },
    });
    expect(response.status).toBe(401);
  });

  it('takes the scheme in any case, as HTTP has it', async () => {
    const response = await fetch(new URL('/tandem-cart/v1/info', emulator.url), {
      headers: { Authorization: `bearer ${emulator.token}` },
    });
    expect(response.status).toBe(200);
  });

  it('lets a read-only token read but refuses it on /info and every write with 403 insufficient_scope', async () => {
    const token = emulator.readOnlyToken;
    expectProblem(await api('GET', 'info', { token }), 403, 'insufficient_scope');
    expect((await api('GET', 'items', { token })).status).toBe(200);
    const item = { sku: 'RO-1', name: 'Read only', price: 1, currency: 'EUR', stock: 1 };
    expectProblem(await api('POST', 'items', { token, body: item }), 403, 'insufficient_scope');
    expectProblem(await api('PUT', 'items/101', { token, body: item }), 403, 'insufficient_scope');
    const levels = { levels: [{ itemId: '101', quantity: 1 }] };
    expectProblem(await api('POST', 'stock', { token, body: levels }), 403, 'insufficient_scope');
    expect(emulator.items().find((candidate) => candidate.id === '101')?.stock).not.toBe(1);
  });

  it('answers outside the protocol like any web server: a 404 page that is not JSON', async () => {
    const response = await fetch(new URL('/wp-json/wc/v3/products', emulator.url));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
  });
});

describe('lists', () => {
  it('answers every seeded record in ascending updatedAt, each valid against the OpenAPI schemas', async () => {
    for (const [entity, schema, count] of [
      ['items', 'ItemPage', 4],
      ['customers', 'CustomerPage', 3],
      ['orders', 'OrderPage', 3],
    ] as const) {
      const answer = await api('GET', `${entity}?limit=100`);
      expect(answer.status).toBe(200);
      expectSchema(schema, answer.body);
      expect(answer.body.data).toHaveLength(count);
      expect(answer.body.nextCursor).toBeNull();
      const times = (answer.body.data as { updatedAt: string }[]).map((record) =>
        Date.parse(record.updatedAt),
      );
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const one = await api('GET', 'orders/109');
    expectSchema('Order', one.body);
    expect(one.body).toMatchObject({
      number: 'T-1002',
      total: 1750,
      lines: [{ itemId: '102', quantity: 1 }],
    });
  });

  it('pages past 100 records with a cursor, each record exactly once, the last page saying null', async () => {
    const before = emulator.items().length;
    for (let n = 0; n < 150; n += 1)
      emulator.addItem({ sku: `BULK-${n}`, updatedAt: '2026-03-01T00:00:00.000Z' });
    const pages = await pageThrough('items', { limit: '100' });
    expect(pages.map((page) => page.length)).toEqual([100, before + 50]);
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(before + 150);
    // 150 share one updatedAt: the tie is broken by id, numerically.
    const bulk = ids.slice(before).map(Number);
    expect(bulk).toEqual([...bulk].sort((a, b) => a - b));
  });

  it('includes a record changed exactly at modifiedSince, and leaves out older ones', async () => {
    const order = emulator.orders()[1];
    const answer = await api('GET', `orders?modifiedSince=${encodeURIComponent(order?.updatedAt ?? '')}`);
    expect((answer.body.data as { id: string }[]).map((record) => record.id)).toEqual(['109', '110']);
    const offset = await api(
      'GET',
      `orders?modifiedSince=${encodeURIComponent('2026-01-12T10:00:00+01:00')}`,
    );
    expect((offset.body.data as { id: string }[])[0]?.id).toBe('109');
  });

  it('shows a record changed during paging again at the end, and skips none', async () => {
    const first = await api('GET', 'customers?limit=1');
    expect(first.body.data[0].id).toBe('105');
    emulator.updateCustomer('105', { name: 'Aoife Byrne-Walsh' });
    const rest = await pageThrough('customers', { limit: '1', cursor: first.body.nextCursor });
    expect(rest.flat()).toEqual(['106', '107', '105']);
  });

  it('searches with q and keeps q inside the cursor', async () => {
    const found = await api('GET', 'customers?q=EXAMPLE.COM&limit=1');
    expect(found.body.data).toHaveLength(1);
    const other = await api('GET', `customers?q=other&cursor=${found.body.nextCursor}`);
    expectProblem(other, 400, 'invalid_cursor');
    const same = await api('GET', `customers?q=EXAMPLE.COM&cursor=${found.body.nextCursor}`);
    expect(same.status).toBe(200);
    expect((await api('GET', 'items?q=mug')).body.data.map((item: { sku: string }) => item.sku)).toEqual([
      'MUG-CER',
    ]);
  });

  it('refuses bad parameters by name in one 400, and a cursor it did not make', async () => {
    const bad = await api('GET', 'items?limit=101&modifiedSince=2026-01-01T00:00:00');
    expectProblem(bad, 400, 'invalid_request');
    expect(bad.body.errors.map((error: { parameter: string }) => error.parameter).sort()).toEqual([
      'limit',
      'modifiedSince',
    ]);
    expectProblem(await api('GET', 'items?limit=0'), 400, 'invalid_request');
    expectProblem(await api('GET', 'items?limit=1e2'), 400, 'invalid_request');
    expectProblem(await api('GET', 'items?cursor=not-mine'), 400, 'invalid_cursor');
    const forged = Buffer.from(JSON.stringify({ v: 1, at: 'x', id: 1 })).toString('base64url');
    expectProblem(await api('GET', `items?cursor=${forged}`), 400, 'invalid_cursor');
    expectProblem(await api('GET', `items?cursor=${'A'.repeat(5000)}`), 400, 'invalid_cursor');
  });

  it('answers 404 problem+json for an unknown record and 405 for a method an endpoint does not take', async () => {
    expectProblem(await api('GET', 'orders/999999'), 404, 'not_found');
    expectProblem(await api('GET', 'items/%E0%A4%A'), 404, 'not_found');
    const deleting = await api('DELETE', 'orders/109');
    expectProblem(deleting, 405, 'method_not_allowed');
    expect(deleting.headers.get('allow')).toBe('GET');
  });
});

describe('writes', () => {
  it('creates an item with 201 and Location, updates it with PUT, and keeps active when left out', async () => {
    const created = await api('POST', 'items', {
      body: { sku: 'NEW-1', name: 'Teapot', price: 2400, currency: 'EUR', stock: 4, active: false },
    });
    expect(created.status).toBe(201);
    expectSchema('Item', created.body);
    expect(created.headers.get('location')).toBe(`/tandem-cart/v1/items/${created.body.id}`);
    const updated = await api('PUT', `items/${created.body.id}`, {
      body: { sku: 'NEW-1', name: 'Teapot, large', price: 2600, currency: 'EUR', stock: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Teapot, large', price: 2600, stock: null, active: false });
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));
    expectProblem(
      await api('PUT', 'items/999999', {
        body: { sku: null, name: 'x', price: 1, currency: 'EUR', stock: 1 },
      }),
      404,
      'not_found',
    );
  });

  it('answers 409 with existingId for a SKU or an email already taken', async () => {
    const item = await api('POST', 'items', {
      body: { sku: 'mug-cer', name: 'Mug again', price: 1, currency: 'EUR', stock: 1 },
    });
    expectProblem(item, 409, 'conflict');
    expect(item.body.existingId).toBe('102');
    const customer = await api('POST', 'customers', {
      body: { email: 'AOIFE@example.com', name: 'Aoife', phone: null },
    });
    expectProblem(customer, 409, 'conflict');
    expect(customer.body.existingId).toBe('105');
  });

  it('names every bad field with a JSON Pointer, and refuses NUL bytes, huge numbers and other currencies', async () => {
    const answer = await api('POST', 'items', {
      body: { sku: '', name: 'a\u0000b', price: 1e300, currency: 'USD', stock: 1.5, active: 'yes' },
    });
    expectProblem(answer, 400, 'invalid_request');
    expect(answer.body.errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual([
      '/active',
      '/currency',
      '/name',
      '/price',
      '/sku',
      '/stock',
    ]);
    expectProblem(await api('POST', 'items', { body: [1, 2] }), 400, 'invalid_request');
    expectProblem(
      await api('POST', 'customers', { body: { email: 'no-at', name: 'x', phone: null } }),
      400,
      'invalid_request',
    );
    expectProblem(await api('POST', 'items', { raw: '{"sku":' }), 400, 'invalid_request');
    expectProblem(await api('POST', 'items', { raw: `"${'x'.repeat(1024 * 1024 + 10)}"` }), 413, 'too_large');
  });

  it('creates and updates customers', async () => {
    const created = await api('POST', 'customers', {
      body: { email: 'niamh@example.com', name: 'Niamh', phone: null },
    });
    expect(created.status).toBe(201);
    expectSchema('Customer', created.body);
    const updated = await api('PUT', `customers/${created.body.id}`, {
      body: { email: 'niamh@example.com', name: 'Niamh Walsh', phone: '+353 1 555 0199' },
    });
    expect(updated.body).toMatchObject({ name: 'Niamh Walsh', phone: '+353 1 555 0199' });
  });
});

describe('stock', () => {
  it('sets several levels at once and answers each', async () => {
    const answer = await api('POST', 'stock', {
      body: {
        levels: [
          { itemId: '101', quantity: 38 },
          { itemId: '103', quantity: 7 },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expectSchema('StockAnswer', answer.body);
    expect(
      answer.body.data.map((level: { itemId: string; quantity: number }) => [level.itemId, level.quantity]),
    ).toEqual([
      ['101', 38],
      ['103', 7],
    ]);
    const items = emulator.items();
    expect(items.find((item) => item.id === '101')?.stock).toBe(38);
    expect(items.find((item) => item.id === '103')?.stock).toBe(7);
  });

  it('sets nothing when one level is wrong, naming the unknown item by pointer and code', async () => {
    const before = emulator.items();
    const answer = await api('POST', 'stock', {
      body: {
        levels: [
          { itemId: '101', quantity: 1 },
          { itemId: '999', quantity: 1 },
          { itemId: '101', quantity: 2 },
          { itemId: '102', quantity: 2.5 },
        ],
      },
    });
    expectProblem(answer, 400, 'invalid_request');
    expect(answer.body.errors).toEqual([
      { pointer: '/levels/1/itemId', code: 'unknown_item', detail: 'There is no item "999".' },
      { pointer: '/levels/2/itemId', detail: 'Item 101 is given twice.' },
      { pointer: '/levels/3/quantity', detail: 'must be a whole number' },
    ]);
    expect(emulator.items()).toEqual(before);
  });

  it('refuses more than 100 levels, or none', async () => {
    const levels = Array.from({ length: 101 }, () => ({ itemId: '101', quantity: 1 }));
    expectProblem(await api('POST', 'stock', { body: { levels } }), 400, 'invalid_request');
    expectProblem(await api('POST', 'stock', { body: { levels: [] } }), 400, 'invalid_request');
  });
});

describe('failure switches', () => {
  it('throttles with 429 problem+json and Retry-After, then answers again', async () => {
    emulator.throttle(1, 7);
    const throttled = await api('GET', 'items');
    expectProblem(throttled, 429, 'rate_limited');
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect((await api('GET', 'items')).status).toBe(200);
  });

  it('fails with a bare 5xx page, as a proxy in front of the cart would', async () => {
    emulator.fail(2, 502);
    const failed = await api('GET', 'info');
    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toContain('text/html');
    expect((await api('GET', 'info')).status).toBe(502);
    expect((await api('GET', 'info')).status).toBe(200);
  });

  it('answers slowly when asked to', async () => {
    emulator.slow(150);
    const started = Date.now();
    expect((await api('GET', 'info')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers a malformed order broken in lists and reads, and a replaced record as given', async () => {
    emulator.malform(109);
    const list = await api('GET', 'orders');
    const broken = (list.body.data as { id: string }[]).find((order) => order.id === '109');
    expect(broken).toMatchObject({ total: 'NaN', updatedAt: 'not a date' });
    expect(broken).not.toHaveProperty('customer');
    emulator.replaceRecord('items', '102', { id: '102', name: 7 });
    expect((await api('GET', 'items/102')).body).toEqual({ id: '102', name: 7 });
    emulator.reset();
    expect((await api('GET', 'orders/109')).body.total).toBe(1750);
  });

  it('answers 404 not_supported for a part the cart does not offer, and says so in /info', async () => {
    const small = await startCustomCartEmulator({ capabilities: { customers: false, stock: false } });
    try {
      const headers = { Authorization: `Bearer ${small.token}` };
      const info = await (await fetch(`${small.url}/tandem-cart/v1/info`, { headers })).json();
      expect(info.capabilities).toEqual({
        orders: true,
        items: true,
        customers: false,
        stock: false,
        webhooks: true,
      });
      const customers = await fetch(`${small.url}/tandem-cart/v1/customers`, { headers });
      expect(customers.status).toBe(404);
      expect((await customers.json()).code).toBe('not_supported');
    } finally {
      await small.close();
    }
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: records what arrives and answers the statuses it is given, then 200. */
async function startReceiver(
  statuses: number[] = [],
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.shift() ?? 200);
      response.end();
    });
  });
  const url = `${await listen(server, {})}/hooks/cart`;
  return { url, received, server };
}

function expectSigned(received: Received, token: string): void {
  const header = String(received.headers['tandem-cart-signature']);
  const match = header.match(/^t=(\d+),v1=([0-9a-f]{64})$/);
  expect(match).not.toBeNull();
  const expected = createHmac('sha256', token).update(`${match?.[1]}.${received.body}`).digest('hex');
  expect(match?.[2]).toBe(expected);
  expect(Math.abs(Date.now() / 1000 - Number(match?.[1]))).toBeLessThan(60);
}

describe('webhooks', () => {
  it('subscribes over the API (once per address), delivers signed notices, and unsubscribes', async () => {
    const receiver = await startReceiver();
    try {
      const created = await api('POST', 'webhooks', { body: { url: receiver.url } });
      expect(created.status).toBe(201);
      expectSchema('Webhook', created.body);
      const again = await api('POST', 'webhooks', { body: { url: receiver.url } });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(created.body.id);
      expectSchema('WebhookList', (await api('GET', 'webhooks')).body);

      const put = await api('PUT', 'items/102', {
        body: { sku: 'MUG-CER', name: 'Ceramic Mug', price: 1300, currency: 'EUR', stock: 15 },
      });
      await emulator.webhooksSettled();
      expect(receiver.received).toHaveLength(1);
      const [delivery] = receiver.received;
      if (delivery === undefined) throw new Error('nothing delivered');
      expect(delivery.headers['content-type']).toBe('application/json');
      expectSigned(delivery, emulator.token);
      const event = JSON.parse(delivery.body);
      expectSchema('Event', event);
      expect(event).toMatchObject({
        type: 'item.updated',
        data: { id: '102', updatedAt: put.body.updatedAt },
      });

      expect((await api('DELETE', `webhooks/${created.body.id}`)).status).toBe(204);
      expectProblem(await api('DELETE', `webhooks/${created.body.id}`), 404, 'not_found');
      emulator.addOrder({ lines: [{ itemId: '101', quantity: 1 }] });
      await emulator.webhooksSettled();
      expect(receiver.received).toHaveLength(1);
    } finally {
      receiver.server.close();
    }
  });

  it('refuses an address that is not http(s) or carries credentials', async () => {
    expectProblem(
      await api('POST', 'webhooks', { body: { url: 'ftp://example.com/x' } }),
      400,
      'invalid_request',
    );
    expectProblem(
      await api('POST', 'webhooks', { body: { url: 'https://user:pw@example.com/x' } }),
      400,
      'invalid_request',
    );
  });

  it('delivers the same event again on request: same id and body, signed afresh', async () => {
    const receiver = await startReceiver();
    const id = emulator.subscribe(receiver.url);
    try {
      const order = emulator.addOrder({ lines: [{ itemId: '101', quantity: 1 }] });
      await emulator.webhooksSettled();
      const event = emulator.webhookEvents().at(-1);
      expect(event).toMatchObject({
        type: 'order.created',
        data: { id: order.id, updatedAt: order.updatedAt },
      });
      const attempts = await emulator.deliverAgain(event?.id ?? '');
      expect(attempts).toHaveLength(1);
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
      for (const received of receiver.received) expectSigned(received, emulator.token);
    } finally {
      await api('DELETE', `webhooks/${id}`);
      receiver.server.close();
    }
  });

  it('holds notices and releases them reversed, so they arrive out of order', async () => {
    const receiver = await startReceiver();
    const id = emulator.subscribe(receiver.url);
    try {
      emulator.holdWebhooks();
      emulator.updateOrder('110', { status: 'paid', updatedAt: '2026-02-01T10:00:00.000Z' });
      emulator.updateOrder('110', { status: 'completed', updatedAt: '2026-02-01T11:00:00.000Z' });
      await emulator.webhooksSettled();
      expect(receiver.received).toHaveLength(0);
      await emulator.releaseWebhooks('reversed');
      const updates = receiver.received.map((received) => JSON.parse(received.body).data.updatedAt);
      expect(updates).toEqual(['2026-02-01T11:00:00.000Z', '2026-02-01T10:00:00.000Z']);
    } finally {
      await api('DELETE', `webhooks/${id}`);
      receiver.server.close();
    }
  });

  it('tries a failed delivery again after its retry delay', async () => {
    const receiver = await startReceiver([500]);
    const id = emulator.subscribe(receiver.url);
    try {
      emulator.updateCustomer('106', { phone: '+353 1 555 0123' });
      await emulator.webhooksSettled();
      await new Promise((resolve) => setTimeout(resolve, 150));
      await emulator.webhooksSettled();
      const attempts = emulator.webhookDeliveries().filter((delivery) => delivery.url === receiver.url);
      expect(attempts.map((delivery) => [delivery.attempt, delivery.status])).toEqual([
        [1, 500],
        [2, 200],
      ]);
      expect(receiver.received[0]?.body).toBe(receiver.received[1]?.body);
    } finally {
      await api('DELETE', `webhooks/${id}`);
      receiver.server.close();
    }
  });
});

describe('standalone', () => {
  it('starts from main.ts and prints its address and tokens', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        EMULATOR_HOST: '127.0.0.1',
        EMULATOR_PORT: '0',
        CUSTOM_CART_TOKEN: 'cart-token-1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('CUSTOM_CART_READ_ONLY_TOKEN=')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`main exited with ${code}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const value = (name: string) => output.match(new RegExp(`^${name}=(\\S+)$`, 'm'))?.[1] ?? '';
      const url = value('CUSTOM_CART_URL');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(value('CUSTOM_CART_TOKEN')).toBe('cart-token-1');
      const response = await fetch(`${url}/tandem-cart/v1/info`, {
        headers: { Authorization: 'Bearer cart-token-1' },
      });
      expect(response.status).toBe(200);
      expect((await response.json()).protocol).toBe('tandem-cart/1');
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  });
});
