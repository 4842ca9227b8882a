import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorPaths, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

describe('customers', () => {
  let t: TestApp;
  let cashier: Awaited<ReturnType<typeof staffSession>>;
  beforeAll(async () => {
    t = await openTestApp();
    cashier = await staffSession(t, 'cashier');
  });
  afterAll(() => t.close());

  const post = (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/admin/customers', headers: cashier.headers, payload });
  const search = async (q: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/admin/customers?q=${encodeURIComponent(q)}`,
        headers: cashier.headers,
      })
    )
      .json()
      .data.map((c: { name: string }) => c.name);

  it('creates customers from the back office, walk-ins without an email too', async () => {
    const res = await post({
      name: 'Ada Lovelace',
      email: 'Ada@Example.com',
      phone: '+1 (555) 010-2233',
      addresses: [{ line1: '12 Analytical Way', city: 'London', postalCode: 'N1 7AA', country: 'gb' }],
      marketingConsent: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      id: expect.stringMatching(/^cus_/),
      email: 'Ada@Example.com',
      source: 'back_office',
      addresses: [{ line1: '12 Analytical Way', country: 'GB', label: null, line2: null, region: null }],
    });
    expect((await post({ name: 'Walk-in one' })).statusCode).toBe(201);
    expect((await post({ name: 'Walk-in two' })).statusCode).toBe(201);
  });

  it('marks customers added at the register, and lets staff claim no other source', async () => {
    const walkIn = await post({ name: 'Register regular', source: 'register' });
    expect(walkIn.statusCode).toBe(201);
    expect(walkIn.json().source).toBe('register');
    const claimed = await post({ name: 'Not from the shop', source: 'shop' });
    expect(claimed.statusCode).toBe(400);
    expect(claimed.json().errors.map((e: { path: string }) => e.path)).toContain('source');
  });

  it('keeps emails unique whatever their case', async () => {
    const clash = await post({ name: 'Another Ada', email: 'ada@EXAMPLE.com' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('conflict');
    const grace = (
      await post({ name: 'Grace Hopper', email: 'grace@example.com', phone: '555 777 1234' })
    ).json();
    const steal = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/customers/${grace.id}`,
      headers: cashier.headers,
      payload: { email: 'ADA@example.com' },
    });
    expect(steal.statusCode).toBe(409);
  });

  it('refuses bad fields, naming each', async () => {
    const res = await post({
      name: '',
      email: 'not-an-email',
      phone: 'call me',
      addresses: [{ line1: 'x', city: 'y', postalCode: 'z', country: 'Germany' }],
    });
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toEqual(['addresses.0.country', 'email', 'name', 'phone']);
  });

  it('finds customers by name, email or phone digits', async () => {
    expect(await search('lovel')).toEqual(['Ada Lovelace']);
    expect(await search('GRACE@')).toEqual(['Grace Hopper']);
    expect(await search('555-0102')).toEqual(['Ada Lovelace']);
    expect(await search('7771234')).toEqual(['Grace Hopper']);
    expect(await search('walk-in')).toEqual(['Walk-in one', 'Walk-in two']);
    expect(await search('100%_')).toEqual([]);
  });

  it('edits a customer and records the change', async () => {
    const [ada] = (
      await t.app.inject({ method: 'GET', url: '/api/admin/customers?q=ada', headers: cashier.headers })
    ).json().data;
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/customers/${ada.id}`,
      headers: cashier.headers,
      payload: { notes: 'Prefers mornings', marketingConsent: false },
    });
    expect(res.json()).toMatchObject({ notes: 'Prefers mornings', marketingConsent: false });
    const got = await t.app.inject({
      method: 'GET',
      url: `/api/admin/customers/${ada.id}`,
      headers: cashier.headers,
    });
    expect(got.json().notes).toBe('Prefers mornings');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/customers/cus_nope', headers: cashier.headers }))
        .statusCode,
    ).toBe(404);
  });
});
