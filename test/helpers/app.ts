import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { createStaffUser } from '../../src/server/modules/staff/index.js';
import type { Role } from '../../src/server/platform/auth.js';
import { EventHub } from '../../src/server/platform/events.js';
import { Mailer } from '../../src/server/platform/mail.js';
import { startSession } from '../../src/server/platform/sessions.js';
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
  options: { env?: Record<string, string>; routes?: (app: FastifyInstance) => void } = {},
): Promise<TestApp> {
  const env = options.env ?? {};
  const testDb = await openTestDatabase();
  const config = loadConfig({ TANDEM_SEED: 'none', LOG_LEVEL: 'silent', ...env });
  const events = new EventHub();
  await events.start(testDb.database);
  const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const deps: AppDeps = { config, database: testDb.database, mailer, events, version: 'test' };
  const app = await buildApp(deps, { logger: false });
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
