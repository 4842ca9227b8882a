import { inArray, sql } from 'drizzle-orm';
import { customerCsvColumns } from '../../../contracts/csv-columns.js';
import { type Customer, createCustomerSchema, type NewCustomer } from '../../../contracts/customers.js';
import type { Actor } from '../../platform/auth.js';
import { CsvError, csvRecords, toCsv } from '../../platform/csv.js';
import type { Tx } from '../../platform/db.js';
import { validationFailed } from '../../platform/errors.js';
import { allPages, type ImportReport, importRows, rowMessage, yesNo } from '../../platform/imports.js';
import { listCustomers } from './read-customers.js';
import { createCustomer, updateCustomer } from './save-customer.js';
import { customers } from './schema.js';

const columnOf = (field: string) =>
  ({ marketingConsent: 'marketing_consent', addresses: 'address' })[field] ?? field;

function parseRow(
  line: number,
  r: Record<string, string>,
): { line: number; input: NewCustomer } | { line: number; error: string } {
  const consent = yesNo(r.marketing_consent ?? '');
  if (r.marketing_consent && consent === undefined) {
    return { line, error: `marketing_consent: “${r.marketing_consent}” is not yes or no` };
  }
  const hasAddress = ['address_line1', 'city', 'postal_code', 'country'].some((c) => r[c]);
  const parsed = createCustomerSchema.safeParse({
    name: r.name,
    ...(r.email ? { email: r.email } : {}),
    ...(r.phone ? { phone: r.phone } : {}),
    ...(r.notes ? { notes: r.notes } : {}),
    ...(consent !== undefined ? { marketingConsent: consent } : {}),
    addresses: hasAddress
      ? [
          {
            line1: r.address_line1 ?? '',
            line2: r.address_line2 || null,
            city: r.city ?? '',
            region: r.region || null,
            postalCode: r.postal_code ?? '',
            country: r.country ?? '',
          },
        ]
      : [],
  });
  if (!parsed.success) return { line, error: rowMessage(parsed.error.issues, columnOf) };
  return { line, input: parsed.data };
}

/** Checks a customers CSV, reports bad rows by line, and (unless a dry run) imports the valid ones at once. */
export async function importCustomers(
  db: Tx,
  actor: Actor,
  input: { csv: string; dryRun: boolean },
): Promise<ImportReport> {
  let records: ReturnType<typeof csvRecords>['records'];
  try {
    ({ records } = csvRecords(input.csv, ['name'], customerCsvColumns));
  } catch (err) {
    if (err instanceof CsvError) throw validationFailed([{ path: 'csv', message: err.message }]);
    throw err;
  }
  const parsed = records.map(({ line, record }) => parseRow(line, record));
  const emails = parsed.flatMap((p) => ('input' in p && p.input.email ? [p.input.email.toLowerCase()] : []));
  const known =
    emails.length === 0
      ? []
      : await db
          .select({ id: customers.id, email: customers.email })
          .from(customers)
          .where(inArray(sql`lower(${customers.email})`, emails));
  const existing = new Map(known.map((c) => [c.email!.toLowerCase(), c.id]));
  const seen = new Map<string, number>();
  const errors: ImportReport['errors'] = [];
  const valid: { line: number; input: NewCustomer; existingId: string | null }[] = [];
  for (const p of parsed) {
    if ('error' in p) {
      errors.push({ line: p.line, message: p.error });
      continue;
    }
    const key = p.input.email?.toLowerCase();
    if (key) {
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({ line: p.line, message: `email: ${p.input.email} is also on line ${first}` });
        continue;
      }
      seen.set(key, p.line);
    }
    valid.push({ line: p.line, input: p.input, existingId: key ? (existing.get(key) ?? null) : null });
  }
  const report: ImportReport = {
    dryRun: input.dryRun,
    rows: records.length,
    valid: valid.length,
    created: 0,
    updated: 0,
    errors,
  };
  return importRows(db, valid, report, {
    create: (tx, row) => createCustomer(tx, actor, row.input, 'back_office'),
    update: (tx, row, id) => {
      const { addresses, ...rest } = row.input;
      return updateCustomer(tx, actor, id, addresses.length > 0 ? row.input : rest);
    },
  });
}

export async function exportCustomers(db: Tx, query: { q?: string | undefined }): Promise<string> {
  const all: Customer[] = await allPages((cursor) => listCustomers(db, { ...query, limit: 200, cursor }));
  return toCsv(
    customerCsvColumns,
    all.map((c) => {
      const a = c.addresses[0];
      return [
        c.name,
        c.email ?? '',
        c.phone ?? '',
        c.marketingConsent ? 'yes' : 'no',
        c.notes ?? '',
        a?.line1 ?? '',
        a?.line2 ?? '',
        a?.city ?? '',
        a?.region ?? '',
        a?.postalCode ?? '',
        a?.country ?? '',
      ];
    }),
  );
}
