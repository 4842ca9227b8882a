import { and, desc, eq, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { MovementKind, StockMovement } from '../../../contracts/catalog.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { pageFrom } from '../../platform/paging.js';
import { stockLevels, stockMovements } from './schema.js';

export interface MoveStockInput {
  itemId: string;
  kind: MovementKind;
  /** Signed: + in, − out. */
  quantity: number;
  reason: string;
  actor: Actor;
  orderId?: string | null;
  syncRunId?: string | null;
  /** Only a register sale with the store setting on may take stock below zero. */
  allowNegative?: boolean;
}

const toMovement = (r: typeof stockMovements.$inferSelect): StockMovement => ({
  id: r.id,
  itemId: r.itemId,
  kind: r.kind,
  quantity: r.quantity,
  onHandAfter: r.onHandAfter,
  reason: r.reason,
  actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
  orderId: r.orderId,
  syncRunId: r.syncRunId,
  createdAt: r.createdAt.toISOString(),
});

/**
 * The one way stock moves: appends a movement and updates the cached on-hand in `tx`. The guarded
 * update locks the level row, so concurrent sales of the last units never oversell.
 */
export async function moveStock(tx: Tx, input: MoveStockInput): Promise<StockMovement> {
  const allowNegative = input.allowNegative ?? false;
  await tx.insert(stockLevels).values({ itemId: input.itemId }).onConflictDoNothing();
  const [level] = await tx
    .update(stockLevels)
    .set({
      onHand: sql`${stockLevels.onHand} + ${input.quantity}`,
      negativeAllowed: allowNegative,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(stockLevels.itemId, input.itemId),
        allowNegative ? undefined : sql`${stockLevels.onHand} + ${input.quantity} >= 0`,
      ),
    )
    .returning({ onHand: stockLevels.onHand });
  if (!level) {
    const [current] = await tx.select().from(stockLevels).where(eq(stockLevels.itemId, input.itemId));
    throw new DomainError(
      'conflict',
      'insufficient_stock',
      `Only ${current?.onHand ?? 0} in stock; cannot take ${-input.quantity}.`,
    );
  }
  return appendMovement(tx, input, level.onHand);
}

async function appendMovement(tx: Tx, input: MoveStockInput, onHandAfter: number): Promise<StockMovement> {
  const [row] = await tx
    .insert(stockMovements)
    .values({
      id: newId('stm'),
      itemId: input.itemId,
      kind: input.kind,
      quantity: input.quantity,
      onHandAfter,
      reason: input.reason,
      actorType: input.actor.type,
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      orderId: input.orderId ?? null,
      syncRunId: input.syncRunId ?? null,
    })
    .returning();
  return toMovement(row!);
}

/** A stock count: sets the quantity on hand by writing the difference as a `count` movement. */
export async function countStock(
  tx: Tx,
  input: { itemId: string; quantity: number; reason?: string | undefined; actor: Actor },
): Promise<StockMovement> {
  await tx.insert(stockLevels).values({ itemId: input.itemId }).onConflictDoNothing();
  const [level] = await tx
    .select()
    .from(stockLevels)
    .where(eq(stockLevels.itemId, input.itemId))
    .for('update');
  const difference = input.quantity - (level?.onHand ?? 0);
  await tx
    .update(stockLevels)
    .set({ onHand: input.quantity, negativeAllowed: false, updatedAt: new Date() })
    .where(eq(stockLevels.itemId, input.itemId));
  return appendMovement(
    tx,
    {
      itemId: input.itemId,
      kind: 'count',
      quantity: difference,
      reason: input.reason || 'Stock count',
      actor: input.actor,
    },
    input.quantity,
  );
}

export interface StockLevel {
  onHand: number;
  lowStockThreshold: number | null;
}

/** On hand and threshold for many items in one query. */
export async function stockLevelsOf(tx: Tx, itemIds: readonly string[]): Promise<Map<string, StockLevel>> {
  if (itemIds.length === 0) return new Map();
  const rows = await tx
    .select()
    .from(stockLevels)
    .where(inArray(stockLevels.itemId, [...itemIds]));
  return new Map(rows.map((r) => [r.itemId, { onHand: r.onHand, lowStockThreshold: r.lowStockThreshold }]));
}

export async function setLowStockThreshold(tx: Tx, itemId: string, threshold: number | null): Promise<void> {
  await tx
    .insert(stockLevels)
    .values({ itemId, lowStockThreshold: threshold })
    .onConflictDoUpdate({ target: stockLevels.itemId, set: { lowStockThreshold: threshold } });
}

/** Items at or below their low-stock threshold. */
export async function lowStockItemIds(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ itemId: stockLevels.itemId })
    .from(stockLevels)
    .where(
      and(
        isNotNull(stockLevels.lowStockThreshold),
        lte(stockLevels.onHand, sql`${stockLevels.lowStockThreshold}`),
      ),
    );
  return rows.map((r) => r.itemId);
}

/** An item's movements, newest first. */
export async function listMovements(
  tx: Tx,
  itemId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ data: StockMovement[]; nextCursor: string | null }> {
  const rows = await tx
    .select()
    .from(stockMovements)
    .where(
      and(eq(stockMovements.itemId, itemId), query.cursor ? lt(stockMovements.id, query.cursor) : undefined),
    )
    .orderBy(desc(stockMovements.id))
    .limit(query.limit + 1);
  return pageFrom(rows, query.limit, toMovement, (r) => r.id);
}
