import { eq } from 'drizzle-orm';
import type { AppDeps } from '../app.js';
import { createItem, saleItemsBySku } from '../modules/catalog/index.js';
import { importChosen } from '../modules/connections/import-chosen.js';
import { openCart, runSync } from '../modules/connections/index.js';
import { createConnection } from '../modules/connections/save-connection.js';
import { startSync } from '../modules/connections/sync-control.js';
import { testConnection } from '../modules/connections/test-connection.js';
import type { Actor } from '../platform/auth.js';
import { connections } from '../tables.js';

/** The demo's web shop: a WooCommerce emulator on loopback, started with Tandem, with these keys. */
export const DEMO_CART_NAME = 'Juniper web shop (WooCommerce emulator)';
const DEMO_KEYS = {
  consumerKey: 'ck_demo_juniper_web_shop_0000000000000000',
  consumerSecret: 'cs_demo_juniper_web_shop_0000000000000000',
};
/** The demo products the web shop sells too (by SKU), with the stock it shows. */
const SOLD_ONLINE = ['PRD-001', 'PRD-002', 'PRD-005', 'PRD-013', 'PRD-018'];

const demoActor: Actor = { type: 'system', id: null, label: 'Demo seed' };

interface DemoStore {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the demo's web shop and keeps the demo connection pointing at it. The emulator holds its
 * records in memory, so every start fills it the same way (the same ids, so nothing is imported
 * twice); the first start also makes the connection, links the products, imports the shop's orders
 * as pending documents and starts auto-sync. Only for a shop seeded as the demo.
 */
export async function startDemoCart(
  deps: AppDeps,
  options: { firstStart: boolean },
): Promise<DemoStore | null> {
  const { db } = deps.database;
  const [existing] = await db.select().from(connections).where(eq(connections.name, DEMO_CART_NAME));
  if (!existing && !options.firstStart) return null;
  const { startWooCommerceEmulator } = await import('../../../emulators/woocommerce/server.js');
  const store = await startWooCommerceEmulator({ host: '127.0.0.1', port: 0, ...DEMO_KEYS });
  try {
    const items = await saleItemsBySku(db, SOLD_ONLINE);
    const products = SOLD_ONLINE.flatMap((sku, i) => {
      const item = items.get(sku.toLowerCase());
      if (!item) return [];
      return [
        store.addProduct({
          name: item.name,
          sku: item.sku,
          regular_price: (item.price / 100).toFixed(2),
          manage_stock: true,
          stock_quantity: 10 + i,
        }),
      ];
    });
    const shopper = store.orders()[0]!.billing;
    const placed = Date.now() - 3 * 3600_000;
    products.slice(0, 4).forEach((p, i) => {
      const at = new Date(placed + i * 40 * 60_000).toISOString().slice(0, 19);
      const person = {
        ...shopper,
        first_name: ['Maya', 'Theo', 'Ines', 'Jonah'][i]!,
        last_name: ['Chen', 'Brooks', 'Ortega', 'Weiss'][i]!,
      };
      store.addOrder({
        status: i === 3 ? 'completed' : 'processing',
        billing: { ...person, email: `web.shopper${i + 1}@example.com` },
        shipping: person,
        payment_method: 'stripe',
        payment_method_title: 'Credit card (Stripe)',
        transaction_id: `ch_demo_${i + 1}`,
        line_items: [{ product_id: p.id, quantity: 1 + (i % 2) }],
        shipping_lines: [{ method_title: 'Flat rate', total: '6.00' }],
        tax_percent: 0,
        date_created_gmt: at,
        date_modified_gmt: at,
      });
    });

    const box = deps.credentialBox;
    let id = existing?.id;
    if (!existing) {
      const fallback = await createItem(
        db,
        demoActor,
        {
          kind: 'service',
          sku: 'WEB-ITEM',
          name: 'Web shop item',
          price: 0,
          cost: 0,
          taxRate: 0,
          trackStock: false,
          active: true,
        },
        'USD',
      );
      const row = await db.transaction((tx) =>
        createConnection(tx, box, demoActor, {
          type: 'woocommerce',
          name: DEMO_CART_NAME,
          url: store.url,
          credentials: DEMO_KEYS,
          options: {
            ordersFrom: new Date(placed - 86_400_000).toISOString(),
            updatesSince: new Date(placed - 86_400_000).toISOString(),
            defaultItemId: fallback.id,
          },
        }),
      );
      id = row.id;
    } else {
      // A new port each start: the connection follows it, and is tested again on the new address.
      await db.update(connections).set({ url: store.url }).where(eq(connections.id, existing.id));
    }
    const test = await testConnection(db, { box, openCart }, id!);
    if (!test.ok) throw new Error(`the demo web shop did not pass its test: ${test.detail}`);
    if (!existing) {
      const manual = { db, box, openCart };
      await importChosen(manual, demoActor, id!, 'items', {
        ids: products.map((p) => String(p.id)),
        mode: 'link',
      });
      await runSync({ db, box, openCart }, id!, 'manual');
      await startSync(db, demoActor, id!);
    }
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}
