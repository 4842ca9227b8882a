import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../src/server/platform/sessions.js';
import { seedDemo } from '../../src/server/seed/demo.js';
import { customerAccounts } from '../../src/server/tables.js';
import { ORIGIN, openTestApp, staffSession, type TestApp } from '../helpers/app.js';

/**
 * Every operation of the published OpenAPI document, sent hostile input as the owner, as a
 * customer and as nobody: wrong types, numbers no column holds, NUL, unpaired surrogates, long
 * strings. Whatever the input, the answer is never a 5xx.
 */

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  default?: unknown;
};
type Parameter = { in: 'query' | 'path' | 'header'; name: string; schema: JsonSchema; required?: boolean };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
};
type Identity = 'owner' | 'customer' | 'nobody';
type Attempt = {
  method: string;
  url: string;
  payload?: unknown;
  /** Sent as it is, for JSON no value turns into (nested deeper than a stack). */
  raw?: string;
  headers?: Record<string, string>;
};

const LONG = 'a'.repeat(100_000);
/** What a string field is sent instead of its value. */
const hostileStrings: unknown[] = ['\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', LONG, ''];
/** What a number field is sent instead of its value. */
const hostileNumbers: unknown[] = [2 ** 31, 2 ** 31 - 1, 2 ** 53, 1e308, -(2 ** 31), -1, 0.5, -0.5, '1'];
/** What any field, and the whole body, is sent instead. */
const wrongTypes: unknown[] = [null, true, {}, [], [{}], 'x', 7];
/** Query and path values; a lone surrogate as the UTF-8 of one (what a broken client sends). */
const hostileRaw = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%80',
  '%FF',
  'x'.repeat(5000),
  '-1',
  '2147483648',
  '1e308',
  '0.5',
];

