import { sql } from 'drizzle-orm';
import { actorColumns } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import type { HistoryRow, LineRow, TenderRow } from './orders.js';
import { type PlaceOrderInput, saleTotals } from './place-order.js';
import { orderHistory, orderLines, orders, orderTenders } from './schema.js';

/** An order as it will be written: its row, lines, tenders and history, built from the input. */
export interface OrderRecord {
  values: typeof orders.$inferInsert;
  lineRows: LineRow[];
  tenderRows: TenderRow[];
  historyRows: HistoryRow[];
  totals: ReturnType<typeof saleTotals>['totals'];
}

/**
 * Builds an order's rows from the input, with what placing it made first: the gift cards its lines
 * sold and the packages they started (none for an imported cart document).
 */
export function orderRecord(
  input: PlaceOrderInput,
  made: {
    id: string;
    lineIds?: string[] | undefined;
    sold?: Map<number, { name: string; cardId: string }> | undefined;
    packages?: Map<number, string> | undefined;
  },
): OrderRecord {
  const { id } = made;
  const { lines, totals } = saleTotals(input.lines, input.pricesIncludeTax);
  const placedAt = input.placedAt ?? new Date();
  const lineIds = made.lineIds ?? input.lines.map(() => newId('orl'));
  const lineRows: LineRow[] = input.lines.map((l, i) => ({
    id: lineIds[i]!,
    orderId: id,
    position: i + 1,
    itemId: l.item.id,
    kind: l.item.kind,
    name: made.sold?.get(i)?.name ?? l.item.name,
    sku: l.item.sku,
    quantity: l.quantity,
    unitPrice: l.item.price,
    unitCost: l.item.cost,
    taxRate: l.item.taxRate,
    discount: lines[i]!.discount,
    net: lines[i]!.net,
    tax: lines[i]!.tax,
    total: lines[i]!.total,
    tracksStock: l.item.trackStock,
    giftCardId: made.sold?.get(i)?.cardId ?? null,
    packageId: made.packages?.get(i) ?? l.credits?.packageId ?? null,
    creditsUsed: l.credits?.quantity ?? 0,
    refundedQuantity: 0,
  }));
  const tenderRows: TenderRow[] = input.tenders.map((t) => ({
    id: newId('otd'),
    orderId: id,
    method: t.method,
    amount: t.amount,
    tendered: t.tendered ?? null,
    change: t.change ?? null,
    paymentId: t.paymentId ?? null,
    giftCardId: t.giftCardId ?? null,
    label: t.method === 'cart' ? (t.label ?? null) : null,
    reference: t.reference ?? null,
    refunded: 0,
    createdAt: placedAt,
  }));
  const actor = actorColumns(input.actor);
  const historyRows: HistoryRow[] = [
    {
      id: newId('ohs'),
      orderId: id,
      kind: 'created',
      fromStatus: null,
      toStatus: input.paymentStatus,
      detail:
        input.channel === 'in_store'
          ? 'Sold at the register'
          : input.cartDocument
            ? `Imported from the cart as order ${input.cartDocument.externalNumber}, pending confirmation`
            : 'Ordered online',
      ...actor,
      createdAt: placedAt,
    },
    ...(input.laterHistory ?? []).map((h) => ({
      id: newId('ohs'),
      orderId: id,
      kind: h.kind,
      fromStatus: h.from,
      toStatus: h.to,
      detail: h.detail,
      ...actor,
      createdAt: h.at,
    })),
  ];
  const values: typeof orders.$inferInsert = {
    id,
    channel: input.channel,
    connectionId: input.connectionId ?? null,
    ...(input.cartDocument
      ? {
          state: 'pending' as const,
          documentKind: input.cartDocument.documentKind,
          externalNumber: input.cartDocument.externalNumber,
        }
      : {}),
    customerId: input.customer?.id ?? null,
    customerName: input.customer?.name ?? null,
    customerEmail: input.customer?.email ?? null,
    customerPhone: input.customer?.phone ?? null,
    paymentStatus: input.paymentStatus,
    fulfillmentStatus: input.fulfillmentStatus,
    delivery: input.delivery ?? null,
    shippingAddress: input.shippingAddress ?? null,
    courier: input.shipment?.courier ?? null,
    trackingId: input.shipment?.trackingId ?? null,
    currency: input.currency,
    pricesIncludeTax: input.pricesIncludeTax,
    subtotal: totals.subtotal,
    discount: totals.discount,
    net: totals.net,
    tax: totals.tax,
    total: totals.total,
    cost: totals.cost,
    giftCardsSold: lines.reduce((sum, l, i) => sum + (input.lines[i]!.giftCard ? l.total : 0), 0),
    ...actor,
    createdAt: placedAt,
    updatedAt: input.laterHistory?.at(-1)?.at ?? placedAt,
  };
  return { values, lineRows, tenderRows, historyRows, totals };
}

/** Orders with their lines, tenders and history in one statement: one round trip for any number. */
export async function insertOrders(tx: Tx, records: readonly OrderRecord[]) {
  const lineRows = records.flatMap((r) => r.lineRows);
  const tenderRows = records.flatMap((r) => r.tenderRows);
  const historyRows = records.flatMap((r) => r.historyRows);
  const linesInserted = tx
    .$with('lines_inserted')
    .as(tx.insert(orderLines).values(lineRows).returning({ id: orderLines.id }));
  const tendersInserted = tx
    .$with('tenders_inserted')
    .as(
      tenderRows.length > 0
        ? tx.insert(orderTenders).values(tenderRows).returning({ id: orderTenders.id })
        : tx.select({ id: orderTenders.id }).from(orderTenders).where(sql`false`),
    );
  const historyInserted = tx
    .$with('history_inserted')
    .as(tx.insert(orderHistory).values(historyRows).returning({ id: orderHistory.id }));
  return tx
    .with(linesInserted, tendersInserted, historyInserted)
    .insert(orders)
    .values(records.map((r) => r.values))
    .returning();
}
