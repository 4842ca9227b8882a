import { eq } from 'drizzle-orm';
import type { StockMovement } from '../../../contracts/catalog.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { countStock, moveStock } from '../inventory/index.js';
import { items } from './schema.js';

async function trackedItem(tx: Tx, itemId: string): Promise<void> {
  const [item] = await tx.select({ trackStock: items.trackStock }).from(items).where(eq(items.id, itemId));
  if (!item) throw notFound('No such item.');
  if (!item.trackStock) {
    throw new DomainError(
      'conflict',
      'conflict',
      'This item does not track stock; switch on stock tracking first.',
    );
  }
}

/** Stock received, returned or corrected by hand. */
export async function adjustItemStock(
  tx: Tx,
  actor: Actor,
  itemId: string,
  input: { delta: number; reason: string; kind: 'receive' | 'adjustment' | 'return' },
): Promise<{ movement: StockMovement; stock: number }> {
  return tx.transaction(async (t) => {
    await trackedItem(t, itemId);
    const movement = await moveStock(t, {
      itemId,
      kind: input.kind,
      quantity: input.delta,
      reason: input.reason,
      actor,
    });
    return { movement, stock: movement.onHandAfter };
  });
}

/** A physical count: on hand becomes what was counted. */
export async function countItemStock(
  tx: Tx,
  actor: Actor,
  itemId: string,
  input: { quantity: number; reason?: string | undefined },
): Promise<{ movement: StockMovement; stock: number }> {
  return tx.transaction(async (t) => {
    await trackedItem(t, itemId);
    const movement = await countStock(t, { itemId, quantity: input.quantity, reason: input.reason, actor });
    return { movement, stock: movement.onHandAfter };
  });
}
