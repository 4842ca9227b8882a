import { validationFailed } from './errors.js';

/** A keyset cursor: the sort values of the last row of a page, opaque to clients. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends readonly (string | number)[]>(cursor: string, arity: T['length']): T {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values as unknown as T;
    }
  } catch {
    // fall through
  }
  throw validationFailed([{ path: 'cursor', message: 'is not a cursor from this list' }]);
}

/** Splits the extra row fetched to know whether another page follows. */
export function pageFrom<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  cursorOf: (row: R) => string,
): { data: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { data: page.map(toItem), nextCursor: rows.length > limit ? cursorOf(page.at(-1)!) : null };
}

/** `%q%` for LIKE, with LIKE's own characters escaped. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
