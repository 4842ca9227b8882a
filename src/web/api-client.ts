import type { FieldError, Problem } from '../contracts/common.js';

// The shapes the API answers: one definition, shared with the server.
export type { AuditEntry } from '../contracts/audit.js';
export type {
  CreateItemInput,
  Item,
  ItemKind,
  MovementKind,
  ShopCatalog,
  ShopItem,
  ShopPlan,
  ShopPlans,
  StockMovement,
  UpdateItemInput,
} from '../contracts/catalog.js';
export type { FieldError, Health, ImportReport, Page, Problem } from '../contracts/common.js';
export type {
  CartListRow,
  Connection,
  ConnectionOptions,
  ConnectionTest,
  ConnectionType,
  Credentials,
  NewConnection,
  SyncRun,
  UpdateConnection,
  WorkReport,
} from '../contracts/connections.js';
export type { Address, CreateCustomerInput, Customer, UpdateCustomerInput } from '../contracts/customers.js';
export type {
  GiftCard,
  GiftCardDetail,
  GiftCardLiability,
  IssuedGiftCard,
  LedgerEntry,
} from '../contracts/giftcards.js';
export type { Email, EmailStatus } from '../contracts/mail.js';
export type {
  CustomerPackage,
  RenewalResultBody as RenewalResult,
  Subscription,
} from '../contracts/memberships.js';
export type { CustomerOrder, Order, OrderSummary, SalesReport } from '../contracts/orders.js';
export type {
  GatewayTest,
  Payment,
  PaymentDetail,
  PaymentListEntry,
  PaymentMethod,
  PaymentOperation,
  PaymentStatus,
  PaymentsConfig,
} from '../contracts/payments.js';
export type { Settings, SettingsPatch } from '../contracts/settings.js';
export type { ApiToken, CreatedApiToken, Me, Role, StaffUser } from '../contracts/staff.js';

/** A refused or failed request: carries the server's problem. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Problem).detail === 'string' &&
  typeof (value as Problem).code === 'string';

async function problemFrom(res: Response): Promise<Problem> {
  const body: unknown = await res.json().catch(() => null);
  if (isProblem(body)) return { ...body, status: res.status };
  return {
    type: 'about:blank',
    title: res.statusText || 'Error',
    status: res.status,
    detail: `The server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`,
    code: 'http_error',
  };
}

/** A fresh `Idempotency-Key`; `crypto.randomUUID` needs a secure context, which a shop's LAN may not be. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Calls the Tandem API on the same origin; throws `ApiError` for anything but a 2xx answer. A POST
 * that moves stock or money carries an idempotency key, so that sending it again does it once.
 */
export async function api<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: { idempotencyKey?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (body instanceof Blob) {
    // A file (a picture) is sent as its own bytes, with its type.
    headers['content-type'] = body.type || 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw networkError();
  }
  return answerOf<T>(res);
}

const networkError = () =>
  new ApiError({
    type: 'about:blank',
    title: 'Network error',
    status: 0,
    detail: 'Could not reach Tandem. Check the connection and try again.',
    code: 'network_error',
  });

async function answerOf<T>(res: Response): Promise<T> {
  if (!res.ok) throw new ApiError(await problemFrom(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * POSTs a large JSON body, reporting how much of it has been sent (`fetch` cannot tell), so that
 * a long upload shows progress. Answers as `api` does.
 */
export function postWithProgress<T>(
  path: string,
  body: unknown,
  onProgress: (sent: number, total: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onerror = () => reject(networkError());
    xhr.onload = () => {
      const status = xhr.status;
      // The same reading of the answer as `api`'s, from the XHR's status and text.
      const res = new Response(status === 204 ? null : xhr.responseText, {
        status,
        statusText: xhr.statusText,
      });
      answerOf<T>(res).then(resolve, reject);
    };
    xhr.send(JSON.stringify(body));
  });
}

/** A path with a query string, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

export const errorDetail = (err: unknown): string =>
  err instanceof ApiError ? err.detail : err instanceof Error ? err.message : 'Something went wrong.';
