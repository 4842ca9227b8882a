import { type SQL, sql } from 'drizzle-orm';
import { brandName } from '../../../contracts/card-brand.js';
import type { Tx } from '../../platform/db.js';
import { payments } from './schema.js';

/**
 * Amounts on card payments added up by card brand ("Visa", "Mastercard"…), in one grouped query:
 * `amounts` is a query of (payment id, amount) rows, such as the card tenders of a period.
 */
export async function totalsByCardBrand(
  tx: Tx,
  amounts: SQL,
): Promise<{ brand: string; count: number; amount: number }[]> {
  const result = (await tx.execute(sql`
    select p.brand as brand, count(*) as n, coalesce(sum(x.amount), 0) as amount
      from (${amounts}) as x(payment_id, amount)
      join ${payments} p on p.id = x.payment_id
     group by p.brand`)) as unknown as {
    rows: { brand: string | null; n: string | number; amount: string | number }[];
  };
  const byName = new Map<string, { brand: string; count: number; amount: number }>();
  for (const r of result.rows) {
    const brand = brandName(r.brand);
    const row = byName.get(brand) ?? { brand, count: 0, amount: 0 };
    row.count += Number(r.n);
    row.amount += Number(r.amount);
    byName.set(brand, row);
  }
  return [...byName.values()];
}
