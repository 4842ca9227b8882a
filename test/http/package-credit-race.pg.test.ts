import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders, packageCreditEntries, packageCredits } from '../../src/server/tables.js';
import { customerSession, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

// Real transactions racing on a PostgreSQL server: the embedded database runs one at a time.
describe('registers racing for a package’s last credits (PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  it('20 sales at once against 3 credits: 3 are paid by credits, the rest refused, nothing half-written', async () => {
    const manager = await staffSession(t, 'manager');
    const cashier = await staffSession(t, 'cashier');
    const post = (url: string, payload: object, headers: Record<string, string>, key: string) =>
      t.app.inject({ method: 'POST', url, headers: { ...headers, 'idempotency-key': key }, payload });
    const service = (
      await post(
        '/api/admin/items',
        { kind: 'service', sku: 'BLOW', name: 'Blow-dry', price: 3500, taxRate: 0 },
        manager.headers,
        'service',
      )
    ).json();
    const bundle = (
      await post(
        '/api/admin/items',
        {
          kind: 'package',
          sku: 'PKG-3',
          name: '3 Blow-dries',
          price: 9000,
          taxRate: 0,
          includes: [{ itemId: service.id, quantity: 3 }],
          durationDays: 30,
        },
        manager.headers,
        'package',
      )
    ).json();
    const holder = await customerSession(t, 'Rae Race');
    const bought = await post(
      '/api/pos/sales',
      {
        customerId: holder.customer.id,
        lines: [{ itemId: bundle.id, quantity: 1 }],
        payments: [{ method: 'cash', amount: 9000 }],
      },
      cashier.headers,
      'buy',
    );
    expect(bought.statusCode, bought.body).toBe(201);
    const before = (await t.deps.database.db.select({ id: orders.id }).from(orders)).length;

    // Each register priced its sale with the 3 credits it saw: no payment, the service on a credit.
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(
          '/api/pos/sales',
          { customerId: holder.customer.id, lines: [{ itemId: service.id, quantity: 1 }] },
          cashier.headers,
          `visit-${i}`,
        ),
      ),
    );
    const sold = answers.filter((a) => a.statusCode === 201);
    const refused = answers.filter((a) => a.statusCode !== 201);
    // A sale that saw no credit left asks to be paid; one that lost the race is refused as a conflict.
    expect(sold.map((a) => a.json().total)).toEqual([0, 0, 0]);
    expect(new Set(refused.map((a) => a.json().code)).size).toBeGreaterThan(0);
    for (const r of refused) expect(['conflict', 'validation_failed']).toContain(r.json().code);

    const { db } = t.deps.database;
    const [credits] = await db.select().from(packageCredits).where(eq(packageCredits.itemId, service.id));
    expect(credits).toMatchObject({ included: 3, remaining: 0 });
    const uses = await db
      .select({ orderId: packageCreditEntries.orderId })
      .from(packageCreditEntries)
      .where(eq(packageCreditEntries.kind, 'use'));
    expect(new Set(uses.map((u) => u.orderId))).toEqual(new Set(sold.map((a) => a.json().id)));
    expect((await db.select({ id: orders.id }).from(orders)).length).toBe(before + 3);
  });
});
