import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../shared/listen.js';
import { startWooCommerceEmulator, type WooCommerceEmulator } from './server.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A delivery URL that records every request and answers the statuses it is told to, then 200. */
class Receiver {
  received: Received[] = [];
  answers: number[] = [];
  hangMs = 0;
  url = '';
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = this.answers.shift() ?? 200;
      setTimeout(() => {
        response.writeHead(status);
        response.end();
      }, this.hangMs);
    });
  });

  async start(): Promise<void> {
    this.url = `${await listen(this.server, {})}/hooks`;
  }

  deliveries(topic?: string): Received[] {
    return this.received.filter(
      (entry) =>
        entry.headers['x-wc-webhook-topic'] !== undefined &&
        (topic === undefined || entry.headers['x-wc-webhook-topic'] === topic),
    );
  }

  reset(): void {
    this.received = [];
    this.answers = [];
    this.hangMs = 0;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** How a receiver checks a delivery: HMAC-SHA256 of the raw bytes, base64, compared in constant time. */
function verifies(delivery: Received, secret: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(delivery.body).digest('base64'));
  const given = Buffer.from(String(delivery.headers['x-wc-webhook-signature'] ?? ''));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

let emulator: WooCommerceEmulator;
const receiver = new Receiver();

beforeAll(async () => {
  emulator = await startWooCommerceEmulator({ webhookRetryDelaysMs: [20, 20, 20], webhookTimeoutMs: 2000 });
  await receiver.start();
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

beforeEach(() => receiver.reset());

afterEach(async () => {
  await emulator.releaseDeliveries();
  await emulator.deliveriesSettled();
  emulator.reset();
});

function api(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${emulator.url}/wp-json/wc/v3/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Basic ${Buffer.from(`${emulator.consumerKey}:${emulator.consumerSecret}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

function mugId(): number {
  return emulator.products().find((product) => product.sku === 'MUG-CER')?.id ?? 0;
}

describe('managing webhooks through wc/v3/webhooks', () => {
  it('creates one, pings its delivery URL with a form body, and lists it without its secret', async () => {
    const created = await api('webhooks', {
      method: 'POST',
      body: { name: 'Tandem', topic: 'order.created', delivery_url: receiver.url, secret: 's3cret' },
    });
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as Record<string, unknown>;
    expect(webhook).toMatchObject({
      name: 'Tandem',
      status: 'active',
      topic: 'order.created',
      resource: 'order',
      event: 'created',
      hooks: ['woocommerce_new_order'],
      delivery_url: receiver.url,
    });
    expect(webhook).not.toHaveProperty('secret');
    await emulator.deliveriesSettled();
    const ping = receiver.received.at(-1);
    expect(ping?.body).toBe(`webhook_id=${webhook.id}`);
    expect(ping?.headers['x-wc-webhook-signature']).toBeUndefined();
    expect(ping?.headers['user-agent']).toMatch(/^WooCommerce\/[\d.]+ Hookshot \(WordPress\/[\d.]+\)$/);

    const list = (await (await api('webhooks')).json()) as Record<string, unknown>[];
    expect(list.map((entry) => entry.id)).toContain(webhook.id);
    expect(list.every((entry) => !('secret' in entry))).toBe(true);
    const removed = await api(`webhooks/${webhook.id}?force=true`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
  });

  it('refuses an unknown topic, a delivery URL that is not http(s), and requests without keys', async () => {
    const topic = await api('webhooks', {
      method: 'POST',
      body: { topic: 'order.exploded', delivery_url: receiver.url },
    });
    expect(topic.status).toBe(400);
    expect((await topic.json()).code).toBe('woocommerce_rest_webhook_invalid_topic');
    const url = await api('webhooks', {
      method: 'POST',
      body: { topic: 'order.updated', delivery_url: 'ftp://example.com/x' },
    });
    expect(url.status).toBe(400);
    expect((await url.json()).code).toBe('woocommerce_rest_webhook_invalid_delivery_url');
    const anonymous = await fetch(`${emulator.url}/wp-json/wc/v3/webhooks`);
    expect(anonymous.status).toBe(401);
    const trash = await api('webhooks/1', { method: 'DELETE' });
    expect(trash.status).toBe(501);
  });
});

describe('deliveries', () => {
  let secret: string;
  let hookIds: number[];

  beforeAll(() => {
    secret = 'shared-secret-&-more';
    hookIds = [
      'order.created',
      'order.updated',
      'product.created',
      'product.updated',
      'customer.updated',
    ].map((topic) => emulator.addWebhook({ topic, delivery_url: receiver.url, secret }).id);
  });

  afterAll(async () => {
    for (const id of hookIds) await api(`webhooks/${id}?force=true`, { method: 'DELETE' });
  });

  it('posts order.created with every X-WC-Webhook header and a signature only the secret verifies', async () => {
    const order = emulator.addOrder({ line_items: [{ product_id: mugId(), quantity: 2 }] });
    await emulator.deliveriesSettled();
    const [delivery] = receiver.deliveries('order.created');
    expect(delivery).toBeDefined();
    const headers = delivery?.headers ?? {};
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-wc-webhook-source']).toBe(`${emulator.url}/`);
    expect(headers['x-wc-webhook-resource']).toBe('order');
    expect(headers['x-wc-webhook-event']).toBe('created');
    expect(headers['x-wc-webhook-id']).toBe(String(hookIds[0]));
    expect(headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(verifies(delivery as Received, secret)).toBe(true);
    expect(verifies(delivery as Received, 'shared-secret-&-mor')).toBe(false);
    expect(verifies({ ...(delivery as Received), body: `${delivery?.body} ` }, secret)).toBe(false);
    const body = JSON.parse(delivery?.body ?? '{}') as { id: number; total: string; line_items: unknown[] };
    expect(body).toMatchObject({ id: order.id, total: '25.00' });
    expect(body.line_items).toHaveLength(1);
  });

  it('sends the body as GET shows the resource, written as PHP writes JSON', async () => {
    const product = emulator.addProduct({
      name: 'Café filters 1/2 kg',
      sku: 'CAFE-HALF',
      regular_price: '4.50',
    });
    await emulator.deliveriesSettled();
    const [delivery] = receiver.deliveries('product.created');
    expect(delivery?.body).toContain('Caf\\u00e9 filters 1\\/2 kg');
    const fetched = await (await api(`products/${product.id}`)).json();
    expect(JSON.parse(delivery?.body ?? '')).toEqual(fetched);
    // Re-serialising the parsed body gives other bytes: only the raw body verifies.
    const reserialised = JSON.stringify(JSON.parse(delivery?.body ?? ''));
    expect(verifies({ ...(delivery as Received), body: reserialised }, secret)).toBe(false);
    expect(verifies(delivery as Received, secret)).toBe(true);
  });

  it('fires the matching topics for changes through the handle and through the API', async () => {
    const order = emulator.orders()[0];
    emulator.updateOrder(order?.id ?? 0, { status: 'completed' });
    const put = await api(`orders/${order?.id}`, { method: 'PUT', body: { status: 'refunded' } });
    expect(put.status).toBe(200);
    const posted = await api('orders', {
      method: 'POST',
      body: { line_items: [{ product_id: mugId(), quantity: 1 }], set_paid: true },
    });
    expect(posted.status).toBe(201);
    const created = (await posted.json()) as { id: number; status: string };
    expect(created.status).toBe('processing');
    await api(`products/${mugId()}`, { method: 'PUT', body: { regular_price: '13.00' } });
    await api('products/batch', { method: 'POST', body: { update: [{ id: mugId(), stock_quantity: 3 }] } });
    const customer = emulator.orders()[0]?.customer_id ?? 0;
    await api(`customers/${customer}`, { method: 'PUT', body: { first_name: 'Augusta' } });
    await emulator.deliveriesSettled();

    const updates = receiver.deliveries('order.updated').map((d) => JSON.parse(d.body) as { status: string });
    expect(updates.map((body) => body.status)).toEqual(['completed', 'refunded']);
    expect(receiver.deliveries('order.created').map((d) => JSON.parse(d.body).id)).toEqual([created.id]);
    const products = receiver.deliveries('product.updated').map((d) => JSON.parse(d.body));
    expect(products.map((body) => [body.regular_price, body.stock_quantity])).toEqual([
      ['13.00', 15],
      ['13.00', 3],
    ]);
    expect(JSON.parse(receiver.deliveries('customer.updated')[0]?.body ?? '{}').first_name).toBe('Augusta');
    for (const delivery of receiver.deliveries()) expect(verifies(delivery, secret)).toBe(true);
  });

  it('sends a duplicate on request: the same bytes and headers again', async () => {
    const order = emulator.orders()[1];
    emulator.updateOrder(order?.id ?? 0, { status: 'on-hold' });
    await emulator.deliveriesSettled();
    const [first] = receiver.deliveries('order.updated');
    const deliveryId = String(first?.headers['x-wc-webhook-delivery-id']);
    await emulator.deliverAgain(deliveryId);
    const received = receiver.deliveries('order.updated');
    expect(received).toHaveLength(2);
    const duplicate = received[1];
    expect(duplicate?.body).toBe(first?.body);
    expect(duplicate?.headers['x-wc-webhook-delivery-id']).toBe(deliveryId);
    expect(duplicate?.headers['x-wc-webhook-signature']).toBe(first?.headers['x-wc-webhook-signature']);
    expect(verifies(duplicate as Received, secret)).toBe(true);
  });

  it('holds deliveries and releases them newest first: the older state arrives last', async () => {
    const order = emulator.orders()[2];
    emulator.holdDeliveries();
    emulator.updateOrder(order?.id ?? 0, { status: 'processing', modifiedGmt: '2026-03-01T10:00:00' });
    emulator.updateOrder(order?.id ?? 0, { status: 'completed', modifiedGmt: '2026-03-01T10:00:05' });
    emulator.updateOrder(order?.id ?? 0, { status: 'refunded', modifiedGmt: '2026-03-01T10:00:09' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.deliveries('order.updated')).toHaveLength(0);
    expect(emulator.deliveries().filter((d) => d.state === 'held')).toHaveLength(3);
    await emulator.releaseDeliveries({ reverse: true });
    const arrived = receiver
      .deliveries('order.updated')
      .map((d) => JSON.parse(d.body) as { status: string; date_modified_gmt: string });
    expect(arrived.map((body) => body.status)).toEqual(['refunded', 'completed', 'processing']);
    // What a receiver keeps: the state with the latest modification time, whatever the arrival order.
    const latest = arrived.reduce((best, body) =>
      body.date_modified_gmt > best.date_modified_gmt ? body : best,
    );
    expect(latest.status).toBe('refunded');
    expect(emulator.orders().find((o) => o.id === order?.id)?.status).toBe('refunded');
  });

  it('gives two deliveries of one webhook in the same second the same delivery id, as WooCommerce does', async () => {
    // wp_hash( id . time() ): wait for the start of a second so both fall in it.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
    const [first, second] = emulator.orders();
    emulator.updateOrder(first?.id ?? 0, { status: 'cancelled' });
    emulator.updateOrder(second?.id ?? 0, { status: 'cancelled' });
    await emulator.deliveriesSettled();
    const received = receiver.deliveries('order.updated');
    expect(received.map((d) => JSON.parse(d.body).id)).toEqual([first?.id, second?.id]);
    expect(received[0]?.headers['x-wc-webhook-delivery-id']).toBe(
      received[1]?.headers['x-wc-webhook-delivery-id'],
    );
    const seqs = emulator
      .deliveries()
      .slice(-2)
      .map((d) => d.seq);
    expect(new Set(seqs).size).toBe(2);
  });

  it('retries a failed delivery, and never holds up the API answer', async () => {
    receiver.answers = [500, 503];
    const order = emulator.orders()[0];
    emulator.updateOrder(order?.id ?? 0, { status: 'processing' });
    await emulator.deliveriesSettled();
    const delivery = emulator.deliveries().findLast((d) => d.topic === 'order.updated');
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, responses: [500, 503, 200] });
    expect(receiver.deliveries('order.updated')).toHaveLength(3);

    receiver.hangMs = 1500;
    const started = Date.now();
    const put = await api(`orders/${order?.id}`, { method: 'PUT', body: { status: 'completed' } });
    expect(put.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);
    await emulator.deliveriesSettled();
    expect(receiver.deliveries('order.updated')).toHaveLength(4);
  });
});

describe('failing delivery URLs', () => {
  it('disables a webhook after more than five consecutive failed deliveries', async () => {
    const { id } = emulator.addWebhook({ topic: 'order.updated', delivery_url: receiver.url, secret: 'x' });
    receiver.answers = Array.from({ length: 40 }, () => 500);
    const order = emulator.orders()[0];
    for (let n = 0; n < 7; n += 1) {
      emulator.updateOrder(order?.id ?? 0, { status: n % 2 === 0 ? 'on-hold' : 'processing' });
      await emulator.deliveriesSettled();
    }
    const webhook = (await (await api(`webhooks/${id}`)).json()) as { status: string };
    expect(webhook.status).toBe('disabled');
    const before = receiver.deliveries().length;
    emulator.updateOrder(order?.id ?? 0, { status: 'completed' });
    await emulator.deliveriesSettled();
    expect(receiver.deliveries().length).toBe(before);
    await api(`webhooks/${id}?force=true`, { method: 'DELETE' });
  });

  it('skips paused webhooks and draft orders', async () => {
    const { id } = emulator.addWebhook({ topic: 'order.created', delivery_url: receiver.url, secret: 'x' });
    emulator.addOrder({ status: 'checkout-draft', line_items: [{ product_id: mugId(), quantity: 1 }] });
    await api(`webhooks/${id}`, { method: 'PUT', body: { status: 'paused' } });
    emulator.addOrder({ line_items: [{ product_id: mugId(), quantity: 1 }] });
    await emulator.deliveriesSettled();
    expect(receiver.deliveries('order.created')).toHaveLength(0);
    await api(`webhooks/${id}`, { method: 'PUT', body: { status: 'active' } });
    emulator.addOrder({ line_items: [{ product_id: mugId(), quantity: 1 }] });
    await emulator.deliveriesSettled();
    expect(receiver.deliveries('order.created')).toHaveLength(1);
    await api(`webhooks/${id}?force=true`, { method: 'DELETE' });
  });
});
