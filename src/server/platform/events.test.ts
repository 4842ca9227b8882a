import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { type DomainEvent, EventHub, publishEvent, transactionThenPublish } from './events.js';

describe('domain events', () => {
  let t: TestDatabase;
  const hub = new EventHub();
  const heard: DomainEvent[] = [];

  beforeAll(async () => {
    t = await openTestDatabase();
    await hub.start(t.database);
    hub.subscribe((e) => heard.push(e));
  });
  afterAll(async () => {
    await hub.stop();
    await t.close();
  });

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('are heard once their transaction commits, in order, whichever way they are sent', async () => {
    const { db } = t.database;
    await db.transaction((tx) => publishEvent(tx, 'test.with_commit', { n: 1 }));
    await transactionThenPublish(db, async (tx) => {
      await publishEvent(tx, 'test.after_commit', { n: 2 });
      await publishEvent(tx, 'test.after_commit', { n: 3 });
      // Not yet: the transaction is still open.
      await new Promise((r) => setTimeout(r, 100));
      expect(heard.filter((e) => e.type === 'test.after_commit')).toEqual([]);
    });
    await until(() => heard.length >= 3);
    expect(heard.map((e) => [e.type, e.data.n])).toEqual([
      ['test.with_commit', 1],
      ['test.after_commit', 2],
      ['test.after_commit', 3],
    ]);
  });

  it('are never heard of a transaction that rolled back', async () => {
    const { db } = t.database;
    heard.length = 0;
    await expect(
      transactionThenPublish(db, async (tx) => {
        await publishEvent(tx, 'test.rolled_back', {});
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    await db.transaction((tx) => publishEvent(tx, 'test.marker', {}));
    await until(() => heard.length >= 1);
    expect(heard.map((e) => e.type)).toEqual(['test.marker']);
  });
});
