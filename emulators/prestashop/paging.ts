import { firstValue, valuesOf } from './i18n.js';
import type { PsError } from './output.js';
import type { Resource } from './resources.js';
import type { Row } from './seed.js';

export interface ListQuery {
  display: readonly string[] | 'full' | undefined;
  filters: { field: string; test: (value: string) => boolean }[];
  sort: { field: string; descending: boolean }[];
  limit: { offset: number; count: number } | undefined;
}

const DATE_FIELDS = new Set(['date_add', 'date_upd']);

function bad(code: number, message: string): PsError {
  return { status: 400, code, message };
}

/** MySQL compares a number column numerically and a date column against a date-only bound as midnight. */
function compare(value: string, bound: string, field: string): number {
  if (DATE_FIELDS.has(field)) {
    const full = /^\d{4}-\d{2}-\d{2}$/.test(bound) ? `${bound} 00:00:00` : bound;
    return value < full ? -1 : value > full ? 1 : 0;
  }
  const left = Number(value);
  const right = Number(bound);
  if (value.trim() !== '' && bound.trim() !== '' && Number.isFinite(left) && Number.isFinite(right)) {
    return left - right;
  }
  const a = value.toLowerCase();
  const b = bound.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

function like(value: string, pattern: RegExp): boolean {
  return pattern.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The value grammar of SQLUtils::getSQLRetrieveFilter. */
function filterTest(field: string, raw: string): (value: string) => boolean {
  let match = /^\[([^\]]*)\]%$/.exec(raw);
  if (match) {
    const re = new RegExp(`^${escapeRegExp(match[1] ?? '')}`, 'i');
    return (value) => like(value, re);
  }
  match = /^%\[([^\]]*)\]$/.exec(raw);
  if (match) {
    const re = new RegExp(`${escapeRegExp(match[1] ?? '')}$`, 'i');
    return (value) => like(value, re);
  }
  match = /^%\[([^\]]*)\]%$/.exec(raw);
  if (match) {
    const re = new RegExp(escapeRegExp(match[1] ?? ''), 'i');
    return (value) => like(value, re);
  }
  match = /^>\[([^\]]*)\]$/.exec(raw);
  if (match) {
    const bound = match[1] ?? '';
    return (value) => compare(value, bound, field) > 0;
  }
  match = /^<\[([^\]]*)\]$/.exec(raw);
  if (match) {
    const bound = match[1] ?? '';
    return (value) => compare(value, bound, field) < 0;
  }
  match = /^(!?)\[([^\]]*)\]$/.exec(raw);
  if (match) {
    const negate = match[1] === '!';
    const inner = match[2] ?? '';
    const range = /^([\d.:\- ]+),([\d.:\- ]+)$/.exec(inner);
    if (range && !negate) {
      const low = range[1] ?? '';
      const high = range[2] ?? '';
      return (value) => compare(value, low, field) >= 0 && compare(value, high, field) <= 0;
    }
    const options = inner.split('|');
    return (value) => options.some((option) => compare(value, option, field) === 0) !== negate;
  }
  return (value) => compare(value, raw, field) === 0;
}

function bracketList(raw: string): string[] | undefined {
  const match = /^\[([^\]]*)\]$/.exec(raw);
  const inner = match ? (match[1] ?? '') : raw;
  const parts = inner.split(',').map((part) => part.trim());
  return parts.some((part) => part === '') ? undefined : parts;
}

/** Reads display, filter[…], sort and limit with the error codes WebserviceRequest gives. */
export function parseListQuery(query: URLSearchParams, resource: Resource): ListQuery | PsError {
  const dates = query.get('date') === '1';
  const usable = (field: string): boolean =>
    resource.fields.includes(field) && (dates || !DATE_FIELDS.has(field));
  let display: ListQuery['display'];
  const rawDisplay = query.get('display');
  if (rawDisplay === 'full') display = 'full';
  else if (rawDisplay !== null) {
    const fields = bracketList(rawDisplay);
    if (fields === undefined)
      return bad(35, 'The "display" syntax is incorrect. You can only use "full" or specify fields.');
    for (const field of fields) {
      if (!resource.fields.includes(field)) {
        return bad(
          35,
          `Unable to display this field "${field}". However, these are available: ${resource.fields.join(', ')}`,
        );
      }
    }
    display = fields;
  }
  const filters: ListQuery['filters'] = [];
  for (const [name, value] of query) {
    const match = /^filter\[([^\]]+)\]$/.exec(name);
    if (!match) continue;
    const field = match[1] ?? '';
    if (!usable(field)) {
      return bad(
        32,
        `This filter does not exist. Did you mean: "${resource.fields.filter((f) => !DATE_FIELDS.has(f) || dates).join('", "')}"?`,
      );
    }
    if (value === '') return bad(33, `The filter "${field}" is malformed.`);
    filters.push({ field, test: filterTest(field, value) });
  }
  const sort: ListQuery['sort'] = [];
  const rawSort = query.get('sort');
  if (rawSort !== null) {
    const parts = bracketList(rawSort);
    if (parts === undefined)
      return bad(
        37,
        'The "sort" value has to be formed as this example: "field_ASC" or \'[field_1_DESC,field_2_ASC,field_3_ASC,...]\' ("field" has to be an available field)',
      );
    for (const part of parts) {
      const match = /^(\w+)_(ASC|DESC)$/i.exec(part);
      if (!match) {
        return bad(
          37,
          'The "sort" value has to be formed as this example: "field_ASC" or \'[field_1_DESC,field_2_ASC,field_3_ASC,...]\' ("field" has to be an available field)',
        );
      }
      const field = match[1] ?? '';
      if (!usable(field)) return bad(38, `Unable to sort by this field "${field}"`);
      sort.push({ field, descending: (match[2] ?? '').toUpperCase() === 'DESC' });
    }
  }
  let limit: ListQuery['limit'];
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    const match = /^(?:(\d+),)?(\d+)$/.exec(rawLimit.replaceAll(' ', ''));
    if (!match) return bad(39, 'The "limit" value has to be formed as this example: "5,25" or "10"');
    limit = { offset: Number(match[1] ?? 0), count: Number(match[2]) };
  }
  return { display, filters, sort, limit };
}

export function applyListQuery(rows: Row[], list: ListQuery): Row[] {
  // A multilingual field matches when any of its languages does, as PrestaShop's join on the _lang table.
  const kept = rows.filter((row) => list.filters.every(({ field, test }) => valuesOf(row, field).some(test)));
  const order = list.sort.length > 0 ? list.sort : [{ field: 'id', descending: false }];
  kept.sort((a, b) => {
    for (const { field, descending } of order) {
      const difference = compare(firstValue(a, field), firstValue(b, field), field);
      if (difference !== 0) return descending ? -difference : difference;
    }
    return 0;
  });
  if (list.limit === undefined) return kept;
  return kept.slice(list.limit.offset, list.limit.offset + list.limit.count);
}
