import { z } from 'zod';
import type { Tx } from './db.js';
import { DomainError } from './errors.js';

export { type ImportReport, importReportSchema } from '../../contracts/common.js';

import type { ImportReport } from '../../contracts/common.js';

export const importBodySchema = z.object({
  csv: z.string().max(20 * 1024 * 1024),
  dryRun: z
    .boolean()
    .default(true)
    .describe('true: only check the file and report; false: import the valid rows'),
});

/** One message for a row from zod's issues, naming the column. */
export function rowMessage(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  columnOf: (field: string) => string,
) {
  return issues.map((i) => `${columnOf(String(i.path[0] ?? ''))}: ${i.message}`).join('; ');
}

export const yesNo = (v: string): boolean | undefined =>
  v === '' ? undefined : /^(y|yes|true|1)$/i.test(v) ? true : /^(n|no|false|0)$/i.test(v) ? false : undefined;

/** Pages through a list function to the end, for exports that respect the current filter. */
export async function allPages<T>(
  list: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    out.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * Imports the valid rows in one transaction: each row is created or, when it matches a record,
 * updated. A row that fails now (someone changed the data since the check) undoes them all.
 */
export async function importRows<R extends { line: number; existingId: string | null }>(
  db: Tx,
  rows: readonly R[],
  report: ImportReport,
  write: {
    create: (tx: Tx, row: R) => Promise<unknown>;
    update: (tx: Tx, row: R, id: string) => Promise<unknown>;
  },
): Promise<ImportReport> {
  if (report.dryRun || rows.length === 0) return report;
  let created = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    for (const row of rows) {
      try {
        if (row.existingId) {
          await write.update(tx, row, row.existingId);
          updated++;
        } else {
          await write.create(tx, row);
          created++;
        }
      } catch (err) {
        if (err instanceof DomainError) {
          throw new DomainError(
            err.kind,
            err.code,
            `Line ${row.line}: ${err.message} Nothing was imported.`,
            {
              errors: err.errors ?? [],
            },
          );
        }
        throw err;
      }
    }
  });
  return { ...report, created, updated };
}
