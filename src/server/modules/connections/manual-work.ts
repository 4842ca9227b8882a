import type { Actor } from '../../platform/auth.js';
import type { Database, Tx } from '../../platform/db.js';
import { DomainError, validationFailed } from '../../platform/errors.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import { getItem, saleItems, saleItemsBySku } from '../catalog/index.js';
import { ensureCartCustomers, getCustomer } from '../customers/index.js';
import { getSettings } from '../settings/index.js';
import { bindingsOf, bindingsOfTandem, bindNew } from './bindings.js';
import {
  type BadRecord,
  type Cart,
  type CartCustomer,
  type CartEntity,
  CartError,
  type CartItem,
  type CartOrder,
  type CartRecords,
  isBadRecord,
} from './cart.js';
import { type ConnectionRow, openCredentials } from './connections.js';
import { type Applied, importOrders, type SyncContext } from './import-orders.js';
import { importCustomers, importItems } from './import-records.js';
import type { OpenCart } from './open-cart.js';
import { freeStock } from './push-changes.js';
import { connectionRow } from './read-connections.js';

export interface ManualDeps {
  db: Database['db'];
  box: SealedBox;
  openCart: OpenCart;
}

/** A cart's failure, as staff read it in the answer (502: the cart, not the request, went wrong). */
export const cartProblem = (err: CartError) =>
  new DomainError(
    err.failure === 'unauthorized' || err.failure === 'forbidden' ? 'conflict' : 'unavailable',
    err.failure === 'unauthorized' || err.failure === 'forbidden' ? 'cart_refused' : 'cart_unavailable',
    `The cart answered: ${err.message}`,
  );

async function open(
  deps: ManualDeps,
  id: string,
): Promise<{ row: ConnectionRow; cart: Cart; currency: string }> {
  const row = await connectionRow(deps.db, id);
  const { currency } = await getSettings(deps.db);
  try {
    return {
      row,
      currency,
      cart: deps.openCart(row.type, { url: row.url, credentials: openCredentials(deps.box, row), currency }),
    };
  } catch (err) {
    if (err instanceof CartError) throw cartProblem(err);
    throw err;
  }
}

const calling = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CartError) throw cartProblem(err);
    throw err;
  }
};

export interface CartListRow {
  externalId: string;
  /** The Tandem record it is linked to, if any. */
  linkedTo: string | null;
  /** The Tandem record that looks like it (same SKU or email), to link to. */
  match: string | null;
  error: string | null;
  item?: Omit<CartItem, 'updatedAt'> & { updatedAt: string };
  customer?: Omit<CartCustomer, 'updatedAt'> & { updatedAt: string };
  order?: {
    number: string;
    status: CartOrder['status'];
    cartStatus: string;
    total: number;
    currency: string;
    customerName: string | null;
    customerEmail: string | null;
    lines: number;
    createdAt: string;
  };
}

