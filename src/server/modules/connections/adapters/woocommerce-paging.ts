import { type BadRecord, CartError, type CartPage, type PageQuery } from '../cart.js';
import type { WooAnswer, WooClient } from './woocommerce-http.js';
import { isObject, modifiedKey, recordId } from './woocommerce-records.js';

/**
 * Paging through WooCommerce lists. A plain list goes by page number (the token is the next page's
 * number) in ascending id, so records added meanwhile land at the end rather than shifting pages.
 *
 * Changes since a time go by keyset instead: `modified_after` (exclusive, whole seconds, GMT with
 * dates_are_gmt) one second before the last modification seen, `orderby=modified&order=asc` (which
 * WordPress breaks ties by ID), and the records of that second already seen dropped. A record changed
 * during the run moves to the end of the list instead of shifting a page boundary, so none is skipped;
 * page numbers only serve within one second holding more records than a page. Customers have neither
 * `modified_after` nor `orderby=modified` (WP_User_Query): their changes are found by reading every
 * customer's id and dates, then reading the changed ones by id, sorted here.
 */

export const MAX_PAGE_SIZE = 100;
/** Pages of customer ids read twice over this many records, so a deletion meanwhile skips nobody. */
const SCAN_OVERLAP = 5;
/** Pages in a row with nothing new (a second crowded with records seen already) before answering empty. */
const MAX_ROUNDS = 20;

export interface Listing<T> {
  path: 'orders' | 'products' | 'customers';
  /** For messages: "the order list". */
  what: string;
  read: (raw: unknown) => T | BadRecord;
}

/**
 * Where a keyset read goes on: at this page of the query for records modified at `sec` or later,
 * past the records of that second in `seen` (for customers, sorted here: past the one id in `seen`).
 */
interface Resume {
  sec: number;
  page: number;
  seen: number[];
}

export function pageSizeOf(query: PageQuery): number {
  const size = Math.trunc(query.pageSize ?? MAX_PAGE_SIZE);
  return Number.isFinite(size) ? Math.min(Math.max(size, 1), MAX_PAGE_SIZE) : MAX_PAGE_SIZE;
}

const badToken = (token: string) =>
  new CartError('rejected', `"${token.slice(0, 40)}" is not a page token of this WooCommerce connection.`);

function pageNumberOf(token: string | null | undefined): number {
  if (token === null || token === undefined || token === '') return 1;
  if (!/^[1-9]\d{0,5}$/.test(token)) throw badToken(token);
  return Number(token);
}

function resumeOf(token: string): Resume {
  const m = /^after:(\d{1,12}):([1-9]\d{0,5}):((?:\d{1,15}(?:\.\d{1,15}){0,199})?)$/.exec(token);
  if (!m) throw badToken(token);
  return {
    sec: Number(m[1]),
    page: Number(m[2]),
    seen: m[3] === '' ? [] : (m[3] ?? '').split('.').map(Number),
  };
}

const tokenOf = (at: Resume): string => `after:${at.sec}:${at.page}:${at.seen.join('.')}`;

/** A second as WooCommerce takes dates: ISO 8601 without offset (GMT with dates_are_gmt=true). */
const gmt = (sec: number): string => new Date(sec * 1000).toISOString().slice(0, 19);

function listOf(client: WooClient, answer: WooAnswer, what: string): unknown[] {
  if (Array.isArray(answer.body)) return answer.body;
  throw new CartError('not_a_cart', `${client.host} answered ${what} with something other than a list.`);
}

function searchOf(query: PageQuery): Record<string, string> {
  const search = query.search?.trim();
  return search ? { search: search.slice(0, 200) } : {};
}

function moreAfter(answer: WooAnswer, page: number, rows: number, size: number): boolean {
  return answer.totalPages !== undefined ? page < answer.totalPages : rows === size;
}

/** Every record, in ascending id, by page number. */
export async function listPage<T>(
  client: WooClient,
  listing: Listing<T>,
  query: PageQuery,
): Promise<CartPage<T>> {
  const size = pageSizeOf(query);
  const page = pageNumberOf(query.page);
  const answer = await client.call({
    path: listing.path,
    what: listing.what,
    query: { per_page: String(size), page: String(page), orderby: 'id', order: 'asc', ...searchOf(query) },
  });
  const rows = listOf(client, answer, listing.what);
  return {
    records: rows.map(listing.read),
    next: moreAfter(answer, page, rows.length, size) ? String(page + 1) : null,
    total: answer.total,
  };
}

