import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../shared/listen.js';
import { SwitchBoard, type Switches } from '../shared/switches.js';
import { type ApiKey, checkCredentials, checkKeyPermissions, type KeyPermissions } from './auth.js';
import { customers } from './customers.js';
import { changeOrder, type OrderChanges, orders, orderView } from './orders.js';
import { phpJson } from './php-json.js';
import { deleteProduct, products } from './products.js';
import { errorReply, type Handler, noRoute, type Reply, route } from './router.js';
import { type NewOrder, newOrder, newProduct, type Order, type Product, seedStore } from './seed.js';
import { type Delivery, type NewWebhook, WebhookHub } from './webhooks.js';
import { webhooksApi } from './webhooks-api.js';

export interface WooCommerceEmulatorOptions {
  host?: string;
  port?: number;
  consumerKey?: string;
  consumerSecret?: string;
  /** Waits before each retry of a failed webhook delivery (default 200, 1000 and 3000 ms). */
  webhookRetryDelaysMs?: readonly number[];
  /** How long one webhook delivery may take (default 10 s). */
  webhookTimeoutMs?: number;
}

/** One API request as the emulator saw it, secrets left out. */
export interface LoggedRequest {
  method: string;
  /** After /wp-json/wc/v3/, e.g. `orders`. */
  path: string;
  query: Record<string, string>;
  auth: 'basic' | 'query' | 'oauth' | 'none';
}

export interface WooCommerceEmulator extends Switches {
  /** The store's site URL; the API lives under `${url}/wp-json/wc/v3/`. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** Another key, e.g. a read-only one, or one whose WordPress user is a customer (no capabilities). */
  addKey(
    permissions?: KeyPermissions,
    user?: ApiKey['user'],
  ): { consumerKey: string; consumerSecret: string };
  /** Adds an order as if placed now (or at the given `date_created_gmt`/`date_modified_gmt`); fires order.created. */
  addOrder(order: NewOrder): Order;
  /** Changes an order and stamps it modified now (or at `modifiedGmt`); fires order.updated. */
  updateOrder(id: number, changes: OrderChanges): Order;
  /** Adds a product as if created now; fires product.created. */
  addProduct(product: Partial<Product>): Product;
  /** Deletes a product for good, as an admin would; orders keep their lines. Fires product.deleted. */
  deleteProduct(id: number): void;
  /** The records as stored, for assertions. */
  products(): Product[];
  orders(): Order[];
  /** The API requests so far, oldest first. */
  requests(): LoggedRequest[];
  /** Adds a webhook as the admin screen does (no ping); answers it as the API shows it, with its id. */
  addWebhook(webhook: NewWebhook): { id: number; secret: string };
  /** Holds every delivery from now on, until released. */
  holdDeliveries(): void;
  /** Sends the held deliveries, one after another; `reverse` sends the newest first. */
  releaseDeliveries(options?: { reverse?: boolean }): Promise<void>;
  /** Sends a delivery again with the same body and headers (by `seq` or delivery id): a duplicate. */
  deliverAgain(which: number | string): Promise<Delivery>;
  /** Every delivery and ping so far, oldest first. */
  deliveries(): Delivery[];
  /** Resolves when no delivery is in flight or waiting for a retry. */
  deliveriesSettled(): Promise<void>;
  close(): Promise<void>;
}

const API_ROOT = '/wp-json/wc/v3/';
const MAX_BODY_BYTES = 1024 * 1024;
const HIDDEN_PARAMS = new Set(['consumer_secret', 'oauth_signature']);
/** A standalone emulator runs for long: its request log keeps the latest this many. */
const LOG_LIMIT = 10_000;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** WordPress's `_fields`: keeps only the named top-level fields of each record. */
function onlyFields(body: unknown, fields: string | null): unknown {
  if (fields === null || fields === '') return body;
  const names = new Set(fields.split(',').map((name) => name.trim().split('.')[0] ?? ''));
  const pick = (item: unknown): unknown =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)))
      : item;
  return Array.isArray(body) ? body.map(pick) : pick(body);
}

function send(response: ServerResponse, reply: Reply, fields: string | null = null): void {
  const ok = reply.status < 300;
  response.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=UTF-8',
    ...reply.headers,
  });
  response.end(phpJson(ok ? onlyFields(reply.body, fields) : reply.body));
}

