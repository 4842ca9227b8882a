// Register sales through the HTTP API: 3 stocked lines paid by card through the sandbox gateway,
// 16 clients at once, against the built server (as `npm start` runs it) on PostgreSQL and on the
// embedded database — orders/s and latency, printed beside pgbench's TPC-B figure measured in the
// same run on the same server. Then the order list with 1,000,000 orders on PostgreSQL.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { orderTotals } from '../src/contracts/order-totals.js';
import { listOrders } from '../src/server/modules/orders/index.js';
import { openPostgres } from '../src/server/platform/db.js';
import { encodeCursor } from '../src/server/platform/paging.js';
import { withFreshPostgres } from './databases.js';
import { type LoadResult, percentile, runClients } from './load.js';
import { signInOwner, startBuiltTandem } from './tandem-process.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 16;
const ITEMS = 300;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);

interface Item {
  id: string;
  price: number;
  taxRate: number;
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Signs in, fills a catalogue of stocked products, and gets a card token, as a register would. */
async function prepare(url: string) {
  const headers = await signInOwner(url);
  const items: Item[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const item = await json<Item>(
      await fetch(`${url}/api/admin/items`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          kind: 'product',
          sku: `BENCH-${i}`,
          name: `Bench product ${i}`,
          price: 500 + ((i * 37) % 5000),
          cost: 200,
          taxRate: 825,
          trackStock: true,
          initialStock: 1_000_000,
        }),
      }),
    );
    items.push(item);
  }
  const { token } = await json<{ token: string }>(
    await fetch(`${url}/api/payments/tokenize`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ number: '4111111111111111', expiry: '1230' }),
    }),
  );
  return { headers, items, token };
}

/** 16 registers selling as fast as they can for `seconds`. */
export async function sell(url: string): Promise<LoadResult> {
  const { headers, items, token } = await prepare(url);
  let n = 0;
  const sale = async () => {
    const picked = new Set<Item>();
    while (picked.size < 3) picked.add(items[Math.floor(Math.random() * items.length)]!);
    const lines = [...picked];
    const { totals } = orderTotals(
      lines.map((i) => ({ unitPrice: i.price, quantity: 1, taxRate: i.taxRate, discount: 0, unitCost: 0 })),
      false,
    );
    const res = await fetch(`${url}/api/pos/sales`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `bench-${process.pid}-${++n}` },
      body: JSON.stringify({
        lines: lines.map((i) => ({ itemId: i.id, quantity: 1 })),
        payments: [
          process.env.BENCH_TENDER === 'cash'
            ? { method: 'cash', amount: totals.total }
            : { method: 'card', amount: totals.total, cardToken: token, expiry: '1230' },
        ],
      }),
    });
    await res.arrayBuffer();
    return res.status === 201;
  };
  return runClients(CLIENTS, seconds, sale);
}

const report = (label: string, r: Awaited<ReturnType<typeof sell>>) =>
  console.log(
    `${label.padEnd(9)} register sales (3 lines, card), ${CLIENTS} clients: ${r.perSecond.toFixed(0)} orders/s, ` +
      `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms${r.failed ? `, ${r.failed} failed` : ''} (${seconds} s)`,
  );

/** pgbench's TPC-B-like run with the same number of clients, on its own database of the same server. */
export function pgbenchTps(url: string, clients = CLIENTS): number | null {
  try {
    const env = { ...process.env, PGCONNECT_TIMEOUT: '5' };
    execFileSync('pgbench', ['-i', '-q', '-s', '10', url], { env, stdio: 'ignore' });
    const out = execFileSync('pgbench', ['-c', String(clients), '-j', '2', '-T', String(seconds), url], {
      env,
      encoding: 'utf8',
    });
    return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  } catch {
    return null;
  }
}

/**
 * The statements of one register sale replayed by pgbench on the database Tandem just sold on,
 * with the same number of clients and no Tandem in between: the most the database alone does.
 */
