import type { CreateItemInput } from '../../contracts/catalog.js';
import { applyPerks } from '../../contracts/customer-perks.js';
import type { Customer } from '../../contracts/customers.js';
import type { FulfillmentStatus } from '../../contracts/orders.js';
import { openConfirmedAccount } from '../modules/accounts/index.js';
import { createItem, getItem, renderPicture, saleItems, setItemPicture } from '../modules/catalog/index.js';
import { createCustomer } from '../modules/customers/index.js';
import { type GiftCardVault, issueGiftCard } from '../modules/giftcards/index.js';
import { moveStock } from '../modules/inventory/index.js';
import { customerPerks } from '../modules/memberships/index.js';
import {
  fulfillmentHistory,
  giftCardItem,
  giftCardTenders,
  type PlaceOrderInput,
  placeOrder,
  planGiftCardPayments,
  redeemGiftCardPayments,
  refundOrder,
  saleTotals,
} from '../modules/orders/index.js';
import type { CardGateway } from '../modules/payments/index.js';
import { getSettings, updateSettings } from '../modules/settings/index.js';
import { createStaffUser } from '../modules/staff/index.js';
import { type Actor, systemActor } from '../platform/auth.js';
import type { Tx } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { demoPicture } from './demo-pictures.js';

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

/** A small deterministic random source, so every demo shop has the same history. */
function demoRandom(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    below: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!,
  };
}

const DAY_MS = 86_400_000;
const couriersUsed = ['UPS', 'USPS', 'FedEx'];

interface PlannedOrder {
  online: boolean;
  placedAt: Date;
  customer: Customer | null;
  lines: { id: string; quantity: number }[];
  tender: 'cash' | 'card';
  delivery: 'shipping' | 'pickup' | null;
}

/**
 * Sixty days of trade, 3–7 orders a day: sales at the register (cash or card) and online orders,
 * most of them shipped or collected, the last few days' still to ship. Card tenders carry no
 * gateway record: the demo shop never charged a card.
 */
function planOrders(productIds: string[], serviceIds: string[], customers: Customer[], now: number) {
  const random = demoRandom(20_261_122);
  // Only products with plenty on hand are sold, so that the demo's low-stock list stays as it is.
  const stocked = productIds.filter((_, i) => products[i]![3] >= 10);
  const shippable = customers.filter((c) => c.addresses.length > 0 && c.email);
  const withEmail = customers.filter((c) => c.email);
  const plan: PlannedOrder[] = [];
  for (let daysAgo = 59; daysAgo >= 0; daysAgo--) {
    const count = 3 + random.below(5);
    // Earliest first, so that order numbers follow the clock; today's orders are all in the past.
    const offsets = Array.from({ length: count }, () => 600_000 + random.below(9 * 3_600_000)).sort(
      (a, b) => b - a,
    );
    for (const offset of offsets) {
      const placedAt = new Date(now - daysAgo * DAY_MS - offset);
      if (random.chance(0.3)) {
        const shipping = random.chance(0.8);
        const picks = new Set([random.pick(stocked), random.pick(stocked)]);
        plan.push({
          online: true,
          placedAt,
          customer: random.pick(shipping ? shippable : withEmail),
          lines: [...picks].map((id) => ({ id, quantity: 1 + random.below(2) })),
          tender: 'card',
          delivery: shipping ? 'shipping' : 'pickup',
        });
      } else {
        const lines = random.chance(0.75) ? [{ id: random.pick(serviceIds), quantity: 1 }] : [];
        if (lines.length === 0 || random.chance(0.45)) lines.push({ id: random.pick(stocked), quantity: 1 });
        plan.push({
          online: false,
          placedAt,
          customer: random.chance(0.4) ? random.pick(customers) : null,
          lines,
          tender: random.chance(0.5) ? 'cash' : 'card',
          delivery: null,
        });
      }
    }
  }
  return plan;
}

/** How many of each product the planned orders sell. */
function unitsSold(plan: readonly PlannedOrder[]): Map<string, number> {
  const sold = new Map<string, number>();
  for (const order of plan) {
    for (const line of order.lines) sold.set(line.id, (sold.get(line.id) ?? 0) + line.quantity);
  }
  return sold;
}

/**
 * Places the planned orders as they stand now, each with the history of how it got there, and
 * refunds a few. Each step is stamped with the time it happened; nobody is emailed about the past.
 */
/** Something else that happened in the shop's past, placed among the orders at its time. */
interface PastEvent {
  at: number;
  happen: () => Promise<void>;
}

