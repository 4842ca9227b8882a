import type { DiscountScope } from '../../../contracts/catalog.js';
import type { Tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { getItem } from '../catalog/index.js';
import { subscriptions } from './schema.js';
import { type BillingInterval, nextPeriodStart } from './subscription.js';

export interface StartSubscriptionInput {
  customerId: string;
  membership: {
    id: string;
    name: string;
    price: number;
    interval: BillingInterval;
    discountPercent: number | null;
    /** Services only unless said otherwise. */
    discountAppliesTo?: DiscountScope | null;
  };
  currency: string;
  /** The saved card the first period was paid with: the renewals charge it. */
  paymentMethodId: string;
  /** The order that paid for the first period. */
  orderId: string;
  /** When the first period starts: when it was bought. */
  at: Date;
}

/**
 * Starts a membership bought and paid for in `tx` (the order's transaction): the first period is
 * paid, the next is due one interval later, on the same day of the month.
 */
export async function startSubscription(tx: Tx, input: StartSubscriptionInput): Promise<string> {
  const anchorDay = input.at.getUTCDate();
  const next = nextPeriodStart(input.at, input.membership.interval, anchorDay);
  const id = newId('sub');
  await tx.insert(subscriptions).values({
    id,
    customerId: input.customerId,
    itemId: input.membership.id,
    name: input.membership.name,
    discountPercent: input.membership.discountPercent,
    discountAppliesTo: input.membership.discountAppliesTo ?? 'services',
    status: 'active',
    amount: input.membership.price,
    currency: input.currency,
    interval: input.membership.interval,
    anchorDay,
    paymentMethodId: input.paymentMethodId,
    periodStart: next,
    nextPaymentAt: next,
    orderId: input.orderId,
    createdAt: input.at,
    updatedAt: input.at,
  });
  return id;
}

/**
 * Starts a membership for each membership line an order sells, in the order's transaction, with
 * the terms the catalogue gives now and the price the line was sold at.
 */
export async function startMembershipsSold(
  tx: Tx,
  lines: readonly { item: { id: string | null; kind: string; price: number } }[],
  sale: { customerId: string; currency: string; paymentMethodId: string; orderId: string; at: Date },
): Promise<void> {
  for (const line of lines) {
    if (line.item.kind !== 'membership' || !line.item.id) continue;
    const terms = await getItem(tx, line.item.id);
    await startSubscription(tx, {
      customerId: sale.customerId,
      membership: {
        id: terms.id,
        name: terms.name,
        price: line.item.price,
        interval: terms.interval ?? 'month',
        discountPercent: terms.discountPercent,
        discountAppliesTo: terms.discountAppliesTo,
      },
      currency: sale.currency,
      paymentMethodId: sale.paymentMethodId,
      orderId: sale.orderId,
      at: sale.at,
    });
  }
}
