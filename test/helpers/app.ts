import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { connectionCredentialBox } from '../../src/server/modules/connections/index.js';
import { createCustomer } from '../../src/server/modules/customers/index.js';
import { GiftCardVault } from '../../src/server/modules/giftcards/index.js';
import { type OpenGateway, openGateway } from '../../src/server/modules/payments/index.js';
import { createStaffUser } from '../../src/server/modules/staff/index.js';
import { type Role, systemActor } from '../../src/server/platform/auth.js';
import { EventHub } from '../../src/server/platform/events.js';
import { Mailer } from '../../src/server/platform/mail.js';
import { Metrics } from '../../src/server/platform/metrics.js';
import { startSession } from '../../src/server/platform/sessions.js';
import { customerAccounts } from '../../src/server/tables.js';
import { openTestDatabase, type TestDatabase } from './database.js';

export const ORIGIN = 'http://127.0.0.1:3000';

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  testDb: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a fresh database, used through `inject`. */
export async function openTestApp(
  options: {
    env?: Record<string, string>;
    routes?: (app: FastifyInstance) => void;
    /** A card gateway the test controls; otherwise a sandbox of its own. */
    gateway?: OpenGateway;
    /** Where the app's log goes (the level from LOG_LEVEL); no log otherwise. */
    logStream?: NodeJS.WritableStream;
    /** Told every statement the query builder sends. */
    onQuery?: (query: string) => void;
  } = {},
): Promise<TestApp> {
  const env = options.env ?? {};
  const testDb = await openTestDatabase(options.onQuery ? { onQuery: options.onQuery } : {});
  const config = loadConfig({ TANDEM_SEED: 'none', LOG_LEVEL: 'silent', ...env });
  const events = new EventHub();
  await events.start(testDb.database);
  const dataKey = randomBytes(32);
  const giftCardVault = new GiftCardVault(dataKey);
  const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, sealer: giftCardVault });
  const payments = options.gateway ?? (await openGateway(config));
  const deps: AppDeps = {
    config,
    database: testDb.database,
    mailer,
    events,
    version: 'test',
    gateway: payments.gateway,
    gatewaySiteUrl: payments.siteUrl,
    giftCardVault,
    credentialBox: connectionCredentialBox(dataKey),
    metrics: new Metrics(),
  };
  const app = await buildApp(
    deps,
    options.logStream ? { logger: true, logStream: options.logStream } : { logger: false },
  );
  options.routes?.(app);
  await app.ready();
  return {
    app,
    deps,
    testDb,
    close: async () => {
      await app.close();
      mailer.close();
      await events.stop();
      await payments.close();
      await testDb.close();
    },
  };
}

let counter = 0;

/** A staff member of `role` and the headers of their signed-in browser. */
export async function staffSession(t: TestApp, role: Role) {
  counter++;
  const user = await createStaffUser(t.deps.database.db, {
    email: `${role}${counter}@example.com`,
    name: `${role} ${counter}`,
    role,
    password: 'Correct-Horse-9',
  });
  const secret = await startSession(t.deps.database.db, 'staff', user.id);
  return { user, headers: { cookie: `tandem_session=${secret}`, origin: ORIGIN } };
}

/** A customer with a confirmed online account and the headers of their signed-in browser. */
export async function customerSession(t: TestApp, name: string) {
  counter++;
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}${counter}@example.com`;
  const { db } = t.deps.database;
  const customer = await createCustomer(
    db,
    systemActor,
    { name, email, addresses: [], marketingConsent: false },
    'shop',
  );
  await db.insert(customerAccounts).values({ customerId: customer.id, email, passwordHash: 'not-used' });
  const secret = await startSession(db, 'customer', customer.id);
  return { customer, headers: { cookie: `tandem_customer=${secret}`, origin: ORIGIN } };
}

/** The fields a 400 `validation_failed` answer names, sorted. */
export const errorPaths = (res: { json: () => { errors?: { path: string }[] } }) =>
  (res.json().errors ?? []).map((e) => e.path).sort();

let idempotencyKeys = 0;

/** A POST through the app, with an Idempotency-Key of its own unless one is given. */
export const postJson = (
  t: TestApp,
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  key?: string,
) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'idempotency-key': key ?? `test-${++idempotencyKeys}` },
    payload: payload as object,
  });

/** A sandbox token for the approving test card 4111 1111 1111 1111 (expiry 12/30). */
export const testCardToken = async (t: TestApp): Promise<string> =>
  (
    await t.app.inject({
      method: 'POST',
      url: '/api/payments/tokenize',
      headers: { origin: ORIGIN },
      payload: { number: '4111111111111111', expiry: '1230', cvv: '123' },
    })
  ).json().token as string;
