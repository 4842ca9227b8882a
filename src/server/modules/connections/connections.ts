import { createHash } from 'node:crypto';
import type { Connection, SyncRun } from '../../../contracts/connections.js';
import type { SealedBox } from '../../platform/sealed-box.js';
import type { connections, syncRuns } from './schema.js';

export type ConnectionRow = typeof connections.$inferSelect;
export type SyncRunRow = typeof syncRuns.$inferSelect;

/** The credentials of a connection, opened: only adapters and the test see them. */
export const openCredentials = (box: SealedBox, row: Pick<ConnectionRow, 'credentialsSealed'>) =>
  JSON.parse(box.open(row.credentialsSealed)) as Record<string, string>;

/**
 * What a passing test is remembered by: the type, the address and the sealed credentials (sealed
 * anew whenever they change), so changing any of them asks for a new test before auto-sync runs
 * again, and the hash kept says nothing about the credentials themselves.
 */
export const connectionFingerprint = (row: Pick<ConnectionRow, 'type' | 'url' | 'credentialsSealed'>) =>
  createHash('sha256')
    .update(JSON.stringify([row.type, row.url, row.credentialsSealed]))
    .digest('hex');

/** The earliest of the entity cursors: what "updates since" reads as for the whole connection. */
export function updatesSinceOf(row: Pick<ConnectionRow, 'cursors' | 'options'>): string | null {
  const { orders, items, customers } = row.cursors;
  const all = [orders, items, customers].filter((c): c is string => typeof c === 'string');
  if (all.length === 0) return row.options.updatesSince;
  return all.sort()[0]!;
}

export const toSyncRun = (r: SyncRunRow, errors: SyncRun['errors'] = []): SyncRun => ({
  id: r.id,
  connectionId: r.connectionId,
  trigger: r.trigger,
  status: r.status,
  progress: { entity: r.entity, done: r.done, total: r.total },
  counts: { imported: r.imported, updated: r.updated, skipped: r.skipped, failed: r.failed },
  requests: r.requests,
  detail: r.detail,
  errors,
  startedAt: r.startedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export function toConnection(
  row: ConnectionRow,
  context: { lastRun: SyncRunRow | null; publicUrl: string },
): Connection {
  const { errors: _, ...lastRun } = context.lastRun ? toSyncRun(context.lastRun) : { errors: null };
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    url: row.url,
    credentialsSet: [...row.credentialsSet].sort(),
    options: row.options,
    syncStatus: row.syncStatus,
    stoppedReason: row.stoppedReason,
    cursors: {
      ordersFrom: row.cursors.ordersFrom ?? row.options.ordersFrom,
      updatesSince: updatesSinceOf(row),
    },
    lastTest:
      row.testedAt && row.lastTestOk
        ? {
            ok: row.lastTestOk === 'yes',
            detail: row.lastTestDetail,
            at: row.testedAt.toISOString(),
            current: row.lastTestOk === 'yes' && row.testedFingerprint === connectionFingerprint(row),
          }
        : null,
    nextRunAt: row.syncStatus === 'RUNNING' ? (row.nextRunAt?.toISOString() ?? null) : null,
    lastRun: context.lastRun ? (lastRun as Connection['lastRun']) : null,
    webhookUrl: `${context.publicUrl}/api/hooks/connections/${row.id}/${row.webhookKey}`,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
