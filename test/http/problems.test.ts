import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError, type ErrorKind } from '../../src/server/platform/errors.js';
import { openTestApp, type TestApp } from '../helpers/app.js';

const kinds: [ErrorKind, number, string][] = [
  ['invalid_input', 400, 'validation_failed'],
  ['unauthenticated', 401, 'unauthenticated'],
  ['forbidden', 403, 'forbidden'],
  ['not_found', 404, 'not_found'],
  ['conflict', 409, 'insufficient_stock'],
  ['idempotency_key_reused', 422, 'idempotency_key_reused'],
  ['payment_declined', 402, 'payment_declined'],
  ['rate_limited', 429, 'rate_limited'],
  ['feature_disabled', 403, 'feature_disabled'],
];

function testRoutes(app: FastifyInstance) {
  app.get('/api/test/kind/:kind', { config: { access: 'public' } }, async (request) => {
    const kind = (request.params as { kind: ErrorKind }).kind;
    const code = kinds.find(([k]) => k === kind)![2];
    throw new DomainError(kind, code, `refused as ${kind}`, kind === 'rate_limited' ? { retryAfter: 7 } : {});
  });
  app.get('/api/test/boom', { config: { access: 'public' } }, async () => {
    throw new Error('relation "secret_table" does not exist at /srv/app/db.ts:42');
  });
  app.post(
    '/api/test/lines',
    {
      config: { access: 'public' },
      schema: {
        body: z.object({
          customerId: z.string().min(3),
          lines: z.array(z.object({ itemId: z.string(), quantity: z.number().int().min(1) })).min(1),
        }),
      },
    },
    async () => ({ ok: true }),
  );
}

describe('problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp({ routes: testRoutes });
  });
  afterAll(() => t.close());

  it.each(kinds)('turns a %s DomainError into %i', async (kind, status, code) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/test/kind/${kind}` });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status,
      code,
      detail: `refused as ${kind}`,
      title: expect.any(String),
    });
    if (kind === 'rate_limited') expect(res.headers['retry-after']).toBe('7');
  });

  it('lists every bad field of a zod validation failure', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test/lines',
      payload: {
        customerId: 'x',
        lines: [
          { itemId: 'itm_1', quantity: 1 },
          { itemId: 'itm_2', quantity: 0 },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'customerId',
      'lines.1.quantity',
    ]);
    expect(body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/test/lines',
      headers: { 'content-type': 'application/json' },
      payload: '{"customerId": "abc", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_json', status: 400 });
  });

  it('answers an unknown API route with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/no/such/thing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'not_found', status: 404 });
  });

  it('hides an unexpected error behind a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test/boom' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toMatchObject({ status: 500, code: 'internal_error' });
    expect(body.requestId).toMatch(/^req_/);
    expect(res.body).not.toMatch(/secret_table|db\.ts|at \//);
  });
});
