import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { AuditEntry } from '../../../contracts/audit.js';
import type { Actor } from '../../platform/auth.js';
import type { Tx } from '../../platform/db.js';
import { newId } from '../../platform/ids.js';
import { auditLog } from './schema.js';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  changes?: Record<string, unknown> | null;
}

/** Appends one entry; call it inside the transaction that makes the change. */
export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<void> {
  await tx.insert(auditLog).values({
    id: newId('aud'),
    actorType: actor.type,
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId ?? null,
    changes: input.changes ?? null,
  });
}

export type { AuditEntry } from '../../../contracts/audit.js';

/** Whether any entry about this entity changed `field` (a top-level key of its `changes`). */
export async function everChanged(tx: Tx, entity: string, entityId: string, field: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, entity),
        eq(auditLog.entityId, entityId),
        sql`(${auditLog.changes} -> ${field}::text) is not null`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Newest first, keyset-paged on the time-sorted id. */
export async function listAudit(
  tx: Tx,
  query: { limit: number; cursor?: string | undefined; entity?: string | undefined },
): Promise<{ data: AuditEntry[]; nextCursor: string | null }> {
  const rows = await tx
    .select()
    .from(auditLog)
    .where(
      and(
        query.cursor ? lt(auditLog.id, query.cursor) : undefined,
        query.entity ? eq(auditLog.entity, query.entity) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    data: page.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      changes: r.changes,
    })),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}

/** What changed between two plain objects, as `{ "giftCards.minAmount": { from, to } }`. */
export function diffObjects(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix = '',
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(a) && isPlainObject(b)) Object.assign(out, diffObjects(a, b, path));
    else if (JSON.stringify(a) !== JSON.stringify(b)) out[path] = { from: a ?? null, to: b ?? null };
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
