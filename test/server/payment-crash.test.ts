import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CardPointeEmulator, startCardPointeEmulator } from '../../emulators/cardpointe/server.js';
import type { Payment, PaymentDetail } from '../../src/contracts/payments.js';
import { createCustomer } from '../../src/server/modules/customers/index.js';
import { CardPointeClient } from '../../src/server/modules/payments/cardpointe-client.js';
import { systemActor } from '../../src/server/platform/auth.js';
import { openPglite, openPostgres } from '../../src/server/platform/db.js';
import { migrate } from '../../src/server/platform/migrate.js';
import { startSession } from '../../src/server/platform/sessions.js';
import { customerAccounts } from '../../src/server/tables.js';
import { createServerDatabase, serverUrl } from '../helpers/database.js';
import { freePort } from '../helpers/smtp.js';
import { OWNER } from '../helpers/tandem.js';
import { until } from '../helpers/wait.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Tandem killed (SIGKILL) between charging a card and writing the sale's order, then started
 * again: every card it charged ends given back at the gateway, and the payment says why.
 */
describe('a card charged for a sale whose order was never written', () => {
  let emulator: CardPointeEmulator;
  let dir: string;
  let database: { url: string; drop: () => Promise<void> } | null = null;
  let port: number;
  let child: ChildProcess | null = null;
  let customerCookie: string;

  const base = () => `http://127.0.0.1:${port}`;
  const env = (extra: Record<string, string>) => ({
    ...process.env,
    DATA_DIR: dir,
    DATABASE_URL: database?.url ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    TANDEM_OWNER_EMAIL: OWNER.email,
    TANDEM_OWNER_PASSWORD: OWNER.password,
    TANDEM_SEED: 'none',
    LOG_LEVEL: 'warn',
    PAYMENT_GATEWAY: 'cardpointe',
    CARDPOINTE_URL: emulator.url,
    CARDPOINTE_MERCHANT_ID: emulator.merchantId,
    CARDPOINTE_USERNAME: emulator.username,
    CARDPOINTE_PASSWORD: emulator.password,
    ...extra,
  });

  async function start(extra: Record<string, string> = {}): Promise<void> {
    const started = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: root,
      env: env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let stderr = '';
    started.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Tandem did not start: ${stderr}`)), 60_000);
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Tandem exited with ${code}: ${stderr}`));
      });
      started.stdout!.on('data', (c: Buffer) => {
        if (c.toString().includes('Tandem is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  async function kill(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
    child = null;
  }

  async function stop(): Promise<void> {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
    child = null;
  }

  let staffCookie = '';
  async function api<T = unknown>(method: string, url: string, body?: unknown, cookie = staffCookie) {
    const res = await fetch(`${base()}${url}`, {
      method,
      headers: {
        origin: base(),
        cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as T };
  }

  async function signIn(): Promise<void> {
    const res = await fetch(`${base()}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base() },
      body: JSON.stringify(OWNER),
    });
    expect(res.status).toBe(200);
    staffCookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  const tokenize = (number: string) =>
    new CardPointeClient(
      {
        url: emulator.url,
        merchantId: emulator.merchantId,
        username: emulator.username,
        password: emulator.password,
      },
      'cardpointe',
    ).tokenize({ number, expiry: '1230' });

  beforeAll(async () => {
    emulator = await startCardPointeEmulator({ host: '127.0.0.1', port: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-crash-'));
    port = await freePort();
    database = serverUrl ? await createServerDatabase() : null;
    // A shopper with an online account, written before Tandem owns the database.
    const db = database ? await openPostgres(database.url) : await openPglite(path.join(dir, 'pgdata'));
    try {
      await migrate(db);
      const customer = await createCustomer(
        db.db,
        systemActor,
        { name: 'Nora Shopper', email: 'nora@example.com', addresses: [], marketingConsent: false },
        'shop',
      );
      await db.db
        .insert(customerAccounts)
        .values({ customerId: customer.id, email: 'nora@example.com', passwordHash: 'not-used' });
      customerCookie = `tandem_customer=${await startSession(db.db, 'customer', customer.id)}`;
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    await stop();
    await emulator.close();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives back every charge after a restart, on this database', async () => {
    await start();
    await signIn();
    const item = await api<{ id: string }>('POST', '/api/admin/items', {
      kind: 'product',
      sku: 'CRASH-1',
      name: 'Rose hair oil',
      price: 1000,
      cost: 300,
      taxRate: 0,
      trackStock: false,
    });
    expect(item.status).toBe(201);

    // A sale paid with two cards: the first is charged, the second's answer never comes back
    // before Tandem dies.
    emulator.hang('auth', 120_000, 1, 1);
    const first = await tokenize('4111111111111111');
    const second = await tokenize('5454545454545454');
    const sale = api('POST', '/api/pos/sales', {
      lines: [{ itemId: item.body.id, quantity: 1 }],
      payments: [
        { method: 'card', amount: 600, cardToken: first, expiry: '1230' },
        { method: 'card', amount: 400, cardToken: second, expiry: '1230' },
      ],
    }).catch((err: unknown) => err);
    await until(() => emulator.requests.filter((r) => r.endpoint === 'auth').length === 2, 20_000);

    // On a server database the same happens to sales and checkouts stuck behind a lock on the
    // orders table: their cards are charged, their orders wait.
    let locker: pg.Client | null = null;
    const stuck: Promise<unknown>[] = [];
    if (database) {
      locker = new pg.Client({ connectionString: database.url });
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE orders IN EXCLUSIVE MODE');
      for (let i = 0; i < 3; i++) {
        const token = await tokenize('4111111111111111');
        stuck.push(
          api('POST', '/api/pos/sales', {
            lines: [{ itemId: item.body.id, quantity: 1 }],
            payments: [{ method: 'card', amount: 1000, cardToken: token, expiry: '1230' }],
          }).catch((err: unknown) => err),
        );
      }
      for (let i = 0; i < 2; i++) {
        const token = await tokenize('4111111111111111');
        stuck.push(
          api(
            'POST',
            '/api/store/checkout',
            { lines: [{ itemId: item.body.id, quantity: 1 }], payment: { cardToken: token, expiry: '1230' } },
            customerCookie,
          ).catch((err: unknown) => err),
        );
      }
      await until(async () => {
        const { rows } = await locker!.query(
          "select count(*)::int as n from payments where status in ('captured', 'authorized') and order_id is null",
        );
        return rows[0].n === 6;
      }, 30_000);
    }

    await kill();
    await sale;
    await Promise.all(stuck);
    if (locker) {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    const approved = emulator.transactions().filter((t) => t.type === 'auth' && t.respstat === 'A');
    expect(approved).toHaveLength(database ? 7 : 2);
    expect(approved.every((t) => !t.voided)).toBe(true);

    // Started again, with a short grace: the settling job gives back what no order took.
    await start({ PAYMENT_GRACE_SECONDS: '1' });
    await signIn();
    await until(
      () =>
        emulator
          .transactions()
          .filter((t) => t.type === 'auth' && t.respstat === 'A')
          .every((t) => t.voided),
      60_000,
    );
    const payments = await api<{ data: Payment[] }>('GET', '/api/admin/payments?limit=50');
    expect(payments.status).toBe(200);
    expect(payments.body.data).toHaveLength(database ? 7 : 2);
    for (const p of payments.body.data) {
      expect(p.status).toBe('voided');
      expect(p.orderId).toBeNull();
    }
    // Each is marked as given back for want of an order. The charges Tandem had recorded as
    // approved say so, with the void in their history; the one whose answer was lost was found
    // approved by inquiry and voided.
    expect(payments.body.data.every((p) => p.abandonedAt !== null)).toBe(true);
    const unordered = payments.body.data.filter((p) =>
      /No order was written for this sale/.test(p.note ?? ''),
    );
    expect(unordered).toHaveLength(database ? 6 : 1);
    const detail = await api<PaymentDetail>('GET', `/api/admin/payments/${unordered[0]!.id}`);
    expect(detail.body.operations.map((o) => `${o.kind} ${o.status}`)).toEqual([
      'authorize approved',
      'void approved',
    ]);
    const orders = await api<{ data: unknown[] }>('GET', '/api/admin/orders');
    expect(orders.body.data).toEqual([]);
  }, 240_000);
});
