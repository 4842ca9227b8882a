import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import { saleItems } from '../catalog/index.js';
import { getCustomer } from '../customers/index.js';
import { stockLevelsOf } from '../inventory/index.js';
import { heldByPendingOrders } from '../orders/index.js';
import { getSettings } from '../settings/index.js';
import { bindingsOfTandem } from './bindings.js';
import { type Cart, CartError } from './cart.js';
import { type ConnectionRow, connectionFingerprint, openCredentials } from './connections.js';
import type { OpenCart } from './open-cart.js';
import { connectionRow } from './read-connections.js';
import { type RetryPolicy, withRetries } from './retry.js';

export interface PushDeps {
  db: Database['db'];
  box: SealedBox;
  openCart: OpenCart;
  retry?: RetryPolicy | undefined;
  log?: ((err: unknown, context: Record<string, unknown>) => void) | undefined;
}

interface Claimed {
  id: number;
  connection_id: string;
  kind: 'stock' | 'item' | 'customer';
  tandem_id: string;
  changes: number;
  attempts: number;
}

/** What the outbox's triggers NOTIFY: workers send at once. */
export const CART_OUTBOX_CHANNEL = 'tandem_cart_outbox';

/** How long a claimed row is left alone while it is being sent (a crash releases it then). */
const LEASE_SECONDS = 120;
const BATCH = 500;

/** Waits after a failed send: 10 s, 20 s, 40 s … at most an hour. Nothing is ever dropped. */
const backoffSeconds = (attempts: number) => Math.min(10 * 2 ** Math.max(0, attempts - 1), 3600);

/**
 * Free stock: on hand less what pending cart documents hold (sold in a cart, not yet confirmed),
 * never below zero. It is what a cart may still sell.
 */
export async function freeStock(tx: Tx, itemIds: readonly string[]): Promise<Map<string, number>> {
  const [onHand, held] = [await stockLevelsOf(tx, itemIds), await heldByPendingOrders(tx, itemIds)];
  return new Map(itemIds.map((id) => [id, Math.max(0, (onHand.get(id)?.onHand ?? 0) - (held.get(id) ?? 0))]));
}

/**
 * Sends what the outbox holds to the carts: stock levels batched per cart, edited items and
 * customers one by one. Rows are leased, not locked, while the cart is called; a row is removed
 * only if nothing changed since it was read, and a failed send stays for a later try.
 */
export async function pushChanges(deps: PushDeps): Promise<{ sent: number; failed: number }> {
  const totals = { sent: 0, failed: 0 };
  for (;;) {
    const claimed = (await deps.db.execute(sql`
      update cart_outbox o
         set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
        from (select id from cart_outbox where next_attempt_at <= now()
               order by next_attempt_at, id limit ${BATCH} for update skip locked) due
       where o.id = due.id
      returning o.id, o.connection_id, o.kind, o.tandem_id, o.changes, o.attempts`)) as unknown as {
      rows: Claimed[];
    };
    if (claimed.rows.length === 0) return totals;
    const byConnection = new Map<string, Claimed[]>();
    for (const r of claimed.rows)
      byConnection.set(r.connection_id, [...(byConnection.get(r.connection_id) ?? []), r]);
    for (const [connectionId, rows] of byConnection) {
      const result = await pushToConnection(deps, connectionId, rows);
      totals.sent += result.sent;
      totals.failed += result.failed;
    }
    if (claimed.rows.length < BATCH) return totals;
  }
}

