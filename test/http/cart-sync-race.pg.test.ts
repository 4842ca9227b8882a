import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/server.js';
import { runSync } from '../../src/server/modules/connections/index.js';
import { cartDeps } from '../../src/server/worker.js';
import { openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';

// Real transactions racing on a PostgreSQL server: the embedded database runs one at a time.
describe('cart documents raced (PostgreSQL)', () => {
  let t: TestApp;
  let woo: WooCommerceEmulator;
  let manager: Awaited<ReturnType<typeof staffSession>>;
  let connectionId: string;
  let mug: { id: string };

  const post = (url: string, payload: object = {}) => postJson(t, url, payload, manager.headers);
  const count = async (sql: string, params: unknown[]) =>
    (await t.deps.database.query<{ n: number }>(sql, params)).rows[0]!.n;

  beforeAll(async () => {
    t = await openTestApp();
    woo = await startWooCommerceEmulator();
    manager = await staffSession(t, 'manager');
    mug = (
      await post('/api/admin/items', {
        kind: 'product',
        sku: 'MUG-CER',
        name: 'Ceramic mug',
        price: 1250,
        trackStock: true,
        initialStock: 50,
      })
    ).json();
    const fallback = (
      await post('/api/admin/items', { kind: 'service', sku: 'WEB', name: 'Web item', price: 0 })
    ).json();
    connectionId = (
      await post('/api/admin/connections', {
        type: 'woocommerce',
        name: 'Race shop',
        url: woo.url,
        credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
        options: { ordersFrom: '2000-01-01T00:00:00Z', defaultItemId: fallback.id },
      })
    ).json().id;
    expect((await post(`/api/admin/connections/${connectionId}/test`)).json().ok).toBe(true);
  });

  afterAll(async () => {
    await woo?.close();
    await t?.close();
  });

  it('two runs of one connection at once import every order exactly once', async () => {
    const product = woo.products().find((p) => p.sku === 'MUG-CER')!;
    for (let i = 0; i < 150; i++) {
      woo.addOrder({ status: 'processing', line_items: [{ product_id: product.id, quantity: 1 }] });
    }
    const deps = { ...cartDeps(t.deps), log: () => {} };
    const runs = await Promise.all([
      runSync(deps, connectionId, 'manual'),
      runSync(deps, connectionId, 'webhook'),
    ]);
    for (const run of runs) expect(['succeeded', 'interrupted', 'failed']).toContain(run.status);
    // Whatever the two did, a third finds nothing new, and each cart order is in Tandem once.
    await runSync(deps, connectionId, 'schedule');
    const paid = woo.orders().filter((o) => o.status === 'processing' || o.status === 'completed').length;
    expect(
      await count('select count(*)::int as n from orders where connection_id = $1', [connectionId]),
    ).toBe(paid);
    expect(
      await count('select count(distinct external_number)::int as n from orders where connection_id = $1', [
        connectionId,
      ]),
    ).toBe(paid);
  });

  it('confirming one document twice at once moves its stock once', async () => {
    const pending = (
      await t.app.inject({
        method: 'GET',
        url: `/api/admin/orders?state=pending&connectionId=${connectionId}&limit=5`,
        headers: manager.headers,
      })
    ).json().data as { id: string }[];
    const before = await count('select on_hand as n from stock_levels where item_id = $1', [mug.id]);
    for (const order of pending.slice(0, 3)) {
      const answers = await Promise.all([
        post(`/api/admin/orders/${order.id}/confirm`),
        post(`/api/admin/orders/${order.id}/confirm`),
        post(`/api/admin/orders/${order.id}/confirm`),
      ]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
      expect(
        await count("select count(*)::int as n from stock_movements where order_id = $1 and kind = 'sale'", [
          order.id,
        ]),
      ).toBe(1);
    }
    const after = await count('select on_hand as n from stock_levels where item_id = $1', [mug.id]);
    expect(before - after).toBe(3);
  });
});
