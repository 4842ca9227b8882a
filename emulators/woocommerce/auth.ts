import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** WooCommerce's REST error body. */
export interface WcError {
  status: number;
  code: string;
  message: string;
  params?: Record<string, string>;
}

export interface Keys {
  consumerKey: string;
  consumerSecret: string;
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
 * What WooCommerce answers when the request's credentials are wrong, or undefined when they are
 * right or absent (absent credentials are refused later by the endpoint's permission check).
 *
 * Accepted, as WooCommerce does over HTTPS: HTTP Basic with key and secret, or `consumer_key` and
 * `consumer_secret` in the query. Accepted as WooCommerce does over plain HTTP: one-legged OAuth 1.0a
 * (HMAC-SHA1 or HMAC-SHA256, signing key `secret&`, timestamp within 15 minutes, nonce once).
 * The emulator serves plain HTTP yet takes all three, so clients can be tested either way.
 */
export function checkCredentials(
  request: IncomingMessage,
  url: URL,
  keys: Keys,
  usedNonces: Set<string>,
  now: Date,
): { authenticated: boolean; error?: WcError } {
  const query = url.searchParams;
  let key: string | undefined;
  let secret: string | undefined;
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    key = colon === -1 ? decoded : decoded.slice(0, colon);
    secret = colon === -1 ? '' : decoded.slice(colon + 1);
  } else if (query.has('consumer_key') && query.has('consumer_secret')) {
    key = query.get('consumer_key') ?? '';
    secret = query.get('consumer_secret') ?? '';
  }
  if (key !== undefined && secret !== undefined) {
    if (!sameText(key, keys.consumerKey))
      return { authenticated: false, error: authError('Consumer key is invalid.') };
    if (!sameText(secret, keys.consumerSecret)) {
      return { authenticated: false, error: authError('Consumer secret is invalid.') };
    }
    return { authenticated: true };
  }
  if (!query.has('oauth_consumer_key')) return { authenticated: false };
  return checkOAuth(request, url, keys, usedNonces, now);
}

function checkOAuth(
  request: IncomingMessage,
  url: URL,
  keys: Keys,
  usedNonces: Set<string>,
  now: Date,
): { authenticated: boolean; error?: WcError } {
  const query = url.searchParams;
  const required = [
    'oauth_consumer_key',
    'oauth_timestamp',
    'oauth_nonce',
    'oauth_signature',
    'oauth_signature_method',
  ];
  const missing = required.filter((name) => !query.has(name));
  if (missing.length > 0) {
    return { authenticated: false, error: authError(`Missing OAuth parameter ${missing.join(', ')}`) };
  }
  if (query.get('oauth_consumer_key') !== keys.consumerKey) {
    return { authenticated: false, error: authError('Consumer key is invalid.') };
  }
  const method = query.get('oauth_signature_method');
  if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') {
    return {
      authenticated: false,
      error: authError('Invalid signature method - must be HMAC-SHA1 or HMAC-SHA256'),
    };
  }
  // PHP reads a repeated plain key once, keeping its last value (the official JS client sends query
  // parameters twice over plain HTTP and signs them once).
  const lastValues = new Map<string, string>();
  const pairs: [string, string][] = [];
  for (const [name, value] of query) {
    if (name === 'oauth_signature') continue;
    if (name.endsWith('[]')) pairs.push([percentEncode(name), percentEncode(value)]);
    else lastValues.set(name, value);
  }
  for (const [name, value] of lastValues) pairs.push([percentEncode(name), percentEncode(value)]);
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  const normalized = pairs.map(([name, value]) => `${name}=${value}`).join('&');
  const baseUrl = `http://${request.headers.host ?? url.host}${url.pathname}`;
  const base = `${(request.method ?? 'GET').toUpperCase()}&${percentEncode(baseUrl)}&${percentEncode(normalized)}`;
  const expected = createHmac(
    method === 'HMAC-SHA1' ? 'sha1' : 'sha256',
    `${percentEncode(keys.consumerSecret)}&`,
  )
    .update(base)
    .digest('base64');
  if (!sameText(expected, query.get('oauth_signature') ?? '')) {
    return {
      authenticated: false,
      error: authError('Invalid signature - provided signature does not match.'),
    };
  }
  const timestamp = Number(query.get('oauth_timestamp'));
  if (!Number.isFinite(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > 15 * 60) {
    return { authenticated: false, error: authError('Invalid timestamp.') };
  }
  const nonce = `${timestamp}:${query.get('oauth_nonce')}`;
  if (usedNonces.has(nonce)) {
    return { authenticated: false, error: authError('Invalid nonce - nonce has already been used.') };
  }
  usedNonces.add(nonce);
  return { authenticated: true };
}

/** The endpoint permission check's answer to a request without valid credentials. */
export function notAllowed(action: 'list' | 'view' | 'create' | 'edit' | 'batch'): WcError {
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
    case 'batch':
      return {
        status: 401,
        code: 'woocommerce_rest_cannot_batch',
        message: 'Sorry, you are not allowed to batch manipulate this resource.',
      };
  }
}
