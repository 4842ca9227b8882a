import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Typed configuration read once from the environment; a bad value stops the start, naming the variable. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  ownerEmail: string | undefined;
  ownerPassword: string | undefined;
  seed: 'demo' | 'none';
  role: 'all' | 'web' | 'worker';
  smtpUrl: string | undefined;
  mailFrom: string;
  paymentGateway: 'sandbox' | 'cardpointe';
  cardpointe: { url: string; merchantId: string; username: string; password: string } | undefined;
  publicUrl: string;
  /** 64 hex digits; unset keeps a key in `DATA_DIR`. */
  giftCardKey: string | undefined;
  /** True when PUBLIC_URL is https: cookies get Secure and the __Host- prefix. */
  secureCookies: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long a sale's approved card payment may wait for its order before it is given back. */
  paymentGraceMs: number;
  /**
   * Which reverse proxies to believe about the client's address and scheme (X-Forwarded-For,
   * X-Forwarded-Proto, X-Forwarded-Host): `false` believes none, a number that many hops in front of
   * Tandem, a list the proxies' own addresses or networks.
   */
  trustProxy: false | number | string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' });
const smtpUrl = z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' });

/** A proxy's address or network as proxy-addr reads it: an IP, a CIDR, or loopback, linklocal, uniquelocal. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): number | string[] => {
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops >= 1 && hops <= 10) return hops;
      ctx.addIssue({ code: 'custom', message: 'must be 1–10 hops, or the proxies’ addresses' });
      return z.NEVER;
    }
    const entries = v.split(',').map((x) => x.trim());
    const bad = entries.filter((x) => !isProxyAddress(x));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a number of hops or a comma-separated list of addresses or networks (not ${bad.map((b) => JSON.stringify(b)).join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

const envSchema = z.object({
  PORT: z.preprocess(
    (v) => blankToUndefined(v) ?? '3000',
    z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(0, 'must be 0–65535')
      .max(65535, 'must be 0–65535'),
  ),
  HOST: z.preprocess((v) => blankToUndefined(v) ?? '127.0.0.1', z.string().min(1)),
  DATABASE_URL: optional(postgresUrl),
  DATA_DIR: z.preprocess((v) => blankToUndefined(v) ?? './data', z.string()),
  TANDEM_OWNER_EMAIL: optional(z.email({ error: 'must be an email address' })),
  TANDEM_OWNER_PASSWORD: optional(
    z.string().min(8, 'must be at least 8 characters').max(128, 'must be at most 128 characters'),
  ),
  TANDEM_SEED: z.preprocess(
    (v) => blankToUndefined(v) ?? 'demo',
    z.enum(['demo', 'none'], { error: 'must be demo or none' }),
  ),
  TANDEM_ROLE: z.preprocess(
    (v) => blankToUndefined(v) ?? 'all',
    z.enum(['all', 'web', 'worker'], { error: 'must be all, web or worker' }),
  ),
  SMTP_URL: optional(smtpUrl),
  MAIL_FROM: z.preprocess(
    (v) => blankToUndefined(v) ?? 'shop@localhost',
    z.string().regex(/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/, 'must be an email address'),
  ),
  PAYMENT_GATEWAY: z.preprocess(
    (v) => blankToUndefined(v) ?? 'sandbox',
    z.enum(['sandbox', 'cardpointe'], { error: 'must be sandbox or cardpointe' }),
  ),
  CARDPOINTE_URL: optional(httpUrl),
  CARDPOINTE_MERCHANT_ID: optional(z.string().regex(/^\d{6,20}$/, 'must be the numeric merchant id')),
  CARDPOINTE_USERNAME: optional(z.string()),
  CARDPOINTE_PASSWORD: optional(z.string()),
  PUBLIC_URL: optional(httpUrl),
  GIFT_CARD_KEY: optional(z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (32 bytes)')),
  LOG_LEVEL: z.preprocess(
    (v) => blankToUndefined(v) ?? 'info',
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  ),
  TRUST_PROXY: optional(trustProxy),
  PAYMENT_GRACE_SECONDS: z.preprocess(
    (v) => blankToUndefined(v) ?? '600',
    z.coerce
      .number({ error: 'must be a number of seconds' })
      .int('must be a whole number of seconds')
      .min(1, 'must be 1–86400')
      .max(86_400, 'must be 1–86400'),
  ),
});

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.TANDEM_OWNER_PASSWORD && !e.TANDEM_OWNER_EMAIL) {
    problems.push('TANDEM_OWNER_EMAIL: must be set when TANDEM_OWNER_PASSWORD is set');
  }
  let cardpointe: Config['cardpointe'];
  if (e.PAYMENT_GATEWAY === 'cardpointe') {
    const missing = (
      ['CARDPOINTE_URL', 'CARDPOINTE_MERCHANT_ID', 'CARDPOINTE_USERNAME', 'CARDPOINTE_PASSWORD'] as const
    ).filter((k) => !e[k]);
    for (const k of missing) problems.push(`${k}: must be set when PAYMENT_GATEWAY is cardpointe`);
    if (missing.length === 0) {
      cardpointe = {
        url: e.CARDPOINTE_URL!.replace(/\/+$/, ''),
        merchantId: e.CARDPOINTE_MERCHANT_ID!,
        username: e.CARDPOINTE_USERNAME!,
        password: e.CARDPOINTE_PASSWORD!,
      };
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const hostForUrl = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  const publicUrl = (e.PUBLIC_URL ?? `http://${hostForUrl}:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    ownerEmail: e.TANDEM_OWNER_EMAIL?.toLowerCase(),
    ownerPassword: e.TANDEM_OWNER_PASSWORD,
    seed: e.TANDEM_SEED,
    role: e.TANDEM_ROLE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    paymentGateway: e.PAYMENT_GATEWAY,
    cardpointe,
    publicUrl,
    giftCardKey: e.GIFT_CARD_KEY,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    paymentGraceMs: e.PAYMENT_GRACE_SECONDS * 1000,
    trustProxy: e.TRUST_PROXY ?? false,
  };
}
