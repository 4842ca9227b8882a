import { type FieldError, invalid, problem, type Reply } from './router.js';

export const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 50;

/** Where a page starts: after the record with this (updatedAt, id). */
interface Position {
  at: number;
  id: string;
}

export interface ListQuery {
  modifiedSince: number | undefined;
  q: string | undefined;
  limit: number;
  after: Position | undefined;
}

interface Dated {
  id: string;
  updatedAt: string;
}

/** ISO 8601 with a zone (Z or an offset); a time without one is ambiguous and refused. */
export function parseInstant(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * Ids compare as numbers when both are digits (so "9" comes before "10"), as text otherwise: any fixed
 * total order works, since a cursor only has to say where the last page stopped.
 */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

const compare = (a: Position, b: Position): number => a.at - b.at || compareIds(a.id, b.id);

/**
 * The cursor names the last record answered and the filters it was answered under, so a cursor cannot
 * silently carry over to another search.
 */
interface CursorContent {
  v: 1;
  at: number;
  id: string;
  since: number | null;
  q: string | null;
}

function encodeCursor(content: CursorContent): string {
  return Buffer.from(JSON.stringify(content)).toString('base64url');
}

function decodeCursor(cursor: string): CursorContent | undefined {
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const content = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorContent;
    const valid =
      content.v === 1 &&
      Number.isSafeInteger(content.at) &&
      typeof content.id === 'string' &&
      (content.since === null || Number.isSafeInteger(content.since)) &&
      (content.q === null || typeof content.q === 'string');
    return valid ? content : undefined;
  } catch {
    return undefined;
  }
}

function invalidCursor(detail: string): Reply {
  return problem(400, 'invalid_cursor', detail);
}

/** Reads modifiedSince, limit, cursor and q; every bad parameter is named in one 400. */
export function parseListQuery(query: URLSearchParams): ListQuery | Reply {
  const errors: FieldError[] = [];
  const known = new Set(['modifiedSince', 'limit', 'cursor', 'q']);
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) continue;
    if (query.getAll(name).length > 1)
      errors.push({ parameter: name, detail: `${name} is given more than once.` });
  }
  let modifiedSince: number | undefined;
  const since = query.get('modifiedSince');
  if (since !== null) {
    modifiedSince = parseInstant(since);
    if (modifiedSince === undefined) {
      errors.push({
        parameter: 'modifiedSince',
        detail: 'modifiedSince must be an ISO 8601 date and time with a zone, such as 2026-01-31T09:00:00Z.',
      });
    }
  }
  let limit = DEFAULT_LIMIT;
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    limit = /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) {
      errors.push({ parameter: 'limit', detail: `limit must be a whole number from 1 to ${MAX_LIMIT}.` });
    }
  }
  const rawQ = query.get('q');
  const q = rawQ === null || rawQ.trim() === '' ? undefined : rawQ.trim();
  if (q !== undefined && q.length > 200)
    errors.push({ parameter: 'q', detail: 'q must be at most 200 characters.' });
  if (errors.length > 0) return invalid('Some parameters are not valid.', errors);

  const cursor = query.get('cursor');
  let after: Position | undefined;
  if (cursor !== null) {
    const content = decodeCursor(cursor);
    if (content === undefined) return invalidCursor('The cursor was not made by this cart.');
    if (content.since !== (modifiedSince ?? null) || content.q !== (q ?? null)) {
      return invalidCursor('Send the same modifiedSince and q with a cursor as with the first page.');
    }
    after = { at: content.at, id: content.id };
  }
  return { modifiedSince, q, limit, after };
}

/**
 * One page in ascending (updatedAt, id), from the position after the cursor. Reading one record more
 * than asked tells whether another page exists, so the last page says `nextCursor: null`.
 */
export function pageOf<T extends Dated>(
  records: readonly T[],
  query: ListQuery,
  matches: (record: T, q: string) => boolean,
): { data: T[]; nextCursor: string | null } {
  const position = (record: T): Position => ({ at: Date.parse(record.updatedAt), id: record.id });
  const found = records
    .filter(
      (record) =>
        (query.modifiedSince === undefined || Date.parse(record.updatedAt) >= query.modifiedSince) &&
        (query.q === undefined || matches(record, query.q.toLowerCase())) &&
        (query.after === undefined || compare(position(record), query.after) > 0),
    )
    .sort((a, b) => compare(position(a), position(b)));
  const data = found.slice(0, query.limit);
  const last = data.at(-1);
  const nextCursor =
    found.length > query.limit && last !== undefined
      ? encodeCursor({
          v: 1,
          ...position(last),
          since: query.modifiedSince ?? null,
          q: query.q ?? null,
        })
      : null;
  return { data, nextCursor };
}

export function contains(q: string, ...fields: (string | null | undefined)[]): boolean {
  return fields.some((field) => field?.toLowerCase().includes(q));
}
