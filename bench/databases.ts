import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../src/server/platform/db.js';

export const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Runs `use` with the URL of a fresh database on the PostgreSQL server, dropped after; says so and
 * does nothing when no server is reachable.
 */
export async function withFreshPostgres(use: (url: string) => Promise<void>): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl });
  try {
    await admin.connect();
  } catch {
    console.log(
      `postgres  not reachable at ${pgUrl.replace(/\/\/[^@]*@/, '//')}: skipped (set BENCH_DATABASE_URL)`,
    );
    return;
  }
  const name = `tandem_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    await use(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * Runs `measure` on a fresh embedded database, then on a fresh database on the PostgreSQL server
 * when one is reachable.
 */
export async function onEachDatabase(
  measure: (label: string, database: Database) => Promise<void>,
): Promise<void> {
  const embedded = await openPglite();
  try {
    await measure('embedded', embedded);
  } finally {
    await embedded.close();
  }
  await withFreshPostgres(async (url) => {
    const database = await openPostgres(url);
    try {
      await measure('postgres', database);
    } finally {
      await database.close();
    }
  });
}
