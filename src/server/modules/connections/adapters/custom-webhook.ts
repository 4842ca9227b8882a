import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CartEntity } from '../cart.js';
import { cartDate } from './cart-http.js';
import { CART_ID } from './custom-records.js';

/**
 * The receiving side of the Tandem cart protocol's webhooks: the cart POSTs a small notice that a
 * record changed, signed `Tandem-Cart-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * "<t>.<raw body>" with the connection's token.
 */

export const CUSTOM_CART_SIGNATURE_HEADER = 'tandem-cart-signature';

/** A signature older (or further ahead) than this is refused, so a captured delivery cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true; signedAt: Date }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

/**
 * Checks a delivery's signature against the raw body exactly as received (re-serialised JSON would
 * not match). Several `v1=` entries are allowed, so a cart can sign with an old and a new token
 * while the token changes; one match is enough.
 */
export function verifyCustomCartSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  token: string,
  now: Date | number = Date.now(),
): SignatureCheck {
  if (header === null || header === undefined || header.trim() === '')
    return { ok: false, reason: 'missing' };
  if (header.length > 2000 || token === '') return { ok: false, reason: 'malformed' };
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (key === undefined || value === undefined || rest.length > 0)
      return { ok: false, reason: 'malformed' };
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return { ok: false, reason: 'malformed' };
      timestamp = value;
    } else if (key === 'v1') {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return { ok: false, reason: 'malformed' };
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (v2=…) are for later versions: skipped, not refused.
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'expired' };
  }
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const expected = createHmac('sha256', token).update(`${timestamp}.`).update(body).digest();
  const matches = signatures.some((signature) => timingSafeEqual(signature, expected));
  return matches
    ? { ok: true, signedAt: new Date(Number(timestamp) * 1000) }
    : { ok: false, reason: 'mismatch' };
}

export const customCartEventTypes = [
  'order.created',
  'order.updated',
  'item.updated',
  'customer.updated',
] as const;
export type CustomCartEventType = (typeof customCartEventTypes)[number];

const entityOf: Record<CustomCartEventType, CartEntity> = {
  'order.created': 'orders',
  'order.updated': 'orders',
  'item.updated': 'items',
  'customer.updated': 'customers',
};

/** A delivery, read: which record changed and as of when. The receiver reads the record itself. */
export interface CustomCartEvent {
  /** The event's id: the same on every delivery of one event, so duplicates can be told apart. */
  id: string;
  type: CustomCartEventType;
  occurredAt: Date;
  entity: CartEntity;
  externalId: string;
  /** The record's updatedAt when the event was sent: a delivery older than what is held is stale. */
  updatedAt: Date;
}

/**
 * Reads a verified delivery's body. Unknown event types answer `ignored`, so a newer cart can send
 * more than this Tandem knows without its deliveries failing.
 */
export function readCustomCartEvent(
  rawBody: string | Uint8Array,
): { event: CustomCartEvent } | { ignored: string } | { invalid: string } {
  let body: unknown;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
  } catch {
    return { invalid: 'the body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { invalid: 'the body is not an object' };
  const { id, type, occurredAt, data } = body as Record<string, unknown>;
  if (typeof id !== 'string' || id.length === 0 || id.length > 100 || !/^[\x21-\x7e]+$/.test(id)) {
    return { invalid: 'id must be 1 to 100 printable characters' };
  }
  if (typeof type !== 'string') return { invalid: 'type must be a string' };
  if (!(customCartEventTypes as readonly string[]).includes(type)) {
    return { ignored: `event type ${JSON.stringify(type.slice(0, 100))} is not one this Tandem reads` };
  }
  const occurred = cartDate(occurredAt);
  if (occurred === undefined) return { invalid: 'occurredAt must be an ISO 8601 date and time' };
  if (typeof data !== 'object' || data === null) return { invalid: 'data must be an object' };
  const record = data as Record<string, unknown>;
  if (typeof record.id !== 'string' || !CART_ID.test(record.id)) {
    return { invalid: 'data.id must be 1 to 64 letters, digits or . _ ~ -' };
  }
  const updatedAt = cartDate(record.updatedAt);
  if (updatedAt === undefined) return { invalid: 'data.updatedAt must be an ISO 8601 date and time' };
  const eventType = type as CustomCartEventType;
  return {
    event: {
      id,
      type: eventType,
      occurredAt: occurred,
      entity: entityOf[eventType],
      externalId: record.id,
      updatedAt,
    },
  };
}
