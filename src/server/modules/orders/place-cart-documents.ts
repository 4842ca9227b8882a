import type { Tx } from '../../platform/db.js';
import { publishEvents } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import { insertOrders, orderRecord } from './order-record.js';
import type { PlaceOrderInput } from './place-order.js';

/**
 * Writes a page of documents imported from a cart, pending: rows, lines, tenders and history of
 * all of them in one statement, and their events in another. A pending document sells no gift
 * card, starts no package and moves no stock, so nothing else is written until it is confirmed.
 */
export async function placeCartDocuments(
  tx: Tx,
  inputs: readonly PlaceOrderInput[],
): Promise<{ id: string; number: number }[]> {
  if (inputs.length === 0) return [];
  for (const input of inputs) {
    if (!input.cartDocument || input.lines.some((l) => l.giftCard || l.credits)) {
      throw new Error('placeCartDocuments takes pending cart documents of plain lines only');
    }
  }
  const records = inputs.map((input) => orderRecord(input, { id: input.id ?? newId('ord') }));
  const rows = await insertOrders(tx, records);
  await publishEvents(
    tx,
    'order.created',
    rows.map((r) => ({
      id: r.id,
      number: r.number,
      channel: r.channel,
      total: r.total,
      currency: r.currency,
    })),
  );
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  return records.map((r) => ({ id: r.values.id, number: numbers.get(r.values.id)! }));
}
