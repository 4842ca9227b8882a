import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, staffSession, type TestApp } from '../helpers/app.js';

describe('catalogue and stock', () => {
  let t: TestApp;
  let manager: Awaited<ReturnType<typeof staffSession>>;
  let cashier: Awaited<ReturnType<typeof staffSession>>;
  beforeAll(async () => {
    t = await openTestApp();
    manager = await staffSession(t, 'manager');
    cashier = await staffSession(t, 'cashier');
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object, headers = manager.headers) =>
    t.app.inject({ method: 'POST', url, headers, payload });
  const get = (url: string, headers = manager.headers) => t.app.inject({ method: 'GET', url, headers });

  it('creates a tracked product with opening stock', async () => {
    const res = await post('/api/admin/items', {
      kind: 'product',
      sku: 'SH-ARGAN-250',
      name: 'Argan Oil Shampoo',
      price: 1850,
      cost: 720,
      taxRate: 825,
      trackStock: true,
      barcode: '5012345678900',
      lowStockThreshold: 5,
      initialStock: 3,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: expect.stringMatching(/^itm_/),
      kind: 'product',
      price: 1850,
      currency: 'USD',
      stock: 3,
      lowStockThreshold: 5,
      active: true,
    });
  });

  it('refuses a SKU that exists, whatever its case, with 409', async () => {
    const res = await post('/api/admin/items', {
      kind: 'service',
      sku: 'sh-argan-250',
      name: 'Clash',
      price: 100,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
  });

  it('checks what each kind needs', async () => {
    const pkg = await post('/api/admin/items', {
      kind: 'package',
      sku: 'PKG-1',
      name: 'Empty package',
      price: 100,
    });
    expect(pkg.statusCode).toBe(400);
    expect(
      pkg
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['durationDays', 'includes']);

    const member = await post('/api/admin/items', {
      kind: 'membership',
      sku: 'MEM-1',
      name: 'No interval',
      price: 100,
    });
    expect(member.json().errors).toEqual([
      { path: 'interval', message: 'a membership renews monthly or yearly' },
    ]);

    const service = await post('/api/admin/items', {
      kind: 'service',
      sku: 'SRV-1',
      name: 'Tracked service',
      price: 100,
      trackStock: true,
      interval: 'month',
    });
    expect(
      service
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['interval', 'trackStock']);

    const bad = await post('/api/admin/items', {
      kind: 'product',
      sku: 'bad sku!',
      name: '',
      price: -1,
      taxRate: 20000,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['name', 'price', 'sku', 'taxRate']);
    const list = (await get('/api/admin/items?limit=200')).json();
    expect(list.data).toHaveLength(1);
  });

  it('builds packages from products and services, and memberships', async () => {
    const blowDry = (
      await post('/api/admin/items', { kind: 'service', sku: 'SRV-BLOW', name: 'Blow-dry', price: 3500 })
    ).json();
    const pkg = await post('/api/admin/items', {
      kind: 'package',
      sku: 'PKG-10-BLOW',
      name: '10 blow-dries',
      price: 30000,
      includes: [{ itemId: blowDry.id, quantity: 10 }],
      durationDays: 90,
      discountPercent: 10,
    });
    expect(pkg.statusCode).toBe(201);
    expect(pkg.json()).toMatchObject({
      includes: [{ itemId: blowDry.id, quantity: 10, name: 'Blow-dry', sku: 'SRV-BLOW' }],
      durationDays: 90,
      stock: null,
    });
    const nested = await post('/api/admin/items', {
      kind: 'package',
      sku: 'PKG-NESTED',
      name: 'Package of packages',
      price: 1,
      includes: [
        { itemId: pkg.json().id, quantity: 1 },
        { itemId: 'itm_missing', quantity: 1 },
      ],
      durationDays: 30,
    });
    expect(nested.json().errors).toEqual([
      { path: 'includes.0.itemId', message: 'must be a product or a service' },
      { path: 'includes.1.itemId', message: 'no such item' },
    ]);
    const membership = await post('/api/admin/items', {
      kind: 'membership',
      sku: 'MEM-GOLD',
      name: 'Gold membership',
      price: 4900,
      interval: 'month',
      discountPercent: 15,
    });
    expect(membership.statusCode).toBe(201);
    expect(membership.json()).toMatchObject({ interval: 'month', discountPercent: 15 });
  });

  it('lets only owners and managers change the catalogue and stock', async () => {
    const [item] = (await get('/api/admin/items?q=argan', cashier.headers)).json().data;
    expect(item.sku).toBe('SH-ARGAN-250');
    expect(
      (await post('/api/admin/items', { kind: 'service', sku: 'X1', name: 'X', price: 1 }, cashier.headers))
        .statusCode,
    ).toBe(403);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/items/${item.id}`,
      headers: cashier.headers,
      payload: { price: 1 },
    });
    expect(patch.statusCode).toBe(403);
    expect(
      (
        await post(
          `/api/admin/items/${item.id}/stock-adjustments`,
          { delta: 5, reason: 'x' },
          cashier.headers,
        )
      ).statusCode,
    ).toBe(403);
  });

  it('keeps stock as a ledger: movements sum to on hand; a count writes the difference', async () => {
    const [item] = (await get('/api/admin/items?q=SH-ARGAN')).json().data;
    const low = (await get('/api/admin/items?lowStock=true')).json().data;
    expect(low.map((i: { id: string }) => i.id)).toEqual([item.id]);

    const received = await post(`/api/admin/items/${item.id}/stock-adjustments`, {
      delta: 12,
      reason: 'Delivery',
      kind: 'receive',
    });
    expect(received.statusCode).toBe(201);
    expect(received.json()).toMatchObject({
      stock: 15,
      movement: { kind: 'receive', quantity: 12, onHandAfter: 15 },
    });
    const tooMany = await post(`/api/admin/items/${item.id}/stock-adjustments`, {
      delta: -16,
      reason: 'Breakage',
    });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().code).toBe('insufficient_stock');
    await post(`/api/admin/items/${item.id}/stock-adjustments`, { delta: -2, reason: 'Breakage' });
    const counted = await post(`/api/admin/items/${item.id}/stock-counts`, { quantity: 10 });
    expect(counted.json()).toMatchObject({
      stock: 10,
      movement: { kind: 'count', quantity: -3, onHandAfter: 10 },
    });

    const movements = (await get(`/api/admin/items/${item.id}/stock-movements`)).json().data;
    expect(movements.map((m: { kind: string }) => m.kind)).toEqual([
      'count',
      'adjustment',
      'receive',
      'receive',
    ]);
    expect(movements.reduce((sum: number, m: { quantity: number }) => sum + m.quantity, 0)).toBe(10);
    expect(movements[0].actor.label).toBe(manager.user.email);
    expect((await get(`/api/admin/items/${item.id}`)).json().stock).toBe(10);
    expect((await get('/api/admin/items?lowStock=true')).json().data).toEqual([]);

    const service = (await get('/api/admin/items?kind=service&q=blow')).json().data[0];
    expect(
      (await post(`/api/admin/items/${service.id}/stock-adjustments`, { delta: 1, reason: 'x' })).statusCode,
    ).toBe(409);
    expect(
      (await post(`/api/admin/items/${item.id}/stock-adjustments`, { delta: 0, reason: 'x' })).statusCode,
    ).toBe(400);
  });

  it('searches by name, SKU and barcode, filters, archives, and pages by name', async () => {
    expect((await get('/api/admin/items?q=5012345678')).json().data[0].sku).toBe('SH-ARGAN-250');
    expect((await get('/api/admin/items?q=blow-dr')).json().data.map((i: { sku: string }) => i.sku)).toEqual([
      'PKG-10-BLOW',
      'SRV-BLOW',
    ]);
    const gold = (await get('/api/admin/items?kind=membership')).json().data[0];
    const archived = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/items/${gold.id}`,
      headers: manager.headers,
      payload: { active: false, price: 5200 },
    });
    expect(archived.json()).toMatchObject({ active: false, price: 5200 });
    expect((await get('/api/admin/items?active=false')).json().data.map((i: { id: string }) => i.id)).toEqual(
      [gold.id],
    );

    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/admin/items?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await get(url)).json();
      names.push(...page.data.map((i: { name: string }) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual(['10 blow-dries', 'Argan Oil Shampoo', 'Blow-dry', 'Gold membership']);
    expect((await get('/api/admin/items?cursor=garbage')).statusCode).toBe(400);
  });
});