describe('fuzz: every route of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApi;
  const ids: Record<string, string> = {};
  let ownerUserId = '';
  let customerId = '';

  const one = async (sql: string): Promise<string> => {
    const { rows } = await t.deps.database.query<{ id: string }>(sql);
    return rows[0]?.id ?? 'x_missing';
  };

  beforeAll(async () => {
    t = await openTestApp();
    const { db } = t.deps.database;
    await db.transaction((tx) =>
      seedDemo(tx, { gateway: t.deps.gateway, giftCardVault: t.deps.giftCardVault }),
    );
    ownerUserId = (await staffSession(t, 'owner')).user.id;
    // A second staff member: the one the staff routes change, so the owner stays signed in.
    ids.staff = (await staffSession(t, 'cashier')).user.id;
    customerId = await one('select customer_id as id from customer_packages limit 1');
    await db
      .insert(customerAccounts)
      .values({ customerId, email: `fuzz-${customerId}@example.com`, passwordHash: 'not-used' })
      .onConflictDoNothing();
    // The customer buys a membership with a card they keep: a subscription, a payment and a saved card.
    const owner = await headersOf('owner');
    const membership = (
      await t.deps.database.query<{ id: string; price: number }>(
        `select id, price from items where kind = 'membership' and active limit 1`,
      )
    ).rows[0]!;
    const token = (
      await t.app.inject({
        method: 'POST',
        url: '/api/payments/tokenize',
        headers: { origin: ORIGIN },
        payload: { number: '4111111111111111', expiry: '1230', cvv: '123' },
      })
    ).json().token as string;
    const sale = await t.app.inject({
      method: 'POST',
      url: '/api/pos/sales',
      headers: { ...owner, 'idempotency-key': 'fuzz-setup' },
      payload: {
        customerId,
        lines: [{ itemId: membership.id, quantity: 1 }],
        payments: [
          { method: 'card', amount: membership.price, cardToken: token, expiry: '1230', saveCard: true },
        ],
      },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/emails/test',
      headers: owner,
      payload: { to: 'fuzz@example.com' },
    });
    ids.item = await one(`select id from items where kind = 'product' limit 1`);
    ids.customer = customerId;
    ids.order = sale.json().id;
    ids.orderLine = sale.json().lines[0].id;
    ids.giftCard = await one(`select id from gift_cards where status = 'active' limit 1`);
    ids.payment = await one('select id from payments limit 1');
    ids.paymentMethod = await one(
      `select id from payment_methods where customer_id = '${customerId}' limit 1`,
    );
    ids.subscription = await one(`select id from subscriptions where customer_id = '${customerId}' limit 1`);
    ids.package = await one(`select id from customer_packages where customer_id = '${customerId}' limit 1`);
    ids.email = await one('select id from mail_outbox limit 1');
    expect(Object.entries(ids).filter(([, id]) => id.startsWith('x_'))).toEqual([]);
    const docRes = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    doc = docRes.json();
  }, 120_000);
  afterAll(() => t?.close());

  /** The real id a path parameter or an id field most likely wants. */
  function idFor(path: string, name: string): string {
    if (name === 'lineId') return ids.orderLine!;
    if (name === 'itemId') return ids.item!;
    if (name === 'customerId') return ids.customer!;
    if (name === 'paymentMethodId' || name === 'cardId') return ids.paymentMethod!;
    if (name === 'action') return 'pause';
    const resource = path.split('/{')[0]!.split('/').pop()!;
    const byResource: Record<string, string> = {
      items: 'item',
      customers: 'customer',
      orders: 'order',
      'gift-cards': 'giftCard',
      payments: 'payment',
      'payment-methods': 'paymentMethod',
      subscriptions: 'subscription',
      packages: 'package',
      emails: 'email',
      staff: 'staff',
    };
    return ids[byResource[resource] ?? ''] ?? 'x_unknown';
  }

  function resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    while (s.$ref) s = doc.components.schemas[s.$ref.split('/').pop()!]!;
    return s;
  }

  const stringCandidates = [
    'fuzz@example.com',
    '2026-01-15',
    '2026-01-15T10:00:00.000Z',
    'USD',
    'US',
    'ABCD1234',
    '1230',
    '123',
    '9411111111111111',
    '4111111111111111',
    '6061',
    'America/New_York',
    'https://example.com',
    'Fuzzed text',
  ];

  /** A value the schema most likely accepts, so that one hostile field reaches the handler. */
  function sample(schema: JsonSchema, name = ''): unknown {
    const s = resolve(schema);
    if (s.const !== undefined) return s.const;
    if (s.enum) return s.enum[0];
    if (s.default !== undefined && s.default !== null) return s.default;
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives)
      return sample(alternatives.find((a) => resolve(a).type !== 'null') ?? alternatives[0]!, name);
    if (s.allOf) return sample(s.allOf[0]!, name);
    const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(s.properties ?? {})) out[key] = sample(value, key);
        return out;
      }
      case 'array':
        return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => sample(s.items ?? {}, name));
      case 'integer':
      case 'number':
        return Math.max(1, s.minimum ?? 1, s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      case 'boolean':
        return true;
      case 'string': {
        if (/Id$|^id$/.test(name)) return idFor('', name);
        if (s.format === 'email') return 'fuzz@example.com';
        const pattern = s.pattern ? new RegExp(s.pattern) : null;
        const found = stringCandidates.find(
          (c) => (!pattern || pattern.test(c)) && c.length >= (s.minLength ?? 0),
        );
        return found ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
      }
      default:
        return 'x';
    }
  }

  /** Every leaf of a sample, as a path of keys. */
  function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) return value.length ? value.flatMap((v, i) => leaves(v, [...at, i])) : [at];
    if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      return entries.length ? entries.flatMap(([k, v]) => leaves(v, [...at, k])) : [at];
    }
    return [at];
  }

  function withValue(base: unknown, at: (string | number)[], value: unknown): unknown {
    if (at.length === 0) return value;
    const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<
      string | number,
      unknown
    >;
    copy[at[0]!] = withValue((base as Record<string | number, unknown>)[at[0]!], at.slice(1), value);
    return copy;
  }

  function bodies(schema: JsonSchema): unknown[] {
    const base = sample(schema);
    const out: unknown[] = [base, ...wrongTypes, [base], LONG, { ...(base as object), extra: '\u0000' }];
    for (const at of leaves(base)) {
      const current = at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], base);
      const hostile =
        typeof current === 'number' ? hostileNumbers : typeof current === 'string' ? hostileStrings : [];
      for (const value of [...hostile, ...wrongTypes]) out.push(withValue(base, at, value));
    }
    // Every string of the body at once carries the hostile text, and every number the huge one.
    for (const value of ['\u0000', '\uD800'])
      out.push(mapLeaves(base, (v) => (typeof v === 'string' ? value : v)));
    for (const value of [2 ** 31, -(2 ** 31), 1e308])
      out.push(mapLeaves(base, (v) => (typeof v === 'number' ? value : v)));
    // And a few shapes no one planned for, the same ones on every run.
    out.push(...fc.sample(fc.jsonValue({ maxDepth: 3 }), { seed: 20260, numRuns: 6 }));
    return out;
  }

  function mapLeaves(value: unknown, f: (v: unknown) => unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => mapLeaves(v, f));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, f)]));
    return f(value);
  }

  function attemptsOf(path: string, method: string, op: Operation): Attempt[] {
    const params = op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const urlWith = (overrides: Record<string, string>) =>
      path.replace(
        /\{(\w+)\}/g,
        (_, name: string) => overrides[name] ?? encodeURIComponent(idFor(path, name)),
      );
    const queryParams = params.filter((p) => p.in === 'query');
    const attempts: Attempt[] = [];
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    const upper = method.toUpperCase();
    if (bodySchema) {
      for (const payload of bodies(bodySchema)) attempts.push({ method: upper, url: urlWith({}), payload });
      attempts.push({ method: upper, url: urlWith({}), raw: `${'['.repeat(50_000)}${']'.repeat(50_000)}` });
    } else {
      attempts.push({ method: upper, url: urlWith({}) });
    }
    for (const p of pathParams) {
      for (const raw of hostileRaw) {
        const url = urlWith({ [p.name]: raw });
        attempts.push({ method: upper, url, ...(bodySchema ? { payload: sample(bodySchema) } : {}) });
      }
    }
    const base = urlWith({});
    for (const q of queryParams) {
      for (const raw of [...hostileRaw, ''])
        attempts.push({ method: upper, url: `${base}?${q.name}=${raw}` });
      attempts.push({ method: upper, url: `${base}?${q.name}=a&${q.name}=b` });
      attempts.push({ method: upper, url: `${base}?${q.name}[x]=1` });
    }
    // Credentials and keys no one issued: the hooks that read them run before any schema.
    const hostileHeaders: Record<string, string>[] = [
      { cookie: 'tandem_session=%00; tandem_customer=%ED%A0%80' },
      { cookie: `tandem_session=${LONG.slice(0, 4000)}` },
      { authorization: 'Bearer %00' },
      { authorization: `Bearer ${'x'.repeat(4000)}` },
      { 'idempotency-key': 'x'.repeat(4000) },
      { 'idempotency-key': '\u00ff' },
    ];
    for (const headers of hostileHeaders) {
      attempts.push({
        method: upper,
        url: base,
        headers,
        ...(bodySchema ? { payload: sample(bodySchema) } : {}),
      });
    }
    // Bodies in a form no route reads, and one larger than any route accepts.
    for (const [type, raw] of [
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'a=%00&b=1'],
      ['application/json', '{"unterminated": '],
      ['application/json', `"${'a'.repeat(1_100_000)}"`],
    ] as const) {
      attempts.push({ method: upper, url: base, raw, headers: { 'content-type': type } });
    }
    if (queryParams.length) {
      const all = queryParams.map((q) => `${q.name}=%00`).join('&');
      attempts.push({ method: upper, url: `${base}?${all}` });
    }
    return attempts;
  }

  async function headersOf(identity: Identity): Promise<Record<string, string>> {
    if (identity === 'nobody') return { origin: ORIGIN };
    const { db } = t.deps.database;
    if (identity === 'owner') {
      return { origin: ORIGIN, cookie: `tandem_session=${await startSession(db, 'staff', ownerUserId)}` };
    }
    return { origin: ORIGIN, cookie: `tandem_customer=${await startSession(db, 'customer', customerId)}` };
  }

  const failures: string[] = [];
  let sent = 0;
  /** Each request from an address of its own: sign-in throttles must not hide what comes after. */
  const addressOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

  async function send(attempt: Attempt, identity: Identity, signedIn: Record<string, string>): Promise<void> {
    sent++;
    const headers: Record<string, string> = {
      ...signedIn,
      ...(attempt.payload !== undefined || attempt.raw !== undefined
        ? { 'content-type': 'application/json', 'idempotency-key': `fuzz-${sent}` }
        : {}),
      ...attempt.headers,
    };
    const res = await t.app.inject({
      method: attempt.method as 'GET',
      url: attempt.url,
      remoteAddress: addressOf(sent),
      headers,
      ...(attempt.raw !== undefined ? { payload: attempt.raw } : {}),
      ...(attempt.payload !== undefined ? { payload: JSON.stringify(attempt.payload) } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    if (res.statusCode >= 500 || (res.statusCode >= 400 && !type.startsWith('application/problem+json'))) {
      failures.push(
        [
          `${identity} ${attempt.method} ${attempt.url.slice(0, 200)}`,
          attempt.headers ? JSON.stringify(attempt.headers).slice(0, 200) : '',
          (attempt.raw ?? JSON.stringify(attempt.payload))?.slice(0, 300) ?? '',
          `→ ${res.statusCode} ${res.body.slice(0, 200)}`,
        ]
          .filter(Boolean)
          .join(' '),
      );
    }
  }

  it('answers no hostile request with a 5xx, whoever sends it', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(80);
    // Signing out comes last, and each operation gets fresh sessions: what one request changes
    // (a password, a staff member's role) does not stop the next from reaching its handler.
    operations.sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
    const owner = await headersOf('owner');
    const settings = (
      await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: owner })
    ).json();
    for (const { path, method, op } of operations) {
      const attempts = attemptsOf(path, method, op);
      for (const identity of ['owner', 'customer', 'nobody'] as Identity[]) {
        // The event stream never ends for someone allowed to read it.
        if (path === '/api/events' && identity === 'owner') continue;
        const headers = await headersOf(identity);
        for (const attempt of attempts) await send(attempt, identity, headers);
      }
      // What the operation switched off (the shop, the portal) is switched on again for the next.
      const restored = await t.app.inject({
        method: 'PATCH',
        url: '/api/admin/settings',
        headers: owner,
        payload: settings,
      });
      expect(restored.statusCode).toBe(200);
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
  }, 600_000);

  it('answers no request sent twice at once with a 5xx', async () => {
    // Two of the same change racing each other: unique keys, balances and guarded updates decide
    // which one wins; the loser hears 4xx, never 500.
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const bodySchema = op.requestBody?.content['application/json']?.schema;
        if (method === 'get' || path.endsWith('/logout') || path === '/api/events') continue;
        const identity: Identity = path.startsWith('/api/store/') ? 'customer' : 'owner';
        const headers = await headersOf(identity);
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(idFor(path, name)));
        const attempt: Attempt = {
          method: method.toUpperCase(),
          url,
          ...(bodySchema ? { payload: sample(bodySchema) } : {}),
        };
        await Promise.all([send(attempt, identity, headers), send(attempt, identity, headers)]);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);
});
