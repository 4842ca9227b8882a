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
  const [movement] = await moveStocks(tx, [input]);
  return movement!;
}

const insufficient = (onHand: number, quantity: number) =>
  new DomainError('conflict', 'insufficient_stock', `Only ${onHand} in stock; cannot take ${-quantity}.`);

/**
 * Moves several items' stock at once (one sale's lines): one statement locks the levels in item
 * order (so two sales of the same items wait for each other rather than deadlock), moves those
 * with enough on hand and appends their movements. Items must not repeat. Run it in the
 * transaction of what causes it: a refusal throws, and the transaction takes back what moved.
 */
export async function moveStocks(tx: Tx, inputs: readonly MoveStockInput[]): Promise<StockMovement[]> {
  if (inputs.length === 0) return [];
  const moves = [...inputs].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  if (new Set(moves.map((m) => m.itemId)).size !== moves.length) {
    throw new Error('moveStocks: one movement per item');
  }
  const moved = await moveAndRecord(tx, moves);
  const missing = moves.filter((m) => !moved.some((r) => r.itemId === m.itemId));
  if (missing.length > 0) {
    // Not moved: either too few on hand, or no level row yet (an item never stocked).
    const existing = await stockLevelsOf(
      tx,
      missing.map((m) => m.itemId),
    );
    for (const m of missing) {
      const current = existing.get(m.itemId);
      if (current || (m.quantity < 0 && !m.allowNegative))
        throw insufficient(current?.onHand ?? 0, m.quantity);
    }
    await tx
      .insert(stockLevels)
      .values(missing.map((m) => ({ itemId: m.itemId })))
      .onConflictDoNothing();
    moved.push(...(await moveAndRecord(tx, missing)));
    const still = missing.find((m) => !moved.some((r) => r.itemId === m.itemId));
    if (still) throw insufficient(0, still.quantity);
  }
  return moves.map((m) => moved.find((r) => r.itemId === m.itemId)!);
}

/** The guarded update of several levels and the movements of those it moved, in one statement. */
async function moveAndRecord(tx: Tx, moves: readonly MoveStockInput[]): Promise<StockMovement[]> {
  const ids = moves.map((m) => m.itemId);
  const at = new Date();
  const entries = moves.map((m) => ({ ...m, id: newId('stm') }));
  const values = sql.join(
    entries.map(
      (m) =>
        sql`(${m.itemId}::text, ${m.quantity}::int, ${m.allowNegative ?? false}::boolean, ${m.id}::text,
             ${m.kind}::text, ${m.reason}::text, ${m.actor.type}::text, ${m.actor.id}::text,
             ${m.actor.label}::text, ${m.orderId ?? null}::text, ${m.syncRunId ?? null}::text)`,
    ),
    sql`, `,
  );
  const result = (await tx.execute(sql`
    with locked as materialized (
      select item_id from stock_levels where item_id in ${ids} order by item_id for update
    ),
    v as (
      select * from (values ${values})
        as v(item_id, quantity, allow, id, kind, reason, actor_type, actor_id, actor_label, order_id, sync_run_id)
    ),
    moved as (
      update stock_levels as s
         set on_hand = s.on_hand + v.quantity, negative_allowed = v.allow, updated_at = ${at}
        from v, locked
       where s.item_id = v.item_id and locked.item_id = s.item_id
         and (v.allow or s.on_hand + v.quantity >= 0)
      returning s.item_id, s.on_hand
    )
    insert into stock_movements (id, item_id, kind, quantity, on_hand_after, reason, actor_type,
                                 actor_id, actor_label, order_id, sync_run_id, created_at)
    select v.id, v.item_id, v.kind, v.quantity, moved.on_hand, v.reason, v.actor_type,
           v.actor_id, v.actor_label, v.order_id, v.sync_run_id, ${at}
      from v join moved on moved.item_id = v.item_id
    returning item_id, on_hand_after`)) as unknown as {
    rows: { item_id: string; on_hand_after: number }[];
  };
  return result.rows.map((r) => {
    const m = entries.find((e) => e.itemId === r.item_id)!;
    return {
      id: m.id,
      itemId: m.itemId,
      kind: m.kind,
      quantity: m.quantity,
      onHandAfter: Number(r.on_hand_after),
      reason: m.reason,
      actor: { type: m.actor.type, id: m.actor.id, label: m.actor.label },
      orderId: m.orderId ?? null,
      syncRunId: m.syncRunId ?? null,
      createdAt: at.toISOString(),
    };
  });
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
