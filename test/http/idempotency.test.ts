import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pruneIdempotencyKeys } from '../../src/server/platform/idempotency.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

let executions = 0;

function testRoutes(app: FastifyInstance) {
  app.post('/api/test/sales', { config: { access: 'public' } }, async (request, reply) => {
    executions++;
    await new Promise((r) => setTimeout(r, 150));
    return reply.code(201).send({ sale: executions, body: request.body });
  });
}

describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ routes: testRoutes });
  });
  afterAll(() => t.close());
  beforeEach(() => {
    executions = 0;
  });

  const post = (key: string, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/test/sales', headers: { 'idempotency-key': key }, payload });

  it('replays the first response for the same key and body, doing nothing again', async () => {
    const first = await post('key-1', { amount: 2500, lines: [1, 2] });
    const again = await post('key-1', { lines: [1, 2], amount: 2500 });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(executions).toBe(1);
  });

  it('refuses the same key with another body with 422', async () => {
    await post('key-2', { amount: 2500 });
    const other = await post('key-2', { amount: 2600 });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    expect(executions).toBe(1);
  });

  it('runs concurrent requests with one key exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => post('key-3', { amount: 100 })));
    expect(executions).toBe(1);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe('conflict');
  });

  it('keeps keys of different callers apart, and requests without a key are not deduplicated', async () => {
    await post('key-4', { amount: 1 });
    await t.app.inject({ method: 'POST', url: '/api/test/sales', payload: { amount: 1 } });
    await t.app.inject({ method: 'POST', url: '/api/test/sales', payload: { amount: 1 } });
    expect(executions).toBe(3);
  });

  it('refuses a malformed key', async () => {
    const res = await post('x'.repeat(300), { amount: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('Idempotency-Key');
  });

  it('keeps keys at least 24 hours, then prunes them', async () => {
    await post('key-5', { amount: 1 });
    const dayLater = new Date(Date.now() + 25 * 3600_000);
    expect(await pruneIdempotencyKeys(t.deps.database.db, dayLater)).toBe(0);
    const twoDaysLater = new Date(Date.now() + 49 * 3600_000);
    expect(await pruneIdempotencyKeys(t.deps.database.db, twoDaysLater)).toBeGreaterThan(0);
  });
});
