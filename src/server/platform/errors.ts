import type { FieldError, Problem } from '../../contracts/common.js';

/** The closed set of ways a use case can refuse; each maps to one HTTP status. */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'idempotency_key_reused'
  | 'payment_declined'
  | 'rate_limited'
  | 'feature_disabled'
  /** An outside service (the card gateway) did not answer: nothing was done, try again later. */
  | 'unavailable';

export type { FieldError, Problem } from '../../contracts/common.js';

/** A refusal with a stable machine `code` (api.md) and a human `detail`. */
export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  /** Seconds, for `rate_limited`: sent as Retry-After. */
  readonly retryAfter: number | undefined;

  constructor(
    kind: ErrorKind,
    code: string,
    detail?: string,
    extra: { errors?: FieldError[]; retryAfter?: number } = {},
  ) {
    super(detail ?? defaultDetail[kind]);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.errors = extra.errors;
    this.retryAfter = extra.retryAfter;
  }
}

/** Exhaustive by construction: adding a kind without a status does not compile. */
const statusOf: Record<ErrorKind, { status: number; title: string }> = {
  invalid_input: { status: 400, title: 'Bad Request' },
  unauthenticated: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not Found' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_key_reused: { status: 422, title: 'Unprocessable Content' },
  payment_declined: { status: 402, title: 'Payment Required' },
  rate_limited: { status: 429, title: 'Too Many Requests' },
  feature_disabled: { status: 403, title: 'Forbidden' },
  unavailable: { status: 503, title: 'Service Unavailable' },
};

const defaultDetail: Record<ErrorKind, string> = {
  invalid_input: 'The request is not valid.',
  unauthenticated: 'Sign in first.',
  forbidden: 'You are not allowed to do this.',
  not_found: 'Not found.',
  conflict: 'The request conflicts with the current state.',
  idempotency_key_reused: 'This Idempotency-Key was used with a different request.',
  payment_declined: 'The payment was declined.',
  rate_limited: 'Too many attempts. Try again later.',
  feature_disabled: 'This feature is switched off.',
  unavailable: 'A service Tandem depends on did not answer. Try again in a moment.',
};

export function problemOf(err: DomainError): Problem {
  const { status, title } = statusOf[err.kind];
  return {
    type: 'about:blank',
    title,
    status,
    detail: err.message,
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
  };
}

export function internalProblem(requestId: string): Problem {
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
    code: 'internal_error',
    requestId,
  };
}

export function validationFailed(errors: FieldError[]): DomainError {
  const detail =
    errors.length === 1
      ? `${errors[0]!.path || 'body'}: ${errors[0]!.message}`
      : `${errors.length} fields are not valid.`;
  return new DomainError('invalid_input', 'validation_failed', detail, { errors });
}

export const notFound = (what = 'Not found.') => new DomainError('not_found', 'not_found', what);
export const forbidden = (detail?: string) => new DomainError('forbidden', 'forbidden', detail);
export const unauthenticated = () => new DomainError('unauthenticated', 'unauthenticated');

/** PostgreSQL's unique_violation, however the driver wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
