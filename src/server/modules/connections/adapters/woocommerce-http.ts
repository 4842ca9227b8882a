import { createHmac, randomBytes } from 'node:crypto';
import { type CartAddressAndKeys, CartError } from '../cart.js';
import { type CartResponse, cartRequest, wholeNumber } from './cart-http.js';
import { cleanText, isObject } from './woocommerce-records.js';

/** What a successful call answered: the parsed body and the paging headers. */
export interface WooAnswer {
  status: number;
  body: unknown;
  /** X-WP-Total, when sent. */
  total: number | undefined;
  /** X-WP-TotalPages, when sent. */
  totalPages: number | undefined;
}

export interface WooCall {
  method?: 'GET' | 'POST' | 'PUT';
  /** Below wc/v3/, e.g. `orders` or `products/12`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** What was asked, in words, for messages: "the order list". */
  what: string;
}

/** RFC 3986 encoding, as PHP's rawurlencode and OAuth 1.0a use it. */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The shop's REST root from the address the merchant gave: the site URL, with or without a trailing
 * slash or a pasted `/wp-json/...` tail.
 */
function apiRoot(address: string): URL {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new CartError('not_a_cart', `"${cleanText(address, 80)}" is not a web address.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CartError('not_a_cart', 'The shop address must start with https:// (or http://).');
  }
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  const site = url.pathname.replace(/\/wp-json(\/.*)?$/, '').replace(/\/+$/, '');
  url.pathname = `${site}/wp-json/wc/v3/`;
  return url;
}

/**
 * One WooCommerce shop's wc/v3 API. Over https the keys go as HTTP Basic (falling back, for servers
 * that drop the Authorization header, to the consumer_key/consumer_secret query parameters WooCommerce
 * also reads over https). Over plain http WooCommerce ignores both (WC_REST_Authentication only runs
 * Basic authentication when is_ssl()), so requests are signed with one-legged OAuth 1.0a instead, as
 * WooCommerce requires there.
 */
export class WooClient {
  private root: URL | undefined;
  private queryKeys = false;

  constructor(private readonly options: CartAddressAndKeys) {}

  /** The shop's host, for messages. */
  get host(): string {
    return this.base().host;
  }

  private base(): URL {
    this.root ??= apiRoot(this.options.url);
    return this.root;
  }

  private keys(): { key: string; secret: string } {
    const key = this.options.credentials.consumerKey?.trim() ?? '';
    const secret = this.options.credentials.consumerSecret?.trim() ?? '';
    if (key === '' || secret === '') {
      throw new CartError('unauthorized', 'WooCommerce needs a consumer key and a consumer secret.');
    }
    return { key, secret };
  }

  private signedUrl(
    method: string,
    call: WooCall,
    useQueryKeys: boolean,
  ): { url: URL; authorization?: string } {
    const url = new URL(call.path, this.base());
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    const { key, secret } = this.keys();
    if (url.protocol === 'https:') {
      if (!useQueryKeys) {
        return { url, authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}` };
      }
      url.searchParams.set('consumer_key', key);
      url.searchParams.set('consumer_secret', secret);
      return { url };
    }
    url.searchParams.set('oauth_consumer_key', key);
    url.searchParams.set('oauth_nonce', randomBytes(16).toString('hex'));
    url.searchParams.set('oauth_signature_method', 'HMAC-SHA256');
    url.searchParams.set('oauth_timestamp', String(Math.floor(Date.now() / 1000)));
    // The base string as check_oauth_signature builds it: parameters sorted by name, each
    // name=value pair encoded twice, the URL without its query.
    const pairs = [...url.searchParams]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => percentEncode(`${percentEncode(name)}=${percentEncode(value)}`));
    const base = `${method}&${percentEncode(`${url.origin}${url.pathname}`)}&${pairs.join('%26')}`;
    url.searchParams.set('oauth_signature', createHmac('sha256', `${secret}&`).update(base).digest('base64'));
    return { url };
  }

  private async send(call: WooCall, useQueryKeys: boolean): Promise<CartResponse> {
    const method = call.method ?? 'GET';
    const { url, authorization } = this.signedUrl(method, call, useQueryKeys);
    return cartRequest({
      method,
      url: url.toString(),
      headers: {
        ...(authorization === undefined ? {} : { authorization }),
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      ...(this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs }),
      ...(this.options.fetch === undefined ? {} : { fetch: this.options.fetch }),
    });
  }

  /** Calls the API and answers the parsed body of a 2xx; every other answer throws a CartError. */
  async call(call: WooCall): Promise<WooAnswer> {
    let response = await this.send(call, this.queryKeys);
    if (
      response.status === 401 &&
      !this.queryKeys &&
      this.base().protocol === 'https:' &&
      /^woocommerce_rest_cannot_/.test(errorOf(response)?.code ?? '')
    ) {
      // Anonymous although keys were sent: the server dropped the Authorization header (Apache with
      // CGI does). Nothing was done, so asking again with the keys in the query is safe.
      response = await this.send(call, true);
      if (response.status < 300) this.queryKeys = true;
    }
    if (response.status < 200 || response.status >= 300) throw this.failure(response, call.what);
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      throw this.notWooCommerce(response, call.what);
    }
    const header = (name: string) => wholeNumber(response.headers.get(name) ?? undefined);
    return {
      status: response.status,
      body,
      total: header('x-wp-total'),
      totalPages: header('x-wp-totalpages'),
    };
  }

  notWooCommerce(response: CartResponse, what: string): CartError {
    const type = (response.headers.get('content-type') ?? 'no content type').split(';')[0];
    return new CartError(
      'not_a_cart',
      `${this.host} is not a WooCommerce site: ${what} answered ${response.status} with ${type} rather than ` +
        "WooCommerce's JSON. Check the shop's address (WordPress must use pretty permalinks).",
      undefined,
      response.status,
    );
  }

  /** What a refusal means, in the engine's words; the shop's own message goes along. */
  failure(response: CartResponse, what: string): CartError {
    const { status } = response;
    const fail = (kind: ConstructorParameters<typeof CartError>[0], message: string) =>
      new CartError(kind, message, undefined, status);
    if (status >= 300 && status < 400) {
      const location = cleanText(response.headers.get('location'), 200);
      return fail(
        'not_a_cart',
        `${this.host} redirects ${what} to ${location || 'another address'}: use the shop's address as it redirects (https, www).`,
      );
    }
    const error = errorOf(response);
    // A login or a firewall in front of WordPress refuses before WooCommerce sees the request.
    if (error === undefined && status === 401) {
      return fail(
        'unauthorized',
        `${this.host} asks for a login of its own (${cleanText(response.headers.get('www-authenticate'), 80) || 'HTTP authentication'}) before WooCommerce answers ${what}.`,
      );
    }
    if (error === undefined && status === 403) {
      return fail(
        'forbidden',
        `${this.host} refused ${what} before WooCommerce answered (a firewall or security plugin?).`,
      );
    }
    if (error === undefined) return this.notWooCommerce(response, what);
    const said = error.message ? ` WooCommerce said: "${error.message}"` : '';
    if (error.code === 'rest_no_route') {
      return fail(
        'not_a_cart',
        `${this.host} is not a WooCommerce site: WordPress answers, but has no WooCommerce REST API (wc/v3) for ${what}. Is WooCommerce 3.5 or later active?`,
      );
    }
    if (status === 401 && error.code.startsWith('woocommerce_rest_authentication')) {
      if (/(read|write) permissions/.test(error.message)) {
        return fail(
          'forbidden',
          `The key lacks a permission for ${what}.${said} Sync needs a Read/Write key.`,
        );
      }
      return fail('unauthorized', `WooCommerce refused the keys for ${what}.${said}`);
    }
    if (status === 401) {
      return fail(
        'unauthorized',
        `WooCommerce did not recognise the consumer key for ${what} (unknown key, or the server drops the Authorization header).${said}`,
      );
    }
    if (status === 403) {
      return fail(
        'forbidden',
        `The key's WordPress user may not access ${what} (it needs the Shop manager or Administrator role).${said}`,
      );
    }
    if (status === 404 || /_invalid_id$/.test(error.code)) {
      return fail('not_found', `WooCommerce has no such record for ${what}.${said}`);
    }
    const params = error.params.length > 0 ? ` (${error.params.join('; ')})` : '';
    return fail('rejected', `WooCommerce refused ${what} (${status} ${error.code}).${said}${params}`);
  }
}

interface WooError {
  code: string;
  message: string;
  params: string[];
}

/** WordPress's error body `{ code, message, data: { status, params } }`, cleaned; undefined when it is not one. */
function errorOf(response: CartResponse): WooError | undefined {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return undefined;
  }
  if (!isObject(body) || typeof body.code !== 'string') return undefined;
  const params = isObject(body.data) && isObject(body.data.params) ? body.data.params : {};
  return {
    code: cleanText(body.code, 100),
    message: cleanText(body.message, 300),
    params: Object.entries(params)
      .slice(0, 10)
      .map(([name, value]) => `${cleanText(name, 40)}: ${cleanText(value, 200)}`),
  };
}
