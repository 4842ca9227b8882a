import type { CreateItemInput } from '../../contracts/catalog.js';
import type { Customer } from '../../contracts/customers.js';
import { createItem, saleItems } from '../modules/catalog/index.js';
import { createCustomer } from '../modules/customers/index.js';
import { moveStock } from '../modules/inventory/index.js';
import { placeOrder, saleTotals } from '../modules/orders/index.js';
import { getSettings, updateSettings } from '../modules/settings/index.js';
import { createStaffUser } from '../modules/staff/index.js';
import { type Actor, systemActor } from '../platform/auth.js';
import type { Tx } from '../platform/db.js';

export const DEMO_BUSINESS_NAME = 'Juniper Hair & Beauty';
export const DEMO_STAFF_PASSWORD = 'Juniper-Demo-2026';

const seedActor: Actor = { type: 'system', id: null, label: 'Demo seed' };

// name, price (cents), cost (cents), stock, category
const products: [string, number, number, number, string][] = [
  ['Argan Oil Shampoo 250 ml', 1850, 720, 24, 'Hair care'],
  ['Argan Oil Conditioner 250 ml', 1950, 760, 18, 'Hair care'],
  ['Repair Mask 200 ml', 2600, 1040, 9, 'Hair care'],
  ['Curl Cream 150 ml', 2200, 840, 14, 'Hair care'],
  ['Dry Shampoo 200 ml', 1500, 560, 30, 'Hair care'],
  ['Heat Protect Spray 150 ml', 1700, 640, 3, 'Styling'],
  ['Texturising Sea Salt Spray', 1600, 600, 21, 'Styling'],
  ['Strong Hold Hairspray', 1400, 500, 26, 'Styling'],
  ['Matte Clay 75 g', 1800, 650, 12, 'Styling'],
  ['Shine Serum 50 ml', 2400, 900, 2, 'Styling'],
  ['Boar Bristle Brush', 3200, 1400, 7, 'Tools'],
  ['Wide-Tooth Comb', 800, 250, 40, 'Tools'],
  ['Silk Scrunchies (3)', 1200, 380, 35, 'Accessories'],
  ['Satin Pillowcase', 3900, 1500, 6, 'Accessories'],
  ['Travel Hair Dryer', 5900, 2900, 4, 'Tools'],
  ['Ceramic Straightener', 8900, 4200, 5, 'Tools'],
  ['Gentle Face Cleanser 150 ml', 2100, 780, 16, 'Skin care'],
  ['Hydrating Serum 30 ml', 3800, 1400, 11, 'Skin care'],
  ['Day Cream SPF 30', 3400, 1250, 13, 'Skin care'],
  ['Night Repair Cream', 4200, 1600, 8, 'Skin care'],
  ['Clay Face Mask', 2500, 900, 10, 'Skin care'],
  ['Lip Balm Trio', 1100, 350, 45, 'Skin care'],
  ['Cuticle Oil 10 ml', 1200, 380, 22, 'Nails'],
  ['Nail Polish — Juniper Green', 1400, 420, 19, 'Nails'],
  ['Nail Polish — Desert Rose', 1400, 420, 1, 'Nails'],
  ['Base & Top Coat', 1600, 520, 15, 'Nails'],
  ['Hand Cream 75 ml', 1300, 430, 27, 'Body'],
  ['Body Oil 100 ml', 2900, 1050, 9, 'Body'],
  ['Gift Box — Pamper Set', 6500, 2800, 5, 'Gifts'],
  ['Scented Candle — Cedar', 3200, 1100, 12, 'Gifts'],
];

// name, price, minutes
const services: [string, number][] = [
  ['Women’s Cut & Finish', 6500],
  ['Men’s Cut', 3800],
  ['Blow-dry', 3500],
  ['Full Colour', 9500],
  ['Balayage', 18500],
  ['Deep Conditioning Treatment', 3000],
  ['Classic Facial', 7500],
  ['Manicure', 3500],
  ['Pedicure', 4500],
  ['Brow Shape & Tint', 2800],
];

const firstNames = [
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
  'Maya',
  'Noah',
  'Olive',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Umar',
  'Vera',
  'Wes',
  'Xena',
  'Yara',
];
const lastNames = [
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
];

const sku = (prefix: string, n: number) => `${prefix}-${String(n + 1).padStart(3, '0')}`;

/**
 * Two weeks of trade: sales at the register (cash) and online orders (paid by card; the demo keeps
 * no gateway record of them), some still to ship. Stock moves with each sale.
 */
async function seedOrders(tx: Tx, productIds: string[], serviceIds: string[], customers: Customer[]) {
  const items = await saleItems(tx, [...productIds, ...serviceIds]);
  // Only products with plenty on hand, so that the demo's low-stock list stays as it was.
  const stocked = productIds.filter((_, i) => products[i]![3] >= 10);
  const shipping = customers.filter((c) => c.addresses.length > 0 && c.email);
  const dayMs = 86_400_000;
  const now = Date.now();
  for (let n = 0; n < 28; n++) {
    const online = n % 4 === 3;
    const customer = online
      ? shipping[n % shipping.length]!
      : n % 3 === 0
        ? customers[n % customers.length]!
        : null;
    const picks = online
      ? [stocked[(n * 5) % stocked.length]!]
      : [stocked[(n * 7) % stocked.length]!, serviceIds[n % serviceIds.length]!];
    const lines = picks.map((id) => ({ item: items.get(id)!, quantity: 1, discount: 0 }));
    const placedAt = new Date(now - (14 - Math.floor(n / 2)) * dayMs + (n % 8) * 3_600_000);
    const { totals } = saleTotals(lines, false);
    const address = customer?.addresses[0];
    await placeOrder(tx, {
      channel: online ? 'online' : 'in_store',
      customer: customer
        ? { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone }
        : null,
      currency: 'USD',
      pricesIncludeTax: false,
      lines,
      tenders: [
        online
          ? { method: 'card', amount: totals.total, label: 'by card' }
          : { method: 'cash', amount: totals.total, tendered: totals.total, change: 0, label: 'in cash' },
      ],
      paymentStatus: 'paid',
      fulfillmentStatus: online ? 'unfulfilled' : 'picked_up',
      delivery: online ? 'shipping' : null,
      shippingAddress:
        online && address
          ? {
              name: customer!.name,
              line1: address.line1,
              city: address.city,
              ...(address.region ? { region: address.region } : {}),
              postalCode: address.postalCode,
              country: address.country,
            }
          : null,
      allowNegativeStock: false,
      actor: seedActor,
      placedAt,
    });
  }
}

