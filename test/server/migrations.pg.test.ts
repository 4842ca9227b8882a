import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/server/platform/db.js';
import { migrate } from '../../src/server/platform/migrate.js';
import { createServerDatabase } from '../helpers/database.js';

const root = path.resolve(import.meta.dirname, '..', '..');

function run(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

// Runs only against a PostgreSQL server (the embedded database is one process by design).
describe('migrations on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createServerDatabase>>;
  beforeAll(async () => {
    db = await createServerDatabase();
  });
  afterAll(() => db.drop());

  it('apply once when two processes migrate at the same moment', async () => {
    const [a, b] = await Promise.all([
      run('src/server/migrate-cli.ts', { DATABASE_URL: db.url }),
      run('src/server/migrate-cli.ts', { DATABASE_URL: db.url }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const outputs = [a.out, b.out].sort();
    expect(outputs[0]).toMatch(/^Applied \d{4}_/);
    expect(outputs[1]).toBe('The database is up to date.\n');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const rows = (await client.query('select tag, count(*)::int as n from tandem_migrations group by tag'))
      .rows;
    await client.end();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  });

  it('are safe to run twice', async () => {
    const database = await openPostgres(db.url);
    try {
      expect((await migrate(database)).applied).toEqual([]);
      expect((await migrate(database)).applied).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('let two servers start at once on one database, with one owner', async () => {
    const env = {
      DATABASE_URL: db.url,
      TANDEM_OWNER_EMAIL: 'owner@example.com',
      TANDEM_OWNER_PASSWORD: 'Correct-Horse-9',
      LOG_LEVEL: 'silent',
    };
    const starts = await Promise.all(
      [0, 1].map(() => run('test/server/start-and-stop.ts', { ...env, PORT: '0' })),
    );
    for (const s of starts) {
      expect(s.code, s.out).toBe(0);
      expect(s.out).toContain('started');
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const owners = (await client.query(`select count(*)::int as n from staff_users where role = 'owner'`))
      .rows[0].n;
    await client.end();
    expect(owners).toBe(1);
  });
});