async function pushToConnection(
  deps: PushDeps,
  connectionId: string,
  rows: Claimed[],
): Promise<{ sent: number; failed: number }> {
  const row = await connectionRow(deps.db, connectionId).catch(() => null);
  if (!row) {
    await done(deps.db, rows);
    return { sent: 0, failed: 0 };
  }
  const wanted = rows.filter((r) =>
    r.kind === 'stock'
      ? row.options.toCart.stock
      : r.kind === 'item'
        ? row.options.toCart.items
        : row.options.toCart.customers,
  );
  // Switched off since they were queued: nothing to send.
  await done(
    deps.db,
    rows.filter((r) => !wanted.includes(r)),
  );
  if (wanted.length === 0) return { sent: 0, failed: 0 };
  if (row.testedFingerprint !== connectionFingerprint(row)) {
    await later(deps.db, wanted, 'The connection is not tested with its current address and credentials.');
    return { sent: 0, failed: wanted.length };
  }
  const { currency } = await getSettings(deps.db);
  const cart = deps.openCart(row.type, {
    url: row.url,
    credentials: openCredentials(deps.box, row),
    currency,
  });
  let sent = 0;
  let failed = 0;
  const attempt = async (batch: Claimed[], send: () => Promise<void>) => {
    try {
      await withRetries(deps.retry ?? { attempts: 3, baseMs: 500, maxMs: 10_000 }, send);
      await done(deps.db, batch);
      sent += batch.length;
    } catch (err) {
      if (!(err instanceof CartError)) deps.log?.(err, { connectionId, kinds: batch.map((b) => b.kind) });
      await later(deps.db, batch, err instanceof CartError ? err.message : 'Tandem failed while sending.');
      failed += batch.length;
    }
  };
  const stock = wanted.filter((r) => r.kind === 'stock');
  if (stock.length > 0) await attempt(stock, () => sendStock(deps.db, cart, row, stock));
  for (const r of wanted.filter((w) => w.kind !== 'stock')) {
    await attempt([r], () =>
      r.kind === 'item' ? sendItem(deps.db, cart, row, r, currency) : sendCustomer(deps.db, cart, row, r),
    );
  }
  return { sent, failed };
}

async function sendStock(db: Tx, cart: Cart, row: ConnectionRow, rows: Claimed[]): Promise<void> {
  const ids = rows.map((r) => r.tandem_id);
  const bindings = await bindingsOfTandem(db, row.id, 'items', ids);
  const free = await freeStock(db, ids);
  const levels = ids.flatMap((id) => {
    const b = bindings.get(id);
    return b ? [{ externalId: b.externalId, quantity: free.get(id) ?? 0 }] : [];
  });
  if (levels.length > 0) await cart.setStock(levels);
}

async function sendItem(db: Tx, cart: Cart, row: ConnectionRow, r: Claimed, currency: string): Promise<void> {
  const binding = (await bindingsOfTandem(db, row.id, 'items', [r.tandem_id])).get(r.tandem_id);
  const item = (await saleItems(db, [r.tandem_id])).get(r.tandem_id);
  if (!binding || !item) return;
  const free = item.trackStock ? ((await freeStock(db, [item.id])).get(item.id) ?? 0) : null;
  await cart.putItem({
    externalId: binding.externalId,
    sku: item.sku,
    name: item.name,
    price: item.price,
    currency,
    stock: free,
  });
}

async function sendCustomer(db: Tx, cart: Cart, row: ConnectionRow, r: Claimed): Promise<void> {
  const binding = (await bindingsOfTandem(db, row.id, 'customers', [r.tandem_id])).get(r.tandem_id);
  if (!binding) return;
  const customer = await getCustomer(db, r.tandem_id);
  if (!customer.email) return;
  await cart.putCustomer({
    externalId: binding.externalId,
    email: customer.email,
    name: customer.name,
    phone: customer.phone,
  });
}

/** Sent (or nothing to send): removed, unless a change came in meanwhile, which goes out next. */
async function done(db: Tx, rows: readonly Claimed[]): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map((r) => sql`(${r.id}::bigint, ${r.changes}::int)`),
    sql`, `,
  );
  await db.execute(sql`
    with sent(id, changes) as (values ${values}),
    gone as (
      delete from cart_outbox o using sent where o.id = sent.id and o.changes = sent.changes returning o.id
    )
    update cart_outbox o set next_attempt_at = now(), attempts = 0, last_error = null
      from sent where o.id = sent.id and o.changes <> sent.changes`);
}

async function later(db: Tx, rows: readonly Claimed[], error: string): Promise<void> {
  const values = sql.join(
    rows.map((r) => sql`(${r.id}::bigint, ${backoffSeconds(r.attempts)}::int)`),
    sql`, `,
  );
  await db.execute(sql`
    update cart_outbox o set last_error = ${error.slice(0, 500)}, next_attempt_at = now() + make_interval(secs => v.wait)
      from (values ${values}) as v(id, wait) where o.id = v.id`);
}
