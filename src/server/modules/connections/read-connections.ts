import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Connection, SyncRun } from '../../../contracts/connections.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, pageFrom } from '../../platform/paging.js';
import { type ConnectionRow, type SyncRunRow, toConnection, toSyncRun } from './connections.js';
import { connections, syncErrors, syncRuns } from './schema.js';

export async function connectionRow(tx: Tx, id: string): Promise<ConnectionRow> {
  const [row] = await tx.select().from(connections).where(eq(connections.id, id));
  if (!row) throw notFound('No such connection.');
  return row;
}

/** The latest run of each connection, in one query. */
async function lastRuns(tx: Tx, ids: readonly string[]): Promise<Map<string, SyncRunRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectDistinctOn([syncRuns.connectionId])
    .from(syncRuns)
    .where(inArray(syncRuns.connectionId, [...ids]))
    .orderBy(syncRuns.connectionId, desc(syncRuns.id));
  return new Map(rows.map((r) => [r.connectionId, r]));
}

export async function getConnection(tx: Tx, id: string, publicUrl: string): Promise<Connection> {
  const row = await connectionRow(tx, id);
  const runs = await lastRuns(tx, [id]);
  return toConnection(row, { lastRun: runs.get(id) ?? null, publicUrl });
}

/** Connections, oldest first (the order they were added), each with its last run. */
export async function listConnections(
  tx: Tx,
  query: { limit: number; cursor?: string | undefined },
  publicUrl: string,
): Promise<{ data: Connection[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor<[string, string]>(query.cursor, 2) : null;
  const rows = await tx
    .select()
    .from(connections)
    .where(
      after
        ? or(
            sql`${connections.createdAt} > ${new Date(after[0])}`,
            and(eq(connections.createdAt, new Date(after[0])), sql`${connections.id} > ${after[1]}`),
          )
        : undefined,
    )
    .orderBy(asc(connections.createdAt), asc(connections.id))
    .limit(query.limit + 1);
  const runs = await lastRuns(
    tx,
    rows.map((r) => r.id),
  );
  return pageFrom(
    rows,
    query.limit,
    (r) => toConnection(r, { lastRun: runs.get(r.id) ?? null, publicUrl }),
    (r) => encodeCursor([r.createdAt.toISOString(), r.id]),
  );
}

/** Errors shown with each run: enough to act on; the rest are counted. */
const ERRORS_PER_RUN = 50;

/** A connection's sync log, newest first, each run with its first errors. */
export async function listRuns(
  tx: Tx,
  connectionId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<{ data: SyncRun[]; nextCursor: string | null }> {
  await connectionRow(tx, connectionId);
  const rows = await tx
    .select()
    .from(syncRuns)
    .where(
      and(eq(syncRuns.connectionId, connectionId), query.cursor ? lt(syncRuns.id, query.cursor) : undefined),
    )
    .orderBy(desc(syncRuns.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const errors =
    page.length === 0
      ? []
      : await tx
          .select()
          .from(
            tx
              .select({
                runId: syncErrors.runId,
                entity: syncErrors.entity,
                externalId: syncErrors.externalId,
                reason: syncErrors.reason,
                createdAt: syncErrors.createdAt,
                id: syncErrors.id,
                n: sql<number>`row_number() over (partition by ${syncErrors.runId} order by ${syncErrors.id})`.as(
                  'n',
                ),
              })
              .from(syncErrors)
              .where(
                inArray(
                  syncErrors.runId,
                  page.map((r) => r.id),
                ),
              )
              .as('e'),
          )
          .where(sql`n <= ${ERRORS_PER_RUN}`)
          .orderBy(sql`id`);
  const byRun = new Map<string, SyncRun['errors']>();
  for (const e of errors) {
    const list = byRun.get(e.runId) ?? [];
    list.push({
      entity: e.entity,
      externalId: e.externalId,
      reason: e.reason,
      at: e.createdAt.toISOString(),
    });
    byRun.set(e.runId, list);
  }
  return pageFrom(
    rows,
    query.limit,
    (r) => toSyncRun(r, byRun.get(r.id) ?? []),
    (r) => r.id,
  );
}
