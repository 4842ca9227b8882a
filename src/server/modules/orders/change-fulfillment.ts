import { and, eq } from 'drizzle-orm';
import type { Order } from '../../../contracts/orders.js';
import { type Actor, actorColumns } from '../../platform/auth.js';
import { DomainError, forbidden, notFound } from '../../platform/errors.js';
import { publishEvent } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { Mailer } from '../../platform/mail.js';
import { customerMail, orderShippedMail } from '../notifications/index.js';
import type { PaymentDeps } from '../payments/index.js';
import { getSettings } from '../settings/index.js';
import { trackingLink } from './couriers.js';
import { type FulfillmentStatus, moveFulfillment } from './order-status.js';
import { getOrder } from './place-order.js';
import { refundOrder } from './refund-order.js';
import { orderHistory, orderLines, orders } from './schema.js';

export interface FulfillmentInput {
  status: Exclude<FulfillmentStatus, 'unfulfilled'>;
  courier?: string | undefined;
  trackingId?: string | undefined;
}

const statusWords: Record<FulfillmentStatus, string> = {
  unfulfilled: 'Unfulfilled',
  shipped: 'Shipped',
  delivered: 'Delivered',
  picked_up: 'Picked up',
  cancelled: 'Cancelled',
};

/** The history entry of a fulfilment change. */
export function fulfillmentHistory(
  from: FulfillmentStatus,
  to: FulfillmentStatus,
  shipment: { courier: string; trackingId: string } | null,
) {
  return {
    kind: 'fulfillment_status',
    from,
    to,
    detail:
      to === 'shipped' && shipment
        ? `Shipped with ${shipment.courier}, tracking id ${shipment.trackingId}`
        : `${statusWords[from]} → ${statusWords[to]}`,
  };
}

/**
 * Moves an order along: shipped (with courier and tracking id, and an email to the customer),
 * delivered, picked up, or cancelled — which gives back its money and puts its goods back in
 * stock before the order is marked cancelled. Money goes back only for staff who may refund
 * (`mayRefund`): others can cancel an order once nothing is left to give back.
 */
export async function changeFulfillment(
  deps: PaymentDeps & { mailer: Mailer },
  orderId: string,
  input: FulfillmentInput,
  actor: Actor,
  options: { mayRefund: boolean },
): Promise<Order> {
  if (input.status === 'shipped') {
    const errors = [
      ...(input.courier?.trim() ? [] : [{ path: 'courier', message: 'is needed to mark the order shipped' }]),
      ...(input.trackingId?.trim()
        ? []
        : [{ path: 'trackingId', message: 'is needed to mark the order shipped' }]),
    ];
    if (errors.length > 0) {
      throw new DomainError(
        'invalid_input',
        'validation_failed',
        'Say which courier has it and its tracking id.',
        {
          errors,
        },
      );
    }
  }
  const [order] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
  if (!order) throw notFound('No such order.');
  moveFulfillment(order.fulfillmentStatus, input.status);

  // A pending cart document took no money and no stock in Tandem: cancelling it gives nothing back
  // here (the cart gives the shopper's money back).
  if (input.status === 'cancelled' && order.paymentStatus !== 'pending' && order.state !== 'pending') {
    // Money back and goods back in stock first: an order is only cancelled once nothing is owed.
    const lines = await deps.db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
    const open = lines
      .filter((l) => l.quantity > l.refundedQuantity)
      .map((l) => ({ lineId: l.id, quantity: l.quantity - l.refundedQuantity }));
    if (order.total > order.refunded && !options.mayRefund) {
      throw forbidden(
        'Cancelling this order gives its money back, which needs the owner or manager role. A manager can refund it first; then it can be cancelled.',
      );
    }
    if (order.total > order.refunded || open.length > 0) {
      await refundOrder(
        deps,
        orderId,
        { amount: order.total - order.refunded, lines: open, restock: true, reason: 'Order cancelled' },
        actor,
      );
    }
  }

  const at = deps.now?.() ?? new Date();
  const courier = input.courier?.trim() ?? null;
  const trackingId = input.trackingId?.trim() ?? null;
  await deps.db.transaction(async (tx) => {
    const [moved] = await tx
      .update(orders)
      .set({
        fulfillmentStatus: input.status,
        ...(input.status === 'shipped' ? { courier, trackingId } : {}),
        updatedAt: at,
      })
      // Guarded: two people changing the same order at once cannot both move it from here.
      .where(and(eq(orders.id, orderId), eq(orders.fulfillmentStatus, order.fulfillmentStatus)))
      .returning({ id: orders.id });
    if (!moved) {
      throw new DomainError(
        'conflict',
        'conflict',
        'Someone else changed this order meanwhile: look at it again.',
      );
    }
    const entry = fulfillmentHistory(
      order.fulfillmentStatus,
      input.status,
      courier && trackingId ? { courier, trackingId } : null,
    );
    await tx.insert(orderHistory).values({
      id: newId('ohs'),
      orderId,
      kind: entry.kind,
      fromStatus: entry.from,
      toStatus: entry.to,
      detail: entry.detail,
      ...actorColumns(actor),
      createdAt: at,
    });
    if (input.status === 'shipped' && order.customerEmail && courier && trackingId) {
      const { businessName, portal } = await getSettings(tx);
      await deps.mailer.queue(tx, {
        to: order.customerEmail,
        template: 'order.shipped',
        ...customerMail(
          portal.htmlEmail,
          orderShippedMail(businessName, {
            number: order.number,
            courier,
            trackingId,
            trackingUrl: trackingLink(courier, trackingId),
          }),
        ),
      });
    }
    await publishEvent(tx, 'order.updated', { id: orderId, fulfillmentStatus: input.status });
  });
  return getOrder(deps.db, orderId);
}
