import type { StockLevel } from '../cart.js';
import type { CartResponse } from './cart-http.js';

/** Reading what a cart speaking tandem-cart/1 says when it refuses: RFC 9457 problems with a `code`. */

export interface Problem {
  code?: string;
  detail?: string;
  existingId?: unknown;
  errors?: unknown;
}

/** Text from the cart, shortened and made printable before it reaches a log or the merchant. */
export function said(value: unknown, max = 300): string {
  if (typeof value !== 'string') return '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The problem+json body, when the answer is one (any JSON object will do: a cart may omit the type). */
export function problemOf(response: CartResponse): Problem | undefined {
  try {
    const body: unknown = JSON.parse(response.text);
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Problem) : undefined;
  } catch {
    return undefined;
  }
}

export function detailOf(problem: Problem | undefined): string {
  const detail = said(problem?.detail);
  const errors = Array.isArray(problem?.errors) ? (problem.errors as unknown[]) : [];
  const listed = errors
    .slice(0, 5)
    .map((error) => {
      const entry = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
      const where = said(entry.pointer ?? entry.parameter, 80);
      return `${where ? `${where}: ` : ''}${said(entry.detail, 120)}`;
    })
    .filter((text) => text !== '');
  return [detail, ...listed].filter((text) => text !== '').join('; ');
}

/** The items a refused stock batch names as unknown (`unknown_item` at /levels/<n>/itemId). */
export function unknownItems(problem: Problem | undefined, levels: readonly StockLevel[]): string[] {
  const errors = Array.isArray(problem?.errors) ? (problem.errors as unknown[]) : [];
  const ids = new Set<string>();
  for (const error of errors) {
    const entry = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
    const index =
      typeof entry.pointer === 'string' ? entry.pointer.match(/^\/levels\/(\d{1,3})\/itemId$/) : null;
    const level = index?.[1] === undefined ? undefined : levels[Number(index[1])];
    if (entry.code === 'unknown_item' && level !== undefined) ids.add(level.externalId);
  }
  return [...ids];
}
