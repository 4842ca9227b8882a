import type { DocumentKind } from '../../../contracts/connections.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { type SaleItem, saleItems, saleItemsBySku } from '../catalog/index.js';
import { ensureCartCustomers } from '../customers/index.js';
import {
  type ChargeItem,
  followCartOrder,
  type PlaceOrderInput,
  placeCartDocuments,
  type SaleLine,
} from '../orders/index.js';
import { advanceBindings, bindingsOf, bindNew } from './bindings.js';
import type { CartAddress, CartOrder, CartOrderLine } from './cart.js';
import { queueStockPushes } from './queue-pushes.js';

/** What a run knows while it applies a page of records. */
export interface SyncContext {
  connectionId: string;
  /** The system actor every change is recorded under: "Cart: My WooCommerce store". */
  actor: Actor;
  currency: string;
  importOrdersAs: DocumentKind;
  /** Orders placed in the cart before this are not imported. */
  ordersFrom: Date | null;
  /** The item an unknown cart line is sold as; null: such an order cannot be imported. */
  defaultItemId: string | null;
}

export interface Applied {
  imported: number;
  updated: number;
  skipped: number;
  failures: { externalId: string; reason: string }[];
  /** The newest creation time among the orders imported (the "last order from" cursor). */
  lastOrderAt?: Date | undefined;
}

export const nothingApplied = (): Applied => ({ imported: 0, updated: 0, skipped: 0, failures: [] });

/** Only orders paid in the cart become documents; one awaiting payment comes when it is paid. */
const importable = (o: CartOrder) => o.status === 'paid' || o.status === 'completed';

/** The line's tax rate in basis points, from the tax the cart charged on it. */
function taxRateOf(line: CartOrderLine): number {
  const base = line.unitPrice * line.quantity;
  if (base <= 0 || line.tax <= 0) return 0;
  return Math.min(10_000, Math.round((line.tax * 10_000) / base));
}

const addressSnapshot = (a: CartAddress | null, name: string | null) =>
  a?.line1 && a.city && a.postalCode && /^[A-Z]{2}$/.test(a.country)
    ? {
        name: (a.name || name || '').slice(0, 200),
        line1: a.line1.slice(0, 200),
        ...(a.line2 ? { line2: a.line2.slice(0, 200) } : {}),
        city: a.city.slice(0, 100),
        ...(a.region ? { region: a.region.slice(0, 100) } : {}),
        postalCode: a.postalCode.slice(0, 20),
        country: a.country,
        ...(a.phone ? { phone: a.phone.slice(0, 30) } : {}),
      }
    : null;

/**
 * How each line is sold: the item bound to the cart's product, else the item with its SKU, else the
 * connection's default item under the cart's name and price. Answers a reason when it cannot be.
 */
function saleLinesOf(
  order: CartOrder,
  found: { byBinding: Map<string, SaleItem>; bySku: Map<string, SaleItem>; fallback: SaleItem | null },
): SaleLine[] | string {
  const lines: SaleLine[] = [];
  for (const [i, l] of order.lines.entries()) {
    if (!Number.isInteger(l.quantity) || l.quantity <= 0 || l.quantity > 100_000) {
      return `Line ${i + 1} has quantity ${l.quantity}.`;
    }
    if (!Number.isInteger(l.unitPrice) || l.unitPrice < 0 || l.unitPrice > 100_000_000) {
      return `Line ${i + 1} has price ${l.unitPrice}.`;
    }
    const known =
      (l.externalItemId ? found.byBinding.get(l.externalItemId) : undefined) ??
      (l.sku ? found.bySku.get(l.sku.toLowerCase()) : undefined);
    const item = known ?? found.fallback;
    if (!item) {
      return `Line ${i + 1} (“${l.name}”${l.sku ? `, SKU ${l.sku}` : ''}) matches no item, and the connection has no default item.`;
    }
    lines.push({
      item: {
        ...item,
        // What the cart sold it at, under its name when it is the default item.
        name: known ? item.name : l.name.slice(0, 200) || item.name,
        sku: known ? item.sku : (l.sku?.slice(0, 64) ?? item.sku),
        price: l.unitPrice,
        taxRate: taxRateOf(l),
        trackStock: item.trackStock,
      },
      quantity: l.quantity,
      discount: 0,
    });
  }
  if (lines.length === 0) return 'The order has no lines.';
  if (order.shippingTotal > 0) {
    const shipping: ChargeItem = {
      id: null,
      kind: 'shipping',
      sku: null,
      name: order.shippingName ? `Shipping: ${order.shippingName}`.slice(0, 200) : 'Shipping',
      price: order.shippingTotal,
      cost: 0,
      taxRate: 0,
      trackStock: false,
      active: true,
    };
    lines.push({ item: shipping, quantity: 1, discount: 0 });
  }
  return lines;
}

/**
 * Applies a page of cart orders in `tx`: new paid orders become pending documents (customer linked
 * by email or created, lines matched, the cart's payment as a tender, bound to the cart's id); bound
 * orders whose status changed in the cart get it in their history. Problems with one order are
 * answered as failures without writing it; an error from the database throws, and the caller
 * retries the page one order at a time.
 */
