// A WooCommerce emulator in a process of its own, holding `BENCH_CART_ORDERS` orders of 3 lines each,
// so that the connections benchmark measures Tandem's CPU without the store's. Prints one JSON line
// with its address and keys once ready, then serves until killed.
import { startWooCommerceEmulator } from '../emulators/woocommerce/server.js';

const count = Number(process.env.BENCH_CART_ORDERS ?? 10_000);
const store = await startWooCommerceEmulator({ host: '127.0.0.1', port: 0 });
const products = store.products().filter((p) => p.sku);
const customer = store.orders()[0]!.billing;
const start = Date.now() - count * 1000;
for (let i = 0; i < count; i++) {
  const at = new Date(start + i * 1000).toISOString().slice(0, 19);
  store.addOrder({
    status: 'processing',
    billing: { ...customer, email: `shopper${i % 2000}@example.com` },
    shipping: customer,
    payment_method: 'stripe',
    payment_method_title: 'Credit card (Stripe)',
    transaction_id: `ch_${i}`,
    line_items: products.slice(0, 3).map((p, n) => ({ product_id: p.id, quantity: 1 + ((i + n) % 3) })),
    shipping_lines: [{ method_title: 'Flat rate', total: '5.00' }],
    tax_percent: 8,
    date_created_gmt: at,
    date_modified_gmt: at,
  });
}
console.log(
  JSON.stringify({
    url: store.url,
    consumerKey: store.consumerKey,
    consumerSecret: store.consumerSecret,
    products: products.map((p) => ({ id: p.id, sku: p.sku })),
  }),
);
process.on('SIGTERM', () => void store.close().then(() => process.exit(0)));