export async function startWooCommerceEmulator(
  options: WooCommerceEmulatorOptions = {},
): Promise<WooCommerceEmulator> {
  const consumerKey = options.consumerKey ?? `ck_${randomBytes(20).toString('hex')}`;
  const consumerSecret = options.consumerSecret ?? `cs_${randomBytes(20).toString('hex')}`;
  const keys = new Map<string, ApiKey>([
    [consumerKey, { consumerSecret, permissions: 'read_write', user: 'administrator' }],
  ]);
  const store = seedStore();
  const switches = new SwitchBoard();
  const usedNonces = new Set<string>();
  const log: LoggedRequest[] = [];
  let siteUrl = '';
  const hub = new WebhookHub({
    source: () => `${siteUrl}/`,
    render: (resource, id) => {
      if (resource === 'order') {
        const order = store.orders.find((candidate) => candidate.id === id);
        return order && orderView(order, store, switches.malformed);
      }
      const list: { id: number }[] =
        resource === 'product' ? store.products : resource === 'customer' ? store.customers : [];
      return structuredClone(list.find((candidate) => candidate.id === id));
    },
    retryDelaysMs: options.webhookRetryDelaysMs,
    timeoutMs: options.webhookTimeoutMs,
  });
  const emit = (topic: string, id: number): void => {
    // WC_Webhook::is_valid_resource: draft orders are never delivered.
    const order = topic.startsWith('order.')
      ? store.orders.find((candidate) => candidate.id === id)
      : undefined;
    if (order?.status === 'checkout-draft' && !topic.endsWith('.deleted')) return;
    hub.emit(topic, id);
  };
  const handlers: readonly Handler[] = [products, customers, orders, webhooksApi(hub)];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '127.0.0.1';
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (!url.pathname.startsWith('/wp-json/')) {
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<html><body><h1>Not Found</h1></body></html>');
      return;
    }
    if (await switches.hold(request, response)) return;
    if (!url.pathname.startsWith(API_ROOT)) {
      request.resume();
      send(response, noRoute());
      return;
    }
    let raw: string;
    try {
      raw = await readBody(request);
    } catch {
      send(
        response,
        errorReply({
          status: 413,
          code: 'rest_request_too_large',
          message: 'The request body is too large.',
        }),
      );
      return;
    }
    let body: unknown = {};
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        send(
          response,
          errorReply({ status: 400, code: 'rest_invalid_json', message: 'Invalid JSON body passed.' }),
        );
        return;
      }
    }
    const now = new Date();
    const method = (request.method ?? 'GET').toUpperCase();
    const auth = checkCredentials(request, url, keys, usedNonces, now);
    log.push({
      method,
      path: url.pathname.slice(API_ROOT.length),
      query: Object.fromEntries([...url.searchParams].filter(([name]) => !HIDDEN_PARAMS.has(name))),
      auth: auth.method,
    });
    if (log.length > LOG_LIMIT) log.splice(0, log.length - LOG_LIMIT);
    if (auth.error !== undefined) {
      send(response, errorReply(auth.error));
      return;
    }
    const keyError = auth.key && checkKeyPermissions(auth.key, method);
    if (keyError !== undefined) {
      send(response, errorReply(keyError));
      return;
    }
    const segments = url.pathname
      .slice(API_ROOT.length)
      .split('/')
      .filter((segment) => segment !== '');
    const reply = route(
      {
        method,
        segments,
        url,
        origin: `http://${host}`,
        body,
        authenticated: auth.key?.user === 'administrator',
        store,
        now,
        malformed: switches.malformed,
        emit,
      },
      handlers,
    );
    // rest_authorization_required_code(): a logged-in user without the capability gets 403, not 401.
    const code = (reply.body as { code?: unknown } | null)?.code;
    if (
      auth.key !== undefined &&
      reply.status === 401 &&
      String(code).startsWith('woocommerce_rest_cannot_')
    ) {
      reply.status = 403;
      (reply.body as { data: { status: number } }).data.status = 403;
    }
    send(response, reply, url.searchParams.get('_fields'));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, errorReply({ status: 500, code: 'internal_server_error', message: String(error) }));
      } else {
        response.destroy();
      }
    });
  });
  const url = await listen(server, options);
  siteUrl = url;

  return {
    url,
    consumerKey,
    consumerSecret,
    ...switches.controls(),
    addKey(permissions = 'read_write', user = 'administrator') {
      const key = `ck_${randomBytes(20).toString('hex')}`;
      const secret = `cs_${randomBytes(20).toString('hex')}`;
      keys.set(key, { consumerSecret: secret, permissions, user });
      return { consumerKey: key, consumerSecret: secret };
    },
    addOrder(order) {
      const created = newOrder(store, order, new Date());
      store.orders.push(created);
      emit('order.created', created.id);
      return structuredClone(created);
    },
    updateOrder(id, changes) {
      const order = store.orders.find((candidate) => candidate.id === id);
      if (order === undefined) throw new Error(`no order ${id}`);
      changeOrder(order, changes, new Date());
      emit('order.updated', id);
      return structuredClone(order);
    },
    addProduct(product) {
      const created = newProduct(store, product, new Date());
      store.products.push(created);
      emit('product.created', created.id);
      return structuredClone(created);
    },
    deleteProduct(id) {
      if (deleteProduct(store, id, true) === undefined) throw new Error(`no product ${id}`);
      emit('product.deleted', id);
    },
    products: () => structuredClone(store.products),
    orders: () => structuredClone(store.orders),
    requests: () => structuredClone(log),
    addWebhook(webhook) {
      const created = hub.add(webhook, new Date());
      if ('code' in created) throw new Error(created.message);
      return { id: created.id, secret: created.secret };
    },
    holdDeliveries: () => hub.hold(),
    releaseDeliveries: (releaseOptions) => hub.release(releaseOptions),
    deliverAgain: (which) => hub.deliverAgain(which),
    deliveries: () => hub.deliveries(),
    deliveriesSettled: () => hub.settled(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        hub.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
