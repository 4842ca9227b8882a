import { and, count, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import { lowStockItemIds } from '../inventory/index.js';
import { items } from './schema.js';

/** How many products that keep count of their stock are at or below their threshold: the Low stock list's length. */
export async function countLowStockItems(tx: Tx): Promise<number> {
  const ids = await lowStockItemIds(tx);
  if (ids.length === 0) return 0;
  const [row] = await tx
    .select({ n: count() })
    .from(items)
    .where(and(inArray(items.id, ids), eq(items.trackStock, true)));
  return row?.n ?? 0;
}
