import { sql } from 'drizzle-orm';
import type { GiftCardLiability } from '../../../contracts/giftcards.js';
import type { Tx } from '../../platform/db.js';
import { giftCardEntries, giftCards } from './schema.js';

/**
 * What the store owes on its gift cards, by month of issue: what was put on the cards (issued and
 * reloaded), what came off them (redeemed, net of refunds back onto them), adjustments (including
 * voids and expiries), and what is still outstanding — which is the ledger's sum, so every row
 * adds up: issued + reloaded − redeemed + adjusted = outstanding.
 */
export async function giftCardLiability(tx: Tx, timeZone = 'UTC'): Promise<GiftCardLiability> {
  const month = sql<string>`to_char(${giftCards.createdAt} at time zone ${timeZone}, 'YYYY-MM')`;
  const total = (kinds: string[]) =>
    sql<string>`coalesce(sum(${giftCardEntries.amount}) filter (where ${giftCardEntries.kind} in (${sql.join(
      kinds.map((k) => sql`${k}`),
      sql`, `,
    )})), 0)`;
  const rows = await tx
    .select({
      month,
      cards: sql<string>`count(distinct ${giftCards.id})`,
      issued: total(['issue', 'import']),
      reloaded: total(['reload']),
      redeemed: total(['redeem', 'refund']),
      adjusted: total(['adjust', 'void', 'expire']),
      outstanding: sql<string>`coalesce(sum(${giftCardEntries.amount}), 0)`,
    })
    .from(giftCards)
    .innerJoin(giftCardEntries, sql`${giftCardEntries.giftCardId} = ${giftCards.id}`)
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  const months = rows.map((r) => ({
    month: r.month,
    cards: Number(r.cards),
    issued: Number(r.issued),
    reloaded: Number(r.reloaded),
    redeemed: -Number(r.redeemed),
    adjusted: Number(r.adjusted),
    outstanding: Number(r.outstanding),
  }));
  const sum = (k: Exclude<keyof (typeof months)[number], 'month'>) => months.reduce((s, m) => s + m[k], 0);
  return {
    timeZone,
    months,
    total: {
      cards: sum('cards'),
      issued: sum('issued'),
      reloaded: sum('reloaded'),
      redeemed: sum('redeemed'),
      adjusted: sum('adjusted'),
      outstanding: sum('outstanding'),
    },
  };
}
