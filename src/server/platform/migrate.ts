import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './db.js';
import { packageRoot } from './package-root.js';

/** Where drizzle-kit writes the SQL migrations. */
export const migrationsDir = path.join(packageRoot, 'migrations');

// Any fixed 64-bit number; every Tandem process migrating one database takes this lock.
const MIGRATION_LOCK = 7_263_771_001;

interface Journal {
  entries: { idx: number; tag: string }[];
}

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies the drizzle-kit migrations not applied yet, all in one transaction under an advisory
 * lock, so two processes starting at once both come up with each migration applied exactly once.
 */
export async function migrate(database: Database, dir = migrationsDir): Promise<MigrationResult> {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as Journal;
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  return database.rawTransaction(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await q.exec(
      `CREATE TABLE IF NOT EXISTS tandem_migrations (
         tag text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const done = new Set(
      (await q.query<{ tag: string }>('SELECT tag FROM tandem_migrations')).rows.map((r) => r.tag),
    );
    const applied: string[] = [];
    for (const entry of entries) {
      if (done.has(entry.tag)) continue;
      const sql = fs.readFileSync(path.join(dir, `${entry.tag}.sql`), 'utf8');
      for (const statement of sql.split('--> statement-breakpoint')) {
        if (statement.trim()) await q.exec(statement);
      }
      await q.query('INSERT INTO tandem_migrations (tag) VALUES ($1)', [entry.tag]);
      applied.push(entry.tag);
    }
    return { applied };
  });
}
