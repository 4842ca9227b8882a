import { looksLikeClearPan, maskPan, parseAmount } from './cards.js';

/** A request body as parsed JSON. */
export type Body = Record<string, unknown>;
/** A gateway answer: every field is a string, amounts included. */
export type Fields = Record<string, string>;

/** The gateway reads every field as text and treats an empty one as absent. */
export function text(body: Body, key: string): string | undefined {
  const value = body[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function storedOrderid(orderid: string | undefined): string | undefined {
  // The gateway masks a Luhn-valid order id as if it were a card, which then defeats lookups by it.
  return orderid !== undefined && looksLikeClearPan(orderid) ? maskPan(orderid) : orderid;
}

export function yesNo(flag: boolean): string {
  return flag ? 'Y' : 'N';
}

/** An omitted amount means the whole remaining amount. */
export function optionalAmount(value: unknown, whole: number): number | undefined {
  if (value === undefined || value === '') return whole;
  const parsed = parseAmount(value);
  return parsed.ok ? parsed.cents : undefined;
}