/** Where the next keyset read starts after `rows` (in WooCommerce's order) were read at `at`. */
function following(at: Resume, rows: unknown[]): Resume {
  const keys = rows.map(modifiedKey).filter((key) => key !== undefined);
  const last = keys.at(-1);
  if (last === undefined || last.sec <= at.sec) return { ...at, page: at.page + 1 };
  return { sec: last.sec, page: 1, seen: keys.filter((key) => key.sec === last.sec).map((key) => key.id) };
}

/** Where a changes read starts: the second of `since` on the first page, the token's place after. */
function resumeFrom(since: Date, query: PageQuery): { first: boolean; at: Resume } {
  const first = query.page === null || query.page === undefined || query.page === '';
  return {
    first,
    at: first
      ? { sec: Math.floor(since.getTime() / 1000), page: 1, seen: [] }
      : resumeOf(query.page as string),
  };
}

/** Orders or products modified at or after `since`, in ascending modification time. */
export async function changedPage<T>(
  client: WooClient,
  listing: Listing<T>,
  since: Date,
  query: PageQuery,
): Promise<CartPage<T>> {
  const size = pageSizeOf(query);
  const { first, at: start } = resumeFrom(since, query);
  let at = start;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const answer = await client.call({
      path: listing.path,
      what: listing.what,
      query: {
        per_page: String(size),
        page: String(at.page),
        orderby: 'modified',
        order: 'asc',
        modified_after: gmt(at.sec - 1),
        dates_are_gmt: 'true',
        ...searchOf(query),
      },
    });
    const rows = listOf(client, answer, listing.what);
    const seen = new Set(at.seen);
    // A record whose key cannot be read is kept: reading it makes the BadRecord that reports it.
    const fresh = rows.filter((raw) => {
      const key = modifiedKey(raw);
      return key === undefined || key.sec > at.sec || (key.sec === at.sec && !seen.has(key.id));
    });
    const next = moreAfter(answer, at.page, rows.length, size) ? following(at, rows) : null;
    if (fresh.length > 0 || next === null) {
      return {
        records: fresh.map(listing.read),
        next: next === null ? null : tokenOf(next),
        total: first && round === 0 ? answer.total : undefined,
      };
    }
    at = next;
  }
  return { records: [], next: tokenOf(at), total: undefined };
}

/** Customers modified at or after `since`: every customer's dates are read, the changed ones by id. */
export async function changedCustomers<T>(
  client: WooClient,
  listing: Listing<T>,
  since: Date,
  query: PageQuery,
): Promise<CartPage<T>> {
  const size = pageSizeOf(query);
  const { first, at } = resumeFrom(since, query);
  const stamps = new Map<number, number>();
  for (let offset = 0; ; offset += MAX_PAGE_SIZE - SCAN_OVERLAP) {
    const answer = await client.call({
      path: 'customers',
      what: listing.what,
      query: {
        per_page: String(MAX_PAGE_SIZE),
        offset: String(offset),
        orderby: 'id',
        order: 'asc',
        _fields: 'id,date_created_gmt,date_modified_gmt',
        ...searchOf(query),
      },
    });
    const rows = listOf(client, answer, listing.what);
    for (const raw of rows) {
      const id = isObject(raw) ? recordId(raw.id) : undefined;
      // Unreadable dates count as changed, so that reading the customer reports it.
      if (id !== undefined) stamps.set(id, modifiedKey(raw)?.sec ?? at.sec);
    }
    if (rows.length < MAX_PAGE_SIZE) break;
  }
  // Sorted here by (second, id), so the last id read at a second says which of its records were read.
  const lastId = at.seen[0] ?? 0;
  const changed = [...stamps]
    .map(([id, sec]) => ({ id, sec }))
    .filter((stamp) => stamp.sec > at.sec || (stamp.sec === at.sec && stamp.id > lastId))
    .sort((a, b) => a.sec - b.sec || a.id - b.id);
  const chosen = changed.slice(0, size);
  const records: (T | BadRecord)[] = [];
  if (chosen.length > 0) {
    const answer = await client.call({
      path: 'customers',
      what: listing.what,
      query: {
        include: chosen.map((stamp) => stamp.id).join(','),
        per_page: String(size),
        orderby: 'include',
      },
    });
    const byId = new Map(
      listOf(client, answer, listing.what).map((raw) => [isObject(raw) ? recordId(raw.id) : undefined, raw]),
    );
    for (const stamp of chosen) {
      // A customer deleted between the two reads is simply gone.
      if (byId.has(stamp.id)) records.push(listing.read(byId.get(stamp.id)));
    }
  }
  const last = chosen.at(-1);
  const next =
    last !== undefined && changed.length > chosen.length
      ? tokenOf({ sec: last.sec, page: 1, seen: [last.id] })
      : null;
  return { records, next, total: first ? changed.length : undefined };
}