async function seedOrders(
  tx: Tx,
  deps: SeedDeps,
  plan: readonly PlannedOrder[],
  now: number,
  events: PastEvent[] = [],
) {
  // In time order with the orders, so that order numbers follow time.
  const pending = [...events].sort((a, b) => a.at - b.at);
  const catchUp = async (until: number) => {
    while (pending.length > 0 && pending[0]!.at <= until) await pending.shift()!.happen();
  };
  const items = await saleItems(tx, [...new Set(plan.flatMap((o) => o.lines.map((l) => l.id)))]);
  const at = (time: number) => ({ ...deps, db: tx, now: () => new Date(Math.min(time, now)) });
  // A couple of refunds: two register sales given back in full, a product returned from an online order.
  const old = (o: PlannedOrder) => now - o.placedAt.getTime() > 10 * DAY_MS;
  const full = new Set(
    [plan.findIndex((o, i) => i > 40 && !o.online), plan.findIndex((o, i) => i > 140 && !o.online)].filter(
      (i) => i >= 0,
    ),
  );
  const refunds = {
    full,
    returned: plan.findIndex((o, i) => i > 60 && o.online && o.lines.length > 1 && old(o)),
  };
  for (const [n, planned] of plan.entries()) {
    await catchUp(planned.placedAt.getTime());
    const lines = planned.lines.map((l) => ({ item: items.get(l.id)!, quantity: l.quantity, discount: 0 }));
    const { totals } = saleTotals(lines, false);
    const customer = planned.customer;
    const address = customer?.addresses[0];
    const placed = planned.placedAt.getTime();
    const age = now - placed;
    // Online orders shipped a day or so after they were placed (delivered a few days later) or
    // collected; the last few days' still to ship.
    let fulfillmentStatus: FulfillmentStatus = planned.online ? 'unfulfilled' : 'picked_up';
    let shipment: { courier: string; trackingId: string } | null = null;
    const laterHistory: NonNullable<PlaceOrderInput['laterHistory']> = [];
    const move = (to: FulfillmentStatus, time: number) => {
      laterHistory.push({ ...fulfillmentHistory(fulfillmentStatus, to, shipment), at: new Date(time) });
      fulfillmentStatus = to;
    };
    if (planned.delivery === 'shipping' && age > 3 * DAY_MS) {
      shipment = {
        courier: couriersUsed[n % couriersUsed.length]!,
        trackingId: `1Z${String(n + 1).padStart(6, '0')}${String(placed % 100_000_000).padStart(8, '0')}`,
      };
      move('shipped', placed + DAY_MS + (n % 5) * 3_600_000);
      if (age > 7 * DAY_MS) move('delivered', placed + 4 * DAY_MS);
    } else if (planned.delivery === 'pickup' && age > DAY_MS) {
      move('picked_up', placed + DAY_MS);
    }
    const order = await placeOrder(tx, {
      channel: planned.online ? 'online' : 'in_store',
      customer: customer
        ? { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone }
        : null,
      currency: 'USD',
      pricesIncludeTax: false,
      lines,
      tenders: [
        planned.tender === 'card'
          ? { method: 'card', amount: totals.total, label: 'by card' }
          : { method: 'cash', amount: totals.total, tendered: totals.total, change: 0, label: 'in cash' },
      ],
      paymentStatus: 'paid',
      fulfillmentStatus,
      shipment,
      laterHistory,
      delivery: planned.delivery,
      shippingAddress:
        planned.delivery === 'shipping' && customer && address
          ? {
              name: customer.name,
              line1: address.line1,
              city: address.city,
              ...(address.region ? { region: address.region } : {}),
              postalCode: address.postalCode,
              country: address.country,
            }
          : null,
      allowNegativeStock: false,
      actor: seedActor,
      placedAt: planned.placedAt,
    });

    if (refunds.full.has(n)) {
      await refundOrder(
        at(placed + 2 * DAY_MS),
        order.id,
        { reason: 'Customer changed their mind' },
        seedActor,
      );
    } else if (refunds.returned === n) {
      const line = order.lines[0]!;
      await refundOrder(
        at(placed + 5 * DAY_MS),
        order.id,
        { lines: [{ lineId: line.id, quantity: line.quantity }], restock: true, reason: 'Arrived damaged' },
        seedActor,
      );
    }
  }
  await catchUp(Number.POSITIVE_INFINITY);
}

/** Fills an empty database with a demo salon-and-boutique. Runs once, on first start. */
/**
 * Gift cards of both kinds sold at the register over the last weeks (physical ones by their printed
 * serial, virtual ones for customers), a goodwill card, and some of the physical ones partly spent
 * on services since. Virtual cards of the past are not emailed again.
 */
