import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';

/**
 * Queues the stock level of these items for every cart that is bound to them and takes real-time
 * stock, in `tx` (one unsent row per cart and item: a later change folds into it). Stock movements
 * queue themselves through a trigger; this is for what changes free stock without moving it (a
 * pending cart document) and for items just linked to a cart, whose level there may differ.
 */
export async function queueStockPushes(tx: Tx, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await tx.execute(sql`
    with queued as (
      insert into cart_outbox (connection_id, kind, tandem_id)
      select b.connection_id, 'stock', b.tandem_id
        from connection_bindings b join connections c on c.id = b.connection_id
       where b.entity = 'items' and b.tandem_id in ${[...new Set(itemIds)]}
         and coalesce((c.options -> 'toCart' ->> 'stock')::boolean, false)
      on conflict (connection_id, kind, tandem_id) do update set changes = cart_outbox.changes + 1
      returning 1
    )
    select pg_notify('tandem_cart_outbox', '') from (select 1 from queued limit 1) q`);
}
