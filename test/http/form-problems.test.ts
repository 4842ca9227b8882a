import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorPaths, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

/**
 * The back office's forms send what the browser found wrong as values the server refuses, so that
 * one answer names every problem: the server must list them all, not stop at the first.
 */
describe('a refused form names every bad field at once', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await openTestApp();
    headers = (await staffSession(t, 'owner')).headers;
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'idempotency-key': `k-${url}-${Math.random()}` },
      payload,
    });

  it('an empty new item: SKU, name and price (a price the browser could not read comes as -1)', async () => {
    const res = await post('/api/admin/items', {
      kind: 'product',
      sku: '',
      name: '',
      price: -1,
      taxRate: -1,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect([...new Set(errorPaths(res))]).toEqual(['name', 'price', 'sku', 'taxRate']);
  });

  it('a customer with no name and a wrong email', async () => {
    const res = await post('/api/admin/customers', { name: '', email: 'not-an-email' });
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toEqual(['email', 'name']);
  });

  it('a staff invitation with nothing filled in and a role that does not exist', async () => {
    const res = await post('/api/admin/staff', { email: '', name: '', role: 'boss' });
    expect(res.statusCode).toBe(400);
    expect([...new Set(errorPaths(res))]).toEqual(['email', 'name', 'role']);
  });

  it('a gift card with an amount the browser could not read and a wrong email', async () => {
    const res = await post('/api/admin/gift-cards', { amount: -1, ownerEmail: 'nope' });
    expect(res.statusCode).toBe(400);
    expect([...new Set(errorPaths(res))]).toEqual(['amount', 'ownerEmail']);
  });

  it('a stock adjustment with no change and no reason', async () => {
    const item = await post('/api/admin/items', {
      kind: 'product',
      sku: 'ADJ-1',
      name: 'Jar',
      price: 100,
      trackStock: true,
    });
    const res = await post(`/api/admin/items/${item.json().id}/stock-adjustments`, { delta: 0, reason: '' });
    expect(res.statusCode).toBe(400);
    expect(errorPaths(res)).toEqual(['delta', 'reason']);
  });
});
