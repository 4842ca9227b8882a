import { z } from 'zod';

/** What an import found, and did unless it was a dry run. */
export interface ImportReport {
  dryRun: boolean;
  rows: number;
  valid: number;
  created: number;
  updated: number;
  errors: { line: number; message: string }[];
}

export const importReportSchema = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    valid: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
  })
  .meta({ id: 'ImportReport' });

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
