import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as tables from '../tables.js';

export type Schema = typeof tables;
/** A drizzle handle: the database itself or an open transaction. Use cases take it as `tx`. */
export type Tx = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * A statement built once per database handle and then sent as a named prepared statement: for
 * the few statements (nearly) every request runs, where building the query costs more than
 * running it. `build` makes the query with `sql.placeholder`s and ends with `.prepare(name)`.
 */
export function preparedStatement<Args extends Record<string, unknown>, R>(
  build: (db: Tx) => { execute: (args: Args) => Promise<R> },
): (db: Tx, args: Args) => Promise<R> {
  const byHandle = new WeakMap<Tx, { execute: (args: Args) => Promise<R> }>();
  return (db, args) => {
    let query = byHandle.get(db);
    if (!query) {
      query = build(db);
      byHandle.set(db, query);
    }
    return query.execute(args);
  };
}

export interface RawQuery {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /** Several statements, no parameters; answers the rows of the last one. */
  exec<R = Record<string, unknown>>(sql: string): Promise<{ rows: R[] }>;
}

export interface Database extends RawQuery {
  kind: 'pglite' | 'postgres';
  db: Tx;
  /** Runs fn in one transaction on one connection, with raw SQL. */
  rawTransaction<T>(fn: (q: RawQuery) => Promise<T>): Promise<T>;
  /** Runs fn while holding a database-wide lock, so processes starting together take turns. */
  withSessionLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** Subscribes to NOTIFY on a channel; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** pg answers an array of results for a multi-statement string. */
function lastRows(result: pg.QueryResult | pg.QueryResult[]): { rows: never[] } {
  const last = Array.isArray(result) ? result.at(-1) : result;
  return { rows: (last?.rows ?? []) as never[] };
}

/** Sees every statement sent through the query builder (benchmarks and tests count them). */
export type QueryObserver = (sql: string) => void;

const observing = (onQuery: QueryObserver | undefined) =>
  onQuery ? { logger: { logQuery: (query: string) => onQuery(query) } } : {};

export async function openPostgres(
  url: string,
  opts: { max?: number; onQuery?: QueryObserver } = {},
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  const db = drizzlePg(pool, { schema: tables, ...observing(opts.onQuery) }) as unknown as Tx;
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    db,
    query: async (text, params) => {
      const r = await pool.query(text, params as unknown[] | undefined);
      return { rows: r.rows };
    },
    exec: async (sql) => lastRows(await pool.query(sql)),
    async rawTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (text, params) => ({ rows: (await client.query(text, params as unknown[])).rows }),
          exec: async (sql) => lastRows(await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async withSessionLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => {});
        client.release();
      }
    },
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => {});
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel && msg.payload !== undefined) onPayload(msg.payload);
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}

/** The embedded database: PGlite in `dir`, or in memory when `dir` is undefined (tests). */
export async function openPglite(dir?: string, opts: { onQuery?: QueryObserver } = {}): Promise<Database> {
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const client = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema: tables, ...observing(opts.onQuery) }) as unknown as Tx;
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): RawQuery => ({
    query: async (text, params) => {
      const r = await q.query(text, params as unknown[] | undefined);
      return { rows: r.rows as never[] };
    },
    exec: async (sql) => {
      const results = await q.exec(sql);
      return { rows: (results.at(-1)?.rows ?? []) as never[] };
    },
  });
  return {
    kind: 'pglite',
    db,
    ...wrap(client),
    rawTransaction: (fn) => client.transaction((tx) => fn(wrap(tx))),
    // One process only (the data directory lock): nobody to take turns with.
    withSessionLock: (_key, fn) => fn(),
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return async () => {
        await unsub();
      };
    },
    async close() {
      await client.close();
    },
  };
}

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `Another Tandem process (pid ${pid}) is already using the embedded database in ${dir}. ` +
        'The embedded database allows one process only: stop the other one, choose another DATA_DIR, ' +
        'or set DATABASE_URL to use PostgreSQL.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the exclusive lock on DATA_DIR: the embedded database breaks if two processes open it.
 * A lock left behind by a process that died is taken over.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, 'tandem.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(pid) && isAlive(pid)) throw new DataDirLockedError(dir, pid);
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(dir, Number.NaN);
}
