import type { WcError } from './auth.js';
import type { Store } from './seed.js';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Request {
  method: string;
  /** Path segments after /wp-json/wc/v3/. */
  segments: string[];
  url: URL;
  origin: string;
  body: unknown;
  authenticated: boolean;
  store: Store;
  now: Date;
  /** Order ids whose records are answered broken. */
  malformed: ReadonlySet<number>;
  /** Tells the webhooks that a resource changed, e.g. `emit('order.updated', 12)`. */
  emit: (topic: string, id: number) => void;
}

export type Handler = (request: Request) => Reply | undefined;

export function errorReply(error: WcError): Reply {
  return {
    status: error.status,
    body: {
      code: error.code,
      message: error.message,
      data:
        error.params === undefined
          ? { status: error.status }
          : { status: error.status, params: error.params },
    },
  };
}

export function noRoute(): Reply {
  return errorReply({
    status: 404,
    code: 'rest_no_route',
    message: 'No route was found matching the URL and request method.',
  });
}

/** The first resource handler that knows the route answers; otherwise WordPress's rest_no_route. */
export function route(request: Request, handlers: readonly Handler[]): Reply {
  for (const handler of handlers) {
    const reply = handler(request);
    if (reply !== undefined) return reply;
  }
  return noRoute();
}

export function idSegment(segment: string | undefined): number | undefined {
  return segment !== undefined && /^\d+$/.test(segment) ? Number(segment) : undefined;
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
