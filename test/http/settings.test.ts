import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/contracts/settings.js';
import { openTestApp, staffSession, type TestApp } from '../helpers/app.js';

describe('settings and the audit log', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof staffSession>>;
  beforeAll(async () => {
    t = await openTestApp();
    owner = await staffSession(t, 'owner');
  });
  afterAll(() => t.close());

  const patch = (payload: unknown, headers = owner.headers) =>
    t.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers, payload: payload as object });

  it('answers the settings in the shape of api.md', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: owner.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(defaultSettings);
  });

  it('changes part of the settings and records who changed what', async () => {
    const res = await patch({ onlineShop: false, giftCards: { serialPrefix: '7788' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      onlineShop: false,
      cardProcessing: true,
      giftCards: { serialPrefix: '7788', minAmount: 500 },
    });
    const again = await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: owner.headers });
    expect(again.json().giftCards.serialPrefix).toBe('7788');

    const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit-log', headers: owner.headers });
    expect(audit.statusCode).toBe(200);
    const [entry] = audit.json().data;
    expect(entry).toMatchObject({
      action: 'settings.updated',
      entity: 'settings',
      actor: { type: 'staff', label: owner.user.email },
      changes: {
        onlineShop: { from: true, to: false },
        'giftCards.serialPrefix': { from: '6061', to: '7788' },
      },
    });
  });

  it('refuses bad values naming every field, and changes nothing', async () => {
    const res = await patch({
      currency: 'dollars',
      giftCards: { serialPrefix: '12a', minAmount: -5 },
      portal: { enabled: 'yes' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['currency', 'giftCards.minAmount', 'giftCards.serialPrefix', 'portal.enabled']);
    const unknownField = await patch({ colour: 'green' });
    expect(unknownField.statusCode).toBe(400);
    const minAboveMax = await patch({ giftCards: { minAmount: 60_000 } });
    expect(minAboveMax.statusCode).toBe(400);
    expect(minAboveMax.json().errors).toEqual([
      { path: 'giftCards.maxAmount', message: 'must not be less than minAmount' },
    ]);
    const now = await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: owner.headers });
    expect(now.json()).toMatchObject({
      currency: 'USD',
      giftCards: { minAmount: 500, serialPrefix: '7788' },
    });
  });

  it('writes nothing to the audit log when nothing changed', async () => {
    const before = (
      await t.app.inject({ method: 'GET', url: '/api/admin/audit-log', headers: owner.headers })
    ).json().data.length;
    expect((await patch({ onlineShop: false })).statusCode).toBe(200);
    const after = (
      await t.app.inject({ method: 'GET', url: '/api/admin/audit-log', headers: owner.headers })
    ).json().data.length;
    expect(after).toBe(before);
  });

  it('lets only owners read the audit log, a page at a time', async () => {
    const manager = await staffSession(t, 'manager');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/audit-log', headers: manager.headers }))
        .statusCode,
    ).toBe(403);
    for (const currency of ['EUR', 'GBP', 'CAD']) await patch({ currency });
    const first = (
      await t.app.inject({ method: 'GET', url: '/api/admin/audit-log?limit=2', headers: owner.headers })
    ).json();
    expect(first.data).toHaveLength(2);
    expect(first.data[0].changes.currency.to).toBe('CAD');
    const second = (
      await t.app.inject({
        method: 'GET',
        url: `/api/admin/audit-log?limit=2&cursor=${first.nextCursor}`,
        headers: owner.headers,
      })
    ).json();
    expect(second.data[0].changes.currency.to).toBe('EUR');
    expect(second.data.map((e: { id: string }) => e.id)).not.toContain(first.data[1].id);
  });

  it('keeps only a time zone both the server and the database know; reports never fail on one', async () => {
    const ok = await patch({ timeZone: 'America/Chicago' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().timeZone).toBe('America/Chicago');
    const unknown = await patch({ timeZone: 'Mars/Olympus_Mons' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ path: 'timeZone', message: expect.any(String) }]);
    // Names the server's own time zone data may know and the database's may not.
    for (const zone of ['US/Pacific-New', 'Canada/East-Saskatchewan']) {
      const res = await patch({ timeZone: zone });
      expect([200, 400]).toContain(res.statusCode);
      const overview = await t.app.inject({
        method: 'GET',
        url: '/api/admin/overview',
        headers: owner.headers,
      });
      expect(overview.statusCode).toBe(200);
      const report = await t.app.inject({
        method: 'GET',
        url: `/api/admin/reports/sales?from=2026-11-01&to=2026-11-02&tz=${encodeURIComponent(zone)}`,
        headers: owner.headers,
      });
      expect([200, 400]).toContain(report.statusCode);
    }
  });
});