/** Fills an empty database with a demo salon-and-boutique. Runs once, on first start. */
export async function seedDemo(tx: Tx): Promise<boolean> {
  const settings = await getSettings(tx);
  if (settings.businessName !== 'My shop') return false;
  await updateSettings(tx, systemActor, {
    businessName: DEMO_BUSINESS_NAME,
    currency: 'USD',
    giftCards: { minAmount: 1000, maxAmount: 50_000, serialPrefix: '6061' },
  });
  const create = (input: CreateItemInput) => createItem(tx, seedActor, input, 'USD');

  const productIds: string[] = [];
  for (const [i, [name, price, cost, stock, category]] of products.entries()) {
    const item = await create({
      kind: 'product',
      sku: sku('PRD', i),
      name,
      price,
      cost,
      taxRate: 825,
      trackStock: true,
      active: true,
      category,
      barcode: `5060${String(100000 + i * 37).padStart(9, '0')}`,
      lowStockThreshold: 5,
      initialStock: stock + 6,
    });
    productIds.push(item.id);
    // Some history: a few sales and a breakage, as if the shop had been open a while.
    if (i % 3 === 0) {
      await moveStock(tx, {
        itemId: item.id,
        kind: 'sale',
        quantity: -4,
        reason: 'Register sales',
        actor: seedActor,
      });
      await moveStock(tx, {
        itemId: item.id,
        kind: 'adjustment',
        quantity: -2,
        reason: 'Damaged in storage',
        actor: seedActor,
      });
    } else {
      await moveStock(tx, {
        itemId: item.id,
        kind: 'sale',
        quantity: -6,
        reason: 'Register sales',
        actor: seedActor,
      });
    }
  }

  const serviceIds: string[] = [];
  for (const [i, [name, price]] of services.entries()) {
    const item = await create({
      kind: 'service',
      sku: sku('SRV', i),
      name,
      price,
      cost: 0,
      taxRate: 0,
      trackStock: false,
      active: true,
      category: 'Services',
    });
    serviceIds.push(item.id);
  }
  const pkg = (
    n: number,
    name: string,
    price: number,
    includes: [number, number][],
    durationDays: number,
    discountPercent: number | null,
  ) =>
    create({
      kind: 'package',
      sku: sku('PKG', n),
      name,
      price,
      cost: 0,
      taxRate: 0,
      trackStock: false,
      active: true,
      includes: includes.map(([s, quantity]) => ({ itemId: serviceIds[s]!, quantity })),
      durationDays,
      discountPercent,
    });
  await pkg(0, '10 Blow-dries', 30000, [[2, 10]], 90, null);
  await pkg(
    1,
    'Bridal Package',
    32000,
    [
      [0, 1],
      [6, 1],
      [7, 1],
      [9, 1],
    ],
    60,
    10,
  );
  await pkg(
    2,
    'Mani-Pedi Month',
    14000,
    [
      [7, 2],
      [8, 2],
    ],
    30,
    null,
  );
  await create({
    kind: 'membership',
    sku: 'MEM-001',
    name: 'Monthly Membership',
    price: 4900,
    cost: 0,
    taxRate: 0,
    trackStock: false,
    active: true,
    interval: 'month',
    discountPercent: 15,
  });
  await create({
    kind: 'membership',
    sku: 'MEM-002',
    name: 'Annual VIP Membership',
    price: 49000,
    cost: 0,
    taxRate: 0,
    trackStock: false,
    active: true,
    interval: 'year',
    discountPercent: 20,
  });

  const customers: Customer[] = [];
  for (let i = 0; i < 50; i++) {
    const first = firstNames[i % firstNames.length]!;
    const last = lastNames[(i * 7) % lastNames.length]!;
    const customer = await createCustomer(
      tx,
      seedActor,
      {
        name: `${first} ${last}`,
        email: i % 10 === 9 ? null : `${first}.${last}${i}@example.com`.toLowerCase(),
        phone: `+1 555 01${String(i).padStart(2, '0')} ${String(1000 + i * 13).slice(-4)}`,
        addresses:
          i % 4 === 0
            ? [
                {
                  label: 'Home',
                  line1: `${10 + i} Juniper Lane`,
                  line2: null,
                  city: 'Portland',
                  region: 'OR',
                  postalCode: '97201',
                  country: 'US',
                },
              ]
            : [],
        notes: null,
        marketingConsent: i % 3 !== 0,
      },
      i % 5 === 0 ? 'register' : 'back_office',
    );
    customers.push(customer);
  }

  await seedOrders(tx, productIds, serviceIds, customers);

  await createStaffUser(tx, {
    email: 'manager@example.com',
    name: 'Morgan Manager',
    role: 'manager',
    password: DEMO_STAFF_PASSWORD,
  });
  await createStaffUser(tx, {
    email: 'cashier@example.com',
    name: 'Casey Cashier',
    role: 'cashier',
    password: DEMO_STAFF_PASSWORD,
  });
  return true;
}
