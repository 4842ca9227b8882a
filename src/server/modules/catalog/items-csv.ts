import { sql } from 'drizzle-orm';
import {
  type CreateItemInput,
  createItemSchema,
  type Item,
  type UpdateItemInput,
} from '../../../contracts/catalog.js';
import { itemCsvColumns } from '../../../contracts/csv-columns.js';
import type { Actor } from '../../platform/auth.js';
import { CsvError, csvRecords, toCsv } from '../../platform/csv.js';
import type { Tx } from '../../platform/db.js';
import { validationFailed } from '../../platform/errors.js';
import { allPages, type ImportReport, importRows, rowMessage, yesNo } from '../../platform/imports.js';
import { formatMajorUnits, parseMajorUnits } from '../../platform/money.js';
import { kindProblems } from './catalog.js';
import { type ItemQuery, listItems } from './read-items.js';
import { createItem, updateItem } from './save-item.js';
import { items } from './schema.js';

const columnOf: Record<string, string> = {
  taxRate: 'tax_rate',
  trackStock: 'track_stock',
  initialStock: 'stock',
  lowStockThreshold: 'low_stock_threshold',
  discountPercent: 'discount_percent',
  discountAppliesTo: 'discount_applies_to',
};

/** Percent with up to two decimals → basis points ("8.25" → 825). */
function basisPoints(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
}

/** Basis points → percent with two decimals (825 → "8.25"). */
const percentOf = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;

const wholeNumber = (text: string): number | undefined => (/^\d{1,9}$/.test(text) ? Number(text) : undefined);

type Parsed =
  | { line: number; input: CreateItemInput; columns: Set<string> }
  | { line: number; error: string };

const fieldColumn = (field: string) => columnOf[field] ?? field;

function parseRow(line: number, r: Record<string, string>, currency: string): Parsed {
  const problems: string[] = [];
  const money = (column: string) => {
    if (!r[column]) return undefined;
    const v = parseMajorUnits(r[column]!, currency);
    if (v === null) problems.push(`${column}: “${r[column]}” is not an amount such as 18.50`);
    return v ?? undefined;
  };
  const number = (column: string, parse: (t: string) => number | undefined, what: string) => {
    if (!r[column]) return undefined;
    const v = parse(r[column]!);
    if (v === undefined) problems.push(`${column}: “${r[column]}” is not ${what}`);
    return v;
  };
  const flag = (column: string) => {
    const v = yesNo(r[column] ?? '');
    if (r[column] && v === undefined) problems.push(`${column}: “${r[column]}” is not yes or no`);
    return v;
  };
  const kind = (r.kind || 'product').toLowerCase();
  if (kind === 'package') {
    return {
      line,
      error: 'kind: packages are set up in the back office (their contents cannot be imported)',
    };
  }
  const candidate = {
    kind,
    sku: r.sku,
    name: r.name,
    price: money('price'),
    cost: money('cost'),
    taxRate: number('tax_rate', basisPoints, 'a percentage such as 8.25'),
    trackStock: flag('track_stock'),
    initialStock: number('stock', wholeNumber, 'a whole number'),
    lowStockThreshold: number('low_stock_threshold', wholeNumber, 'a whole number'),
    barcode: r.barcode || undefined,
    category: r.category || undefined,
    interval: r.interval ? r.interval.toLowerCase() : undefined,
    discountPercent: number('discount_percent', wholeNumber, 'a whole percentage'),
    discountAppliesTo: r.discount_applies_to ? r.discount_applies_to.toLowerCase() : undefined,
    active: flag('active'),
    description: r.description || undefined,
  };
  if (problems.length > 0) return { line, error: problems.join('; ') };
  const parsed = createItemSchema.safeParse(
    Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) return { line, error: rowMessage(parsed.error.issues, fieldColumn) };
  const input = parsed.data;
  const kindIssues = kindProblems(input.kind, {
    trackStock: input.trackStock,
    includes: [],
    discountPercent: input.discountPercent ?? null,
    discountAppliesTo: input.discountAppliesTo ?? null,
    durationDays: null,
    interval: input.interval ?? null,
  });
  if (kindIssues.length > 0)
    return {
      line,
      error: rowMessage(
        kindIssues.map((k) => ({ path: [k.path], message: k.message })),
        fieldColumn,
      ),
    };
  return { line, input, columns: new Set(Object.keys(r)) };
}

