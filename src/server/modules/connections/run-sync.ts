import { and, eq, sql } from 'drizzle-orm';
import type { SyncRun } from '../../../contracts/connections.js';
import type { Actor } from '../../platform/auth.js';
import type { Database, Tx } from '../../platform/db.js';
import { publishEvent } from '../../platform/events.js';
import { newId } from '../../platform/ids.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import { getSettings } from '../settings/index.js';
import {
  type BadRecord,
  type Cart,
  type CartEntity,
  CartError,
  type CartPage,
  type CartRecords,
  isBadRecord,
} from './cart.js';
import { type ConnectionRow, connectionFingerprint, openCredentials, toSyncRun } from './connections.js';
import { type Applied, importOrders, nothingApplied, type SyncContext } from './import-orders.js';
import { importCustomers, importItems } from './import-records.js';
import type { OpenCart } from './open-cart.js';
import { connectionRow } from './read-connections.js';
import { type RetryPolicy, withRetries } from './retry.js';
import { connections, syncErrors, syncRuns } from './schema.js';

/** Records changed this long before a cursor are read again: they may have changed while paging. */
export const CURSOR_OVERLAP_MS = 60_000;

export interface SyncDeps {
  db: Database['db'];
  box: SealedBox;
  openCart: OpenCart;
  retry?: RetryPolicy | undefined;
  /** Told after each page is applied (tests stop a run here, as a crash would). */
  afterPage?: ((entity: CartEntity, page: number) => void | Promise<void>) | undefined;
  /** Aborts when Tandem stops: the run ends after the page it is on, as interrupted. */
  signal?: AbortSignal | undefined;
  /** Logs what Tandem could not save, for whoever runs it. */
  log?: ((err: unknown, context: Record<string, unknown>) => void) | undefined;
}

export type SyncTrigger = 'schedule' | 'manual' | 'webhook';

export const syncActor = (row: Pick<ConnectionRow, 'id' | 'name'>): Actor => ({
  type: 'system',
  id: row.id,
  label: `Cart: ${row.name}`.slice(0, 120),
});

/** The entities a run reads, in the order that lets orders find their customers and items. */
function entitiesOf(row: ConnectionRow): CartEntity[] {
  return [
    ...(row.options.fromCart.customers ? (['customers'] as const) : []),
    ...(row.options.fromCart.items ? (['items'] as const) : []),
    'orders',
  ];
}

function sinceOf(row: ConnectionRow, entity: CartEntity): Date | null {
  const cursor =
    row.cursors[entity] ?? (entity === 'orders' ? row.options.ordersFrom : row.options.updatesSince) ?? null;
  return cursor ? new Date(new Date(cursor).getTime() - CURSOR_OVERLAP_MS) : null;
}

/** Words for a database refusal of one record, without its SQL. */
function savingFailure(err: unknown): string {
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code === '23505') return 'It is linked to another record of this cart already.';
  if (code === '23514') return 'Tandem refused one of its values (out of range).';
  return `Tandem could not save it${code ? ` (database error ${code})` : ''}.`;
}

/**
 * One sync run of a connection: for each entity, pages through the cart's changes since the cursor
 * and applies each page in one transaction with the cursor it reaches, the run's counts and the
 * errors of the records it skipped. A page the database refuses is applied again one record at a
 * time, so one bad record never stops the others. Refused credentials stop auto-sync.
 */
