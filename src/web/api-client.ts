import type { Settings, SettingsPatch } from '../contracts/settings.js';

export type { Settings, SettingsPatch };

export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem, as every API error is sent. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  requestId?: string;
}

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

/** Calls the Tandem API on the same origin; throws `ApiError` for anything but a 2xx answer. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, credentials: 'same-origin', headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      detail: 'Could not reach Tandem. Check the connection and try again.',
      code: 'network_error',
    });
  }
  if (!res.ok) throw new ApiError(await problemFrom(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
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

// The shapes the API answers.

export type Role = 'owner' | 'manager' | 'cashier';

export interface Me {
  type: 'staff' | 'api_token';
  id: string;
  name: string;
  email: string | null;
  role: Role;
}

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Health {
  status: 'ok' | 'degraded';
  database: 'ok' | 'unreachable';
  version: string;
}

export type EmailStatus = 'queued' | 'sent' | 'failed' | 'kept';

export interface Email {
  id: string;
  to: string;
  subject: string;
  template: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  html: string;
  text: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { type: 'staff' | 'api_token' | 'system' | 'customer'; id: string | null; label: string };
  action: string;
  entity: string;
  entityId: string | null;
  changes: unknown;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  lastFour: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiToken extends ApiToken {
  token: string;
}
