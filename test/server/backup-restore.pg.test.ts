import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { startTandem, type Tandem } from '../../src/server/start.js';
import { createServerDatabase } from '../helpers/database.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const OWNER = { email: 'owner@example.com', password: 'Correct-Horse-9' };

async function counts(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows[0];
    return {
      orders: await q(
        'select count(*)::int as n, coalesce(sum(total), 0)::bigint::text as total from orders',
      ),
      cards: await q(
        'select count(*)::int as n, coalesce(sum(balance), 0)::bigint::text as balance from gift_cards',
      ),
      stock: await q('select coalesce(sum(quantity), 0)::bigint::text as units from stock_movements'),
    };
  } finally {
    await client.end();
  }
}

// The README's backup and restore, as written: deploy/backup.sh, then pg_restore into an empty
// database, and Tandem started on it with the same gift card key.
describe('backup and restore on PostgreSQL', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('restores every order, stock movement and gift card, and codes are found with the same key', async () => {
    const source = await createServerDatabase();
    cleanups.push(source.drop);
    const key = randomBytes(32).toString('hex');
    const env = {
      TANDEM_SEED: 'demo',
      TANDEM_OWNER_EMAIL: OWNER.email,
      TANDEM_OWNER_PASSWORD: OWNER.password,
      GIFT_CARD_KEY: key,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-backup-')),
    };
    const start = async (url: string): Promise<Tandem> => {
      const tandem = await startTandem(loadConfig({ ...env, DATABASE_URL: url }), {
        announce: () => {},
        logger: false,
      });
      cleanups.push(() => tandem.stop());
      return tandem;
    };

    const first = await start(source.url);
    const base = first.url!;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify(OWNER),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const issued = await fetch(`${base}/api/admin/gift-cards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify({ amount: 2500 }),
    });
    expect(issued.status).toBe(201);
    const { code } = (await issued.json()) as { code: string };
    const before = await counts(source.url);
    expect(before.orders.n).toBeGreaterThan(100);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-dumps-'));
    const backup = await run('sh', [path.join(root, 'deploy', 'backup.sh'), dir], {
      env: { ...process.env, DATABASE_URL: source.url },
    });
    const file = backup.stdout.trim();
    expect(file.startsWith(dir)).toBe(true);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    await first.stop();

    const target = await createServerDatabase();
    cleanups.push(target.drop);
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, file]);
    expect(await counts(target.url)).toEqual(before);

    // Tandem starts on the restored database (its migrations find nothing to do, no second seed),
    // and the card issued before the backup is found by its code.
    const second = await start(target.url);
    const balance = await fetch(`${second.url}/api/store/gift-cards/balance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: second.url! },
      body: JSON.stringify({ code }),
    });
    expect(await balance.json()).toEqual({ balance: 2500, currency: 'USD', status: 'active' });
    expect(await counts(target.url)).toEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