export async function runSync(deps: SyncDeps, connectionId: string, trigger: SyncTrigger): Promise<SyncRun> {
  const { db } = deps;
  const row = await connectionRow(db, connectionId);
  // Whatever was running for this connection ended with its process: one run at a time is the rule.
  await db
    .update(syncRuns)
    .set({
      status: 'interrupted',
      finishedAt: new Date(),
      detail: 'The run stopped part-way (Tandem stopped); the next run went on from where it got to.',
    })
    .where(and(eq(syncRuns.connectionId, connectionId), eq(syncRuns.status, 'running')));
  const [run] = await db
    .insert(syncRuns)
    .values({ id: newId('syn'), connectionId, trigger, status: 'running' })
    .returning();
  const runId = run!.id;
  // Screens show the run as soon as it starts, not after its first page.
  await publishEvent(db, 'sync.run', { connectionId, runId, status: 'running', entity: null });
  const finish = async (
    status: 'succeeded' | 'failed' | 'interrupted',
    detail: string | null,
    tx: Tx = db,
  ) => {
    const [done] = await tx
      .update(syncRuns)
      .set({ status, detail, finishedAt: new Date(), entity: null })
      .where(eq(syncRuns.id, runId))
      .returning();
    await publishEvent(tx, 'sync.run', { connectionId, runId, status });
    return toSyncRun(done!);
  };

  if (row.testedFingerprint !== connectionFingerprint(row)) {
    return finish('failed', 'The connection has not passed a test with its current address and credentials.');
  }
  const settings = await getSettings(db);
  const ctx: SyncContext = {
    connectionId,
    actor: syncActor(row),
    currency: settings.currency,
    importOrdersAs: row.options.importOrdersAs,
    ordersFrom: row.options.ordersFrom ? new Date(row.options.ordersFrom) : null,
    defaultItemId: row.options.defaultItemId,
  };
  let cart: Cart;
  try {
    const signal = deps.signal;
    cart = deps.openCart(row.type, {
      url: row.url,
      credentials: openCredentials(deps.box, row),
      currency: settings.currency,
      // A call under way when Tandem stops is given up at once, not at its timeout.
      ...(signal
        ? {
            fetch: (...[input, init]: Parameters<typeof fetch>) =>
              fetch(input, {
                ...init,
                signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
              }),
          }
        : {}),
    });
  } catch (err) {
    if (!(err instanceof CartError)) throw err;
    return finish('failed', err.message);
  }
  const countRequest = () =>
    db
      .update(syncRuns)
      .set({ requests: sql`${syncRuns.requests} + 1` })
      .where(eq(syncRuns.id, runId));

  try {
    for (const entity of entitiesOf(row)) {
      const since = sinceOf(row, entity);
      const fetchPage = (page: string | null): Promise<CartPage<AnyRecord>> =>
        withRetries(
          deps.retry,
          async () => {
            await countRequest();
            return cart.page(entity, { modifiedSince: since, page, pageSize: 100 });
          },
          deps.signal,
        );
      let next: Promise<CartPage<AnyRecord>> | null = fetchPage(null);
      let pageNo = 0;
      while (next) {
        if (deps.signal?.aborted) break;
        const result: CartPage<AnyRecord> = await next;
        // The next page is read from the cart while this one is written: the two overlap.
        next = result.next ? fetchPage(result.next) : null;
        next?.catch(() => undefined);
        pageNo++;
        await applyPage(deps, ctx, row, runId, entity, result.records, result.total ?? null, {
          updates: entity === 'orders' ? true : row.options.fromCart[entity],
        });
        await deps.afterPage?.(entity, pageNo);
      }
    }
    if (deps.signal?.aborted) {
      return await finish(
        'interrupted',
        'Tandem stopped during the run; the next run goes on from where it got to.',
      );
    }
    return await finish('succeeded', null);
  } catch (err) {
    if (deps.signal?.aborted) {
      return finish(
        'interrupted',
        'Tandem stopped during the run; the next run goes on from where it got to.',
      );
    }
    if (!(err instanceof CartError)) {
      deps.log?.(err, { connectionId, runId });
      return finish(
        'failed',
        'Tandem failed during the run; the next run goes on from where this one got to.',
      );
    }
    if (err.failure === 'unauthorized' || err.failure === 'forbidden') {
      // Keys that stopped working: no use trying every few minutes. Staff must fix and test them.
      return db.transaction(async (tx) => {
        await tx
          .update(connections)
          .set({
            syncStatus: 'STOPPED',
            nextRunAt: null,
            testedFingerprint: null,
            stoppedReason: `The cart refused the credentials (${err.message}) Auto-sync stopped: fix them, test the connection and start it again.`,
            updatedAt: new Date(),
          })
          .where(eq(connections.id, connectionId));
        return finish('failed', `The cart refused the credentials: ${err.message}`, tx);
      });
    }
    return finish('failed', err.message);
  }
}

type AnyRecord = CartRecords[CartEntity];

