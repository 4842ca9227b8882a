import { CartError } from '../cart.js';
import { type CartResponse, cartRequest, jsonOf } from './cart-http.js';
import { withoutControls } from './prestashop-records.js';
import { childNamed, parseXml, writeXml, type XmlNode } from './prestashop-xml.js';

/**
 * One PrestaShop webservice: `{shop}/api/…`, the key as the Basic user name with no password.
 * Reads ask for JSON; writes send XML and read the XML answer. PrestaShop's status codes and
 * numbered errors become `CartError`s here, once for every resource.
 */

export interface PrestaShopClientOptions {
  url: string;
  apiKey: string | undefined;
  timeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

export interface PrestaShopError {
  code: number | null;
  message: string;
}

export type Query = Record<string, string>;

/** Text from the shop, shortened and made printable before it reaches a log or the merchant. */
export function said(value: unknown, max = 300): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  const clean = withoutControls(String(value)).trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** PrestaShop's numbered errors in a JSON or XML answer; empty when the answer holds none. */
export function errorsOf(response: CartResponse): PrestaShopError[] {
  const text = response.text.trimStart();
  if (text.startsWith('{')) {
    try {
      const body = JSON.parse(text) as { errors?: unknown };
      if (!Array.isArray(body.errors)) return [];
      return body.errors.map((error: { code?: unknown; message?: unknown }) => ({
        code: typeof error?.code === 'number' ? error.code : Number(error?.code) || null,
        message: said(error?.message),
      }));
    } catch {
      return [];
    }
  }
  if (!text.startsWith('<')) return [];
  try {
    const errors = childNamed(parseXml(text), 'errors');
    return (errors?.children ?? [])
      .filter((node) => node.name === 'error')
      .map((node) => ({
        code: Number(childNamed(node, 'code')?.text.trim()) || null,
        message: said(childNamed(node, 'message')?.text),
      }));
  } catch {
    return [];
  }
}

/** The shop's root: what the merchant typed, without the webservice path or a trailing slash. */
export function shopRoot(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new CartError('unreachable', `“${said(url, 100)}” is not a web address.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new CartError(
      'unreachable',
      `The shop's address must start with https:// (it is ${parsed.protocol}).`,
    );
  }
  parsed.search = '';
  parsed.hash = '';
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/api$/i, '');
  return `${parsed.origin}${path}`;
}

/** Whether the webservice itself answered: it names itself in every answer's headers. */
export function fromWebservice(response: CartResponse): boolean {
  return (
    response.headers.has('psws-version') || /PrestaShop/i.test(response.headers.get('x-powered-by') ?? '')
  );
}

const what = (method: string, path: string) => `${method} ${path.split('?')[0] || '/'}`;

export class PrestaShopClient {
  readonly root: string;
  private readonly key: string;
  /** Some hosts drop the Authorization header before PHP sees it; the key then goes as `ws_key`. */
  private keyInQuery = false;

  constructor(private readonly options: PrestaShopClientOptions) {
    this.root = shopRoot(options.url);
    const key = (options.apiKey ?? '').trim();
    if (!/^[A-Za-z0-9]{32}$/.test(key)) {
      throw new CartError(
        'unauthorized',
        'A PrestaShop webservice key is 32 letters and digits (Advanced Parameters › Webservice).',
      );
    }
    this.key = key;
  }

  /** One call, answered whatever its status (but 429, 5xx and unreachable, which throw). */
  async call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    query: Query = {},
    body?: XmlNode,
  ): Promise<CartResponse> {
    const url = new URL(`${this.root}/api/${path}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    if (this.keyInQuery) url.searchParams.set('ws_key', this.key);
    const response = await cartRequest({
      method,
      url: url.toString(),
      headers: {
        accept: query.output_format === 'JSON' ? 'application/json' : 'text/xml',
        ...(this.keyInQuery
          ? {}
          : { authorization: `Basic ${Buffer.from(`${this.key}:`).toString('base64')}` }),
        ...(body ? { 'content-type': 'text/xml; charset=utf-8' } : {}),
      },
      ...(body ? { body: writeXml(body) } : {}),
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    // Code 16 is "no key at all": ours was sent, so something on the way dropped the header.
    if (
      response.status === 401 &&
      !this.keyInQuery &&
      errorsOf(response).some((error) => error.code === 16)
    ) {
      this.keyInQuery = true;
      return this.call(method, path, query, body);
    }
    return response;
  }

  /** A JSON read (`output_format=JSON`); a refusal throws the `CartError` it means. */
  async json(path: string, query: Query = {}): Promise<unknown> {
    const response = await this.call('GET', path, { ...query, output_format: 'JSON' });
    this.refuseFailure(response, what('GET', path));
    return jsonOf(response, `PrestaShop's ${path.split('/')[0]}`);
  }

  /** An XML read: a record to edit and send back, or a blank schema. */
  async xml(path: string, query: Query = {}): Promise<XmlNode> {
    const response = await this.call('GET', path, query);
    this.refuseFailure(response, what('GET', path));
    return this.parsed(response, path);
  }

  /** A POST or PUT of one record's XML; answers the record as the shop saved it. */
  async send(method: 'POST' | 'PUT', path: string, document: XmlNode): Promise<XmlNode> {
    const response = await this.call(method, path, {}, document);
    this.refuseFailure(response, what(method, path));
    return this.parsed(response, path);
  }

  private parsed(response: CartResponse, path: string): XmlNode {
    try {
      const root = parseXml(response.text);
      if (root.name === 'prestashop') return root;
    } catch {
      // answered below
    }
    throw new CartError(
      'not_a_cart',
      `PrestaShop's ${path.split('/')[0]} did not answer its XML (status ${response.status}).`,
      undefined,
      response.status,
    );
  }

  /** Throws the `CartError` a non-2xx answer means, in PrestaShop's words when it gave some. */
  refuseFailure(response: CartResponse, request: string): void {
    const { status } = response;
    if (status >= 200 && status < 300) return;
    const errors = errorsOf(response);
    const first = errors[0];
    const words = first ? `${first.message}${first.code ? ` (code ${first.code})` : ''}` : `status ${status}`;
    if (status >= 300 && status < 400) {
      const location = said(response.headers.get('location'), 200);
      throw new CartError(
        'not_a_cart',
        `${request}: the site redirects${location ? ` to ${location}` : ''}; use the shop's final address.`,
        undefined,
        status,
      );
    }
    if (status === 401 && errors.some((error) => error.code === 26)) {
      throw new CartError(
        'forbidden',
        `The webservice key may not use this resource: ${words}.`,
        undefined,
        status,
      );
    }
    if (status === 401) {
      throw new CartError(
        'unauthorized',
        `PrestaShop refused the webservice key: ${words}.`,
        undefined,
        status,
      );
    }
    if (status === 403 || (status === 405 && errors.some((error) => error.code === 25))) {
      throw new CartError('forbidden', `The webservice key lacks a permission: ${words}.`, undefined, status);
    }
    if (errors.length === 0 && !fromWebservice(response)) {
      // Neither PrestaShop's errors nor its headers: whatever answered is not its webservice.
      throw new CartError(
        'not_a_cart',
        `${request} answered ${status}: not a PrestaShop site, or its /api/ address does not reach the webservice (URL rewriting off).`,
        undefined,
        status,
      );
    }
    if (status === 404) throw new CartError('not_found', `${request}: ${words}.`, undefined, status);
    throw new CartError('rejected', `PrestaShop refused ${request}: ${words}.`, undefined, status);
  }
}
