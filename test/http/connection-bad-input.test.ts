// Bad input on every cart connection route: a clear problem+json answer, and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/server.js';
import { openTestApp, postJson, staffSession, type TestApp } from '../helpers/app.js';

let t: TestApp;
let woo: WooCommerceEmulator;
let manager: Awaited<ReturnType<typeof staffSession>>;
let id: string;

const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  method === 'POST'
    ? postJson(t, url, payload ?? {}, manager.headers)
    : t.app.inject({
        method,
        url,
        headers: manager.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

const counts = async () =>
  (
    await t.deps.database.query<{ c: number; b: number; o: number; r: number }>(
      `select (select count(*) from connections)::int as c, (select count(*) from connection_bindings)::int as b,
              (select count(*) from orders)::int as o, (select count(*) from sync_runs)::int as r`,
    )
  ).rows[0];

beforeAll(async () => {
  t = await openTestApp();
  woo = await startWooCommerceEmulator();
  manager = await staffSession(t, 'manager');
  const res = await send('POST', '/api/admin/connections', {
    type: 'woocommerce',
    name: 'Shop',
    url: woo.url,
    credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
  });
  id = res.json().id;
  expect((await send('POST', `/api/admin/connections/${id}/test`)).json().ok).toBe(true);
});

afterAll(async () => {
  await woo?.close();
  await t?.close();
});

describe('cart connection routes refuse bad input', () => {
  it.each([
    [
      'POST',
      '/api/admin/connections',
      { type: 'magento', name: 'x', url: 'https://x.example', credentials: {} },
      400,
    ],
    [
      'POST',
      '/api/admin/connections',
      { type: 'woocommerce', name: '', url: 'ftp://x', credentials: { token: 'a b' } },
      400,
    ],
    [
      'POST',
      '/api/admin/connections',
      { type: 'woocommerce', name: 'x\u0000', url: 'https://u:p@x.example', credentials: {} },
      400,
    ],
    ['PATCH', '/api/admin/connections/ID', { options: { pollMinutes: 0, importOrdersAs: 'receipt' } }, 400],
    ['PATCH', '/api/admin/connections/ID', { options: { defaultItemId: 'itm_nothing' } }, 400],
    ['PATCH', '/api/admin/connections/ID', { options: { ordersFrom: 'yesterday' } }, 400],
    ['PATCH', '/api/admin/connections/con_nothing', { name: 'x' }, 404],
    ['GET', '/api/admin/connections/ID/cart/orders?cursor=not-a-token', undefined, 400],
    ['GET', '/api/admin/connections/ID/cart/widgets', undefined, 400],
    ['GET', '/api/admin/connections/ID/cart/items?limit=2147483648', undefined, 400],
    ['POST', '/api/admin/connections/ID/import/orders', { ids: [], mode: 'create' }, 400],
    ['POST', '/api/admin/connections/ID/import/orders', { ids: ['1'], mode: 'link' }, 400],
    ['POST', '/api/admin/connections/ID/import/items', { ids: ['../1'], mode: 'create' }, 400],
    [
      'POST',
      '/api/admin/connections/ID/import/items',
      { ids: ['1'], mode: 'create', rows: { 1: { cost: -1 } } },
      400,
    ],
    ['POST', '/api/admin/connections/ID/export/orders', { ids: ['x'] }, 400],
    [
      'POST',
      '/api/admin/connections/ID/export/items',
      { ids: Array.from({ length: 101 }, (_, i) => String(i)) },
      400,
    ],
    ['POST', '/api/admin/connections/con_nothing/sync/start', {}, 404],
    ['GET', '/api/admin/connections/con_nothing/runs', undefined, 404],
    ['GET', '/api/admin/connections/ID/runs?cursor=%00', undefined, 400],
    ['POST', '/api/admin/orders/ord_nothing/confirm', {}, 404],
    ['GET', '/api/admin/orders?state=draft', undefined, 400],
    ['DELETE', '/api/admin/connections/con_nothing', undefined, 404],
  ] as const)('%s %s → %s', async (method, url, payload, status) => {
    const before = await counts();
    const res = await send(method, url.replace('/ID', `/${id}`), payload);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, code: expect.any(String), detail: expect.any(String) });
    expect(await counts()).toEqual(before);
  });

  it('answers a webhook that is not JSON, or too big, without a 500', async () => {
    const connection = (await send('GET', `/api/admin/connections/${id}`)).json();
    const path = new URL(connection.webhookUrl).pathname;
    for (const [type, body] of [
      ['text/plain', 'hello'],
      ['application/json', '{"id": 1'],
      ['application/json', 'x'.repeat(1024 * 1024 + 10)],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': type },
        payload: body,
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
