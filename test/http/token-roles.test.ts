import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, staffSession, type TestApp } from '../helpers/app.js';

// An API token acts for the person who created it: never with more than that person's role now.
describe('API tokens and their creator’s role', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
  const patchStaff = (id: string, payload: object, headers: Record<string, string>) =>
    t.app.inject({ method: 'PATCH', url: `/api/admin/staff/${id}`, headers, payload });

  async function tokenOf(headers: Record<string, string>, role: string) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/api-tokens',
      headers,
      payload: { name: `Integration ${role}`, role },
    });
    expect(created.statusCode).toBe(201);
    return { authorization: `Bearer ${created.json().token}` };
  }

  it('an owner token acts as cashier once its creator is made cashier, and cannot promote them back', async () => {
    const creator = await staffSession(t, 'owner');
    const other = await staffSession(t, 'owner');
    const bearer = await tokenOf(creator.headers, 'owner');
    expect((await get('/api/admin/staff', bearer)).statusCode).toBe(200);

    expect((await patchStaff(creator.user.id, { role: 'cashier' }, other.headers)).statusCode).toBe(200);

    expect((await get('/api/auth/me', bearer)).json()).toMatchObject({ type: 'api_token', role: 'cashier' });
    const staff = await get('/api/admin/staff', bearer);
    expect(staff.statusCode).toBe(403);
    expect(staff.headers['content-type']).toContain('application/problem+json');
    expect(staff.json().code).toBe('forbidden');
    // Manager routes are closed too.
    expect((await get('/api/admin/payments', bearer)).statusCode).toBe(403);
    // The token cannot be used to give its creator their role back.
    const promote = await patchStaff(creator.user.id, { role: 'owner' }, bearer);
    expect(promote.statusCode).toBe(403);
    const [row] = (
      await t.deps.database.query<{ role: string }>('select role from staff_users where id = $1', [
        creator.user.id,
      ])
    ).rows;
    expect(row!.role).toBe('cashier');
    // Cashier routes still answer.
    expect((await get('/api/admin/orders', bearer)).statusCode).toBe(200);
  });

  it('a re-promoted creator’s token goes no higher than their role now, nor than its own', async () => {
    const creator = await staffSession(t, 'owner');
    const other = await staffSession(t, 'owner');
    const ownerToken = await tokenOf(creator.headers, 'owner');
    const managerToken = await tokenOf(creator.headers, 'manager');

    await patchStaff(creator.user.id, { role: 'cashier' }, other.headers);
    await patchStaff(creator.user.id, { role: 'manager' }, other.headers);

    expect((await get('/api/auth/me', ownerToken)).json().role).toBe('manager');
    expect((await get('/api/admin/staff', ownerToken)).statusCode).toBe(403);
    expect((await get('/api/admin/payments', ownerToken)).statusCode).toBe(200);

    await patchStaff(creator.user.id, { role: 'owner' }, other.headers);
    expect((await get('/api/auth/me', ownerToken)).json().role).toBe('owner');
    // A manager token stays a manager token under an owner.
    expect((await get('/api/auth/me', managerToken)).json().role).toBe('manager');
    expect((await get('/api/admin/staff', managerToken)).statusCode).toBe(403);
  });

  it('a deactivated creator’s tokens are refused', async () => {
    const creator = await staffSession(t, 'owner');
    const other = await staffSession(t, 'owner');
    const bearer = await tokenOf(creator.headers, 'manager');
    expect((await get('/api/admin/orders', bearer)).statusCode).toBe(200);

    expect((await patchStaff(creator.user.id, { active: false }, other.headers)).statusCode).toBe(200);
    const refused = await get('/api/admin/orders', bearer);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unauthenticated');
    expect((await get('/api/auth/me', bearer)).statusCode).toBe(401);
  });

  it('the owner’s list of tokens says the role each acts with now', async () => {
    const creator = await staffSession(t, 'owner');
    const other = await staffSession(t, 'owner');
    await tokenOf(creator.headers, 'owner');
    await tokenOf(creator.headers, 'cashier');
    const listed = async () =>
      (
        (await get('/api/admin/api-tokens', other.headers)).json().data as {
          name: string;
          role: string;
          actsAs: string | null;
        }[]
      )
        .filter((tk) => tk.name === 'Integration owner' || tk.name === 'Integration cashier')
        .slice(0, 2)
        .map((tk) => `${tk.role}→${tk.actsAs}`);
    expect(await listed()).toEqual(['cashier→cashier', 'owner→owner']);
    await patchStaff(creator.user.id, { role: 'manager' }, other.headers);
    expect(await listed()).toEqual(['cashier→cashier', 'owner→manager']);
    await patchStaff(creator.user.id, { active: false }, other.headers);
    expect(await listed()).toEqual(['cashier→null', 'owner→null']);
  });
});
