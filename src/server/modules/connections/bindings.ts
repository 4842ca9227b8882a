import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db.js';
import type { CartEntity } from './cart.js';
import { connectionBindings } from './schema.js';

export interface Binding {
  externalId: string;
  tandemId: string;
  externalUpdatedAt: Date | null;
  externalStatus: string | null;
}

/** Bindings of one connection and entity, found by either side's ids, in one query. */
async function findBindings(
  tx: Tx,
  connectionId: string,
  entity: CartEntity,
  by: 'externalId' | 'tandemId',
  ids: readonly string[],
): Promise<Map<string, Binding>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({
      externalId: connectionBindings.externalId,
      tandemId: connectionBindings.tandemId,
      externalUpdatedAt: connectionBindings.externalUpdatedAt,
      externalStatus: connectionBindings.externalStatus,
    })
    .from(connectionBindings)
    .where(
      and(
        eq(connectionBindings.connectionId, connectionId),
        eq(connectionBindings.entity, entity),
        inArray(connectionBindings[by], [...new Set(ids)]),
      ),
    );
  return new Map(rows.map((r) => [r[by], r]));
}

/** The bindings of these cart records, by external id. */
export const bindingsOf = (
  tx: Tx,
  connectionId: string,
  entity: CartEntity,
  externalIds: readonly string[],
) => findBindings(tx, connectionId, entity, 'externalId', externalIds);

/** The bindings of these Tandem records, by Tandem id. */
export const bindingsOfTandem = (
  tx: Tx,
  connectionId: string,
  entity: CartEntity,
  tandemIds: readonly string[],
) => findBindings(tx, connectionId, entity, 'tandemId', tandemIds);

/**
 * Binds newly imported cart records to the Tandem records made from them. A plain insert: if the
 * record was bound meanwhile (another import got there first), the unique key refuses it and the
 * transaction that made the duplicate rolls back, so nothing is ever imported twice.
 */
export async function bindNew(
  tx: Tx,
  connectionId: string,
  entity: CartEntity,
  rows: readonly {
    externalId: string;
    tandemId: string;
    externalUpdatedAt: Date | null;
    externalStatus?: string | null;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insert(connectionBindings).values(
    rows.map((r) => ({
      connectionId,
      entity,
      externalId: r.externalId,
      tandemId: r.tandemId,
      externalUpdatedAt: r.externalUpdatedAt,
      externalStatus: r.externalStatus ?? null,
    })),
  );
}

/** Moves bindings on to the cart's newer version of their records. */
export async function advanceBindings(
  tx: Tx,
  connectionId: string,
  entity: CartEntity,
  rows: readonly { externalId: string; externalUpdatedAt: Date; externalStatus?: string | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.externalId}::text, ${r.externalUpdatedAt}::timestamptz, ${r.externalStatus ?? null}::text)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update connection_bindings b
       set external_updated_at = v.at, external_status = coalesce(v.status, b.external_status)
      from (values ${values}) as v(external_id, at, status)
     where b.connection_id = ${connectionId} and b.entity = ${entity} and b.external_id = v.external_id`);
}
