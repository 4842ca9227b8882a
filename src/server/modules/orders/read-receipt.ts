import type { Receipt } from '../../../contracts/receipts.js';
import type { Tx } from '../../platform/db.js';
import { giftCardLabels } from '../giftcards/index.js';
import { packageNames } from '../memberships/index.js';
import { cardLabels } from '../payments/index.js';
import { getSettings } from '../settings/index.js';
import { staffNames } from '../staff/index.js';
import type { OrderRow } from './orders.js';
import { orderRows } from './place-order.js';
import { toReceipt } from './receipt.js';

/** An order's receipt, with the shop's details and who sold it: a fixed number of queries. */
export async function orderReceipt(tx: Tx, id: string): Promise<Receipt> {
  const { row, lines, tenders } = await orderRows(tx, id);
  const settings = await getSettings(tx);
  const cards = await cardLabels(
    tx,
    tenders.flatMap((t) => (t.paymentId ? [t.paymentId] : [])),
  );
  const giftCards = await giftCardLabels(tx, [
    ...lines.flatMap((l) => (l.giftCardId ? [l.giftCardId] : [])),
    ...tenders.flatMap((t) => (t.giftCardId ? [t.giftCardId] : [])),
  ]);
  const packages = await packageNames(
    tx,
    lines.flatMap((l) => (l.creditsUsed > 0 && l.packageId ? [l.packageId] : [])),
  );
  return toReceipt(row, lines, tenders, {
    settings,
    cashier: await cashierOf(tx, row),
    cards,
    giftCards,
    packages,
  });
}

/** Staff by their name; an integration by its token's name; nobody for an online order. */
async function cashierOf(tx: Tx, row: OrderRow): Promise<string | null> {
  if (row.actorType === 'staff' && row.actorId) {
    return (await staffNames(tx, [row.actorId])).get(row.actorId) ?? row.actorLabel;
  }
  return row.actorType === 'api_token' ? row.actorLabel : null;
}
