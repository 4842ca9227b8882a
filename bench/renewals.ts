// The renewal job on PostgreSQL against the sandbox gateway: 10,000 memberships due at once, each
// charged as a recurring payment on its saved card with its renewal order and emailed receipt.
// Once by one worker, then (after every membership is due again) by four workers at once.
import { randomBytes } from 'node:crypto';
import { startCardPointeEmulator } from '../emulators/cardpointe/server.js';
import { createItem } from '../src/server/modules/catalog/index.js';
import { createCustomer } from '../src/server/modules/customers/index.js';
import { GiftCardVault } from '../src/server/modules/giftcards/index.js';
import { renewDueSubscriptions } from '../src/server/modules/memberships/index.js';
import { CardPointeClient } from '../src/server/modules/payments/cardpointe-client.js';
import { addSavedCard } from '../src/server/modules/payments/index.js';
import { systemActor } from '../src/server/platform/auth.js';
import { openPostgres } from '../src/server/platform/db.js';
import { Mailer } from '../src/server/platform/mail.js';
import { migrate } from '../src/server/platform/migrate.js';
import { withFreshPostgres } from './databases.js';

const COUNT = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);

export async function benchRenewals(): Promise<void> {
  const sandbox = await startCardPointeEmulator({ host: '127.0.0.1', port: 0 });
  const gateway = new CardPointeClient(
    {
      url: sandbox.url,
      merchantId: sandbox.merchantId,
      username: sandbox.username,
      password: sandbox.password,
    },
    'sandbox',
  );
  const mailer = new Mailer({
    smtpUrl: undefined,
    from: 'shop@localhost',
    sealer: new GiftCardVault(randomBytes(32)),
  });
  try {
    await withFreshPostgres(async (url) => {
      const database = await openPostgres(url, { max: 12 });
      try {
        await migrate(database);
        const { db } = database;
        const customer = await createCustomer(
          db,
          systemActor,
          { name: 'Bench Member', email: 'member@example.com', addresses: [], marketingConsent: false },
          'back_office',
        );
        const token = await gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
        const card = await addSavedCard(
          { db, gateway },
          customer.id,
          { cardToken: token, expiry: '1230' },
          systemActor,
        );
        const item = await createItem(
          db,
          systemActor,
          {
            kind: 'membership',
            sku: 'MEM-B',
            name: 'Bench Membership',
            price: 4900,
            cost: 0,
            taxRate: 0,
            trackStock: false,
            active: true,
            interval: 'month',
            discountPercent: 10,
          },
          'USD',
        );
        const dueAgain = () =>
          database.exec(
            `update subscriptions set status = 'active', next_payment_at = now() - interval '1 minute'`,
          );
        await database.exec(`
          insert into subscriptions (id, customer_id, item_id, name, discount_percent, status, amount, currency,
                                     interval, anchor_day, payment_method_id, period_start, next_payment_at, order_id)
          select 'sub_bench' || lpad(g::text, 6, '0'), '${customer.id}', '${item.id}', 'Bench Membership', 10, 'active',
                 4900, 'USD', 'month', 1, '${card.id}', date_trunc('month', now()), now() - interval '1 minute',
                 'ord_bench'
          from generate_series(1, ${COUNT}) g`);

        const run = async (workers: number) => {
          await dueAgain();
          const started = performance.now();
          let approved = 0;
          await Promise.all(
            Array.from({ length: workers }, async () => {
              for (;;) {
                const report = await renewDueSubscriptions({
                  db,
                  gateway,
                  mailer,
                  now: () => new Date(),
                  accountUrl: 'http://127.0.0.1/account/subscriptions',
                });
                approved += report.approved;
                if (report.approved + report.declined + report.unresolved === 0) break;
              }
            }),
          );
          const seconds = (performance.now() - started) / 1000;
          console.log(
            `postgres  renewal job, ${COUNT} due memberships, ${workers} worker${workers > 1 ? 's' : ''}: ` +
              `${approved} renewed in ${seconds.toFixed(1)} s (${(approved / seconds).toFixed(0)}/s)`,
          );
        };
        await run(1);
        await run(4);
      } finally {
        await database.close();
      }
    });
  } finally {
    mailer.close();
    await sandbox.close();
  }
}
