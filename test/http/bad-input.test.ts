import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerSession,
  errorPaths,
  ORIGIN,
  openTestApp,
  postJson,
  staffSession,
  type TestApp,
} from '../helpers/app.js';

type Headers = Record<string, string>;

/** Routes that make the database refuse a statement as a client's input or a lost race would. */
function refusingRoutes(app: FastifyInstance, t: () => TestApp) {
  const run = (statement: ReturnType<typeof sql>) => t().deps.database.db.execute(statement);
  app.get('/api/test/db/out-of-range', { config: { access: 'public' } }, async () => {
    await run(sql`select ${String(2 ** 31)}::int4 as n`);
    return { ok: true };
  });
  app.get('/api/test/db/not-a-number', { config: { access: 'public' } }, async () => {
    await run(sql`select ${'secret-value-4821'}::int4 as n`);
    return { ok: true };
  });
  for (const [name, state] of [
    ['unique', '23505'],
    ['check', '23514'],
    ['serialization', '40001'],
    ['deadlock', '40P01'],
  ] as const) {
    app.get(`/api/test/db/${name}`, { config: { access: 'public' } }, async () => {
      await run(sql.raw(`do $$ begin raise exception 'refused' using errcode = '${state}'; end $$`));
      return { ok: true };
    });
  }
  app.get('/api/test/db/defect', { config: { access: 'public' } }, async () => {
    await run(sql`select * from no_such_table`);
    return { ok: true };
  });
}