/** What the cart has, a page at a time, each marked with what it is linked to in Tandem. */
export async function listCart(
  deps: ManualDeps,
  id: string,
  entity: CartEntity,
  query: { cursor?: string | undefined; limit: number; q?: string | undefined },
): Promise<{ data: CartListRow[]; nextCursor: string | null; total: number | null }> {
  const { cart } = await open(deps, id);
  const page = await calling(() =>
    cart
      .page(entity, { page: query.cursor ?? null, pageSize: Math.min(query.limit, 100), search: query.q })
      .catch((err: unknown) => {
        // The cursor is the caller's: one the adapter cannot read is bad input, not the cart's fault.
        if (query.cursor && err instanceof CartError && err.failure === 'rejected') {
          throw validationFailed([{ path: 'cursor', message: 'is not a cursor from this list' }]);
        }
        throw err;
      }),
  );
  const records = page.records as (CartRecords[CartEntity] | BadRecord)[];
  const bound = await bindingsOf(
    deps.db,
    id,
    entity,
    records.map((r) => r.externalId),
  );
  const good = records.filter((r): r is CartRecords[CartEntity] => !isBadRecord(r));
  const matches = new Map<string, string>();
  if (entity === 'items') {
    const bySku = await saleItemsBySku(
      deps.db,
      (good as CartItem[]).flatMap((r) => (r.sku ? [r.sku] : [])),
    );
    for (const r of good as CartItem[]) {
      const m = r.sku ? bySku.get(r.sku.toLowerCase()) : undefined;
      if (m) matches.set(r.externalId, m.id);
    }
  }
  if (entity === 'customers') {
    // Only reads: a dry run of linking by email, rolled back.
    await dryRun(deps.db, async (tx) => {
      const found = await ensureCartCustomers(
        tx,
        (good as CartCustomer[]).map((c) => ({
          email: c.email,
          name: c.name,
          phone: c.phone,
          address: null,
        })),
      );
      for (const c of good as CartCustomer[]) {
        const f = found.get(c.email.trim().toLowerCase());
        if (f && !f.created) matches.set(c.externalId, f.id);
      }
    });
  }
  const data = records.map((r): CartListRow => {
    const base = {
      externalId: r.externalId,
      linkedTo: bound.get(r.externalId)?.tandemId ?? null,
      match: matches.get(r.externalId) ?? null,
    };
    if (isBadRecord(r)) return { ...base, error: r.reason };
    if (entity === 'items')
      return { ...base, error: null, item: { ...(r as CartItem), updatedAt: r.updatedAt.toISOString() } };
    if (entity === 'customers') {
      return {
        ...base,
        error: null,
        customer: { ...(r as CartCustomer), updatedAt: r.updatedAt.toISOString() },
      };
    }
    const o = r as CartOrder;
    return {
      ...base,
      error: null,
      order: {
        number: o.number,
        status: o.status,
        cartStatus: o.cartStatus,
        total: o.total,
        currency: o.currency,
        customerName: o.customer.name,
        customerEmail: o.customer.email,
        lines: o.lines.length,
        createdAt: o.createdAt.toISOString(),
      },
    };
  });
  return { data, nextCursor: page.next, total: page.total ?? null };
}

class RolledBack extends Error {}

/** Runs `work` in a transaction that is always rolled back: what it would do, doing nothing. */
async function dryRun<T>(db: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await work(tx);
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  return result as T;
}

export interface ImportRequest {
  ids: string[];
  mode: 'create' | 'link';
  links?: Record<string, string> | undefined;
  rows?:
    | Record<
        string,
        { sku?: string | undefined; cost?: number | undefined; stock?: number | null | undefined }
      >
    | undefined;
  dryRun?: boolean | undefined;
}

export interface RecordResult {
  id: string;
  outcome: 'created' | 'linked' | 'updated' | 'skipped' | 'failed';
  tandemId: string | null;
  externalId: string | null;
  reason: string | null;
}

export interface WorkReport {
  dryRun: boolean;
  counts: { created: number; linked: number; updated: number; skipped: number; failed: number };
  results: RecordResult[];
}

const report = (dry: boolean, results: RecordResult[]): WorkReport => ({
  dryRun: dry,
  counts: {
    created: results.filter((r) => r.outcome === 'created').length,
    linked: results.filter((r) => r.outcome === 'linked').length,
    updated: results.filter((r) => r.outcome === 'updated').length,
    skipped: results.filter((r) => r.outcome === 'skipped').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
  },
  results,
});

/**
 * Imports the chosen cart records: each is read from the cart, then all are created or linked in
 * one transaction (rolled back for a dry run, which answers the same report and changes nothing).
 */
