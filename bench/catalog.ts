// Item and customer search latency (p50/p99) with 20,000 items and 100,000 customers, on the
// embedded database and, when reachable, on PostgreSQL — through the same functions the API calls.
import { listItems } from '../src/server/modules/catalog/index.js';
import { listCustomers } from '../src/server/modules/customers/index.js';
import type { Database } from '../src/server/platform/db.js';
import { migrate } from '../src/server/platform/migrate.js';
import { onEachDatabase } from './databases.js';

const ITEMS = 20_000;
const CUSTOMERS = 100_000;
const RUNS = 200;

const words = [
  'argan',
  'silk',
  'cedar',
  'juniper',
  'repair',
  'matte',
  'shine',
  'velvet',
  'amber',
  'coral',
  'ocean',
  'ember',
];
const kinds = ['Shampoo', 'Conditioner', 'Serum', 'Cream', 'Spray', 'Brush', 'Candle', 'Mask', 'Oil', 'Balm'];
const first = [
  'Ava',
  'Ben',
  'Chloe',
  'Dev',
  'Elena',
  'Finn',
  'Grace',
  'Hugo',
  'Isla',
  'Jonah',
  'Kira',
  'Liam',
];
const last = [
  'Adams',
  'Brooks',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Iyer',
  'Jensen',
  'Khan',
  'Lopez',
];

const sqlArray = (xs: string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

async function fill(database: Database): Promise<void> {
  await migrate(database);
  await database.exec(`
    insert into items (id, kind, sku, name, price, cost, currency, tax_rate, track_stock, barcode)
    select 'itm_bench' || lpad(g::text, 6, '0'), 'product', 'SKU-' || g,
           initcap((${sqlArray(words)})[1 + g % 12]) || ' ' || (${sqlArray(kinds)})[1 + (g / 12) % 10] || ' ' || g,
           100 + g % 9000, 50, 'USD', 825, true, '50' || lpad(g::text, 11, '0')
    from generate_series(1, ${ITEMS}) g;
    insert into customers (id, name, email, phone, source)
    select 'cus_bench' || lpad(g::text, 7, '0'),
           (${sqlArray(first)})[1 + g % 12] || ' ' || (${sqlArray(last)})[1 + (g / 12) % 12] || ' ' || g,
           'customer' || g || '@example.com', '+1 555 ' || lpad(g::text, 7, '0'), 'back_office'
    from generate_series(1, ${CUSTOMERS}) g;
    analyze items; analyze customers;
  `);
}

async function timeQueries(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 10; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(RUNS * 0.5)]!, p99: times[Math.floor(RUNS * 0.99)]! };
}

async function measure(label: string, database: Database): Promise<void> {
  const started = performance.now();
  await fill(database);
  console.log(
    `${label}  filled ${ITEMS} items and ${CUSTOMERS} customers in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const { db } = database;
  const report = (what: string, r: { p50: number; p99: number }) =>
    console.log(
      `${label}  ${what.padEnd(34)} p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (${RUNS} queries, 50 a page)`,
    );
  report('item search by name', await timeQueries((i) => listItems(db, { limit: 50, q: words[i % 12]! })));
  report(
    'item search by SKU',
    await timeQueries((i) => listItems(db, { limit: 50, q: `SKU-${1000 + i * 37}` })),
  );
  report(
    'item list, 10th page',
    await timeQueries(async () => {
      let cursor: string | undefined;
      for (let p = 0; p < 10; p++)
        cursor = (await listItems(db, { limit: 50, cursor })).nextCursor ?? undefined;
    }).then((r) => ({ p50: r.p50 / 10, p99: r.p99 / 10 })),
  );
  report(
    'customer search by name',
    await timeQueries((i) => listCustomers(db, { limit: 50, q: `${first[i % 12]} ${last[(i * 5) % 12]}` })),
  );
  report(
    'customer search by email',
    await timeQueries((i) => listCustomers(db, { limit: 50, q: `customer${31_000 + i * 97}@` })),
  );
  report(
    'customer search by phone',
    await timeQueries((i) =>
      listCustomers(db, { limit: 50, q: `555 ${String(40_000 + i * 113).padStart(7, '0')}` }),
    ),
  );
}

export async function benchCatalog(): Promise<void> {
  await onEachDatabase(measure);
}
