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

/** The SQLSTATE of a PostgreSQL error, however the driver wraps it (drizzle puts it in `cause`). */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** PostgreSQL's unique_violation, however the driver wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  return sqlStateOf(err) === '23505';
}

/**
 * SQLSTATEs that mean the client's request, not our code, is at fault: what a use case should have
 * refused itself, kept as a safety net so that such input never answers 500.
 */
const clientFaults: Record<string, 'invalid_input' | 'conflict'> = {
  '22P02': 'invalid_input', // invalid_text_representation
  '22021': 'invalid_input', // character_not_in_repertoire
  '22P05': 'invalid_input', // untranslatable_character (NUL in JSON)
  '22003': 'invalid_input', // numeric_value_out_of_range
  '22001': 'invalid_input', // string_data_right_truncation
  '22007': 'invalid_input', // invalid_datetime_format
  '22008': 'invalid_input', // datetime_field_overflow
  '22023': 'invalid_input', // invalid_parameter_value: a time zone the database does not know
  '54000': 'invalid_input', // program_limit_exceeded: a value too large to index
  // A race lost or a rule of the data broken: nothing changed; the client may read again and retry.
  '23505': 'conflict', // unique_violation
  '23514': 'conflict', // check_violation
  '40001': 'conflict', // serialization_failure
  '40P01': 'conflict', // deadlock_detected
};

/** The refusal a database error stands for when the client caused it; undefined for a defect. */
export function databaseFailureOf(err: unknown): DomainError | undefined {
  const state = sqlStateOf(err);
  const kind = state ? clientFaults[state] : undefined;
  if (kind === 'invalid_input') {
    return new DomainError(
      'invalid_input',
      'validation_failed',
      'A value in the request is out of range, too long or not valid text.',
    );
  }
  if (kind === 'conflict') {
    return new DomainError(
      'conflict',
      'conflict',
      'The request conflicts with a change made at the same time; read it again and retry.',
    );
  }
  return undefined;
}