export async function importChosen(
  deps: ManualDeps,
  actor: Actor,
  id: string,
  entity: CartEntity,
  input: ImportRequest,
): Promise<WorkReport> {
  if (entity === 'orders' && input.mode === 'link') {
    throw validationFailed([{ path: 'mode', message: 'orders are imported as new documents: use create' }]);
  }
  const { row, cart, currency } = await open(deps, id);
  const results: RecordResult[] = [];
  const records: CartRecords[CartEntity][] = [];
  for (const externalId of [...new Set(input.ids)]) {
    const r = await calling(() =>
      cart.get(entity, externalId).catch((err: unknown) => {
        if (err instanceof CartError && err.failure === 'not_found') return null;
        throw err;
      }),
    );
    if (!r)
      results.push({
        id: externalId,
        externalId,
        tandemId: null,
        outcome: 'failed',
        reason: 'The cart has no such record.',
      });
    else if (isBadRecord(r))
      results.push({ id: externalId, externalId, tandemId: null, outcome: 'failed', reason: r.reason });
    else records.push(r);
  }
  const ctx: SyncContext = {
    connectionId: id,
    actor: { ...actor, label: `${actor.label} (import from ${row.name})`.slice(0, 120) },
    currency,
    importOrdersAs: row.options.importOrdersAs,
    ordersFrom: null,
    defaultItemId: row.options.defaultItemId,
  };
  const apply = async (tx: Tx) => {
    let applied: Applied & { bound?: { externalId: string; tandemId: string }[] };
    if (entity === 'orders') applied = await importOrders(tx, ctx, records as CartOrder[]);
    else if (entity === 'items') {
      applied = await importItems(
        tx,
        ctx,
        (records as CartItem[]).map((record) => ({
          record,
          mode: input.mode,
          linkTo: input.links?.[record.externalId],
          ...input.rows?.[record.externalId],
        })),
        { updates: false },
      );
    } else {
      applied = await importCustomers(
        tx,
        ctx,
        (records as CartCustomer[]).map((record) => ({
          record,
          mode: input.mode,
          linkTo: input.links?.[record.externalId],
        })),
        { updates: false },
      );
    }
    const bound = await bindingsOf(
      tx,
      id,
      entity,
      records.map((r) => r.externalId),
    );
    for (const r of records) {
      const failure = applied.failures.find((f) => f.externalId === r.externalId);
      const now = bound.get(r.externalId);
      const madeNow =
        applied.bound?.some((b) => b.externalId === r.externalId) ??
        (now !== undefined && entity === 'orders');
      results.push({
        id: r.externalId,
        externalId: r.externalId,
        tandemId: now?.tandemId ?? null,
        outcome: failure ? 'failed' : !madeNow ? 'skipped' : input.mode === 'link' ? 'linked' : 'created',
        reason:
          failure?.reason ??
          (madeNow ? null : now ? 'Linked already.' : 'Not imported (an order must be paid in the cart).'),
      });
    }
  };
  if (input.dryRun) await dryRun(deps.db, apply);
  else
    await deps.db.transaction(async (tx) => {
      await apply(tx);
    });
  return report(input.dryRun ?? false, results);
}

/**
 * Exports chosen Tandem items or customers to the cart: updates those it has (linked), creates the
 * others and links them. Items go with their free stock. A dry run calls the cart not at all.
 */
export async function exportChosen(
  deps: ManualDeps,
  id: string,
  entity: 'items' | 'customers',
  input: { ids: string[]; dryRun?: boolean | undefined },
): Promise<WorkReport> {
  const { cart, currency } = await open(deps, id);
  const ids = [...new Set(input.ids)];
  const bound = await bindingsOfTandem(deps.db, id, entity, ids);
  const results: RecordResult[] = [];
  const items = entity === 'items' ? await saleItems(deps.db, ids) : new Map();
  const free = entity === 'items' ? await freeStock(deps.db, ids) : new Map<string, number>();
  for (const tandemId of ids) {
    const binding = bound.get(tandemId);
    const result: RecordResult = {
      id: tandemId,
      tandemId,
      externalId: binding?.externalId ?? null,
      outcome: 'created',
      reason: null,
    };
    results.push(result);
    try {
      if (entity === 'items') {
        const item = items.get(tandemId);
        if (!item) throw new DomainError('not_found', 'not_found', 'There is no such item.');
        if (input.dryRun) {
          result.outcome = binding ? 'updated' : 'created';
          continue;
        }
        const full = await getItem(deps.db, tandemId);
        result.externalId = await calling(() =>
          cart.putItem({
            externalId: binding?.externalId,
            sku: full.sku,
            name: full.name,
            price: full.price,
            currency,
            stock: full.trackStock ? (free.get(tandemId) ?? 0) : null,
          }),
        );
      } else {
        const customer = await getCustomer(deps.db, tandemId);
        if (!customer.email)
          throw new DomainError(
            'invalid_input',
            'validation_failed',
            'A customer needs an email to be in a cart.',
          );
        if (input.dryRun) {
          result.outcome = binding ? 'updated' : 'created';
          continue;
        }
        result.externalId = await calling(() =>
          cart.putCustomer({
            externalId: binding?.externalId,
            email: customer.email!,
            name: customer.name,
            phone: customer.phone,
          }),
        );
      }
      result.outcome = binding ? 'updated' : 'created';
      if (!binding)
        await bindNew(deps.db, id, entity, [
          { externalId: result.externalId!, tandemId, externalUpdatedAt: null },
        ]);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      result.outcome = 'failed';
      result.reason = err.message;
    }
  }
  return report(input.dryRun ?? false, results);
}
