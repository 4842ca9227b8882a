import { STATUS_CODES } from 'node:http';
import type { Store } from './seed.js';

export interface Reply {
  status: number;
  /** Undefined for an empty answer (204). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Entity = 'items' | 'customers' | 'orders';

/** What a change tells the webhook sender: which record, and as of when. */
export interface Change {
  type: 'order.created' | 'order.updated' | 'item.updated' | 'customer.updated';
  id: string;
  updatedAt: string;
}

export interface Capabilities {
  orders: boolean;
  items: boolean;
  customers: boolean;
  stock: boolean;
  webhooks: boolean;
}

export interface Subscription {
  id: string;
  url: string;
  createdAt: string;
  /** Deliveries are signed with the token that subscribed. */
  token: string;
}

/** The webhook subscriptions the cart keeps (by the webhook sender). */
export interface Subscriptions {
  list(): Subscription[];
  add(url: string, token: string, now: Date): { subscription: Subscription; created: boolean };
  remove(id: string): boolean;
}

export interface Request {
  method: string;
  /** Path segments after /tandem-cart/v1/. */
  segments: string[];
  query: URLSearchParams;
  body: unknown;
  /** Whether the token may write (it may always read once authenticated). */
  canWrite: boolean;
  /** The token the request came with, which signs the webhooks it subscribes. */
  token: string;
  store: Store;
  capabilities: Capabilities;
  now: Date;
  /** Records answered as something else (malformed) wherever they appear. */
  replaced: ReadonlyMap<string, unknown>;
  /** Orders answered broken by the `malform` switch. */
  malformed: ReadonlySet<number>;
  subscriptions: Subscriptions;
  /** Called once per record a request changed. */
  changed(change: Change): void;
}

export type Handler = (request: Request) => Reply | undefined;

/**
 * An RFC 9457 problem with the protocol's stable `code`. The type is `about:blank`, so the title is
 * the status's own phrase and `code` says which problem it is.
 */
export function problem(
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Reply {
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
    body: { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, code, detail, ...extra },
  };
}

/** One thing a request got wrong: where in the body (a JSON Pointer) or which query parameter. */
export type FieldError = ({ pointer: string } | { parameter: string }) & {
  detail: string;
  /** Set where the consumer may act on it (`unknown_item` in a stock batch). */
  code?: string;
};

export function invalid(detail: string, errors: FieldError[] = []): Reply {
  return problem(400, 'invalid_request', detail, errors.length > 0 ? { errors } : {});
}

export function notFound(what: string): Reply {
  return problem(404, 'not_found', `There is no ${what}.`);
}

/** What a cart answers for a part of the protocol it does not offer (its capability is false). */
export function notSupported(capability: keyof Capabilities): Reply {
  return problem(404, 'not_supported', `This cart does not offer ${capability}.`);
}

export function readOnly(): Reply {
  return problem(403, 'insufficient_scope', 'This token may read but not write.');
}

export function noRoute(method: string, path: string): Reply {
  return problem(404, 'not_found', `No endpoint answers ${method} ${path}.`);
}

export function methodNotAllowed(allowed: string): Reply {
  return {
    ...problem(405, 'method_not_allowed', `This endpoint takes ${allowed}.`),
    headers: { 'Content-Type': 'application/problem+json', Allow: allowed },
  };
}

/** The first handler that knows the route answers; otherwise 404. */
export function route(request: Request, handlers: readonly Handler[]): Reply {
  for (const handler of handlers) {
    const reply = handler(request);
    if (reply !== undefined) return reply;
  }
  return noRoute(request.method, `/${request.segments.join('/')}`);
}

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** What the protocol allows as a record id: unreserved URI characters, so it sits in a path as is. */
export const ID_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._~-]{1,64}$/;

export const replacedKey = (entity: Entity, id: string): string => `${entity}/${id}`;

/** The record as stored, or what a test put in its place. */
export function shown(request: Request, entity: Entity, record: { id: string }): unknown {
  const key = replacedKey(entity, record.id);
  return request.replaced.has(key) ? request.replaced.get(key) : structuredClone(record);
}