async function giftCardHistory(
  tx: Tx,
  deps: SeedDeps,
  serviceIds: readonly string[],
  customers: readonly Customer[],
  now: number,
): Promise<PastEvent[]> {
  const events: PastEvent[] = [];
  const issuing = { vault: deps.giftCardVault, serialPrefix: '6061' };
  const services = await saleItems(tx, serviceIds);
  const withEmail = customers.filter((c) => c.email);
  const amounts = [2500, 5000, 7500, 10_000, 5000, 2500, 15_000, 5000];
  const sold: { serial: string; amount: number; placedAt: number }[] = [];
  for (const [i, amount] of amounts.entries()) {
    const placedAt = now - (55 - i * 7) * DAY_MS;
    const physical = i % 2 === 0;
    const serial = `JHB${String(40_001 + i).padStart(8, '0')}`;
    const owner = physical ? null : withEmail[(i * 5) % withEmail.length]!;
    events.push({
      at: placedAt,
      happen: async () => {
        await placeOrder(tx, {
          channel: 'in_store',
          customer: owner ? { id: owner.id, name: owner.name, email: owner.email, phone: owner.phone } : null,
          currency: 'USD',
          pricesIncludeTax: false,
          lines: [
            {
              item: giftCardItem(amount),
              quantity: 1,
              discount: 0,
              giftCard: physical
                ? { serial, path: 'giftCards.0.serial' }
                : { ownerEmail: owner!.email, path: 'giftCards.0' },
            },
          ],
          tenders: [{ method: 'cash', amount, tendered: amount, change: 0, label: 'in cash' }],
          paymentStatus: 'paid',
          fulfillmentStatus: 'picked_up',
          allowNegativeStock: false,
          actor: seedActor,
          placedAt: new Date(placedAt),
          giftCards: issuing,
        });
      },
    });
    if (physical) sold.push({ serial, amount, placedAt });
  }
  events.push({
    at: now - 12 * DAY_MS,
    happen: async () => {
      await issueGiftCard(tx, deps.giftCardVault, {
        amount: 2000,
        currency: 'USD',
        ownerEmail: withEmail[3]!.email,
        customerId: withEmail[3]!.id,
        notes: 'Goodwill: an appointment ran late',
        serialPrefix: '6061',
        actor: seedActor,
        at: new Date(now - 12 * DAY_MS),
      });
    },
  });
  // Three of the physical cards come back for a service or two, paid partly by card and the rest in cash.
  for (const [i, card] of sold.slice(0, 3).entries()) {
    const service = services.get(serviceIds[(i * 3 + 1) % serviceIds.length]!)!;
    const placedAt = new Date(Math.min(now - DAY_MS, card.placedAt + (5 + i) * DAY_MS + 3 * 3_600_000));
    const fromCard = Math.min(card.amount - 500 * (i + 1), service.price);
    events.push({
      at: placedAt.getTime(),
      happen: async () => {
        const orderId = newId('ord');
        const planned = await planGiftCardPayments(
          tx,
          deps.giftCardVault,
          [{ code: card.serial, amount: fromCard, path: 'payments.0.code' }],
          { currency: 'USD', payable: service.price, money: String },
          [],
        );
        const cash = service.price - fromCard;
        await placeOrder(tx, {
          id: orderId,
          channel: 'in_store',
          customer: null,
          currency: 'USD',
          pricesIncludeTax: false,
          lines: [{ item: service, quantity: 1, discount: 0 }],
          tenders: [
            ...giftCardTenders(planned),
            ...(cash > 0
              ? [{ method: 'cash' as const, amount: cash, tendered: cash, change: 0, label: 'in cash' }]
              : []),
          ],
          paymentStatus: 'paid',
          fulfillmentStatus: 'picked_up',
          allowNegativeStock: false,
          actor: seedActor,
          placedAt,
        });
        await redeemGiftCardPayments(tx, deps.giftCardVault, planned, {
          orderId,
          currency: 'USD',
          actor: seedActor,
          at: placedAt,
        });
      },
    });
  }
  return events;
}

/**
 * Packages bought at the register by three customers over the last weeks, and credits spent on
 * visits since (charged 0, as the register does): My account and the customer pages show credits
 * used and left.
 */
