import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** WooCommerce's REST error body. */
export interface WcError {
  status: number;
  code: string;
  message: string;
  params?: Record<string, string>;
}

/** What a key may do, as WooCommerce > Settings > Advanced > REST API sets it. */
export type KeyPermissions = 'read' | 'write' | 'read_write';

export interface ApiKey {
  consumerSecret: string;
  permissions: KeyPermissions;
  /**
   * The WordPress user the key acts as: an administrator may do everything; a customer is logged in
   * but may do nothing, so the endpoints refuse it with 403 rather than 401.
   */
  user: 'administrator' | 'customer';
}

/** The store's keys, by consumer key. */
export type KeyRing = ReadonlyMap<string, ApiKey>;

export interface Authentication {
  /** The key the request authenticated with, when it did. */
  key?: ApiKey;
  /** How the credentials came, for the request log. */
  method: 'basic' | 'query' | 'oauth' | 'none';
  error?: WcError;
}

/** RFC 3986 encoding, as PHP's rawurlencode and OAuth 1.0a use. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function authError(message: string): WcError {
  return { status: 401, code: 'woocommerce_rest_authentication_error', message };
}

/**
 * Follows WooCommerce's WC_REST_Authentication. Key and secret are taken from the
 * `consumer_key`/`consumer_secret` query parameters first, else from HTTP Basic; an unknown key is
 * not an error there (the endpoint's permission check refuses the request later), a known key with
 * the wrong secret is. Then one-legged OAuth 1.0a as the official client sends it over plain HTTP
 * (HMAC-SHA1 or HMAC-SHA256, signing key `secret&`, timestamp within 15 minutes, each nonce once).
 * WooCommerce takes key and secret only over HTTPS; the emulator serves plain HTTP and takes them
 * anyway, so clients can be tested either way.
 */
export function checkCredentials(
  request: IncomingMessage,
  url: URL,
  keys: KeyRing,
  usedNonces: Set<string>,
  now: Date,
): Authentication {
  const query = url.searchParams;
  let key = '';
  let secret = '';
  let method: Authentication['method'] = 'none';
  if (query.get('consumer_key') && query.get('consumer_secret')) {
    key = query.get('consumer_key') ?? '';
    secret = query.get('consumer_secret') ?? '';
    method = 'query';
  }
  const header = request.headers.authorization;
  if (key === '' && header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) {
      key = decoded.slice(0, colon);
      secret = decoded.slice(colon + 1);
      method = 'basic';
    }
  }
  let basicError: WcError | undefined;
  const known = key !== '' && secret !== '' ? findKey(keys, key) : undefined;
  if (known !== undefined) {
    if (sameText(secret, known.consumerSecret)) return { key: known, method };
    basicError = authError('Consumer secret is invalid.');
  }
  const oauth = checkOAuth(request, url, keys, usedNonces, now);
  if (oauth.error !== undefined) return oauth;
  // A wrong secret stays the answer even when OAuth also succeeds, as in WooCommerce.
  if (basicError !== undefined) return { method, error: basicError };
  return oauth.key !== undefined ? oauth : { method };
}

function findKey(keys: KeyRing, consumerKey: string): ApiKey | undefined {
  for (const [candidate, key] of keys) if (sameText(candidate, consumerKey)) return key;
  return undefined;
}

/**
 * WC_REST_Authentication::check_permissions: a read key may only GET, a write key may only change.
 * Both refusals are 401 authentication errors, told apart only by their (translated) message.
 */
export function checkKeyPermissions(key: ApiKey, method: string): WcError | undefined {
  switch (method) {
    case 'HEAD':
    case 'GET':
      return key.permissions === 'write'
        ? authError('The API key provided does not have read permissions.')
        : undefined;
    case 'POST':
    case 'PUT':
    case 'PATCH':
    case 'DELETE':
      return key.permissions === 'read'
        ? authError('The API key provided does not have write permissions.')
        : undefined;
    case 'OPTIONS':
      return undefined;
    default:
      return authError('Unknown request method.');
  }
}

const OAUTH_PARAMS = [
  'oauth_consumer_key',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
];

