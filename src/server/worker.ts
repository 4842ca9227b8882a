import type { AppDeps } from './app.js';
import {
  claimDueRuns,
  openCart,
  pruneWebhookDeliveries,
  pushChanges,
  runSync,
  type SyncTrigger,
} from './modules/connections/index.js';
import { renewDueSubscriptions } from './modules/memberships/index.js';
import { reconcileCardRefunds } from './modules/orders/index.js';
import { reconcileSalePayments, sendQueuedRefunds, settlePendingPayments } from './modules/payments/index.js';
import { pruneLoginThrottle } from './platform/credentials.js';
import { pruneIdempotencyKeys } from './platform/idempotency.js';
import type { Jobs } from './platform/jobs.js';
import { serializeError } from './platform/log.js';
import { pruneTokens } from './platform/one-time-tokens.js';
import { pruneRateLimits } from './platform/rate-limit.js';
import { pruneExpiredSessions } from './platform/sessions.js';

/** The background work every Tandem worker does. */
export function defineJobs(jobs: Jobs, deps: AppDeps): void {
  const { db } = deps.database;
  jobs.define({
    name: 'mail.deliver',
    cron: '* * * * *',
    retryLimit: 0,
    handler: async () => {
      await deps.mailer.deliverDue(db);
    },
  });
  jobs.define<{ everything?: boolean }>({
    name: 'payments.settle',
    cron: '* * * * *',
    retryLimit: 0,
    handler: async (data) => {
      const payments = { db, gateway: deps.gateway };
      const grace = deps.config.paymentGraceMs;
      // A call left unanswered is looked up after two minutes (or the shorter grace set).
      await settlePendingPayments(payments, Math.min(grace, 2 * 60_000));
      await reconcileSalePayments(payments, grace);
      // Orders show what went back on their cards: the last day's changes each minute, all of
      // them once when a worker starts.
      await reconcileCardRefunds(db, { windowMs: data.everything ? undefined : 24 * 3_600_000 });
    },
  });
  jobs.define({
    // Refunds owed to cards until their payments settle: sent once the gateway shows them settled.
    name: 'payments.send-queued-refunds',
    cron: '*/5 * * * *',
    retryLimit: 0,
    handler: async () => {
      await sendQueuedRefunds({ db, gateway: deps.gateway });
    },
  });
  jobs.define({
    name: 'memberships.renew',
    cron: '*/5 * * * *',
    retryLimit: 0,
    handler: async () => {
      await renewDueSubscriptions({
        db,
        gateway: deps.gateway,
        mailer: deps.mailer,
        now: () => new Date(),
        accountUrl: `${deps.config.publicUrl}/account/subscriptions`,
      });
    },
  });
  jobs.define<{ connectionId: string; trigger: SyncTrigger }>({
    // One run of one connection; `stately` keeps a connection to one run at a time, across processes.
    name: 'connections.sync',
    policy: 'stately',
    retryLimit: 0,
    expireInSeconds: 30 * 60,
    pollingIntervalSeconds: 1,
    handler: async (data, signal) => {
      await runSync({ ...cartDeps(deps), signal }, data.connectionId, data.trigger);
    },
  });
  jobs.define({
    name: 'connections.schedule',
    cron: '* * * * *',
    retryLimit: 0,
    handler: async () => {
      await scheduleDueRuns(jobs, deps);
    },
  });
  jobs.define({
    // Stock levels, items and customers for the carts: at once on NOTIFY, and each minute for retries.
    name: 'connections.push',
    cron: '* * * * *',
    retryLimit: 0,
    handler: async () => {
      await pushChanges(cartDeps(deps));
    },
  });
  jobs.define({
    name: 'maintenance.prune',
    cron: '17 * * * *',
    handler: async () => {
      await pruneIdempotencyKeys(db);
      await pruneExpiredSessions(db);
      await pruneLoginThrottle(db);
      await pruneTokens(db);
      await pruneRateLimits(db);
      await pruneWebhookDeliveries(db);
    },
  });
}

/** What the sync engine and the outbox sender need of the app's parts. */
export const cartDeps = (deps: AppDeps) => ({
  db: deps.database.db,
  box: deps.credentialBox,
  openCart: deps.openCart ?? openCart,
  log: (err: unknown, context: Record<string, unknown>) =>
    process.stderr.write(`cart sync: ${JSON.stringify(context)} ${serializeError(err).stack}\n`),
});

/** Sends a sync job for every connection whose run is due; a connection already queued gets no second. */
export async function scheduleDueRuns(jobs: Jobs, deps: AppDeps): Promise<void> {
  for (const due of await claimDueRuns(deps.database.db)) {
    await jobs.send('connections.sync', due, { singletonKey: due.connectionId });
  }
}

/**
 * Runs `work` as soon as a transaction NOTIFYs `channel` (the mail outbox, the carts' outbox, a
 * sync asked for), one at a time: notifications that come while it runs make one more pass. The
 * cron jobs above retry whatever is left.
 */
export async function startWakeups(
  deps: AppDeps,
  channel: string,
  work: () => Promise<unknown>,
  onError: (err: unknown) => void,
): Promise<() => Promise<void>> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = work()
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const stop = await deps.database.listen(channel, run);
  run();
  return async () => {
    await stop();
    await running;
  };
}
