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
  };
}
