import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../../src/server/modules/staff/index.js';
import { ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

const PASSWORD = 'Correct-Horse-9';
let ipCounter = 10;
/** Each test signs in from its own address so the per-IP limit only bites where it is tested. */
const freshIp = () => `10.0.0.${ipCounter++}`;

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const line = (Array.isArray(raw) ? raw[0] : raw) as string;
  return line.split(';')[0]!;
}

describe('staff authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
    await createStaffUser(t.deps.database.db, {
      email: 'Owner@Example.com',
      name: 'Olive',
      role: 'owner',
      password: PASSWORD,
    });
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, ip = freshIp(), headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      headers: { origin: ORIGIN, ...headers },
      payload: { email, password },
    });

  it('signs in, tells who is signed in, and signs out', async () => {
    const res = await login('owner@example.com', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: 'owner@example.com', role: 'owner', name: 'Olive' });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^tandem_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = cookieOf(res);

    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ type: 'staff', email: 'owner@example.com', role: 'owner' });

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, origin: ORIGIN },
    });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
  });

  it('rotates the session at sign-in: the old cookie stops working', async () => {
    const first = cookieOf(await login('owner@example.com', PASSWORD));
    const second = cookieOf(await login('owner@example.com', PASSWORD, freshIp(), { cookie: first }));
    expect(second).not.toBe(first);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first } })).statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: second } })).statusCode,
    ).toBe(200);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = await login('owner@example.com', 'Not-The-Password-1');
    const unknown = await login('nobody@example.com', 'Not-The-Password-1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toBe(unknown.body);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('takes similar time for an unknown email and a wrong password', async () => {
    const time = async (email: string) => {
      const start = performance.now();
      await login(email, 'Not-The-Password-2');
      return performance.now() - start;
    };
    // Fresh emails each round, so the per-account delay never applies here.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      await createStaffUser(t.deps.database.db, {
        email: `timing${i}@example.com`,
        name: 'T',
        role: 'cashier',
        password: PASSWORD,
      });
      known.push(await time(`timing${i}@example.com`));
      unknown.push(await time(`ghost${i}@example.com`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    // Both pay one argon2 verification: neither is several times faster than the other.
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
    expect(median(known)).toBeGreaterThan(median(unknown) / 3);
  });

  it('limits sign-ins to 5 a minute per IP address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++)
      expect((await login(`someone${i}@example.com`, 'whatever-1', ip)).statusCode).toBe(401);
    const sixth = await login('owner@example.com', PASSWORD, ip);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().code).toBe('rate_limited');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('delays further attempts on an account after repeated failures, whatever the IP', async () => {
    await createStaffUser(t.deps.database.db, {
      email: 'target@example.com',
      name: 'T',
      role: 'manager',
      password: PASSWORD,
    });
    for (let i = 0; i < 3; i++)
      expect((await login('target@example.com', 'wrong-password-1')).statusCode).toBe(401);
    const blocked = await login('target@example.com', PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('rate_limited');
    // An unknown email is throttled the same way, so the delay reveals nothing.
    for (let i = 0; i < 3; i++) await login('ghost-target@example.com', 'wrong-password-1');
    expect((await login('ghost-target@example.com', PASSWORD)).statusCode).toBe(429);
  });

  it('checks roles: a cashier cannot change settings, a manager can; anonymous callers are 401', async () => {
    const cashier = await staffSession(t, 'cashier');
    const manager = await staffSession(t, 'manager');
    const patch = (headers: Record<string, string>) =>
      t.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers, payload: { onlineShop: false } });
    const refused = await patch(cashier.headers);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('forbidden');
    expect((await patch(manager.headers)).statusCode).toBe(200);
    expect((await patch({ origin: ORIGIN })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: cashier.headers }))
        .statusCode,
    ).toBe(200);
  });

  it('authenticates integrations with owner-created API tokens, shown once and stored hashed', async () => {
    const owner = await staffSession(t, 'owner');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/api-tokens',
      headers: owner.headers,
      payload: { name: 'Accounting export', role: 'manager' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^tdm_[\w-]{43}$/);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer });
    expect(me.json()).toMatchObject({ type: 'api_token', role: 'manager', name: 'Accounting export' });
    // Bearer requests need no Origin: they cannot be forged by a browser.
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: '/api/admin/settings',
          headers: bearer,
          payload: { onlineShop: true },
        })
      ).statusCode,
    ).toBe(200);

    const list = await t.app.inject({ method: 'GET', url: '/api/admin/api-tokens', headers: owner.headers });
    expect(list.body).not.toContain(token);
    expect(list.json().data.find((x: { id: string }) => x.id === id)).toMatchObject({
      lastFour: token.slice(-4),
    });
    const stored = await t.deps.database.query<{ token_hash: string }>('select token_hash from api_tokens');
    expect(stored.rows.some((r) => r.token_hash.includes(token))).toBe(false);

    const manager = await staffSession(t, 'manager');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/api-tokens', headers: manager.headers }))
        .statusCode,
    ).toBe(403);

    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${id}`, headers: owner.headers }))
        .statusCode,
    ).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(
      401,
    );
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { authorization: 'Bearer tdm_forged' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('refuses a cross-origin state change made with the session cookie', async () => {
    const owner = await staffSession(t, 'owner');
    const evil = await t.app.inject({
      method: 'PATCH',
      url: '/api/admin/settings',
      headers: { cookie: owner.headers.cookie, origin: 'https://evil.example' },
      payload: { onlineShop: false },
    });
    expect(evil.statusCode).toBe(403);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: owner.headers.cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: 'owner@example.com', password: PASSWORD },
    });
    expect(login.statusCode).toBe(403);
    // Reads are not state changes.
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { cookie: owner.headers.cookie, origin: 'https://evil.example' },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('refuses short and common passwords', async () => {
    for (const password of ['short', 'password1', '12345678', 'x'.repeat(129)]) {
      await expect(
        createStaffUser(t.deps.database.db, {
          email: `p${password.length}@example.com`,
          name: 'P',
          role: 'cashier',
          password,
        }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    }
  });
});

describe('staff authentication behind https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ env: { PUBLIC_URL: 'https://shop.example.com' } });
    await createStaffUser(t.deps.database.db, {
      email: 'owner@example.com',
      name: 'O',
      role: 'owner',
      password: PASSWORD,
    });
  });
  afterAll(() => t.close());

  it('sets a Secure __Host- cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://shop.example.com' },
      payload: { email: 'owner@example.com', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^__Host-tandem_session=/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/);
  });
});
