import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';
import { mailTo } from '../helpers/mail.js';

const PASSWORD = 'Lilac-Rain-42';
let ipCounter = 1;
const freshIp = () => `10.1.0.${ipCounter++}`;

describe('customer online accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}, ip = freshIp()) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      remoteAddress: ip,
      headers: { origin: ORIGIN, ...headers },
    });

  /** The link in the newest email to `to`, read from the outbox as a person reads their mail. */
  async function linkIn(to: string, path: string): Promise<string> {
    const [mail] = await mailTo(t.deps, to);
    expect(mail!.html).toContain(path);
    const match = new RegExp(`${ORIGIN}${path}\\?token=([\\w-]+)`).exec(mail!.text);
    if (!match) throw new Error(`no ${path} link in the email to ${to}`);
    return match[1]!;
  }

  const cookieOf = (res: { headers: Record<string, unknown> }) =>
    String(res.headers['set-cookie']).split(';')[0]!;

  it('registers, confirms through the emailed link, and signs in', async () => {
    const res = await post('/api/store/auth/register', {
      email: 'Nina@Example.com',
      password: PASSWORD,
      name: 'Nina Simone',
    });
    expect(res.statusCode).toBe(202);
    const token = await linkIn('nina@example.com', '/shop/confirm');
    expect(token.length).toBeGreaterThanOrEqual(43);

    // No account until the email is confirmed.
    expect(
      (await post('/api/store/auth/login', { email: 'nina@example.com', password: PASSWORD })).statusCode,
    ).toBe(401);

    const confirmed = await post('/api/store/auth/confirm', { token });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().customer).toMatchObject({
      email: 'nina@example.com',
      name: 'Nina Simone',
      source: 'shop',
    });

    const again = await post('/api/store/auth/confirm', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('invalid_token');

    const login = await post('/api/store/auth/login', { email: 'NINA@example.com', password: PASSWORD });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(
      /^tandem_customer=[\w-]{43}; .*HttpOnly.*SameSite=Lax/,
    );
    const cookie = cookieOf(login);

    const me = await t.app.inject({ method: 'GET', url: '/api/store/account', headers: { cookie } });
    expect(me.json()).toMatchObject({ name: 'Nina Simone', email: 'nina@example.com' });
    const edited = await t.app.inject({
      method: 'PATCH',
      url: '/api/store/account',
      headers: { cookie, origin: ORIGIN },
      payload: {
        phone: '+1 555 123 4567',
        addresses: [{ line1: '1 Jazz St', city: 'Tryon', postalCode: '28782', country: 'us' }],
      },
    });
    expect(edited.json()).toMatchObject({ phone: '+1 555 123 4567', addresses: [{ country: 'US' }] });

    // A customer session is not a staff session, and the reverse.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: { cookie } })).statusCode,
    ).toBe(401);
    const staff = await staffSession(t, 'owner');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/store/account', headers: staff.headers })).statusCode,
    ).toBe(401);

    expect((await post('/api/store/auth/logout', {}, { cookie })).statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/store/account', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('links the account to the customer who already bought with that email', async () => {
    const staff = await staffSession(t, 'cashier');
    const existing = await t.app.inject({
      method: 'POST',
      url: '/api/admin/customers',
      headers: staff.headers,
      payload: { name: 'Otis Redding', email: 'otis@example.com' },
    });
    await post('/api/store/auth/register', { email: 'otis@example.com', password: PASSWORD });
    const confirmed = await post('/api/store/auth/confirm', {
      token: await linkIn('otis@example.com', '/shop/confirm'),
    });
    expect(confirmed.json().customer.id).toBe(existing.json().id);
  });

  it('refuses an expired confirmation link', async () => {
    await post('/api/store/auth/register', { email: 'late@example.com', password: PASSWORD });
    const token = await linkIn('late@example.com', '/shop/confirm');
    await t.deps.database.exec(
      `update one_time_tokens set expires_at = now() - interval '1 minute' where subject = 'late@example.com'`,
    );
    const res = await post('/api/store/auth/confirm', { token });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_token');
  });

  it('answers the same for a known and an unknown email, telling only the owner of the address', async () => {
    const known = await post('/api/store/auth/register', {
      email: 'nina@example.com',
      password: 'Another-Pass-77',
    });
    const unknown = await post('/api/store/auth/register', {
      email: 'nobody-here@example.com',
      password: 'Another-Pass-77',
    });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.body).toBe(unknown.body);
    // The account holder is told, with a reset link instead of a second account.
    await linkIn('nina@example.com', '/shop/reset-password');

    const resetKnown = await post('/api/store/auth/password-reset', { email: 'otis@example.com' });
    const resetUnknown = await post('/api/store/auth/password-reset', { email: 'ghost@example.com' });
    expect(resetKnown.statusCode).toBe(202);
    expect(resetKnown.body).toBe(resetUnknown.body);
    const { rows } = await t.deps.database.query('select 1 from mail_outbox where "to" = $1', [
      'ghost@example.com',
    ]);
    expect(rows).toEqual([]);

    const badLogin = await post('/api/store/auth/login', {
      email: 'nina@example.com',
      password: 'Wrong-Pass-1',
    });
    const ghostLogin = await post('/api/store/auth/login', {
      email: 'ghost@example.com',
      password: 'Wrong-Pass-1',
    });
    expect(badLogin.statusCode).toBe(401);
    expect(badLogin.body).toBe(ghostLogin.body);
  });

  it('resets a forgotten password once, and ends the old sessions', async () => {
    const oldCookie = cookieOf(
      await post('/api/store/auth/login', { email: 'otis@example.com', password: PASSWORD }),
    );
    await post('/api/store/auth/password-reset', { email: 'otis@example.com' });
    const token = await linkIn('otis@example.com', '/shop/reset-password');
    const weak = await post('/api/store/auth/password-reset/confirm', { token, password: 'password' });
    expect(weak.statusCode).toBe(400);
    expect(
      (await post('/api/store/auth/password-reset/confirm', { token, password: 'Dock-Of-The-Bay-9' }))
        .statusCode,
    ).toBe(204);
    expect(
      (await post('/api/store/auth/password-reset/confirm', { token, password: 'Dock-Of-The-Bay-10' })).json()
        .code,
    ).toBe('invalid_token');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/store/account', headers: { cookie: oldCookie } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await post('/api/store/auth/login', { email: 'otis@example.com', password: PASSWORD })).statusCode,
    ).toBe(401);
    expect(
      (await post('/api/store/auth/login', { email: 'otis@example.com', password: 'Dock-Of-The-Bay-9' }))
        .statusCode,
    ).toBe(200);
  });

  it('limits registrations, resets and sign-ins', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push(
        (
          await post(
            '/api/store/auth/register',
            { email: `flood${i}@example.com`, password: PASSWORD },
            {},
            ip,
          )
        ).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    const resets: number[] = [];
    for (let i = 0; i < 4; i++)
      resets.push((await post('/api/store/auth/password-reset', { email: 'nina@example.com' })).statusCode);
    expect(resets).toEqual([202, 202, 202, 429]);
    const loginIp = freshIp();
    for (let i = 0; i < 5; i++)
      await post(
        '/api/store/auth/login',
        { email: `x${i}@example.com`, password: 'nope-nope-1' },
        {},
        loginIp,
      );
    expect(
      (await post('/api/store/auth/login', { email: 'nina@example.com', password: PASSWORD }, {}, loginIp))
        .statusCode,
    ).toBe(429);
  });
});
