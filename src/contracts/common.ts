import { z } from 'zod';

/**
 * The most one amount in a request may be: 1,000,000.00 in minor units. Money is kept in int4
 * columns (at most 2,147,483,647), and a sale takes at most ten tenders, so what a request can pay
 * for stays within them.
 */
export const MAX_AMOUNT = 100_000_000;

/** An amount a request sends, in minor units: whole, from `min` (0 unless said) up to MAX_AMOUNT. */
export const amountField = (what: string, min = 0) =>
  z
    .number()
    .int('must be a whole number of minor units')
    .min(min, min === 0 ? 'must not be negative' : `must be at least ${min}`)
    .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`)
    .describe(`${what}, in minor units`);

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, as every API error is sent. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

/** What a CSV import found, and did unless it was a dry run. */
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
export type ImportReport = z.infer<typeof importReportSchema>;
