// Card payment latency (p50/p99) through the sandbox gateway: the CardPointe client's HTTP round
// trip alone, then a whole charge as the register and checkout make it (intent row, authorise with
// capture, result row) on the embedded database and, when reachable, on PostgreSQL; then the same
// charges eight at a time.
import { startCardPointeEmulator } from '../emulators/cardpointe/server.js';
import { CardPointeClient } from '../src/server/modules/payments/cardpointe-client.js';
import { chargeCard, type PaymentDeps } from '../src/server/modules/payments/index.js';
import { newGatewayOrderId } from '../src/server/modules/payments/payments.js';
import { systemActor } from '../src/server/platform/auth.js';
import type { Database } from '../src/server/platform/db.js';
import { migrate } from '../src/server/platform/migrate.js';
import { onEachDatabase } from './databases.js';

const RUNS = 300;
const PARALLEL = 8;

interface Timing {
  p50: number;
  p99: number;
  perSecond: number;
}

async function time(runs: number, parallel: number, run: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 10; i++) await run(i);
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < runs) {
        const i = next++;
        const start = performance.now();
        await run(i);
        times.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)]!,
    p99: times[Math.floor(times.length * 0.99)]!,
    perSecond: runs / seconds,
  };
}

const report = (label: string, what: string, t: Timing) =>
  console.log(
    `${label.padEnd(9)} ${what.padEnd(40)} p50 ${t.p50.toFixed(2)} ms, p99 ${t.p99.toFixed(2)} ms, ${t.perSecond.toFixed(0)}/s`,
  );

async function measureCharges(label: string, database: Database, deps: Omit<PaymentDeps, 'db'>) {
  await migrate(database);
  const payments: PaymentDeps = { ...deps, db: database.db };
  const token = await deps.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
  const charge = (i: number) =>
    chargeCard(payments, {
      amount: 500 + (i % 400),
      card: { token, expiry: '1230' },
      entry: 'in_store',
      purpose: 'sale',
      actor: systemActor,
    });
  report(label, 'charge (intent, authorise+capture, result)', await time(RUNS, 1, charge));
  report(label, `charge, ${PARALLEL} at a time`, await time(RUNS, PARALLEL, charge));
}

export async function benchPayments(): Promise<void> {
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
  try {
    const token = await gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    report(
      'gateway',
      'authorise+capture, HTTP round trip only',
      await time(RUNS, 1, (i) =>
        gateway.authorize({
          orderId: newGatewayOrderId(),
          amount: 500 + (i % 400),
          currency: 'USD',
          card: { token, expiry: '1230' },
          capture: true,
          entry: 'in_store',
          saveProfile: false,
        }),
      ),
    );

    await onEachDatabase((label, database) => measureCharges(label, database, { gateway }));
  } finally {
    await sandbox.close();
  }
}