describe('bad input answers 4xx problem+json and changes nothing', () => {
  let t: TestApp;
  let owner: { headers: Headers };
  const logged: string[] = [];

  const get = (url: string, headers: Headers = owner.headers) =>
    t.app.inject({ method: 'GET', url, headers });
  const count = async (table: string) =>
    Number(
      (await t.deps.database.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n,
    );
  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown> }, status: number) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  beforeAll(async () => {
    t = await openTestApp({
      env: { LOG_LEVEL: 'warn' },
      logStream: new Writable({
        write(chunk, _encoding, done) {
          logged.push(String(chunk));
          done();
        },
      }),
      routes: (app) => refusingRoutes(app, () => t),
    });
    owner = await staffSession(t, 'owner');
  });
  afterAll(() => t.close());

  it('refuses a NUL in the shop’s search, without signing in', async () => {
    const res = await get('/api/store/catalog?q=%00', { origin: ORIGIN });
    expectProblem(res, 400);
    expect(res.json().code).toBe('validation_failed');
    expect(errorPaths(res)).toEqual(['q']);
  });

  it.each([
    ['/api/auth/login', 'email'],
    ['/api/store/auth/login', 'email'],
    ['/api/store/auth/login', 'password'],
  ])('refuses a NUL in %s’s %s', async (url, field) => {
    const payload = {
      email: 'owner@example.com',
      password: 'Correct-Horse-9',
      [field]: 'owner\u0000@example.com',
    };
    const res = await postJson(t, url, payload, { origin: ORIGIN });
    expectProblem(res, 400);
    expect(errorPaths(res)).toEqual([field]);
  });

  it('refuses an unpaired surrogate in a text field and creates nothing', async () => {
    const before = await count('customers');
    const res = await postJson(t, '/api/admin/customers', { name: 'Ann \uD800 Lee' }, owner.headers);
    expectProblem(res, 400);
    expect(errorPaths(res)).toEqual(['name']);
    expect(res.json().errors[0].message).toMatch(/unpaired surrogate/);
    expect(await count('customers')).toBe(before);
  });

  it('keeps accepting text beyond the Basic Multilingual Plane (pairs of surrogates)', async () => {
    const res = await postJson(t, '/api/admin/customers', { name: 'Zoë 🌷 𝒜' }, owner.headers);
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe('Zoë 🌷 𝒜');
  });

  it('refuses a NUL or a lone low surrogate anywhere in a body, naming each place', async () => {
    const res = await postJson(
      t,
      '/api/pos/sales',
      {
        lines: [{ itemId: 'itm_\u0000', quantity: 1 }],
        payments: [{ method: 'gift_card', amount: 1, code: '\uDC00' }],
      },
      owner.headers,
    );
    expectProblem(res, 400);
    expect(errorPaths(res)).toEqual(['lines.0.itemId', 'payments.0.code']);
  });

  it('refuses JSON nested deeper than any request, before anything walks it', async () => {
    const before = await count('customers');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/customers',
      headers: { ...owner.headers, 'content-type': 'application/json' },
      payload: `{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    });
    expectProblem(res, 400);
    expect(res.json().errors[0].message).toMatch(/nest/);
    expect(await count('customers')).toBe(before);
  });

  it('refuses a NUL in a path parameter', async () => {
    const res = await get('/api/admin/items/itm_%00');
    expectProblem(res, 400);
    expect(errorPaths(res)).toEqual(['id']);
  });

  it('answers a URL that is not UTF-8 with a problem', async () => {
    const res = await get('/api/admin/items/%ED%A0%80');
    expectProblem(res, 400);
    expect(res.json().code).toBe('bad_request');
  });

  it('refuses a gift card adjustment of 2^31, naming the amount, and leaves the balance alone', async () => {
    const issued = await postJson(t, '/api/admin/gift-cards', { amount: 5000 }, owner.headers);
    expect(issued.statusCode).toBe(201);
    const card = issued.json();
    for (const amount of [2 ** 31, -(2 ** 31), 100_000_001]) {
      const res = await postJson(
        t,
        `/api/admin/gift-cards/${card.id}/adjustments`,
        { amount, reason: 'typo' },
        owner.headers,
      );
      expectProblem(res, 400);
      expect(errorPaths(res)).toEqual(['amount']);
    }
    const after = (await get(`/api/admin/gift-cards/${card.id}`)).json();
    expect(after.balance).toBe(5000);
    expect(after.ledger).toHaveLength(1);
  });

  it('refuses cash tendered of 21,474,836.48 instead of recording it as change', async () => {
    const item = await postJson(
      t,
      '/api/admin/items',
      { kind: 'service', sku: 'TRIM', name: 'Trim', price: 1500, cost: 0, taxRate: 0 },
      owner.headers,
    );
    expect(item.statusCode).toBe(201);
    const before = await count('orders');
    const res = await postJson(
      t,
      '/api/pos/sales',
      { lines: [{ itemId: item.json().id, quantity: 1 }], payments: [{ method: 'cash', amount: 2 ** 31 }] },
      owner.headers,
    );
    expectProblem(res, 400);
    expect(errorPaths(res)).toEqual(['payments.0.amount']);
    expect(await count('orders')).toBe(before);
  });

  it('refuses a checkout whose total no column holds, charging nothing and keeping nothing', async () => {
    const item = await postJson(
      t,
      '/api/admin/items',
      { kind: 'product', sku: 'GOLD', name: 'Gold bar', price: 100_000_000, cost: 0, taxRate: 0 },
      owner.headers,
    );
    expect(item.statusCode).toBe(201);
    const tokenized = await postJson(
      t,
      '/api/payments/tokenize',
      { number: '4111111111111111', expiry: '1230', cvv: '123' },
      { origin: ORIGIN },
    );
    const ann = await customerSession(t, 'Ann Lee');
    const [orders, payments] = [await count('orders'), await count('payments')];
    const res = await postJson(
      t,
      '/api/store/checkout',
      {
        lines: [{ itemId: item.json().id, quantity: 25 }],
        payment: { cardToken: tokenized.json().token, expiry: '1230' },
      },
      ann.headers,
    );
    expectProblem(res, 400);
    expect(res.json().code).toBe('validation_failed');
    expect([await count('orders'), await count('payments')]).toEqual([orders, payments]);
  });

  it.each([
    ['out-of-range', 400, 'validation_failed'],
    ['not-a-number', 400, 'validation_failed'],
    ['unique', 409, 'conflict'],
    ['check', 409, 'conflict'],
    ['serialization', 409, 'conflict'],
    ['deadlock', 409, 'conflict'],
  ])('answers a database refusal (%s) as %i, without SQL', async (name, status, code) => {
    const res = await get(`/api/test/db/${name}`, { origin: ORIGIN });
    expectProblem(res, status);
    expect(res.json().code).toBe(code);
    expect(res.body).not.toMatch(/select|raise|int4|secret-value/i);
  });

  it('logs a database refusal with its statement but never its values', async () => {
    logged.length = 0;
    await get('/api/test/db/not-a-number', { origin: ORIGIN });
    const lines = logged.join('\n');
    expect(lines).toMatch(/database refused the request/);
    expect(lines).toMatch(/22P02/);
    expect(lines).toMatch(/::int4/);
    expect(lines).not.toMatch(/secret-value-4821/);
  });

  it('keeps a 500 for a real defect', async () => {
    const res = await get('/api/test/db/defect', { origin: ORIGIN });
    expectProblem(res, 500);
    expect(res.json().code).toBe('internal_error');
    expect(res.body).not.toMatch(/no_such_table/);
  });
});
