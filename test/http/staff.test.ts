import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';
import { mailTo } from '../helpers/mail.js';

describe('staff management', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof staffSession>>;
  beforeAll(async () => {
    t = await openTestApp();
    owner = await staffSession(t, 'owner');
  });
  afterAll(() => t.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = owner.headers,
  ) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('invites by email; the invited person chooses a password once and signs in', async () => {
    const invited = await call('POST', '/api/admin/staff', {
      email: 'Rita@Example.com',
      name: 'Rita',
      role: 'cashier',
    });
    expect(invited.statusCode).toBe(201);
    expect(invited.json()).toMatchObject({
      email: 'rita@example.com',
      role: 'cashier',
      invitationPending: true,
    });
    expect(
      (await call('POST', '/api/admin/staff', { email: 'rita@example.com', name: 'Rita', role: 'cashier' }))
        .statusCode,
    ).toBe(409);

    const [invitation] = await mailTo(t.deps, 'rita@example.com');
    const token = /\/accept-invitation\?token=([\w-]+)/.exec(invitation!.text)![1]!;
    // No sign-in before the invitation is accepted.
    const early = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.2.0.1',
      headers: { origin: ORIGIN },
      payload: { email: 'rita@example.com', password: 'anything-at-all' },
    });
    expect(early.statusCode).toBe(401);

    const accepted = await call('POST', '/api/auth/invitation', { token, password: 'Till-Roll-2026' }, {
      origin: ORIGIN,
    } as never);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user.invitationPending).toBe(false);
    expect(
      (
        await call('POST', '/api/auth/invitation', { token, password: 'Till-Roll-2027' }, {
          origin: ORIGIN,
        } as never)
      ).json().code,
    ).toBe('invalid_token');
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.2.0.2',
      headers: { origin: ORIGIN },
      payload: { email: 'rita@example.com', password: 'Till-Roll-2026' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('changes roles, and deactivation ends sessions at once', async () => {
    const manager = await staffSession(t, 'manager');
    const promoted = await call('PATCH', `/api/admin/staff/${manager.user.id}`, { role: 'cashier' });
    expect(promoted.json().role).toBe('cashier');
    // The new role holds on the next request.
    expect(
      (await call('PATCH', '/api/admin/settings', { onlineShop: false }, manager.headers)).statusCode,
    ).toBe(403);
    expect((await call('GET', '/api/auth/me', undefined, manager.headers)).statusCode).toBe(200);
    await call('PATCH', `/api/admin/staff/${manager.user.id}`, { active: false });
    expect((await call('GET', '/api/auth/me', undefined, manager.headers)).statusCode).toBe(401);
    const audit = (await call('GET', '/api/admin/audit-log?entity=staff')).json().data;
    expect(audit[0].changes).toEqual({ active: { from: true, to: false } });
  });

  it('keeps at least one active owner', async () => {
    const res = await call('PATCH', `/api/admin/staff/${owner.user.id}`, { role: 'manager' });
    expect(res.statusCode).toBe(409);
    expect((await call('PATCH', `/api/admin/staff/${owner.user.id}`, { active: false })).statusCode).toBe(
      409,
    );
  });

  it('lets only owners manage staff: a cashier cannot, nor edit items', async () => {
    const cashier = await staffSession(t, 'cashier');
    expect((await call('GET', '/api/admin/staff', undefined, cashier.headers)).statusCode).toBe(403);
    expect(
      (
        await call(
          'POST',
          '/api/admin/staff',
          { email: 'x@example.com', name: 'X', role: 'owner' },
          cashier.headers,
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/admin/staff/${cashier.user.id}`, { role: 'owner' }, cashier.headers))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await call(
          'POST',
          '/api/admin/items',
          { kind: 'service', sku: 'S', name: 'S', price: 1 },
          cashier.headers,
        )
      ).statusCode,
    ).toBe(403);
    const list = (await call('GET', '/api/admin/staff')).json().data;
    expect(list.length).toBeGreaterThanOrEqual(4);
  });
});
