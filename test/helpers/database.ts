import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../../src/server/platform/db.js';
import { migrate } from '../../src/server/platform/migrate.js';

/** The server the suite runs against when TEST_DATABASE_URL is set; otherwise the embedded one. */
export const serverUrl = process.env.TEST_DATABASE_URL;

/** Creates an empty database on the test server and answers its URL and how to drop it. */
export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `tandem_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  database: Database;
  /** Set on PostgreSQL: a second process or pool can connect to it. */
  url: string | null;
  close(): Promise<void>;
}

/** A fresh, migrated database for one test file: in-memory PGlite, or a new database on the server. */
export async function openTestDatabase(
  options: { migrate?: boolean; onQuery?: (query: string) => void } = {},
): Promise<TestDatabase> {
  const observe = options.onQuery ? { onQuery: options.onQuery } : {};
  if (serverUrl) {
    const created = await createServerDatabase();
    const database = await openPostgres(created.url, observe);
    if (options.migrate !== false) await migrate(database);
    return {
      database,
      url: created.url,
      close: async () => {
        await database.close();
        await created.drop();
      },
    };
  }
  const database = await openPglite(undefined, observe);
  if (options.migrate !== false) await migrate(database);
  return { database, url: null, close: () => database.close() };
}

/** Every row of every table, as JSON lines: to search a whole database for what must not be in it. */
export async function dumpAllTables(database: Database): Promise<{ tables: number; text: string }> {
  const { rows: tables } = await database.query<{ name: string }>(
    "select table_schema || '.' || table_name as name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'",
  );
  let text = '';
  for (const { name } of tables) {
    const [schema, table] = name.split('.');
    const { rows } = await database.query<{ row: string }>(
      `select row_to_json(t)::text as row from "${schema}"."${table}" t`,
    );
    text += `${rows.map((r) => r.row).join('\n')}\n`;
  }
  return { tables: tables.length, text };
}
