import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';

/**
 * Behind a reverse proxy every connection comes from the proxy. With TRUST_PROXY, Tandem reads the
 * client's address and scheme from the proxy's headers, so each shopper has a sign-in budget of
 * their own; without it, or from anyone but the named proxies, those headers are ignored.
 */
describe('TRUST_PROXY', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.close())));
  const open = async (trustProxy?: string) => {
    const t = await openTestApp({
      env: trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy },
    });
    apps.push(t);
    return t;
  };

  let tries = 0;
  /** A wrong staff sign-in (a new email each time, so only the per-address limit can answer 429). */
  const wrongSignIn = (t: TestApp, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      headers: { 'content-type': 'application/json', ...headers },
      payload: { email: `nobody${++tries}@example.com`, password: 'not-the-password' },
    });

  it('without it, a forwarded address is ignored: five wrong sign-ins through the proxy stop everyone', async () => {
    const t = await open();
    for (let i = 0; i < 5; i++) {
      const res = await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': `203.0.113.${i + 1}` });
      expect(res.statusCode).toBe(401);
    }
    const next = await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '198.51.100.77' });
    expect(next.statusCode).toBe(429);
    expect(next.json().code).toBe('rate_limited');
  });

  it('with one hop trusted, each client behind the proxy has a budget of its own, and a forged header gains nothing', async () => {
    const t = await open('1');
    for (let i = 0; i < 5; i++) {
      expect((await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(401);
    }
    expect((await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(429);
    // Another shopper behind the same proxy is not throttled by the first one's mistakes.
    expect((await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '198.51.100.77' })).statusCode).toBe(401);
    // The throttled client writes an address of its own first: the proxy appends the real one,
    // and only the proxy's entry is believed.
    const forged = await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '192.0.2.1, 203.0.113.9' });
    expect(forged.statusCode).toBe(429);
  });

  it('with the proxy named by address, only that proxy is believed', async () => {
    const t = await open('10.0.0.2, 127.0.0.1');
    for (let i = 0; i < 5; i++) {
      expect((await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '203.0.113.20' })).statusCode).toBe(401);
    }
    expect((await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '203.0.113.20' })).statusCode).toBe(429);
    expect((await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '203.0.113.21' })).statusCode).toBe(401);
    // A client reaching Tandem directly cannot pose as someone else.
    for (let i = 0; i < 5; i++) {
      expect((await wrongSignIn(t, '192.0.2.50', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode).toBe(
        401,
      );
    }
    expect((await wrongSignIn(t, '192.0.2.50', { 'x-forwarded-for': '198.51.100.99' })).statusCode).toBe(429);
  });

  it('reads the scheme and host the browser used from the proxy, for the same-origin check', async () => {
    const behind = {
      origin: 'https://shop.example',
      host: '127.0.0.1:3000',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'shop.example',
    };
    const trusted = await open('1');
    // Our own origin as the browser sees it: the request goes through (to a wrong password).
    expect((await wrongSignIn(trusted, '10.0.0.2', behind)).statusCode).toBe(401);
    const other = await wrongSignIn(trusted, '10.0.0.2', { ...behind, origin: 'https://evil.example' });
    expect(other.statusCode).toBe(403);

    // Untrusted: the forwarded scheme and host are ignored, so a forged pair cannot pass another origin off as ours.
    const untrusted = await open();
    const forged = await wrongSignIn(untrusted, '10.0.0.2', {
      ...behind,
      origin: 'https://evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expect(forged.statusCode).toBe(403);
  });

  it('says once in the log when requests come through a proxy it was not told to trust', async () => {
    const log = new PassThrough();
    let lines = '';
    log.on('data', (chunk: Buffer) => {
      lines += chunk.toString();
    });
    const t = await openTestApp({ env: { LOG_LEVEL: 'warn' }, logStream: log });
    apps.push(t);
    await wrongSignIn(t, '10.0.0.2');
    expect(lines).not.toContain('TRUST_PROXY');
    for (let i = 0; i < 3; i++) await wrongSignIn(t, '10.0.0.2', { 'x-forwarded-for': '203.0.113.5' });
    expect(lines.match(/TRUST_PROXY is not set/g)).toHaveLength(1);

    const quiet = new PassThrough();
    let quietLines = '';
    quiet.on('data', (chunk: Buffer) => {
      quietLines += chunk.toString();
    });
    const t2 = await openTestApp({ env: { LOG_LEVEL: 'warn', TRUST_PROXY: '1' }, logStream: quiet });
    apps.push(t2);
    await wrongSignIn(t2, '10.0.0.2', { 'x-forwarded-for': '203.0.113.5' });
    expect(quietLines).not.toContain('TRUST_PROXY');
  });
});
