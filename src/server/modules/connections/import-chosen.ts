import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { validationFailed } from '../../platform/errors.js';
import { bindingsOf } from './bindings.js';
import {
  type CartCustomer,
  type CartEntity,
  CartError,
  type CartItem,
  type CartOrder,
  type CartRecords,
  isBadRecord,
} from './cart.js';
import {
  calling,
  dryRun,
  type ImportRequest,
  type ManualDeps,
  openForWork,
  type RecordResult,
  report,
  type WorkReport,
} from './cart-work.js';
import { type Applied, importOrders, type SyncContext } from './import-orders.js';
import { importCustomers, importItems } from './import-records.js';

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
  const { row, cart, currency } = await openForWork(deps, id);
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
