import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../../src/server/platform/crypto.js';
import { ORIGIN, openTestApp, type TestApp } from '../helpers/app.js';

/** The app at the default log level (info), its log kept as text. */
describe('what the log keeps', () => {
  let t: TestApp;
  const logged: string[] = [];
  const log = () => logged.join('');
  const secret = randomToken(32);
  const passwordHash = `$argon2id$v=19$m=19456,t=2,p=1$${randomToken(16)}$${randomToken(32)}`;
  const tokenHash = sha256(secret);

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logged.push(chunk.toString()));
    t = await openTestApp({
      env: { LOG_LEVEL: '' },
      logStream: stream,
      // Statements that fail in the database with secrets among their parameters, as a defect
      // in a use case would.
      routes: (app) => {
        const db = () => t.deps.database.db;
        const failing = {
          // not_null_violation: PostgreSQL's detail shows the whole row.
          'not-null': () =>
            db().execute(
              sql`insert into one_time_tokens (token_hash, purpose, subject, data, expires_at)
                  values (${tokenHash}, null, ${'otis@example.com'}, ${JSON.stringify({ passwordHash })}, now())`,
            ),
          // undefined_function, with a password hash as its argument.
          'no-function': () => db().execute(sql`select no_such_function(${passwordHash}, ${secret})`),
          // Those the app answers 4xx to: still nothing of them in the log.
          duplicate: async () => {
            for (let i = 0; i < 2; i++) {
              await db().execute(
                sql`insert into one_time_tokens (token_hash, purpose, subject, expires_at)
                    values (${tokenHash}, 'customer.reset', ${'otis@example.com'}, now())`,
              );
            }
          },
          'bad-number': () => db().execute(sql`select ${secret}::int`),
        };
        for (const [name, run] of Object.entries(failing)) {
          app.post(`/test/${name}`, async () => {
            await run();
            return {};
          });
        }
      },
    });
  });
  afterAll(() => t.close());

  it('keeps no one-time token from the links in emails, nor from secret query parameters', async () => {
    for (const url of [
      `/shop/reset-password?token=${secret}`,
      `/shop/confirm?token=${secret}`,
      `/accept-invitation?token=${secret}&next=/admin`,
      `/api/store/catalog?token=${secret}`,
      `/api/admin/emails?limit=5&code=${secret}`,
    ]) {
      await t.app.inject({ method: 'GET', url, headers: { origin: ORIGIN } });
    }
    expect(log()).toContain('/shop/reset-password?[redacted]');
    expect(log()).toContain('/accept-invitation?[redacted]');
    expect(log()).toContain('/api/admin/emails?limit=5&code=[redacted]');
    expect(log()).not.toContain(secret);
  });

  it('keeps no cart webhook key from the webhook address', async () => {
    await t.app.inject({
      method: 'POST',
      url: `/api/hooks/connections/con_nothing/${secret}?x=1`,
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(log()).toContain('/api/hooks/connections/con_nothing/[redacted]');
    expect(log()).not.toContain(secret);
  });

  it('keeps no statement parameter nor value when a database error happens', async () => {
    for (const name of ['not-null', 'no-function', 'duplicate', 'bad-number']) {
      const res = await t.app.inject({ method: 'POST', url: `/test/${name}`, headers: { origin: ORIGIN } });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      if (name === 'not-null' || name === 'no-function') expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain(secret);
    }
    // It still says what failed, and where.
    expect(log()).toContain('"code":"23502"');
    expect(log()).toContain('"code":"42883"');
    expect(log()).toContain('insert into one_time_tokens');
    for (const value of [secret, tokenHash, passwordHash, 'otis@example.com', 'Failing row']) {
      expect(log()).not.toContain(value);
    }
  });
});
