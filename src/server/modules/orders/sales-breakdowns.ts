import { and, eq, gte, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { brandName } from '../../../contracts/card-brand.js';
import {
  type PaymentMethodKind,
  paymentMethodKinds,
  type SalesByItem,
  type SalesByPaymentMethod,
  type SalesReportWithBreakdowns,
} from '../../../contracts/reports.js';
import type { Tx } from '../../platform/db.js';
import { totalsByCardBrand } from '../payments/index.js';
import { reportPeriod } from './sales-report.js';
import { orderLines, orderRefunds, orders, orderTenders } from './schema.js';

type Breakdowns = Pick<SalesReportWithBreakdowns, 'byItem' | 'byPaymentMethod' | 'byCardBrand' | 'payments'>;

const noMoney = () => ({ payments: 0, taken: 0, refunds: 0, refunded: 0, net: 0 });

/** The row of `key` in `rows`, added as `empty` the first time. */
function rowIn<K, V>(rows: Map<K, V>, key: K, empty: V): V {
  const row = rows.get(key);
  if (row) return row;
  rows.set(key, empty);
  return empty;
}

const sum = (column: unknown) => sql<string>`coalesce(sum(${column}), 0)`;

/**
 * Splits `amount` in proportion to `weights` so that the parts add up to it exactly (largest
 * remainders get the odd units); all of it goes to the first when every weight is zero.
 */
export function apportion(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  if (total <= 0) return weights.map((_, i) => (i === 0 ? amount : 0));
  const exact = weights.map((w) => (amount * w) / total);
  const parts = exact.map((x) => Math.floor(x));
  let left = amount - parts.reduce((s, p) => s + p, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/**
 * The period's sales by item and by payment method, counted as the report by day counts them:
 * orders (not pending) on the day they were placed, refunds on the day they were given.
 *
 * A refund is not kept line by line: its money is spread over its order's items in proportion to
 * what of each was given back (over all the order's items when none was), and the cost of goods
 * put back over the stocked items given back. Gift cards sold are not sales, so they are no item;
 * they show in the payment totals, which add up to the sales with their tax.
 */
export async function salesBreakdowns(
  tx: Tx,
  query: { from: string; to: string; timeZone: string },
): Promise<Breakdowns> {
  const period = reportPeriod(query);
  const placed = and(
    gte(orders.createdAt, period.start),
    lt(orders.createdAt, period.end),
    ne(orders.paymentStatus, 'pending'),
    eq(orders.state, 'confirmed'),
  );
  const given = and(gte(orderRefunds.createdAt, period.start), lt(orderRefunds.createdAt, period.end));
  const isGiftCard = sql<boolean>`${orderLines.giftCardId} is not null`;

  const cardTaken = tx
    .select({ paymentId: orderTenders.paymentId, amount: orderTenders.amount })
    .from(orderTenders)
    .innerJoin(orders, sql`${orders.id} = ${orderTenders.orderId}`)
    .where(and(placed, eq(orderTenders.method, 'card'), isNotNull(orderTenders.paymentId)))
    .getSQL();
  const cardGivenBack = tx
    .select({
      paymentId: orderTenders.paymentId,
      amount: sql`${orderRefunds.amount} + ${orderRefunds.giftCards}`,
    })
    .from(orderRefunds)
    .innerJoin(orderTenders, eq(orderTenders.id, orderRefunds.tenderId))
    .where(
      and(
        given,
        eq(orderRefunds.method, 'card'),
        isNotNull(orderTenders.paymentId),
        sql`${orderRefunds.amount} + ${orderRefunds.giftCards} > 0`,
      ),
    )
    .getSQL();

  const [sold, spread, taken, paidBack, brandsTaken, brandsGivenBack] = await Promise.all([
    tx
      .select({
        itemId: orderLines.itemId,
        name: orderLines.name,
        sku: orderLines.sku,
        kind: orderLines.kind,
        giftCard: isGiftCard,
        quantity: sum(orderLines.quantity),
        gross: sum(
          sql`case when ${orders.pricesIncludeTax} then ${orderLines.total} else ${orderLines.net} end + ${orderLines.discount}`,
        ),
        discounts: sum(orderLines.discount),
        net: sum(orderLines.net),
        total: sum(orderLines.total),
        cost: sum(sql`${orderLines.unitCost} * ${orderLines.quantity}`),
        credits: sum(orderLines.creditsUsed),
      })
      .from(orderLines)
      .innerJoin(orders, sql`${orders.id} = ${orderLines.orderId}`)
      .where(placed)
      .groupBy(orderLines.itemId, orderLines.name, orderLines.sku, orderLines.kind, isGiftCard),
    // One row per refund and item line of its order: what is needed to spread the refund.
    tx
      .select({
        refundId: orderRefunds.id,
        amount: orderRefunds.amount,
        net: orderRefunds.net,
        cost: orderRefunds.cost,
        itemId: orderLines.itemId,
        name: orderLines.name,
        sku: orderLines.sku,
        kind: orderLines.kind,
        quantity: orderLines.quantity,
        refundedQuantity: orderLines.refundedQuantity,
        total: orderLines.total,
        unitCost: orderLines.unitCost,
        tracksStock: orderLines.tracksStock,
      })
      .from(orderRefunds)
      .innerJoin(orderLines, sql`${orderLines.orderId} = ${orderRefunds.orderId}`)
      .where(
        and(
          given,
          sql`${orderLines.giftCardId} is null`,
          sql`(${orderRefunds.amount} > 0 or ${orderRefunds.cost} > 0)`,
        ),
      )
      .orderBy(orderRefunds.id, orderLines.position),
    tx
      .select({
        method: orderTenders.method,
        payments: sql<string>`count(*)`,
        amount: sum(orderTenders.amount),
      })
      .from(orderTenders)
      .innerJoin(orders, sql`${orders.id} = ${orderTenders.orderId}`)
      .where(placed)
      .groupBy(orderTenders.method),
    tx
      .select({
        method: orderRefunds.method,
        refunds: sql<string>`count(*)`,
        amount: sum(sql`${orderRefunds.amount} + ${orderRefunds.giftCards}`),
        giftCards: sum(orderRefunds.giftCards),
      })
      .from(orderRefunds)
      .where(and(given, sql`${orderRefunds.amount} + ${orderRefunds.giftCards} > 0`))
      .groupBy(orderRefunds.method),
    totalsByCardBrand(tx, cardTaken),
    totalsByCardBrand(tx, cardGivenBack),
  ]);

  // By item: an item renamed within the period is one item, under the name it was sold by most.
  const items = new Map<string, SalesByItem & { top: number }>();
  const itemOf = (
    l: { itemId: string | null; name: string; sku: string | null; kind: string },
    units: number,
  ) => {
    const key = l.itemId ?? `name:${l.name}`;
    let row = items.get(key);
    if (!row) {
      row = {
        itemId: l.itemId,
        name: l.name,
        sku: l.sku,
        kind: l.kind,
        quantity: 0,
        gross: 0,
        discounts: 0,
        net: 0,
        cost: 0,
        profit: 0,
        refunds: 0,
        top: units,
      };
      items.set(key, row);
    } else if (units > row.top) {
      Object.assign(row, { name: l.name, sku: l.sku, top: units });
    }
    return row;
  };
  let ordersTotal = 0;
  let giftCardsSold = 0;
  let credits = 0;
  for (const s of sold) {
    ordersTotal += Number(s.total);
    if (s.giftCard) {
      giftCardsSold += Number(s.total);
      continue;
    }
    credits += Number(s.credits);
    const row = itemOf(s, Number(s.quantity));
    row.quantity += Number(s.quantity);
    row.gross += Number(s.gross);
    row.discounts += Number(s.discounts);
    row.net += Number(s.net);
    row.cost += Number(s.cost);
  }
  const refunds = new Map<string, typeof spread>();
  for (const r of spread) {
    const lines = refunds.get(r.refundId);
    if (lines) lines.push(r);
    else refunds.set(r.refundId, [r]);
  }
  for (const lines of refunds.values()) {
    const { amount, net, cost } = lines[0]!;
    const givenBack = lines.map((l) => (l.total * l.refundedQuantity) / l.quantity);
    const moneyWeights = givenBack.some((w) => w > 0) ? givenBack : lines.map((l) => l.total);
    const returned = lines.map((l) => (l.tracksStock ? l.unitCost * l.refundedQuantity : 0));
    const costWeights = returned.some((w) => w > 0) ? returned : lines.map((l) => l.unitCost * l.quantity);
    const amounts = apportion(amount, moneyWeights);
    const nets = apportion(net, moneyWeights);
    const costs = apportion(cost, costWeights);
    lines.forEach((l, i) => {
      const row = itemOf(l, 0);
      row.refunds += amounts[i]!;
      row.net -= nets[i]!;
      row.cost -= costs[i]!;
    });
  }
  const byItem = [...items.values()]
    .map(({ top: _, ...row }) => ({ ...row, profit: row.net - row.cost }))
    .sort((a, b) => b.net - a.net || a.name.localeCompare(b.name));

  // By payment method: money taken on the period's orders, and given back in the period.
  const methods = new Map<PaymentMethodKind, SalesByPaymentMethod>();
  const methodOf = (method: PaymentMethodKind) => rowIn(methods, method, { method, ...noMoney() });
  let tendered = 0;
  for (const t of taken) {
    const row = methodOf(t.method);
    row.payments += Number(t.payments);
    row.taken += Number(t.amount);
    tendered += Number(t.amount);
  }
  // Orders paid outside the register and the shop have no tenders: their money is "other".
  if (ordersTotal !== tendered) methodOf('other').taken += ordersTotal - tendered;
  if (credits > 0) methodOf('package_credits').payments += credits;
  let giftCardsRefunded = 0;
  for (const r of paidBack) {
    const row = methodOf(r.method ?? 'other');
    row.refunds += Number(r.refunds);
    row.refunded += Number(r.amount);
    giftCardsRefunded += Number(r.giftCards);
  }
  const byPaymentMethod = [...methods.values()]
    .map((m) => ({ ...m, net: m.taken - m.refunded }))
    .sort((a, b) => paymentMethodKinds.indexOf(a.method) - paymentMethodKinds.indexOf(b.method));
  const all = byPaymentMethod.reduce(
    (s, m) => ({ taken: s.taken + m.taken, refunded: s.refunded + m.refunded }),
    { taken: 0, refunded: 0 },
  );
  const brands = new Map<string, Omit<SalesByPaymentMethod, 'method'> & { brand: string }>();
  const brandOf = (brand: string) => rowIn(brands, brand, { brand, ...noMoney() });
  for (const b of brandsTaken) Object.assign(brandOf(b.brand), { payments: b.count, taken: b.amount });
  for (const b of brandsGivenBack) Object.assign(brandOf(b.brand), { refunds: b.count, refunded: b.amount });
  // Card payments recorded without the gateway's payment (imported) are of no known brand.
  const card = methods.get('card');
  if (card) {
    const known = [...brands.values()];
    const unknown = {
      payments: card.payments - known.reduce((s, b) => s + b.payments, 0),
      taken: card.taken - known.reduce((s, b) => s + b.taken, 0),
      refunds: card.refunds - known.reduce((s, b) => s + b.refunds, 0),
      refunded: card.refunded - known.reduce((s, b) => s + b.refunded, 0),
    };
    if (Object.values(unknown).some((v) => v !== 0)) {
      const row = brandOf(brandName(null));
      for (const k of ['payments', 'taken', 'refunds', 'refunded'] as const) row[k] += unknown[k];
    }
  }
  const byCardBrand = [...brands.values()]
    .map((b) => ({ ...b, net: b.taken - b.refunded }))
    .sort((a, b) => b.taken - a.taken || a.brand.localeCompare(b.brand));
  const owed = giftCardsSold - giftCardsRefunded;
  const net = all.taken - all.refunded;
  return {
    byItem,
    byPaymentMethod,
    byCardBrand,
    payments: { ...all, net, giftCardsSold: owed, sales: net - owed },
  };
}