/** The query as PHP reads it: a repeated plain key keeps its last value, `name[]` keys form a list. */
function phpQuery(query: URLSearchParams): Map<string, string | string[]> {
  const params = new Map<string, string | string[]>();
  for (const [name, value] of query) {
    if (name.endsWith('[]')) {
      const base = name.slice(0, -2);
      const list = params.get(base);
      if (Array.isArray(list)) list.push(value);
      else params.set(base, [value]);
    } else {
      params.set(name, value);
    }
  }
  return params;
}

function checkOAuth(
  request: IncomingMessage,
  url: URL,
  keys: KeyRing,
  usedNonces: Set<string>,
  now: Date,
): Authentication {
  const params = phpQuery(url.searchParams);
  const text = (name: string): string => {
    const value = params.get(name);
    return typeof value === 'string' ? value : '';
  };
  const missing = OAUTH_PARAMS.filter((name) => text(name) === '');
  if (missing.length === OAUTH_PARAMS.length) return { method: 'none' };
  if (missing.length > 0) {
    return {
      method: 'oauth',
      error: {
        status: 401,
        code: 'woocommerce_rest_authentication_missing_parameter',
        message: `Missing OAuth parameter${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`,
      },
    };
  }
  const key = findKey(keys, text('oauth_consumer_key'));
  if (key === undefined) {
    return { method: 'oauth', error: authError('Consumer key is invalid.') };
  }
  const names = [...params.keys()].filter((name) => name !== 'oauth_signature').sort();
  const joined: string[] = [];
  for (const name of names) {
    const value = params.get(name) ?? '';
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        joined.push(percentEncode(`${percentEncode(name)}%5B${index}%5D=${percentEncode(item)}`));
      });
    } else {
      joined.push(percentEncode(`${percentEncode(name)}=${percentEncode(value)}`));
    }
  }
  const baseUrl = `http://${request.headers.host ?? url.host}${url.pathname}`;
  const base = `${(request.method ?? 'GET').toUpperCase()}&${percentEncode(baseUrl)}&${joined.join('%26')}`;
  const method = text('oauth_signature_method');
  if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') {
    return { method: 'oauth', error: authError('Invalid signature - signature method is invalid.') };
  }
  const expected = createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${key.consumerSecret}&`)
    .update(base)
    .digest('base64');
  if (!sameText(expected, text('oauth_signature'))) {
    return { method: 'oauth', error: authError('Invalid signature - provided signature does not match.') };
  }
  const timestamp = Number(text('oauth_timestamp'));
  if (!Number.isFinite(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > 15 * 60) {
    return { method: 'oauth', error: authError('Invalid timestamp.') };
  }
  const nonce = text('oauth_nonce');
  if (usedNonces.has(nonce)) {
    return { method: 'oauth', error: authError('Invalid nonce - nonce has already been used.') };
  }
  usedNonces.add(nonce);
  return { key, method: 'oauth' };
}

/** The endpoint permission check's answer to a request without valid credentials. */
export function notAllowed(action: 'list' | 'view' | 'create' | 'edit' | 'delete' | 'batch'): WcError {
  switch (action) {
    case 'list':
      return {
        status: 401,
        code: 'woocommerce_rest_cannot_view',
        message: 'Sorry, you cannot list resources.',
      };
    case 'view':
      return {
        status: 401,
        code: 'woocommerce_rest_cannot_view',
        message: 'Sorry, you cannot view this resource.',
      };
    case 'create':
      return {
        status: 401,
        code: 'woocommerce_rest_cannot_create',
        message: 'Sorry, you are not allowed to create resources.',
      };
    case 'edit':
      return {
        status: 401,
        code: 'woocommerce_rest_cannot_edit',
        message: 'Sorry, you are not allowed to edit this resource.',
      };
    case 'delete':
      return {
        status: 401,
        code: 'woocommerce_rest_cannot_delete',
        message: 'Sorry, you are not allowed to delete this resource.',
      };
    case 'batch':
      return {
        status: 401,
        code: 'woocommerce_rest_cannot_batch',
        message: 'Sorry, you are not allowed to batch manipulate this resource.',
      };
  }
}
