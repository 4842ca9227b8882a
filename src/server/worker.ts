import type { AppDeps } from './app.js';
import { renewDueSubscriptions } from './modules/memberships/index.js';
import { reconcileCardRefunds } from './modules/orders/index.js';
import { reconcileSalePayments, sendQueuedRefunds, settlePendingPayments } from './modules/payments/index.js';
import { pruneLoginThrottle } from './platform/credentials.js';
import { pruneIdempotencyKeys } from './platform/idempotency.js';
import type { Jobs } from './platform/jobs.js';
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
  jobs.define({
    name: 'maintenance.prune',
    cron: '17 * * * *',
    handler: async () => {
      await pruneIdempotencyKeys(db);
      await pruneExpiredSessions(db);
      await pruneLoginThrottle(db);
      await pruneTokens(db);
      await pruneRateLimits(db);
    },
  });
}

/**
 * Mail goes out within a moment of the commit that queued it: the outbox insert NOTIFYs, and the
 * worker delivers at once; the cron above retries whatever is left.
 */
export async function startMailWakeups(
  deps: AppDeps,
  onError: (err: unknown) => void,
): Promise<() => Promise<void>> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = deps.mailer
      .deliverDue(deps.database.db)
      .then(() => undefined, onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const stop = await deps.database.listen('tandem_mail', run);
  run();
  return async () => {
    await stop();
    await running;
  };
}
