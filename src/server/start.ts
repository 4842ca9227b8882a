import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from './app.js';
import type { Config } from './config.js';
import {
  CART_OUTBOX_CHANNEL,
  connectionCredentialBox,
  pushChanges,
  SYNC_CHANNEL,
} from './modules/connections/index.js';
import { GiftCardVault } from './modules/giftcards/index.js';
import { type OpenGateway, openGateway } from './modules/payments/index.js';
import { ensureOwner } from './modules/staff/index.js';
import { giftCardKey } from './platform/data-key.js';
import { type Database, lockDataDir, openPglite, openPostgres } from './platform/db.js';
import { DomainError } from './platform/errors.js';
import { EventHub } from './platform/events.js';
import { Jobs } from './platform/jobs.js';
import { LOCKS, withAdvisoryLock } from './platform/locks.js';
import { serializeError } from './platform/log.js';
import { Mailer } from './platform/mail.js';
import { Metrics } from './platform/metrics.js';
import { migrate } from './platform/migrate.js';
import { seedDemo } from './seed/demo.js';
import { startDemoCart } from './seed/demo-cart.js';
import { version } from './version.js';
import { cartDeps, defineJobs, scheduleDueRuns, startWakeups } from './worker.js';

export interface Tandem {
  deps: AppDeps;
  app: FastifyInstance | null;
  jobs: Jobs;
  /** Where the server listens, when it does (role all or web). */
  url: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Print lines meant for the person starting Tandem (the demo owner's password). */
  announce?: (line: string) => void;
  logger?: boolean;
  /** An already open database (tests); otherwise opened from the config. */
  database?: Database;
  /** A card gateway already open (tests); otherwise the configured one. */
  gateway?: OpenGateway;
}

export async function openDatabase(config: Config): Promise<{ database: Database; release: () => void }> {
  if (config.databaseUrl) return { database: await openPostgres(config.databaseUrl), release: () => {} };
  const release = lockDataDir(config.dataDir);
  try {
    return { database: await openPglite(path.join(config.dataDir, 'pgdata')), release };
  } catch (err) {
    release();
    throw err;
  }
}

/** The composition root: database → migrations → first owner and seed → app, jobs and worker. */
export async function startTandem(config: Config, options: StartOptions = {}): Promise<Tandem> {
  const announce = options.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  const opened = options.database
    ? { database: options.database, release: () => {} }
    : await openDatabase(config);
  const { database } = opened;
  const cleanups: (() => Promise<void> | void)[] = [opened.release, () => database.close()];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const dataKey = giftCardKey(config.giftCardKey, config.dataDir);
    const giftCardVault = new GiftCardVault(dataKey);
    await migrate(database);
    const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, sealer: giftCardVault });
    cleanups.push(() => mailer.close());
    const payments = options.gateway ?? (await openGateway(config));
    cleanups.push(() => payments.close());
    let demoSeeded = false;
    const owner = await withAdvisoryLock(database.db, LOCKS.bootstrap, async (tx) => {
      const created = await ensureOwner(tx, {
        email: config.ownerEmail,
        password: config.ownerPassword,
      }).catch((err: unknown) => {
        if (err instanceof DomainError) throw new Error(`TANDEM_OWNER_PASSWORD: ${err.message}`);
        throw err;
      });
      if (created && config.seed === 'demo') {
        demoSeeded = await seedDemo(tx, { gateway: payments.gateway, giftCardVault });
      }
      return created;
    });
    if (owner?.generatedPassword) {
      announce(`Created the owner ${owner.email} with password ${owner.generatedPassword}`);
      announce('This password is shown once: sign in and keep it safe.');
    }

    const events = new EventHub();
    await events.start(database);
    cleanups.push(() => events.stop());
    const deps: AppDeps = {
      config,
      database,
      mailer,
      events,
      version,
      gateway: payments.gateway,
      gatewaySiteUrl: payments.siteUrl,
      giftCardVault,
      credentialBox: connectionCredentialBox(dataKey),
      metrics: new Metrics(),
    };

    // Started before the jobs, so that it closes after them: a run of its cart ends first.
    // The demo's web shop runs beside a demo Tandem that does everything itself (role `all`).
    if (config.seed === 'demo' && config.role === 'all') {
      const store = await startDemoCart(deps, { firstStart: demoSeeded });
      if (store) {
        cleanups.push(() => store.close());
        announce(`Demo web shop (WooCommerce emulator) at ${store.url}`);
      }
    }

    const works = config.role !== 'web';
    let app: FastifyInstance | null = null;
    if (config.role !== 'worker') {
      app = await buildApp(deps, { logger: options.logger ?? true });
    }
    const log = (err: unknown) => {
      if (app) app.log.error({ err }, 'background job error');
      else process.stderr.write(`background job error: ${serializeError(err).stack}\n`);
    };
    const jobs = new Jobs(database, { work: works, onError: log });
    defineJobs(jobs, deps);
    await database.withSessionLock(LOCKS.jobsSetup, () => jobs.start());
    cleanups.push(() => jobs.stop());
    if (works) {
      cleanups.push(await startWakeups(deps, 'tandem_mail', () => deps.mailer.deliverDue(database.db), log));
      cleanups.push(await startWakeups(deps, SYNC_CHANNEL, () => scheduleDueRuns(jobs, deps), log));
      cleanups.push(await startWakeups(deps, CART_OUTBOX_CHANNEL, () => pushChanges(cartDeps(deps)), log));
      // After a crash, what the gateway was left doing is settled at once, not at the next minute.
      await jobs.send('payments.settle', { everything: true });
    }

    let url: string | null = null;
    if (app) {
      const server = app;
      cleanups.push(() => server.close());
      await server.listen({ port: config.port, host: config.host });
      const address = server.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    }
    return { deps, app, jobs, url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