async function replayedSalesPerSecond(url: string): Promise<number | null> {
  const database = await openPostgres(url);
  let session: { hash: string; staff: string } | undefined;
  try {
    [session] = (
      await database.exec<{ hash: string; staff: string }>(
        "select id_hash as hash, subject_id as staff from sessions where kind = 'staff' order by created_at desc limit 1",
      )
    ).rows;
  } finally {
    await database.close();
  }
  if (!session) return null;
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'register-sale.pgbench');
  const args = ['-n', '-M', 'extended', '-c', String(CLIENTS), '-j', '2', '-T', String(seconds)];
  const variables = ['-D', `hash=${session.hash}`, '-D', `staff=${session.staff}`];
  try {
    const out = execFileSync('pgbench', [...args, ...variables, '-f', script, url], {
      env: { ...process.env, PGCONNECT_TIMEOUT: '5' },
      encoding: 'utf8',
    });
    return Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
  } catch {
    return null;
  }
}

/** The first page of the order list, and one 10,000 orders deep, with 1,000,000 orders. */
async function orderList(url: string): Promise<void> {
  const database = await openPostgres(url);
  try {
    const started = performance.now();
    await database.exec(`
      insert into orders (id, number, channel, customer_name, customer_email, payment_status, fulfillment_status,
                          currency, prices_include_tax, subtotal, discount, net, tax, total, cost,
                          actor_type, actor_label, created_at, updated_at)
      select 'ord_bench' || lpad(g::text, 8, '0'), 100000 + g,
             (array['in_store','online'])[1 + g % 2], 'Customer ' || (g % 5000), 'c' || (g % 5000) || '@example.com',
             'paid', (array['picked_up','unfulfilled','delivered'])[1 + g % 3], 'USD', false,
             1000, 0, 1000, 83, 1083, 400, 'system', 'Bench',
             now() - (g || ' seconds')::interval, now()
      from generate_series(1, ${ORDERS}) g;
      analyze orders;`);
    console.log(
      `postgres  filled ${ORDERS} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const { db } = database;
    const [deep] = (
      await database.exec<{ id: string; created_at: Date | string }>(
        'select id, created_at from orders order by created_at desc, id desc offset 10000 limit 1',
      )
    ).rows;
    const cursor = encodeCursor([new Date(deep!.created_at).toISOString(), deep!.id]);
    const time = async (what: string, run: () => Promise<unknown>) => {
      for (let i = 0; i < 10; i++) await run();
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(
        `postgres  order list, ${what.padEnd(28)} p50 ${percentile(times, 0.5).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms (200 queries, 50 a page)`,
      );
    };
    await time('first page', () => listOrders(db, { limit: 50 }));
    await time('10,000 orders deep', () => listOrders(db, { limit: 50, cursor }));
    await time('online channel, first page', () => listOrders(db, { limit: 50, channels: ['online'] }));
    await time('search by customer name', () => listOrders(db, { limit: 50, q: 'customer 4242' }));
  } finally {
    await database.close();
  }
}

export async function benchOrders(): Promise<void> {
  await withFreshPostgres(async (url) => {
    let tandemRate = 0;
    const tandem = await startBuiltTandem({ DATABASE_URL: url, TANDEM_SEED: 'none', LOG_LEVEL: 'silent' });
    try {
      const sold = await sell(tandem.url);
      report('postgres', sold);
      tandemRate = sold.perSecond;
    } finally {
      await tandem.stop();
    }
    const replayed = await replayedSalesPerSecond(url);
    console.log(
      replayed === null
        ? 'postgres  pgbench not found or failed: no figure for the database alone'
        : `postgres  the same sales' statements replayed by pgbench, ${CLIENTS} clients, no Tandem: ${replayed.toFixed(0)} sales/s ` +
            `(Tandem reaches ${((100 * tandemRate) / replayed).toFixed(0)} % of it)`,
    );
    await withFreshPostgres(async (pgbenchUrl) => {
      const tps = pgbenchTps(pgbenchUrl);
      console.log(
        tps === null
          ? 'postgres  pgbench not found or failed: no TPC-B figure'
          : `postgres  pgbench TPC-B (scale 10, ${CLIENTS} clients): ${tps.toFixed(0)} tps`,
      );
    });
    await orderList(url);
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-bench-'));
  try {
    const tandem = await startBuiltTandem({ DATA_DIR: dir, TANDEM_SEED: 'none', LOG_LEVEL: 'silent' });
    try {
      report('embedded', await sell(tandem.url));
    } finally {
      await tandem.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
