import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardPointeEmulator } from '../../emulators/cardpointe/server.js';
import { reconcileCardRefunds } from '../../src/server/modules/orders/index.js';
import type { CardPointeClient } from '../../src/server/modules/payments/cardpointe-client.js';
import { type PaymentDeps, settlePendingPayments } from '../../src/server/modules/payments/index.js';
import { openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';
import { emulatedGateway } from '../helpers/gateway.js';

/**
 * A card refund whose answer came only to the settling job is on its order too: one truth for
 * what went back, whichever way the gateway's answer arrived.
 */
describe('card refunds found at the gateway after their answer was lost', () => {
  let t: TestApp;
  let emulator: CardPointeEmulator;
  let client: CardPointeClient;
  let deps: PaymentDeps;
  let manager: Awaited<ReturnType<typeof staffSession>>;
  const later = () => new Date(Date.now() + 3 * 60_000);

  beforeAll(async () => {
    const emulated = await emulatedGateway({ timeoutMs: 2_000 });
    ({ emulator, client } = emulated);
    t = await openTestApp({ gateway: emulated.gateway });
    deps = { db: t.deps.database.db, gateway: client };
    manager = await staffSession(t, 'manager');
  });
  afterAll(() => t.close());

  async function cardSale(price: number) {
    const item = await postJson(
      t,
      '/api/admin/items',
      { kind: 'service', sku: `SVC-${price}`, name: `Treatment ${price}`, price, cost: 0, taxRate: 0 },
      manager.headers,
    );
    expect(item.statusCode).toBe(201);
    const token = await client.tokenize({ number: '4111111111111111', expiry: '1230' });
    const sale = await postJson(
      t,
      '/api/pos/sales',
      {
        lines: [{ itemId: item.json().id, quantity: 1 }],
        payments: [{ method: 'card', amount: price, cardToken: token, expiry: '1230' }],
      },
      manager.headers,
    );
    expect(sale.statusCode).toBe(201);
    return sale.json() as { id: string; total: number; payments: { paymentId: string }[] };
  }
  const order = async (id: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/admin/orders/${id}`, headers: manager.headers })).json();

  it('records on the order a refund the settling job found approved', async () => {
    const sale = await cardSale(6400);
    emulator.settle();
    // The gateway refunds, but its answer arrives after Tandem stopped waiting.
    emulator.hang('refund', 3_000);
    const refund = await postJson(
      t,
      `/api/admin/orders/${sale.id}/refunds`,
      { amount: 2400, reason: 'Scratched bottle' },
      manager.headers,
    );
    expect(refund.statusCode).toBe(503);
    expect((await order(sale.id)).refunded).toBe(0);
    await new Promise((r) => setTimeout(r, 3_100));

    // Nothing is recorded on the order while the payment's change is recent: the refund that
    // made it may still be writing its order's record.
    expect(await reconcileCardRefunds(deps.db)).toBe(0);

    const settled = await settlePendingPayments(deps, 0);
    expect(settled.completed).toBe(1);
    expect(await reconcileCardRefunds(deps.db, { now: later() })).toBe(1);
    const after = await order(sale.id);
    expect(after).toMatchObject({ refunded: 2400, paymentStatus: 'partially_refunded' });
    expect(after.history.at(-1)).toMatchObject({
      kind: 'refund',
      actor: 'Tandem',
      detail: expect.stringMatching(/^\$24\.00 back to the card, found given back at the gateway/),
    });
    // Once, however often it runs.
    expect(await reconcileCardRefunds(deps.db, { now: later() })).toBe(0);
    expect((await order(sale.id)).refunded).toBe(2400);

    // The rest can then be refunded on the order as usual, and no more.
    const rest = await postJson(t, `/api/admin/orders/${sale.id}/refunds`, { amount: 4000 }, manager.headers);
    expect(rest.statusCode).toBe(200);
    expect(rest.json()).toMatchObject({ refunded: 6400, paymentStatus: 'refunded' });
    expect(await reconcileCardRefunds(deps.db, { now: later() })).toBe(0);

    const day = new Date().toISOString().slice(0, 10);
    const report = await t.app.inject({
      method: 'GET',
      url: `/api/admin/reports/sales?from=${day}&to=${day}`,
      headers: manager.headers,
    });
    expect(report.statusCode).toBe(200);
    expect(JSON.stringify(report.json())).toContain('"refunds":6400');
  });

  it('looks only at the window it is given, unless asked for everything', async () => {
    const sale = await cardSale(3100);
    emulator.hang('void', 3_000);
    const refund = await postJson(t, `/api/admin/orders/${sale.id}/refunds`, {}, manager.headers);
    expect(refund.statusCode).toBe(503);
    await new Promise((r) => setTimeout(r, 3_100));
    expect((await settlePendingPayments(deps, 0)).completed).toBe(1);
    const muchLater = new Date(Date.now() + 3 * 86_400_000);
    expect(await reconcileCardRefunds(deps.db, { now: muchLater, windowMs: 86_400_000 })).toBe(0);
    expect(await reconcileCardRefunds(deps.db, { now: muchLater })).toBe(1);
    expect(await order(sale.id)).toMatchObject({ refunded: 3100, paymentStatus: 'refunded' });
  });
});
