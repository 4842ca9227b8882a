import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/helpers/database.js';
import { until } from '../../../test/helpers/wait.js';
import { Jobs } from './jobs.js';

describe('background jobs (pg-boss on this database)', () => {
  let t: TestDatabase;
  let jobs: Jobs;
  const runs: { name: string; at: number; data: object }[] = [];
  let flakyCalls = 0;

  beforeAll(async () => {
    t = await openTestDatabase();
    jobs = new Jobs(t.database, { work: true, onError: () => {} });
    jobs.define({
      name: 'test.echo',
      pollingIntervalSeconds: 0.5,
      handler: async (data) => {
        runs.push({ name: 'echo', at: Date.now(), data });
      },
    });
    jobs.define({
      name: 'test.flaky',
      pollingIntervalSeconds: 0.5,
      retryLimit: 3,
      retryDelay: 1,
      retryBackoff: true,
      handler: async () => {
        flakyCalls++;
        runs.push({ name: 'flaky', at: Date.now(), data: {} });
        if (flakyCalls < 3) throw new Error(`attempt ${flakyCalls} fails`);
      },
    });
    jobs.define({ name: 'test.nightly', cron: '0 3 * * *', handler: async () => {} });
    await jobs.start();
  });
  afterAll(async () => {
    await jobs.stop();
    await t.close();
  });

  it('runs a job that was sent', async () => {
    await jobs.send('test.echo', { hello: 'world' });
    await until(() => runs.some((r) => r.name === 'echo'));
    expect(runs.find((r) => r.name === 'echo')!.data).toEqual({ hello: 'world' });
  });

  it('holds a delayed job until its time', async () => {
    const sentAt = Date.now();
    await jobs.send('test.echo', { delayed: true }, { startAfter: 2 });
    await until(() => runs.some((r) => (r.data as { delayed?: boolean }).delayed));
    const ran = runs.find((r) => (r.data as { delayed?: boolean }).delayed)!;
    expect(ran.at - sentAt).toBeGreaterThanOrEqual(1900);
  });

  it('retries a failing job with growing delays until it succeeds', async () => {
    const id = await jobs.send('test.flaky');
    await until(() => flakyCalls >= 3, 30_000);
    const attempts = runs.filter((r) => r.name === 'flaky').map((r) => r.at);
    expect(attempts).toHaveLength(3);
    const firstGap = attempts[1]! - attempts[0]!;
    const secondGap = attempts[2]! - attempts[1]!;
    expect(firstGap).toBeGreaterThanOrEqual(900);
    expect(secondGap).toBeGreaterThan(firstGap);
    const job = await jobs.job('test.flaky', id!);
    expect(job?.retryCount).toBe(2);
  });

  it('registers cron schedules', async () => {
    const schedules = await jobs.schedules();
    expect(schedules.find((s) => s.name === 'test.nightly')).toMatchObject({
      cron: '0 3 * * *',
      timezone: 'UTC',
    });
  });
});
