import { and, asc, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { GiftCard, GiftCardDetail } from '../../../contracts/giftcards.js';
import type { Tx } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, pageFrom } from '../../platform/paging.js';
import type { GiftCardVault } from './code-vault.js';
import { type GiftCardKind, type GiftCardStatus, maskedCode } from './gift-card.js';
import { toGiftCard, toLedgerEntry } from './gift-cards.js';
import { giftCardEntries, giftCards } from './schema.js';

export async function getGiftCard(tx: Tx, id: string): Promise<GiftCardDetail> {
  const [row] = await tx.select().from(giftCards).where(eq(giftCards.id, id));
  if (!row) throw notFound('No such gift card.');
  const ledger = await tx
    .select()
    .from(giftCardEntries)
    .where(eq(giftCardEntries.giftCardId, id))
    .orderBy(asc(giftCardEntries.id));
  return { ...toGiftCard(row), ledger: ledger.map(toLedgerEntry) };
}

export interface GiftCardQuery {
  limit: number;
  cursor?: string | undefined;
  /** The last 4 of the code, an owner's email, or a card id. */
  q?: string | undefined;
  status?: GiftCardStatus | undefined;
  kind?: GiftCardKind | undefined;
  /** A customer's cards: given to them, or sent to their email. */
  owner?: { id: string; email: string | null } | undefined;
}

const ownedBy = (owner: { id: string; email: string | null }) =>
  or(
    eq(giftCards.customerId, owner.id),
    owner.email ? eq(sql`lower(${giftCards.ownerEmail})`, owner.email.toLowerCase()) : undefined,
  );

/** Cards newest first, keyset-paged on (created_at, id). */
export async function listGiftCards(
  tx: Tx,
  query: GiftCardQuery,
): Promise<{ data: GiftCard[]; nextCursor: string | null }> {
  const filters: (SQL | undefined)[] = [];
  if (query.status) filters.push(eq(giftCards.status, query.status));
  if (query.kind) filters.push(eq(giftCards.kind, query.kind));
  if (query.owner) filters.push(ownedBy(query.owner));
  const q = query.q?.trim().replace(/^[•\s]+/, '');
  if (q) {
    if (q.includes('@')) filters.push(eq(sql`lower(${giftCards.ownerEmail})`, q.toLowerCase()));
    else if (/^[a-z0-9]{4}$/i.test(q)) filters.push(eq(giftCards.last4, q.toUpperCase()));
    else filters.push(or(eq(giftCards.id, q), eq(giftCards.orderId, q)));
  }
  if (query.cursor) {
    const [at, id] = decodeCursor<[string, string]>(query.cursor, 2);
    const when = new Date(at);
    filters.push(or(lt(giftCards.createdAt, when), and(eq(giftCards.createdAt, when), lt(giftCards.id, id))));
  }
  const rows = await tx
    .select()
    .from(giftCards)
    .where(and(...filters))
    .orderBy(desc(giftCards.createdAt), desc(giftCards.id))
    .limit(query.limit + 1);
  return pageFrom(rows, query.limit, toGiftCard, (r) => encodeCursor([r.createdAt.toISOString(), r.id]));
}

/**
 * The cards a customer owns — given to them by id or sent to their email — with their full codes
 * and ledgers: the owner's own view, the one place besides issue where the code is shown.
 */
export async function ownedGiftCards(
  tx: Tx,
  vault: GiftCardVault,
  owner: { id: string; email: string | null },
): Promise<(GiftCardDetail & { code: string })[]> {
  const rows = await tx
    .select()
    .from(giftCards)
    .where(and(ownedBy(owner), inArray(giftCards.status, ['active', 'disabled', 'expired'])))
    .orderBy(desc(giftCards.createdAt), desc(giftCards.id))
    .limit(200);
  if (rows.length === 0) return [];
  const entries = await tx
    .select()
    .from(giftCardEntries)
    .where(
      inArray(
        giftCardEntries.giftCardId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(giftCardEntries.id));
  return rows.map((r) => ({
    ...toGiftCard(r),
    code: vault.open(r.codeSealed),
    ledger: entries.filter((e) => e.giftCardId === r.id).map(toLedgerEntry),
  }));
}

/** The card a code belongs to, for a check before a sale (the sale's transaction checks again). */
export async function giftCardByCode(
  tx: Tx,
  vault: GiftCardVault,
  code: string,
): Promise<{ id: string; status: GiftCardStatus; balance: number; currency: string; last4: string } | null> {
  const [row] = await tx
    .select()
    .from(giftCards)
    .where(eq(giftCards.codeHash, vault.lookupHash(code)));
  if (!row || !vault.matches(row.codeSealed, code)) return null;
  return { id: row.id, status: row.status, balance: row.balance, currency: row.currency, last4: row.last4 };
}

/** How these cards are shown ("•••• 4821", physical or virtual), by id, in one query. */
export async function giftCardLabels(
  tx: Tx,
  ids: readonly string[],
): Promise<Map<string, { maskedCode: string; kind: GiftCardKind }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: giftCards.id, kind: giftCards.kind, last4: giftCards.last4 })
    .from(giftCards)
    .where(inArray(giftCards.id, [...ids]));
  return new Map(rows.map((r) => [r.id, { maskedCode: maskedCode(r.last4), kind: r.kind }]));
}
