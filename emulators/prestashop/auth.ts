import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PsError } from './output.js';

export const REALM =
  'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. No password required."';

/**
 * The key as WebserviceRequest reads it: `ws_key` wins, then the Basic user name (the password is
 * ignored). A host that drops the Authorization header before PHP sees it leaves only `ws_key`.
 */
function suppliedKey(request: IncomingMessage, url: URL, headerDropped: boolean): string | undefined {
  const fromQuery = url.searchParams.get('ws_key');
  if (fromQuery !== null) return fromQuery;
  const header = headerDropped ? undefined : request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function refused(code: number, message: string, more?: PsError['more']): PsError {
  return { status: 401, code, message, more, headers: { 'WWW-Authenticate': REALM } };
}

/**
 * The checks of WebserviceRequest::authenticate, in its order and with its codes; every refusal
 * carries the realm. An unknown key is "not active" and then has "no permission": two errors.
 */
export function authenticate(
  request: IncomingMessage,
  url: URL,
  key: string,
  headerDropped = false,
): PsError | undefined {
  const supplied = suppliedKey(request, url, headerDropped);
  if (supplied === undefined) {
    return refused(16, 'Please enter the authentication key as the login. No password required');
  }
  if (supplied === '') return refused(17, 'Authentication key is empty');
  if (supplied.length !== 32) return refused(18, 'Invalid authentication key format');
  if (!same(supplied, key)) {
    return refused(20, 'Authentification key is not active', [
      { code: 21, message: 'No permission for this authentication key' },
    ]);
  }
  return undefined;
}
