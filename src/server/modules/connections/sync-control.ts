import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import { type ConnectionRow, connectionFingerprint } from './connections.js';
import { connections } from './schema.js';

/** Where a run is asked for: workers listen and start it at once. */
export const SYNC_CHANNEL = 'tandem_sync';

const untested = () =>
  new DomainError(
    'conflict',
    'connection_untested',
    'Test the connection first: auto-sync starts only once a test with the current address and credentials has passed.',
  );

async function lockConnection(tx: Tx, id: string): Promise<ConnectionRow> {
  const [row] = await tx.select().from(connections).where(eq(connections.id, id)).for('update');
  if (!row) throw notFound('No such connection.');
  return row;
}

const tested = (row: ConnectionRow) =>
  row.lastTestOk === 'yes' && row.testedFingerprint === connectionFingerprint(row);

/** RUNNING: a run now, then every `pollMinutes`. Refused until a test with the current keys passed. */
export async function startSync(db: Tx, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockConnection(tx, id);
    if (!tested(row)) throw untested();
    const now = new Date();
    await tx
      .update(connections)
      .set({
        syncStatus: 'RUNNING',
        stoppedReason: null,
        nextRunAt: now,
        runRequestedAt: now,
        updatedAt: now,
      })
      .where(eq(connections.id, id));
    await recordAudit(tx, actor, { action: 'connection.sync.start', entity: 'connection', entityId: id });
    await tx.execute(sql`select pg_notify(${SYNC_CHANNEL}, ${id})`);
  });
}

/** STOPPED: no more scheduled runs; a run under way finishes its page and the next ones are not made. */
export async function stopSync(db: Tx, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockConnection(tx, id);
    await tx
      .update(connections)
      .set({ syncStatus: 'STOPPED', nextRunAt: null, runRequestedAt: null, updatedAt: new Date() })
      .where(eq(connections.id, id));
    await recordAudit(tx, actor, { action: 'connection.sync.stop', entity: 'connection', entityId: id });
  });
}

/** Asks for one run now, whether auto-sync is running or not (a tested connection only). */
export async function requestRun(db: Tx, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockConnection(tx, id);
    if (!tested(row)) throw untested();
    await tx
      .update(connections)
      .set({ runRequestedAt: new Date(), runRequestedBy: 'manual' })
      .where(eq(connections.id, id));
    await tx.execute(sql`select pg_notify(${SYNC_CHANNEL}, ${id})`);
  });
}

/**
 * The connections whose run is due (asked for, or RUNNING and past their next time), each claimed:
 * its request cleared and its next time moved on by its poll interval, so two schedulers never
 * start one connection's run twice.
 */
export async function claimDueRuns(
  db: Tx,
  now = new Date(),
): Promise<{ connectionId: string; trigger: 'schedule' | 'manual' | 'webhook' }[]> {
  const result = (await db.execute(sql`
    with due as (
      select id, run_requested_at, run_requested_by from connections
       where run_requested_at is not null or (sync_status = 'RUNNING' and next_run_at <= ${now})
       for update skip locked
    )
    update connections c
       set run_requested_at = null, run_requested_by = null,
           next_run_at = case when c.sync_status = 'RUNNING'
             then ${now}::timestamptz + make_interval(mins => (c.options ->> 'pollMinutes')::int) else null end
      from due
     where c.id = due.id
    returning c.id, case when due.run_requested_at is null then 'schedule' else coalesce(due.run_requested_by, 'manual') end as trigger`)) as unknown as {
    rows: { id: string; trigger: 'schedule' | 'manual' | 'webhook' }[];
  };
  return result.rows.map((r) => ({ connectionId: r.id, trigger: r.trigger }));
}
