import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../../test/helpers/database.js';
import { systemActor } from '../../platform/auth.js';
import { openPostgres } from '../../platform/db.js';
import { countStock, moveStock, stockLevelsOf } from './index.js';

describe('the stock ledger', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(() => t.close());

  const move = (itemId: string, quantity: number, allowNegative = false) =>
    t.database.db.transaction((tx) =>
      moveStock(tx, {
        itemId,
        kind: quantity > 0 ? 'receive' : 'sale',
        quantity,
        reason: 'test',
        actor: systemActor,
        allowNegative,
      }),
    );

  it('never sells the last units twice when sales race', async () => {
    await move('itm_race', 5);
    // On PostgreSQL these run on separate connections at once; each sale takes 1.
    const racer = t.url ? await openPostgres(t.url, { max: 12 }) : t.database;
    const sales = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        racer.db.transaction((tx) =>
          moveStock(tx, {
            itemId: 'itm_race',
            kind: 'sale',
            quantity: -1,
            reason: 'sale',
            actor: systemActor,
          }),
        ),
      ),
    );
    if (racer !== t.database) await racer.close();
    expect(sales.filter((s) => s.status === 'fulfilled')).toHaveLength(5);
    const refused = sales.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(refused).toHaveLength(7);
    expect(refused.every((r) => (r.reason as { code?: string }).code === 'insufficient_stock')).toBe(true);
    const levels = await stockLevelsOf(t.database.db, ['itm_race']);
    expect(levels.get('itm_race')!.onHand).toBe(0);
    const sum = await t.database.query<{ s: number }>(
      `select sum(quantity)::int as s from stock_movements where item_id = 'itm_race'`,
    );
    expect(sum.rows[0]!.s).toBe(0);
  });

  it('goes below zero only when the register setting allows it, and the database enforces it', async () => {
    await move('itm_neg', 1);
    await expect(move('itm_neg', -2)).rejects.toMatchObject({ code: 'insufficient_stock' });
    const sold = await move('itm_neg', -2, true);
    expect(sold.onHandAfter).toBe(-1);
    await expect(
      t.database.exec(
        `update stock_levels set on_hand = -5, negative_allowed = false where item_id = 'itm_neg'`,
      ),
    ).rejects.toThrow(/stock_levels_not_negative/);
  });

  it('counts stock by writing the difference', async () => {
    await move('itm_count', 7);
    const counted = await t.database.db.transaction((tx) =>
      countStock(tx, { itemId: 'itm_count', quantity: 4, actor: systemActor }),
    );
    expect(counted).toMatchObject({ kind: 'count', quantity: -3, onHandAfter: 4, reason: 'Stock count' });
  });
});
