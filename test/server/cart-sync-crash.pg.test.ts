// A sync run in a process killed (SIGKILL) between pages, then a run in another: every cart order
// is in Tandem exactly once, and the killed run is in the log as interrupted.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooCommerceEmulator, type WooCommerceEmulator } from '../../emulators/woocommerce/server.js';
import { createItem } from '../../src/server/modules/catalog/index.js';
import { connectionCredentialBox, openCart, runSync } from '../../src/server/modules/connections/index.js';
import { createConnection } from '../../src/server/modules/connections/save-connection.js';
import { testConnection } from '../../src/server/modules/connections/test-connection.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { type Database, openPostgres } from '../../src/server/platform/db.js';
import { migrate } from '../../src/server/platform/migrate.js';
import { createServerDatabase } from '../helpers/database.js';
import { until } from '../helpers/wait.js';

describe('a sync killed between pages (PostgreSQL)', () => {
  let woo: WooCommerceEmulator;
  let created: Awaited<ReturnType<typeof createServerDatabase>>;
  let database: Database;
  let child: ChildProcess | undefined;
  const dataKey = randomBytes(32);
  const box = connectionCredentialBox(dataKey);

  beforeAll(async () => {
    woo = await startWooCommerceEmulator();
    created = await createServerDatabase();
    database = await openPostgres(created.url);
    await migrate(database);
  }, 60_000);

  afterAll(async () => {
    child?.kill('SIGKILL');
    await woo?.close();
    await database?.close();
    await created?.drop();
  });

  it('imports every order exactly once after the crash', async () => {
    const { db } = database;
    const fallback = await createItem(
      db,
      systemActor,
      {
        kind: 'service',
        sku: 'WEB',
        name: 'Web item',
        price: 0,
        cost: 0,
        taxRate: 0,
        trackStock: false,
        active: true,
      },
      'USD',
    );
    const product = woo.products().find((p) => p.sku)!;
    for (let i = 0; i < 450; i++) {
      woo.addOrder({ status: 'processing', line_items: [{ product_id: product.id, quantity: 1 }] });
    }
    const connection = await db.transaction((tx) =>
      createConnection(tx, box, systemActor, {
        type: 'woocommerce',
        name: 'Crash shop',
        url: woo.url,
        credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret },
        options: { ordersFrom: '2000-01-01T00:00:00Z', defaultItemId: fallback.id },
      }),
    );
    expect((await testConnection(db, { box, openCart }, connection.id)).ok).toBe(true);
    const imported = async () =>
      (
        await database.query<{ n: number }>(
          'select count(*)::int as n from orders where connection_id = $1',
          [connection.id],
        )
      ).rows[0]!.n;

    // Slow pages, so that the process can be killed between two of them.
    woo.slow(400);
    child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, '../helpers/sync-child.ts')],
      {
        env: {
          ...process.env,
          DATABASE_URL: created.url,
          CONNECTION_ID: connection.id,
          DATA_KEY: dataKey.toString('hex'),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await until(async () => (await imported()) >= 100, 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const atCrash = await imported();
    const paid = woo.orders().filter((o) => o.status === 'processing' || o.status === 'completed').length;
    expect(atCrash).toBeGreaterThanOrEqual(100);
    expect(atCrash).toBeLessThan(paid);

    woo.slow(0);
    const rerun = await runSync({ db, box, openCart }, connection.id, 'schedule');
    expect(rerun).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    expect(rerun.counts.imported).toBe(paid - atCrash);
    const { rows } = await database.query<{ orders: number; numbers: number }>(
      'select count(*)::int as orders, count(distinct external_number)::int as numbers from orders where connection_id = $1',
      [connection.id],
    );
    expect(rows[0]).toEqual({ orders: paid, numbers: paid });
    const runs = await database.query<{ status: string }>(
      'select status from sync_runs where connection_id = $1 order by id',
      [connection.id],
    );
    expect(runs.rows.map((r) => r.status)).toEqual(['interrupted', 'succeeded']);
  }, 90_000);
});
