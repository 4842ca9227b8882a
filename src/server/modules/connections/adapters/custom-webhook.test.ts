import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CustomCartEmulator, startCustomCartEmulator } from '../../../../../emulators/custom/server.js';
import { listen } from '../../../../../emulators/shared/listen.js';
import { openCustomCart, readCustomCartEvent, verifyCustomCartSignature } from './custom.js';

let emulator: CustomCartEmulator;

beforeEach(async () => {
  emulator = await startCustomCartEmulator();
});

afterEach(async () => {
  await emulator.close();
});

const cart = () =>
  openCustomCart({ url: emulator.url, credentials: { token: emulator.token }, currency: 'EUR' });

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Where the cart delivers: records each delivery with its raw body, as a receiver must check it. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204);
      response.end();
    });
  });
  return { url: `${await listen(server, {})}/webhooks/cart`, received, server };
}

const signatureOf = (received: Received | undefined) => String(received?.headers['tandem-cart-signature']);

describe('webhooks', () => {
  it('subscribes, and checks a delivery: good, tampered, wrong token, old, and malformed signatures', async () => {
    const receiver = await startReceiver();
    const subscription = await cart().subscribeWebhook(receiver.url);
    try {
      await expect(cart().subscribeWebhook(receiver.url)).resolves.toBe(subscription);
      const order = emulator.addOrder({ lines: [{ itemId: '101', quantity: 1 }] });
      await emulator.webhooksSettled();
      const [delivery] = receiver.received;
      const header = signatureOf(delivery);
      const body = delivery?.body ?? '';
      const now = Date.now();

      expect(verifyCustomCartSignature(body, header, emulator.token, now)).toMatchObject({ ok: true });
      expect(verifyCustomCartSignature(Buffer.from(body), header, emulator.token, new Date(now)).ok).toBe(
        true,
      );
      expect(readCustomCartEvent(body)).toMatchObject({
        event: {
          type: 'order.created',
          entity: 'orders',
          externalId: order.id,
          updatedAt: new Date(order.updatedAt),
        },
      });

      const tampered = body.replace(order.id, '101');
      expect(verifyCustomCartSignature(tampered, header, emulator.token, now)).toEqual({
        ok: false,
        reason: 'mismatch',
      });
      expect(verifyCustomCartSignature(`${body} `, header, emulator.token, now).ok).toBe(false);
      expect(verifyCustomCartSignature(body, header, emulator.readOnlyToken, now)).toEqual({
        ok: false,
        reason: 'mismatch',
      });
      expect(verifyCustomCartSignature(body, header, emulator.token, now + 301_000)).toEqual({
        ok: false,
        reason: 'expired',
      });
      expect(verifyCustomCartSignature(body, header, emulator.token, now - 301_000).ok).toBe(false);
      expect(verifyCustomCartSignature(body, header, emulator.token, now + 240_000).ok).toBe(true);
      expect(verifyCustomCartSignature(body, undefined, emulator.token, now)).toEqual({
        ok: false,
        reason: 'missing',
      });
      const t = header.match(/t=(\d+)/)?.[1];
      for (const broken of [
        'v1=abc',
        `t=${t}`,
        `t=${t},v1=zz`,
        `t=${t},t=${t},v1=${'0'.repeat(64)}`,
        `t=-5,v1=${'0'.repeat(64)}`,
        `${header},${'x'.repeat(3000)}`,
      ]) {
        expect(verifyCustomCartSignature(body, broken, emulator.token, now).ok, broken).toBe(false);
      }
      // A cart changing its token may sign with both; one match is enough.
      const both = `t=${t},v1=${'0'.repeat(64)},${header.split(',')[1]}`;
      expect(verifyCustomCartSignature(body, both, emulator.token, now).ok).toBe(true);
    } finally {
      await cart().unsubscribeWebhook(subscription);
      await cart().unsubscribeWebhook(subscription);
      receiver.server.close();
    }
  });

  it('tells a duplicate delivery by its event id, and an out-of-order one by updatedAt', async () => {
    const receiver = await startReceiver();
    const subscription = await cart().subscribeWebhook(receiver.url);
    try {
      emulator.holdWebhooks();
      emulator.updateOrder('110', { status: 'paid', updatedAt: '2026-02-01T10:00:00.000Z' });
      emulator.updateOrder('110', { status: 'completed', updatedAt: '2026-02-01T11:00:00.000Z' });
      await emulator.releaseWebhooks('reversed');
      const latest = emulator.webhookEvents().at(-1)?.id ?? '';
      await emulator.deliverAgain(latest);

      // What a receiver does: verify, drop ids it has seen, and act only on news newer than it holds.
      const handled = new Set<string>();
      let held = new Date(0);
      const outcomes: string[] = [];
      for (const delivery of receiver.received) {
        expect(verifyCustomCartSignature(delivery.body, signatureOf(delivery), emulator.token).ok).toBe(true);
        const read = readCustomCartEvent(delivery.body);
        if (!('event' in read)) throw new Error(JSON.stringify(read));
        if (handled.has(read.event.id)) {
          outcomes.push('duplicate');
          continue;
        }
        handled.add(read.event.id);
        if (read.event.updatedAt <= held) {
          outcomes.push('stale');
          continue;
        }
        held = read.event.updatedAt;
        outcomes.push(`read ${read.event.externalId}`);
      }
      expect(outcomes).toEqual(['read 110', 'stale', 'duplicate']);
      expect(held).toEqual(new Date('2026-02-01T11:00:00Z'));
      const current = await cart().get('orders', '110');
      expect(current).toMatchObject({ status: 'completed' });
    } finally {
      await cart().unsubscribeWebhook(subscription);
      receiver.server.close();
    }
  });

  it('reads event bodies strictly, and lets unknown types through as ignored', () => {
    const event = {
      id: 'evt_1',
      type: 'item.updated',
      occurredAt: '2026-02-01T10:00:00Z',
      data: { id: '101', updatedAt: '2026-02-01T10:00:00Z' },
    };
    expect(readCustomCartEvent(JSON.stringify(event))).toMatchObject({
      event: { entity: 'items', externalId: '101' },
    });
    expect(readCustomCartEvent(JSON.stringify({ ...event, type: 'coupon.updated' }))).toHaveProperty(
      'ignored',
    );
    for (const broken of [
      'not json',
      '[]',
      JSON.stringify({ ...event, id: '' }),
      JSON.stringify({ ...event, id: 'evt 1' }),
      JSON.stringify({ ...event, data: { id: '../x', updatedAt: event.occurredAt } }),
      JSON.stringify({ ...event, data: { id: '101' } }),
      JSON.stringify({ ...event, occurredAt: 5 }),
      JSON.stringify({ ...event, type: 7 }),
    ]) {
      expect(readCustomCartEvent(broken), broken).toHaveProperty('invalid');
    }
  });
});