async function packageHistory(
  tx: Tx,
  packageIds: readonly string[],
  customers: readonly Customer[],
  now: number,
): Promise<PastEvent[]> {
  const events: PastEvent[] = [];
  const packages = await saleItems(tx, packageIds);
  const buyers = customers.filter((c) => c.email).slice(6, 9);
  for (const [i, buyer] of buyers.entries()) {
    const bought = await getItem(tx, packageIds[i]!);
    const item = packages.get(bought.id)!;
    const boughtAt = now - (40 - i * 14) * DAY_MS + (23 + i) * 60_000 + 3_000;
    const customer = { id: buyer.id, name: buyer.name, email: buyer.email, phone: buyer.phone };
    events.push({
      at: boughtAt,
      happen: async () => {
        await placeOrder(tx, {
          channel: 'in_store',
          customer,
          currency: 'USD',
          pricesIncludeTax: false,
          lines: [{ item, quantity: 1, discount: 0 }],
          tenders: [
            { method: 'cash', amount: item.price, tendered: item.price, change: 0, label: 'in cash' },
          ],
          paymentStatus: 'paid',
          fulfillmentStatus: 'picked_up',
          allowNegativeStock: false,
          actor: seedActor,
          placedAt: new Date(boughtAt),
        });
      },
    });
    // A visit a week for each service it includes, while it lasts: one credit each time.
    const services = await saleItems(
      tx,
      bought.includes.map((inc) => inc.itemId),
    );
    for (let visit = 1; visit <= 3 - i; visit++) {
      // Off the hour, so that no other order of the demo has the same moment.
      const at = boughtAt + visit * 7 * DAY_MS + 2 * 3_600_000 + (17 + i) * 60_000 + 7_000;
      if (at >= now - DAY_MS) break;
      const service = services.get(bought.includes[(visit - 1) % bought.includes.length]!.itemId)!;
      events.push({
        at,
        happen: async () => {
          const perks = await customerPerks(tx, buyer.id, new Date(at));
          const [priced] = applyPerks([{ ...service, itemId: service.id, quantity: 1, discount: 0 }], perks);
          const total = service.price - priced!.discount;
          await placeOrder(tx, {
            channel: 'in_store',
            customer,
            currency: 'USD',
            pricesIncludeTax: false,
            lines: [
              {
                item: service,
                quantity: 1,
                discount: priced!.discount,
                credits: priced!.packageId
                  ? { packageId: priced!.packageId, quantity: priced!.creditsUsed }
                  : null,
              },
            ],
            tenders:
              total > 0
                ? [{ method: 'cash', amount: total, tendered: total, change: 0, label: 'in cash' }]
                : [],
            paymentStatus: 'paid',
            fulfillmentStatus: 'picked_up',
            allowNegativeStock: false,
            actor: seedActor,
            placedAt: new Date(at),
          });
        },
      });
    }
  }
  return events;
}

export interface SeedDeps {
  /** For the refunds of the demo's past (cash and cards without a gateway record: never called). */
  gateway: CardGateway;
  giftCardVault: GiftCardVault;
}

export async function seedDemo(tx: Tx, deps: SeedDeps): Promise<boolean> {
  const settings = await getSettings(tx);
  if (settings.businessName !== 'My shop') return false;
  await updateSettings(tx, systemActor, {
    businessName: DEMO_BUSINESS_NAME,
    currency: 'USD',
    timeZone: 'America/Los_Angeles',
    store: {
      phone: '(503) 555-0142',
      email: 'hello@juniper.example',
      line1: '1120 NW Couch St',
      line2: '',
      city: 'Portland',
      region: 'OR',
      postalCode: '97209',
      country: 'US',
    },
    giftCards: { minAmount: 1000, maxAmount: 50_000, serialPrefix: '6061' },
  });
  const create = (input: CreateItemInput) => createItem(tx, seedActor, input, 'USD');
  const now = Date.now();

  const productIds: string[] = [];
  const pictured = new Map<string, number>();
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
    // Pictures for a couple of each kind of container: enough to show them, quick to draw.
    const drawn = pictured.get(category) ?? 0;
    const picture = drawn < 2 ? await demoPicture(name, category) : null;
    if (picture) {
      pictured.set(category, drawn + 1);
      await setItemPicture(tx, seedActor, item.id, await renderPicture(picture, 'image/png'));
    }
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
  const packageIds = [(await pkg(0, '10 Blow-dries', 30000, [[2, 10]], 90, null)).id];
  const bridal = await pkg(
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
  const maniPedi = await pkg(
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
    discountAppliesTo: 'all',
  });

  packageIds.push(bridal.id, maniPedi.id);

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
  // A shopper who can sign in to the shop and My account at once (no mailbox needed to confirm).
  await openConfirmedAccount(tx, {
    customerId: customers[0]!.id,
    email: customers[0]!.email!,
    password: DEMO_STAFF_PASSWORD,
  });

  const plan = planOrders(productIds, serviceIds, customers, now);
  // The stock those sales took arrived in one delivery before them.
  for (const [itemId, quantity] of unitsSold(plan)) {
    if (!productIds.includes(itemId)) continue;
    await moveStock(tx, { itemId, kind: 'receive', quantity, reason: 'Supplier delivery', actor: seedActor });
  }
  await seedOrders(tx, deps, plan, now, [
    ...(await giftCardHistory(tx, deps, serviceIds, customers, now)),
    ...(await packageHistory(tx, packageIds, customers, now)),
  ]);

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
