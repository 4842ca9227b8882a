import { eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  cartOutbox,
  connectionBindings,
  connections,
  syncErrors,
  syncRuns,
  webhookDeliveries,
} from './schema.js';

/**
 * Removes a stopped connection: its credentials, links, sync log and unsent pushes go with it, in
 * one transaction. What it brought in stays: customers, items and orders (pending ones can still
 * be confirmed) keep everything but the link to the cart.
 */
export async function removeConnection(db: Tx, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(connections).where(eq(connections.id, id)).for('update');
    if (!row) throw notFound('No such connection.');
    if (row.syncStatus === 'RUNNING') {
      throw new DomainError(
        'conflict',
        'conflict',
        'Stop auto-sync first: a running connection cannot be removed.',
      );
    }
    const runs = tx.select({ id: syncRuns.id }).from(syncRuns).where(eq(syncRuns.connectionId, id));
    await tx.delete(syncErrors).where(inArray(syncErrors.runId, runs));
    await tx.delete(syncRuns).where(eq(syncRuns.connectionId, id));
    await tx.delete(connectionBindings).where(eq(connectionBindings.connectionId, id));
    await tx.delete(cartOutbox).where(eq(cartOutbox.connectionId, id));
    await tx.delete(webhookDeliveries).where(eq(webhookDeliveries.connectionId, id));
    await tx.delete(connections).where(eq(connections.id, id));
    await recordAudit(tx, actor, {
      action: 'connection.remove',
      entity: 'connection',
      entityId: id,
      changes: { name: row.name, type: row.type, url: row.url },
    });
  });
}
