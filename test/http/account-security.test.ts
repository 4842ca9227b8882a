import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSession, openTestApp, type TestApp } from '../helpers/app.js';
import { CUSTOMER_PASSWORD, storeClient } from '../helpers/customer-accounts.js';

type Headers = Record<string, string>;

describe('customer passwords and reset links', () => {
  let t: TestApp;

  const me = (headers: Headers) => t.app.inject({ method: 'GET', url: '/api/store/account', headers });
  let store: ReturnType<typeof storeClient>;
  async function openAccount(email: string) {
    const confirmed = await store.register(email);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
  }
  const changePassword = (headers: Headers, currentPassword: string, newPassword: string) =>
    store.post('/api/store/account/password', { currentPassword, newPassword }, headers);

  beforeAll(async () => {
    t = await openTestApp();
    store = storeClient(t);
  });
  afterAll(() => t.close());

  it('changing the password ends every other session and unused reset links, keeping this one', async () => {
    await openAccount('june@example.com');
    const laptop = await store.signIn('june@example.com');
    const phone = await store.signIn('june@example.com');
    await store.post('/api/store/auth/password-reset', { email: 'june@example.com' });
    const resetToken = await store.emailedToken('june@example.com', '/shop/reset-password');

    const changed = await changePassword(laptop, CUSTOMER_PASSWORD, 'Summer-Rain-77');
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await me(laptop)).statusCode).toBe(200);
    expect((await me(phone)).statusCode).toBe(401);
    const reset = await store.post('/api/store/auth/password-reset/confirm', {
      token: resetToken,
      password: 'Whoever-Had-It-1',
    });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().code).toBe('invalid_token');
    await store.signIn('june@example.com', 'Summer-Rain-77');
  });

  it('limits attempts at the current password per account, even with the right one after', async () => {
    await openAccount('guess@example.com');
    const stolen = await store.signIn('guess@example.com');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await changePassword(stolen, `Guess-${i}-Pass`, 'Mine-Now-123')).statusCode);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const limited = await changePassword(stolen, CUSTOMER_PASSWORD, 'Mine-Now-123');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
    // Nothing changed, and another account is not held back.
    await store.signIn('guess@example.com');
    const other = await customerSession(t, 'Other Person');
    expect((await changePassword(other.headers, 'wrong-one-1', 'Mine-Now-123')).statusCode).toBe(400);
  });

  it('guesses sent at once cannot slip past the limit', async () => {
    await openAccount('burst@example.com');
    const stolen = await store.signIn('burst@example.com');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => changePassword(stolen, `Burst-${i}-Pass`, 'Mine-Now-123')),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });

  it('a newer reset link retires the older ones', async () => {
    await openAccount('twolinks@example.com');
    await store.post('/api/store/auth/password-reset', { email: 'twolinks@example.com' });
    const first = await store.emailedToken('twolinks@example.com', '/shop/reset-password');
    await store.post('/api/store/auth/password-reset', { email: 'twolinks@example.com' });
    const second = await store.emailedToken('twolinks@example.com', '/shop/reset-password');
    expect(second).not.toBe(first);

    const old = await store.post('/api/store/auth/password-reset/confirm', {
      token: first,
      password: 'Old-Link-Pass-1',
    });
    expect(old.statusCode).toBe(400);
    expect(old.json().code).toBe('invalid_token');
    const fresh = await store.post('/api/store/auth/password-reset/confirm', {
      token: second,
      password: 'New-Link-Pass-1',
    });
    expect(fresh.statusCode, fresh.body).toBe(204);
    await store.signIn('twolinks@example.com', 'New-Link-Pass-1');
  });

  it('a second sign-up with an address cannot set the password its owner gets', async () => {
    const email = 'signedup.twice@example.com';
    const login = (password: string) => store.post('/api/store/auth/login', { email, password });
    // The owner signs up; before they open the link, someone else signs up with their address.
    await store.post('/api/store/auth/register', { email, password: 'Owner-Chose-This-1' });
    const owners = await store.emailedToken(email, '/shop/confirm');
    await store.post('/api/store/auth/register', { email, password: 'Intruder-Chose-2' });
    const newest = await store.emailedToken(email, '/shop/confirm');
    expect(newest).not.toBe(owners);

    // Only the newest link works, and it keeps neither password: its holder, who reads the
    // mailbox, chooses one.
    expect((await store.post('/api/store/auth/confirm', { token: owners })).json().code).toBe(
      'invalid_token',
    );
    const confirmed = await store.post('/api/store/auth/confirm', { token: newest });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { passwordToken } = confirmed.json() as { passwordToken: string | null };
    expect(passwordToken).toEqual(expect.any(String));
    expect((await login('Intruder-Chose-2')).statusCode).toBe(401);
    expect((await login('Owner-Chose-This-1')).statusCode).toBe(401);

    const chosen = await store.post('/api/store/auth/password-reset/confirm', {
      token: passwordToken,
      password: 'Owner-Chose-Again-3',
    });
    expect(chosen.statusCode, chosen.body).toBe(204);
    await store.signIn(email, 'Owner-Chose-Again-3');
  });

  it('a single sign-up keeps the password chosen with it', async () => {
    const confirmed = await store.register('signedup.once@example.com');
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().passwordToken).toBeNull();
    await store.signIn('signedup.once@example.com', CUSTOMER_PASSWORD);
  });
});