/** Applies one entity's records in `tx`. */
function applyRecords(
  tx: Tx,
  ctx: SyncContext,
  entity: CartEntity,
  records: readonly AnyRecord[],
  options: { updates: boolean },
): Promise<Applied> {
  if (entity === 'orders') return importOrders(tx, ctx, records as CartRecords['orders'][]);
  if (entity === 'items') {
    return importItems(
      tx,
      ctx,
      (records as CartRecords['items'][]).map((record) => ({ record, mode: 'auto' as const })),
      options,
    );
  }
  return importCustomers(
    tx,
    ctx,
    (records as CartRecords['customers'][]).map((record) => ({ record, mode: 'auto' as const })),
    options,
  );
}

/** A page's records, its cursor, counts and errors, in one transaction; one record at a time if refused. */
async function applyPage(
  deps: SyncDeps,
  ctx: SyncContext,
  row: ConnectionRow,
  runId: string,
  entity: CartEntity,
  records: readonly (AnyRecord | BadRecord)[],
  total: number | null,
  options: { updates: boolean },
): Promise<void> {
  const good = records.filter((r): r is AnyRecord => !isBadRecord(r));
  const bad = records.filter(isBadRecord).map((r) => ({ externalId: r.externalId, reason: r.reason }));
  const newest = good.reduce<Date | null>((m, r) => (!m || r.updatedAt > m ? r.updatedAt : m), null);
  const inOneGo = async (
    tx: Tx,
    list: readonly AnyRecord[],
    failures: Applied['failures'],
    upTo: Date | null,
  ) => {
    await tx.execute(sql`select set_config('tandem.sync_origin', ${row.id}, true)`);
    const applied = list.length > 0 ? await applyRecords(tx, ctx, entity, list, options) : nothingApplied();
    applied.failures.push(...failures);
    await record(tx, row.id, runId, entity, applied, upTo, list.length + failures.length, total);
  };
  try {
    await deps.db.transaction((tx) => inOneGo(tx, good, bad, newest));
  } catch (err) {
    deps.log?.(err, { connectionId: row.id, runId, entity, page: 'applied one record at a time' });
    for (const r of good) {
      try {
        await deps.db.transaction((tx) => inOneGo(tx, [r], [], r.updatedAt));
      } catch (one) {
        deps.log?.(one, { connectionId: row.id, runId, entity, externalId: r.externalId });
        await deps.db.transaction((tx) =>
          inOneGo(tx, [], [{ externalId: r.externalId, reason: savingFailure(one) }], r.updatedAt),
        );
      }
    }
    if (bad.length > 0) await deps.db.transaction((tx) => inOneGo(tx, [], bad, newest));
  }
}

/** Moves the entity's cursor on (never back), adds to the run's counts and logs its failures, in `tx`. */
async function record(
  tx: Tx,
  connectionId: string,
  runId: string,
  entity: CartEntity,
  applied: Applied,
  upTo: Date | null,
  seen: number,
  total: number | null,
): Promise<void> {
  if (upTo || applied.lastOrderAt) {
    const at = upTo?.toISOString() ?? null;
    const lastOrder = applied.lastOrderAt?.toISOString() ?? null;
    await tx.execute(sql`
      update connections set
        cursors = cursors
          || case when ${at}::text is not null and coalesce(cursors ->> ${entity}, '') < ${at}::text
                  then jsonb_build_object(${entity}::text, ${at}::text) else '{}'::jsonb end
          || case when ${lastOrder}::text is not null and coalesce(cursors ->> 'ordersFrom', '') < ${lastOrder}::text
                  then jsonb_build_object('ordersFrom', ${lastOrder}::text) else '{}'::jsonb end
     where id = ${connectionId}`);
  }
  if (applied.failures.length > 0) {
    await tx.insert(syncErrors).values(
      applied.failures.map((f) => ({
        id: newId('sye'),
        runId,
        entity,
        externalId: f.externalId.slice(0, 200),
        reason: f.reason.slice(0, 1000),
      })),
    );
  }
  await tx
    .update(syncRuns)
    .set({
      entity,
      done: sql`case when ${syncRuns.entity} = ${entity} then ${syncRuns.done} else 0 end + ${seen}`,
      total,
      imported: sql`${syncRuns.imported} + ${applied.imported}`,
      updated: sql`${syncRuns.updated} + ${applied.updated}`,
      skipped: sql`${syncRuns.skipped} + ${applied.skipped}`,
      failed: sql`${syncRuns.failed} + ${applied.failures.length}`,
    })
    .where(eq(syncRuns.id, runId));
  await publishEvent(tx, 'sync.run', { connectionId, runId, status: 'running', entity });
}
