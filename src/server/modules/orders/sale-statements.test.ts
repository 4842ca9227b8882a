import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/auth.js';
import { type Database, openPglite } from '../../platform/db.js';
import { Mailer } from '../../platform/mail.js';
import { migrate } from '../../platform/migrate.js';
import { createItem } from '../catalog/index.js';
import { moveStock } from '../inventory/index.js';
import { type OpenGateway, openGateway } from '../payments/index.js';
import { sellAtRegister } from './sell-at-register.js';

/** The statements one register sale sends to the database: the budget is 20. */
describe('a register sale’s SQL', () => {
  let database: Database;
  let gateway: OpenGateway;
  const statements: string[] = [];
  let counting = false;

  beforeAll(async () => {
    database = await openPglite(undefined, { onQuery: (q) => counting && statements.push(q) });
    await migrate(database);
    gateway = await openGateway({ paymentGateway: 'sandbox', cardpointe: undefined });
  });
  afterAll(async () => {
    await gateway.close();
    await database.close();
  });

  it('3 stocked lines paid by card take at most 20 statements', async () => {
    const { db } = database;
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      const item = await createItem(
        db,
        systemActor,
        {
          kind: 'product',
          sku: `S-${n}`,
          name: `Stocked ${n}`,
          price: 1000 * n,
          cost: 400,
          taxRate: 825,
          trackStock: true,
          active: true,
        },
        'USD',
      );
      await moveStock(db, {
        itemId: item.id,
        kind: 'receive',
        quantity: 10,
        reason: 'In',
        actor: systemActor,
      });
      ids.push(item.id);
    }
    const token = await gateway.gateway.tokenize({ number: '4111111111111111', expiry: '1230' });
    const sale = () =>
      sellAtRegister(
        { db, gateway: gateway.gateway, mailer: new Mailer({ smtpUrl: undefined, from: 'shop@localhost' }) },
        {
          lines: ids.map((itemId) => ({ itemId, quantity: 1 })),
          payments: [{ method: 'card', amount: 6496, cardToken: token, expiry: '1230' }],
        },
        systemActor,
      );
    await sale();
    statements.length = 0;
    counting = true;
    const order = await sale();
    counting = false;
    // 10 + 20 + 30, each line taxed 8.25 % and rounded: 10.83 + 21.65 + 32.48.
    expect(order.total).toBe(6496);
    // What the query builder sends, plus BEGIN and COMMIT of the order's one transaction.
    const sent = statements.length + 2;
    expect(sent, statements.map((q) => q.slice(0, 80)).join('\n')).toBeLessThanOrEqual(20);
  });
});
