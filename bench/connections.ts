// Cart connections on PostgreSQL against a WooCommerce emulator in its own process: the first run
// importing 10,000 orders of 3 lines (orders/s, Tandem's CPU ms and statements per order, heap
// through the run), an idle run (requests per entity), and how long a stock change takes to reach
// the cart (p50 / p99), beside pgbench's TPC-B in the same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createItem } from '../src/server/modules/catalog/index.js';
import {
  CART_OUTBOX_CHANNEL,
  connectionCredentialBox,
  openCart,
  pushChanges,
  runSync,
} from '../src/server/modules/connections/index.js';
import { createConnection } from '../src/server/modules/connections/save-connection.js';
import { testConnection } from '../src/server/modules/connections/test-connection.js';
import { moveStock } from '../src/server/modules/inventory/index.js';
import { systemActor } from '../src/server/platform/auth.js';
import { openPostgres } from '../src/server/platform/db.js';
import { migrate } from '../src/server/platform/migrate.js';
import { withFreshPostgres } from './databases.js';
import { percentile } from './load.js';
import { pgbenchTps } from './orders.js';

const ORDERS = Number(process.env.BENCH_CART_ORDERS ?? 10_000);
const STOCK_CHANGES = Number(process.env.BENCH_STOCK_CHANGES ?? 100);

interface Store {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  products: { id: number; sku: string }[];
}

async function startStore(): Promise<{ store: Store; child: ChildProcess }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'woocommerce-store.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, BENCH_CART_ORDERS: String(ORDERS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) return { store: JSON.parse(line) as Store, child };
  throw new Error('the WooCommerce emulator did not start');
}

export async function benchConnections(): Promise<void> {
  const { store, child } = await startStore();
  try {
    await withFreshPostgres(async (url) => {
      let statements = 0;
      const database = await openPostgres(url, { max: 4, onQuery: () => statements++ });
      try {
        await migrate(database);
        const { db } = database;
        const items = new Map<string, string>();
        for (const p of store.products) {
          const item = await createItem(
            db,
            systemActor,
            {
              kind: 'product',
              sku: p.sku,
              name: p.sku,
              price: 1000,
              cost: 400,
              taxRate: 800,
              trackStock: true,
              active: true,
              initialStock: 1_000_000,
            },
            'USD',
          );
          items.set(p.sku, item.id);
        }
        const box = connectionCredentialBox(randomBytes(32));
        const connection = await db.transaction((tx) =>
          createConnection(tx, box, systemActor, {
            type: 'woocommerce',
            name: 'Bench store',
            url: store.url,
            credentials: { consumerKey: store.consumerKey, consumerSecret: store.consumerSecret },
            options: { ordersFrom: '2000-01-01T00:00:00Z', updatesSince: '2000-01-01T00:00:00Z' },
          }),
        );
        const test = await testConnection(db, { box, openCart }, connection.id);
        if (!test.ok) throw new Error(test.detail);
        const deps = { db, box, openCart, log: (err: unknown) => console.error(err) };

        // The first run: every order, page by page.
        const heap: number[] = [];
        const sampler = setInterval(() => heap.push(process.memoryUsage().heapUsed), 100);
        statements = 0;
        const cpu = process.cpuUsage();
        const started = performance.now();
        const first = await runSync(deps, connection.id, 'manual');
        const seconds = (performance.now() - started) / 1000;
        const used = process.cpuUsage(cpu);
        clearInterval(sampler);
        const imported = first.counts.imported;
        const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
        console.log(
          `postgres  first run, ${imported} orders of 3 lines (${first.counts.failed} failed): ${(imported / seconds).toFixed(0)} orders/s, ` +
            `${seconds.toFixed(1)} s, ${((used.user + used.system) / 1000 / imported).toFixed(2)} ms CPU and ` +
            `${(statements / imported).toFixed(1)} statements per order, ${first.requests} requests; ` +
            `heap ${mb(Math.min(...heap))}–${mb(Math.max(...heap))} MB (first quarter max ${mb(Math.max(...heap.slice(0, Math.ceil(heap.length / 4))))} MB)`,
        );

        // Nothing changed: what a poll costs.
        const idle = await runSync(deps, connection.id, 'schedule');
        console.log(
          `postgres  idle run (orders only): ${idle.requests} request(s), ${idle.counts.imported} imported, ` +
            `${new Date(idle.finishedAt!).getTime() - new Date(idle.startedAt).getTime()} ms`,
        );

        // Stock changes reaching the cart: bound items, a listener sending at once as the worker does.
        for (const p of store.products) {
          await database.query(
            `insert into connection_bindings (connection_id, entity, external_id, tandem_id) values ($1, 'items', $2, $3)`,
            [connection.id, String(p.id), items.get(p.sku)],
          );
        }
        await pushChanges(deps);
        let running: Promise<unknown> | null = null;
        let again = false;
        const wake = () => {
          if (running) {
            again = true;
            return;
          }
          running = pushChanges(deps).finally(() => {
            running = null;
            if (again) {
              again = false;
              wake();
            }
          });
        };
        const stop = await database.listen(CART_OUTBOX_CHANNEL, wake);
        const auth = `consumer_key=${store.consumerKey}&consumer_secret=${store.consumerSecret}`;
        const latencies: number[] = [];
        const product = store.products[0]!;
        const itemId = items.get(product.sku)!;
        const held = Number(
          (
            await database.query<{ held: string }>(
              `select coalesce(sum(l.quantity), 0) as held from order_lines l join orders o on o.id = l.order_id
                where o.state = 'pending' and l.item_id = $1`,
              [itemId],
            )
          ).rows[0]!.held,
        );
        for (let i = 0; i < STOCK_CHANGES; i++) {
          const moved = await moveStock(db, {
            itemId,
            kind: 'adjustment',
            quantity: -1,
            reason: 'bench',
            actor: systemActor,
          });
          const expected = moved.onHandAfter - held;
          const at = performance.now();
          for (;;) {
            const res = await fetch(`${store.url}/wp-json/wc/v3/products/${product.id}?${auth}`);
            const body = (await res.json()) as { stock_quantity: number };
            if (body.stock_quantity === expected) break;
            if (performance.now() - at > 30_000) {
              const outbox = await database.query('select * from cart_outbox');
              throw new Error(
                `the stock never reached the cart (${body.stock_quantity} there, ${expected} expected; outbox ${JSON.stringify(outbox.rows)})`,
              );
            }
            await new Promise((r) => setTimeout(r, 10));
          }
          latencies.push(performance.now() - at);
        }
        await stop();
        await running;
        latencies.sort((a, b) => a - b);
        console.log(
          `postgres  stock change → cart, ${STOCK_CHANGES} changes one after another: p50 ${percentile(latencies, 50).toFixed(0)} ms, ` +
            `p99 ${percentile(latencies, 99).toFixed(0)} ms`,
        );
        const tps = pgbenchTps(url, 16);
        console.log(
          tps === null
            ? 'postgres  pgbench not found: no TPC-B figure'
            : `postgres  pgbench TPC-B, 16 clients: ${tps.toFixed(0)} tps`,
        );
      } finally {
        await database.close();
      }
    });
  } finally {
    child.kill('SIGTERM');
  }
}