/** What a row changes on an item that exists: only the columns the file has; stock and SKU stay. */
function changeFrom(input: CreateItemInput, columns: Set<string>): UpdateItemInput {
  const { kind: _kind, sku: _sku, initialStock: _stock, ...fields } = input;
  return Object.fromEntries(
    Object.entries(fields).filter(([field]) => columns.has(fieldColumn(field))),
  ) as UpdateItemInput;
}

/**
 * Checks an items CSV and reports every bad row by line; unless it is a dry run, imports the
 * valid rows in one transaction: new SKUs are created, known SKUs updated (their stock stays).
 */
export async function importItems(
  db: Tx,
  actor: Actor,
  input: { csv: string; dryRun: boolean },
  currency: string,
): Promise<ImportReport> {
  let records: ReturnType<typeof csvRecords>['records'];
  try {
    ({ records } = csvRecords(input.csv, ['sku', 'name', 'price'], itemCsvColumns));
  } catch (err) {
    if (err instanceof CsvError) throw validationFailed([{ path: 'csv', message: err.message }]);
    throw err;
  }
  const parsed = records.map(({ line, record }) => parseRow(line, record, currency));
  const existing = new Map(
    (
      await db
        .select({ id: items.id, sku: items.sku, kind: items.kind })
        .from(items)
        .where(
          sql`lower(${items.sku}) in ${parsed.flatMap((p) => ('input' in p ? [p.input.sku.toLowerCase()] : ['']))}`,
        )
    ).map((r) => [r.sku.toLowerCase(), r]),
  );
  const seen = new Map<string, number>();
  const errors: ImportReport['errors'] = [];
  const valid: { line: number; input: CreateItemInput; columns: Set<string>; existingId: string | null }[] =
    [];
  for (const p of parsed) {
    if ('error' in p) {
      errors.push({ line: p.line, message: p.error });
      continue;
    }
    const key = p.input.sku.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line: p.line, message: `sku: ${p.input.sku} is also on line ${first}` });
      continue;
    }
    seen.set(key, p.line);
    const match = existing.get(key);
    if (match && match.kind !== p.input.kind) {
      errors.push({
        line: p.line,
        message: `kind: ${p.input.sku} is a ${match.kind} already, not a ${p.input.kind}`,
      });
      continue;
    }
    valid.push({ line: p.line, input: p.input, columns: p.columns, existingId: match?.id ?? null });
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
    create: (tx, row) => createItem(tx, actor, row.input, currency),
    update: (tx, row, id) => updateItem(tx, actor, id, changeFrom(row.input, row.columns)),
  });
}

/** The items the list shows with this filter, as CSV, in the columns the import reads. */
export async function exportItems(db: Tx, query: Omit<ItemQuery, 'limit' | 'cursor'>): Promise<string> {
  const all: Item[] = await allPages((cursor) => listItems(db, { ...query, limit: 200, cursor }));
  return toCsv(
    itemCsvColumns,
    all.map((i) => [
      i.kind,
      i.sku,
      i.name,
      formatMajorUnits(i.price, i.currency),
      formatMajorUnits(i.cost, i.currency),
      percentOf(i.taxRate),
      i.trackStock ? 'yes' : 'no',
      i.stock === null ? '' : String(i.stock),
      i.lowStockThreshold === null ? '' : String(i.lowStockThreshold),
      i.barcode ?? '',
      i.category ?? '',
      i.interval ?? '',
      i.discountPercent === null ? '' : String(i.discountPercent),
      i.discountAppliesTo ?? '',
      i.active ? 'yes' : 'no',
      i.description ?? '',
    ]),
  );
}
