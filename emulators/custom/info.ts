import { methodNotAllowed, type Reply, type Request, readOnly } from './router.js';

export const PROTOCOL = 'tandem-cart/1';

/**
 * GET /info: proves the address speaks the protocol and the token may do what Tandem needs. A token
 * that may only read is refused here, so a connection test finds it before the first stock push does.
 */
export function info(request: Request): Reply | undefined {
  if (request.segments[0] !== 'info' || request.segments.length !== 1) return undefined;
  if (request.method !== 'GET') return methodNotAllowed('GET');
  if (!request.canWrite) return readOnly();
  return {
    status: 200,
    body: {
      protocol: PROTOCOL,
      name: request.store.name,
      currency: request.store.currency,
      capabilities: { ...request.capabilities },
    },
  };
}
