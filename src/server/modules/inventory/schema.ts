import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The cached on-hand quantity: the sum of the item's movements, updated in the same transaction. */
export const stockLevels = pgTable(
  'stock_levels',
  {
    itemId: text('item_id').primaryKey(),
    onHand: integer('on_hand').notNull().default(0),
    /** Whether the movement that set on_hand was allowed to go below zero (register, setting on). */
    negativeAllowed: boolean('negative_allowed').notNull().default(false),
    /** At or below this, the item is on the low-stock list. */
    lowStockThreshold: integer('low_stock_threshold'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('stock_levels_not_negative', sql`${t.onHand} >= 0 or ${t.negativeAllowed}`),
    index('stock_levels_low')
      .on(t.itemId)
      .where(sql`${t.lowStockThreshold} is not null and ${t.onHand} <= ${t.lowStockThreshold}`),
  ],
);

/** The stock ledger: append-only; on hand is the sum of quantity per item. */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: text('id').primaryKey(),
    itemId: text('item_id').notNull(),
    kind: text('kind', { enum: ['receive', 'sale', 'return', 'adjustment', 'count', 'sync'] }).notNull(),
    quantity: integer('quantity').notNull(),
    onHandAfter: integer('on_hand_after').notNull(),
    reason: text('reason').notNull(),
    actorType: text('actor_type', { enum: ['staff', 'api_token', 'system', 'customer'] }).notNull(),
    actorId: text('actor_id'),
    actorLabel: text('actor_label').notNull(),
    orderId: text('order_id'),
    syncRunId: text('sync_run_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('stock_movements_item').on(t.itemId, t.id),
    check(
      'stock_movements_kind',
      sql`${t.kind} in ('receive', 'sale', 'return', 'adjustment', 'count', 'sync')`,
    ),
  ],
);
