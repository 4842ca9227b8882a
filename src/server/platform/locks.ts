import { sql } from 'drizzle-orm';
import type { Tx } from './db.js';

/** Fixed advisory lock keys: one place, so no two uses collide. */
export const LOCKS = {
  bootstrap: 7_263_771_002,
  /** pg-boss creates its schema and queues at start; two processes doing it at once deadlock. */
  jobsSetup: 7_263_771_003,
} as const;

/** Runs fn in a transaction holding a database-wide lock, so concurrent processes take turns. */
export async function withAdvisoryLock<T>(db: Tx, key: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${key})`);
    return fn(tx);
  });
}
