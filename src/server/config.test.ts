import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      seed: 'demo',
      role: 'all',
      smtpUrl: undefined,
      mailFrom: 'shop@localhost',
      paymentGateway: 'sandbox',
      publicUrl: 'http://127.0.0.1:3000',
      secureCookies: false,
    });
    expect(c.dataDir.endsWith('data')).toBe(true);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/tandem',
      DATA_DIR: '/srv/tandem',
      TANDEM_OWNER_EMAIL: 'Boss@Example.com',
      TANDEM_OWNER_PASSWORD: 'Correct-Horse-9',
      TANDEM_SEED: 'none',
      TANDEM_ROLE: 'worker',
      SMTP_URL: 'smtp://user:pass@127.0.0.1:2525',
      MAIL_FROM: 'Juniper <shop@juniper.example>',
      PAYMENT_GATEWAY: 'cardpointe',
      CARDPOINTE_URL: 'https://fts-uat.cardconnect.com/',
      CARDPOINTE_MERCHANT_ID: '496160873888',
      CARDPOINTE_USERNAME: 'testing',
      CARDPOINTE_PASSWORD: 'testing123',
      PUBLIC_URL: 'https://shop.example.com/',
      GIFT_CARD_KEY: 'ab'.repeat(32),
    });
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u:p@db:5432/tandem',
      dataDir: '/srv/tandem',
      ownerEmail: 'boss@example.com',
      seed: 'none',
      role: 'worker',
      smtpUrl: 'smtp://user:pass@127.0.0.1:2525',
      mailFrom: 'Juniper <shop@juniper.example>',
      paymentGateway: 'cardpointe',
      cardpointe: { url: 'https://fts-uat.cardconnect.com', merchantId: '496160873888' },
      publicUrl: 'https://shop.example.com',
      giftCardKey: 'ab'.repeat(32),
      secureCookies: true,
    });
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL'],
    ['TANDEM_SEED', 'lots', 'TANDEM_SEED'],
    ['TANDEM_ROLE', 'boss', 'TANDEM_ROLE'],
    ['SMTP_URL', 'http://mail', 'SMTP_URL'],
    ['MAIL_FROM', 'not an address', 'MAIL_FROM'],
    ['GIFT_CARD_KEY', 'too-short', 'GIFT_CARD_KEY'],
    ['PAYMENT_GATEWAY', 'stripe', 'PAYMENT_GATEWAY'],
    ['PUBLIC_URL', 'ftp://x', 'PUBLIC_URL'],
    ['TANDEM_OWNER_EMAIL', 'nobody', 'TANDEM_OWNER_EMAIL'],
  ])('refuses %s=%s, naming the variable', (name, value, named) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${named}: `));
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: '-1', TANDEM_ROLE: 'x', SMTP_URL: 'nope' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['PORT', 'SMTP_URL', 'TANDEM_ROLE']);
  });

  it('needs the CardPointe credentials when that gateway is chosen', () => {
    const problems = problemsOf({ PAYMENT_GATEWAY: 'cardpointe', CARDPOINTE_URL: 'https://x.example' });
    expect(problems).toEqual([
      'CARDPOINTE_MERCHANT_ID: must be set when PAYMENT_GATEWAY is cardpointe',
      'CARDPOINTE_USERNAME: must be set when PAYMENT_GATEWAY is cardpointe',
      'CARDPOINTE_PASSWORD: must be set when PAYMENT_GATEWAY is cardpointe',
    ]);
  });

  it('refuses an owner password that is too short, or one without an email', () => {
    expect(problemsOf({ TANDEM_OWNER_EMAIL: 'a@b.co', TANDEM_OWNER_PASSWORD: 'short' })[0]).toMatch(
      /^TANDEM_OWNER_PASSWORD: /,
    );
    expect(problemsOf({ TANDEM_OWNER_PASSWORD: 'Correct-Horse-9' })[0]).toMatch(/^TANDEM_OWNER_EMAIL: /);
  });

  it('reads TRUST_PROXY as hops or the proxies’ addresses, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, 192.168.0.0/16, ::1, loopback' }).trustProxy).toEqual([
      '10.0.0.2',
      '192.168.0.0/16',
      '::1',
      'loopback',
    ]);
    for (const bad of [
      'yes',
      'true',
      '0',
      '11',
      '10.0.0.0/40',
      '10.0.0.300',
      '10.0.0.1/8/2',
      'proxy.internal',
    ]) {
      expect(problemsOf({ TRUST_PROXY: bad })[0]).toMatch(/^TRUST_PROXY: /);
    }
  });
});
