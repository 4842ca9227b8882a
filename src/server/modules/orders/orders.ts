import type { Order } from '../../../contracts/orders.js';
import type { QueuedRefundView } from '../payments/index.js';
import type { orderHistory, orderLines, orders, orderTenders } from './schema.js';

export type OrderRow = typeof orders.$inferSelect;
export type LineRow = typeof orderLines.$inferSelect;
export type TenderRow = typeof orderTenders.$inferSelect;
export type HistoryRow = typeof orderHistory.$inferSelect;

/** The cards of an order's card tenders, as "Visa •••• 1111", by payment id. */
export type CardLabels = ReadonlyMap<string, string>;

export function toOrder(
  row: OrderRow,
  lines: readonly LineRow[],
  tenders: readonly TenderRow[],
  history: readonly HistoryRow[],
  cards: CardLabels = new Map(),
  owedToCards: readonly QueuedRefundView[] = [],
): Order {
  return {
    id: row.id,
    number: row.number,
    channel: row.channel,
    state: row.state,
    cart: row.connectionId
      ? { connectionId: row.connectionId, documentKind: row.documentKind, number: row.externalNumber }
      : null,
    customer:
      row.customerId || row.customerName || row.customerEmail
        ? {
            id: row.customerId,
            name: row.customerName,
            email: row.customerEmail,
            phone: row.customerPhone,
          }
        : null,
    paymentStatus: row.paymentStatus,
    fulfillmentStatus: row.fulfillmentStatus,
    delivery: row.delivery,
    shippingAddress: row.shippingAddress ?? null,
    shipment: row.courier && row.trackingId ? { courier: row.courier, trackingId: row.trackingId } : null,
    currency: row.currency,
    pricesIncludeTax: row.pricesIncludeTax,
    subtotal: row.subtotal,
    discount: row.discount,
    net: row.net,
    tax: row.tax,
    total: row.total,
    refunded: row.refunded,
    change: tenders.reduce((sum, t) => sum + (t.change ?? 0), 0),
    lines: [...lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        id: l.id,
        itemId: l.itemId,
        kind: l.kind,
        name: l.name,
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        taxRate: l.taxRate,
        discount: l.discount,
        net: l.net,
        tax: l.tax,
        total: l.total,
        packageId: l.packageId,
        creditsUsed: l.creditsUsed,
        refundedQuantity: l.refundedQuantity,
      })),
    tenders: tenders.map((t) => ({
      id: t.id,
      method: t.method,
      amount: t.amount,
      tendered: t.tendered,
      change: t.change,
      paymentId: t.paymentId,
      card: t.paymentId ? (cards.get(t.paymentId) ?? null) : null,
      label: t.label,
      reference: t.reference,
      refunded: t.refunded,
    })),
    cardRefunds: owedToCards.map((q) => ({
      id: q.id,
      paymentId: q.paymentId,
      amount: q.amount,
      card: cards.get(q.paymentId) ?? null,
      status: q.status,
      lastError: q.lastError,
      createdAt: q.createdAt.toISOString(),
      sentAt: q.sentAt?.toISOString() ?? null,
    })),
    history: history.map((h) => ({
      id: h.id,
      kind: h.kind,
      from: h.fromStatus,
      to: h.toStatus,
      detail: h.detail,
      actor: h.actorLabel,
      at: h.createdAt.toISOString(),
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
