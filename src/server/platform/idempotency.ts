import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson, sha256 } from './crypto.js';
import { preparedStatement, type Tx } from './db.js';
import { DomainError, validationFailed } from './errors.js';
import { idempotencyKeys } from './schema.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

/** Keys are kept this long at least (api.md: 24 hours). */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

const claimKey = preparedStatement((db) =>
  db
    .insert(idempotencyKeys)
    .values({
      scope: sql.placeholder('scope'),
      key: sql.placeholder('key'),
      requestHash: sql.placeholder('requestHash'),
      state: 'in_flight',
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
    .prepare('idempotency_claim'),
);

const keepAnswer = preparedStatement((db) =>
  db
    .update(idempotencyKeys)
    .set({
      state: 'done',
      responseStatus: sql`${sql.placeholder('status')}`,
      responseBody: sql`${sql.placeholder('body')}`,
      responseType: sql`${sql.placeholder('type')}`,
    })
    .where(
      and(
        eq(idempotencyKeys.scope, sql.placeholder('scope')),
        eq(idempotencyKeys.key, sql.placeholder('key')),
      ),
    )
    .prepare('idempotency_answer'),
);

function scopeOf(request: FastifyRequest): string {
  const p = request.principal;
  const who = p
    ? p.type === 'staff'
      ? p.userId
      : p.tokenId
    : request.customer
      ? request.customer.customerId
      : `anon:${request.ip}`;
  return `${who} ${request.method} ${request.url.split('?')[0]}`;
}

/**
 * POSTs sent with an `Idempotency-Key` run once: a replay with the same key and body answers the
 * first response; another body answers 422; a replay while the first is still running answers 409.
 */
export function registerIdempotency(app: FastifyInstance, db: Tx): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0]! : header;
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw validationFailed([
        { path: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' },
      ]);
    }
    const scope = scopeOf(request);
    const requestHash = sha256(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`);
    const inserted = await claimKey(db, { scope, key, requestHash });
    if (inserted.length > 0) {
      request.idempotency = { scope, key };
      return;
    }
    const [first] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    if (!first) {
      // Pruned between the insert and the read: ask the client to try again.
      throw new DomainError('conflict', 'conflict', 'Retry the request.');
    }
    if (first.requestHash !== requestHash) {
      throw new DomainError('idempotency_key_reused', 'idempotency_key_reused');
    }
    if (first.state === 'in_flight') {
      throw new DomainError(
        'conflict',
        'conflict',
        'A request with this Idempotency-Key is still being processed.',
      );
    }
    reply
      .code(first.responseStatus ?? 200)
      .header('idempotent-replayed', 'true')
      .type(first.responseType ?? 'application/json; charset=utf-8');
    return reply.send(first.responseBody ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = null;
    const where = and(eq(idempotencyKeys.scope, held.scope), eq(idempotencyKeys.key, held.key));
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && payload !== null)) {
      // A failure on our side is not an answer to remember: the client may retry with the same key.
      await db.delete(idempotencyKeys).where(where);
      return payload;
    }
    await keepAnswer(db, {
      scope: held.scope,
      key: held.key,
      status: reply.statusCode,
      body: payload ?? '',
      type: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
    });
    return payload;
  });
}

export async function pruneIdempotencyKeys(db: Tx, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_HOURS * 3600_000);
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