export async function importOrders(
  tx: Tx,
  ctx: SyncContext,
  records: readonly CartOrder[],
): Promise<Applied> {
  const applied = nothingApplied();
  const bound = await bindingsOf(
    tx,
    ctx.connectionId,
    'orders',
    records.map((r) => r.externalId),
  );

  // Orders seen before: follow what changed in the cart.
  const moved: { externalId: string; externalUpdatedAt: Date; externalStatus: string }[] = [];
  for (const o of records) {
    const binding = bound.get(o.externalId);
    if (!binding) continue;
    if (binding.externalUpdatedAt && o.updatedAt <= binding.externalUpdatedAt) {
      applied.skipped++;
      continue;
    }
    if (binding.externalStatus !== o.status) {
      await followCartOrder(
        tx,
        binding.tandemId,
        { status: o.status, cartStatus: o.cartStatus, at: o.updatedAt },
        ctx.actor,
      );
      applied.updated++;
    } else {
      applied.skipped++;
    }
    moved.push({ externalId: o.externalId, externalUpdatedAt: o.updatedAt, externalStatus: o.status });
  }
  await advanceBindings(tx, ctx.connectionId, 'orders', moved);

  const fresh = records.filter(
    (o) => !bound.has(o.externalId) && importable(o) && (!ctx.ordersFrom || o.createdAt >= ctx.ordersFrom),
  );
  applied.skipped += records.filter((o) => !bound.has(o.externalId)).length - fresh.length;
  if (fresh.length === 0) return applied;

  // Everything the page's new orders need, in a few queries for the whole page.
  const productIds = fresh.flatMap((o) =>
    o.lines.flatMap((l) => (l.externalItemId ? [l.externalItemId] : [])),
  );
  const itemBindings = await bindingsOf(tx, ctx.connectionId, 'items', productIds);
  const boundItems = await saleItems(tx, [
    ...[...itemBindings.values()].map((b) => b.tandemId),
    ...(ctx.defaultItemId ? [ctx.defaultItemId] : []),
  ]);
  const found = {
    byBinding: new Map(
      [...itemBindings].flatMap(([ext, b]) =>
        boundItems.has(b.tandemId) ? [[ext, boundItems.get(b.tandemId)!]] : [],
      ),
    ),
    bySku: await saleItemsBySku(
      tx,
      fresh.flatMap((o) => o.lines.flatMap((l) => (l.sku ? [l.sku] : []))),
    ),
    fallback: ctx.defaultItemId ? (boundItems.get(ctx.defaultItemId) ?? null) : null,
  };
  const ready: { order: CartOrder; lines: SaleLine[] }[] = [];
  for (const o of fresh) {
    if (o.currency !== ctx.currency) {
      applied.failures.push({
        externalId: o.externalId,
        reason: `The order is in ${o.currency}; the store sells in ${ctx.currency}.`,
      });
      continue;
    }
    const lines = saleLinesOf(o, found);
    if (typeof lines === 'string') applied.failures.push({ externalId: o.externalId, reason: lines });
    else ready.push({ order: o, lines });
  }
  const customers = await ensureCartCustomers(
    tx,
    ready.flatMap(({ order: o }) =>
      o.customer.email
        ? [
            {
              email: o.customer.email,
              name: o.customer.name ?? o.customer.email,
              phone: o.customer.phone,
              address: null,
            },
          ]
        : [],
    ),
  );

  const newBindings: {
    externalId: string;
    tandemId: string;
    externalUpdatedAt: Date;
    externalStatus: string;
  }[] = [];
  const itemsSold = new Set<string>();
  const documents = ready.map(({ order: o, lines }) => {
    const customer = o.customer.email ? customers.get(o.customer.email.trim().toLowerCase()) : undefined;
    const shippingAddress = addressSnapshot(o.shippingAddress, o.customer.name);
    for (const l of lines) if (l.item.id && l.item.trackStock) itemsSold.add(l.item.id);
    const input: PlaceOrderInput = {
      id: newId('ord'),
      channel: 'cart',
      connectionId: ctx.connectionId,
      cartDocument: { documentKind: ctx.importOrdersAs, externalNumber: o.number.slice(0, 64) },
      customer:
        customer || o.customer.name
          ? {
              id: customer?.id ?? null,
              name: o.customer.name?.slice(0, 200) ?? null,
              email: o.customer.email?.slice(0, 320) ?? null,
              phone: o.customer.phone?.slice(0, 30) ?? null,
            }
          : null,
      currency: o.currency,
      pricesIncludeTax: false,
      lines,
      tenders:
        o.payment && o.payment.amount > 0
          ? [
              {
                method: 'cart',
                amount: o.payment.amount,
                label: o.payment.method.slice(0, 100) || 'Cart',
                reference: o.payment.reference?.slice(0, 200) ?? null,
              },
            ]
          : [],
      paymentStatus: 'paid',
      fulfillmentStatus: 'unfulfilled',
      delivery: shippingAddress ? 'shipping' : null,
      shippingAddress,
      allowNegativeStock: true,
      actor: ctx.actor,
      placedAt: o.createdAt,
    };
    newBindings.push({
      externalId: o.externalId,
      tandemId: input.id!,
      externalUpdatedAt: o.updatedAt,
      externalStatus: o.status,
    });
    if (!applied.lastOrderAt || o.createdAt > applied.lastOrderAt) applied.lastOrderAt = o.createdAt;
    return input;
  });
  await placeCartDocuments(tx, documents);
  applied.imported += documents.length;
  await bindNew(tx, ctx.connectionId, 'orders', newBindings);
  // A pending document holds its items: every cart that takes real-time stock hears the new level.
  await queueStockPushes(tx, [...itemsSold]);
  return applied;
}
