import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { listen } from '../shared/listen.js';
import { SwitchBoard, type Switches } from '../shared/switches.js';
import { checkCredentials } from './auth.js';
import { customers } from './customers.js';
import { orders } from './orders.js';
import { products } from './products.js';
import { errorReply, type Handler, noRoute, type Reply, route } from './router.js';
import { type NewOrder, newOrder, newProduct, type Order, type Product, seedStore } from './seed.js';

export interface WooCommerceEmulatorOptions {
  host?: string;
  port?: number;
  consumerKey?: string;
  consumerSecret?: string;
}

export interface WooCommerceEmulator extends Switches {
  /** The store's site URL; the API lives under `${url}/wp-json/wc/v3/`. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** Adds an order as if placed now (or at the given `date_created_gmt`/`date_modified_gmt`). */
  addOrder(order: NewOrder): Order;
  /** Changes an order's status and stamps it modified now (or at `modifiedGmt`). */
  updateOrder(id: number, changes: { status?: string; modifiedGmt?: string }): Order;
  /** Adds a product as if created now. */
  addProduct(product: Partial<Product>): Product;
  /** The records as stored, for assertions. */
  products(): Product[];
  orders(): Order[];
  close(): Promise<void>;
}

const API_ROOT = '/wp-json/wc/v3/';
const MAX_BODY_BYTES = 1024 * 1024;
const HANDLERS: readonly Handler[] = [products, customers, orders];

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

function send(response: ServerResponse, reply: Reply): void {
  response.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=UTF-8',
    ...reply.headers,
  });
  response.end(JSON.stringify(reply.body));
}

export async function startWooCommerceEmulator(
  options: WooCommerceEmulatorOptions = {},
): Promise<WooCommerceEmulator> {
  const consumerKey = options.consumerKey ?? `ck_${randomBytes(20).toString('hex')}`;
  const consumerSecret = options.consumerSecret ?? `cs_${randomBytes(20).toString('hex')}`;
  const keys = { consumerKey, consumerSecret };
  const store = seedStore();
  const switches = new SwitchBoard();
  const usedNonces = new Set<string>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = request.headers.host ?? '127.0.0.1';
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (!url.pathname.startsWith('/wp-json/')) {
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<html><body><h1>Not Found</h1></body></html>');
      return;
    }
    const refusal = switches.refusal();
    if (refusal !== undefined) {
      request.resume();
      response.writeHead(refusal.status, refusal.headers);
      response.end(refusal.body);
      return;
    }
    if (switches.delayMs > 0) await delay(switches.delayMs);
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
    const auth = checkCredentials(request, url, keys, usedNonces, now);
    if (auth.error !== undefined) {
      send(response, errorReply(auth.error));
      return;
    }
    const segments = url.pathname
      .slice(API_ROOT.length)
      .split('/')
      .filter((segment) => segment !== '');
    const reply = route(
      {
        method: (request.method ?? 'GET').toUpperCase(),
        segments,
        url,
        origin: `http://${host}`,
        body,
        authenticated: auth.authenticated,
        store,
        now,
        malformed: switches.malformed,
      },
      HANDLERS,
    );
    send(response, reply);
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

  return {
    url,
    consumerKey,
    consumerSecret,
    ...switches.controls(),
    addOrder(order) {
      const created = newOrder(store, order, new Date());
      store.orders.push(created);
      return structuredClone(created);
    },
    updateOrder(id, changes) {
      const order = store.orders.find((candidate) => candidate.id === id);
      if (order === undefined) throw new Error(`no order ${id}`);
      if (changes.status !== undefined) order.status = changes.status;
      const modified = changes.modifiedGmt ?? new Date().toISOString().slice(0, 19);
      order.date_modified = modified;
      order.date_modified_gmt = modified;
      return structuredClone(order);
    },
    addProduct(product) {
      const created = newProduct(store, product, new Date());
      store.products.push(created);
      return structuredClone(created);
    },
    products: () => structuredClone(store.products),
    orders: () => structuredClone(store.orders),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
