import type { WcError } from './auth.js';

export interface ListParams {
  page: number;
  perPage: number;
  offset: number | undefined;
  order: 'asc' | 'desc';
  orderby: string;
  search: string | undefined;
  after: number | undefined;
  before: number | undefined;
  modifiedAfter: number | undefined;
  modifiedBefore: number | undefined;
}

export interface ListRules {
  orderby: readonly string[];
  defaultOrderby: string;
  defaultOrder: 'asc' | 'desc';
  /** False where the endpoint has no date filters (customers): WordPress ignores unknown parameters. */
  dates: boolean;
}

export interface Dated {
  id: number;
  date_created_gmt: string;
  date_modified_gmt: string;
}

/** Dates arrive as ISO-8601 with or without an offset; without one they are the store's time (UTC here). */
export function parseWcDate(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)) return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? undefined : time;
}

function integer(value: string): number | undefined {
  return /^-?\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** Reads the list parameters the way WordPress validates them: every bad one is named in one 400. */
export function parseListParams(query: URLSearchParams, rules: ListRules): ListParams | WcError {
  const problems: Record<string, string> = {};
  const numberParam = (name: string, min: number, max?: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null) return undefined;
    const value = integer(raw);
    if (value === undefined) {
      problems[name] = `${name} is not of type integer.`;
      return undefined;
    }
    if (max !== undefined && (value < min || value > max)) {
      problems[name] = `${name} must be between ${min} (inclusive) and ${max} (inclusive)`;
    } else if (value < min) {
      problems[name] = `${name} must be greater than or equal to ${min}`;
    }
    return value;
  };
  const dateParam = (name: string): number | undefined => {
    const raw = rules.dates ? query.get(name) : null;
    if (raw === null) return undefined;
    const value = parseWcDate(raw);
    if (value === undefined) problems[name] = 'Invalid date.';
    return value;
  };
  const enumParam = (name: string, allowed: readonly string[], fallback: string): string => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    if (!allowed.includes(raw)) {
      const list =
        allowed.length === 2
          ? allowed.join(' and ')
          : `${allowed.slice(0, -1).join(', ')}, and ${allowed.at(-1)}`;
      problems[name] = `${name} is not one of ${list}.`;
    }
    return raw;
  };
  const page = numberParam('page', 1) ?? 1;
  const perPage = numberParam('per_page', 1, 100) ?? 10;
  const offset = numberParam('offset', 0);
  const order = enumParam('order', ['asc', 'desc'], rules.defaultOrder) as 'asc' | 'desc';
  const orderby = enumParam('orderby', rules.orderby, rules.defaultOrderby);
  const after = dateParam('after');
  const before = dateParam('before');
  const modifiedAfter = dateParam('modified_after');
  const modifiedBefore = dateParam('modified_before');
  const names = Object.keys(problems);
  if (names.length > 0) {
    return {
      status: 400,
      code: 'rest_invalid_param',
      message: `Invalid parameter(s): ${names.join(', ')}`,
      params: problems,
    };
  }
  const search = query.get('search') ?? undefined;
  return {
    page,
    perPage,
    offset,
    order,
    orderby,
    search: search === '' ? undefined : search,
    after,
    before,
    modifiedAfter,
    modifiedBefore,
  };
}

/** `after`/`before` compare the creation date, `modified_*` the last change; all exclusive, as WP_Query's date_query. */
export function filterByDates<T extends Dated>(items: T[], params: ListParams): T[] {
  return items.filter((item) => {
    const created = Date.parse(`${item.date_created_gmt}Z`);
    const modified = Date.parse(`${item.date_modified_gmt}Z`);
    if (params.after !== undefined && !(created > params.after)) return false;
    if (params.before !== undefined && !(created < params.before)) return false;
    if (params.modifiedAfter !== undefined && !(modified > params.modifiedAfter)) return false;
    if (params.modifiedBefore !== undefined && !(modified < params.modifiedBefore)) return false;
    return true;
  });
}

export function sortItems<T extends { id: number }>(
  items: T[],
  params: ListParams,
  keyOf: (item: T, orderby: string) => string | number,
): T[] {
  const direction = params.order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const left = keyOf(a, params.orderby);
    const right = keyOf(b, params.orderby);
    if (left < right) return -direction;
    if (left > right) return direction;
    return (a.id - b.id) * direction;
  });
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** One page plus X-WP-Total, X-WP-TotalPages and a Link header with prev/next, as WordPress sends them. */
export function paginate<T>(items: T[], params: ListParams, requestUrl: URL, origin: string): Page<T> {
  const total = items.length;
  const start = params.offset ?? (params.page - 1) * params.perPage;
  const totalPages = total === 0 ? 0 : Math.ceil(total / params.perPage);
  const headers: Record<string, string> = {
    'X-WP-Total': String(total),
    'X-WP-TotalPages': String(totalPages),
  };
  const linkTo = (page: number): string => {
    const url = new URL(requestUrl.pathname, origin);
    for (const [name, value] of requestUrl.searchParams)
      if (name !== 'page') url.searchParams.append(name, value);
    url.searchParams.set('page', String(page));
    return url.toString();
  };
  const links: string[] = [];
  if (params.page > 1)
    links.push(`<${linkTo(Math.min(params.page - 1, Math.max(totalPages, 1)))}>; rel="prev"`);
  if (params.page < totalPages) links.push(`<${linkTo(params.page + 1)}>; rel="next"`);
  if (links.length > 0) headers.Link = links.join(', ');
  return { items: items.slice(start, start + params.perPage), headers };
}

export function matches(search: string | undefined, ...fields: (string | undefined)[]): boolean {
  if (search === undefined) return true;
  const needle = search.toLowerCase();
  return fields.some((field) => field?.toLowerCase().includes(needle));
}
