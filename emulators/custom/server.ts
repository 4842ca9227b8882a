import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../shared/listen.js';
import { SwitchBoard, type Switches } from '../shared/switches.js';
import { authenticate } from './auth.js';
import { customers } from './customers.js';
import { info } from './info.js';
import { items } from './items.js';
import { orders } from './orders.js';
import {
  type Capabilities,
  type Change,
  type Entity,
  type Handler,
  problem,
  type Reply,
  replacedKey,
  route,
} from './router.js';
import {
  at,
  type Customer,
  cartStatusOf,
  type Item,
  type NewOrder,
  newCustomer,
  newItem,
  newOrder,
  type Order,
  type OrderStatus,
  seedStore,
} from './seed.js';
import { stock } from './stock.js';
import { webhooks } from './subscriptions.js';
import { type CartEvent, type Delivery, WebhookSender } from './webhooks.js';

export interface CustomCartEmulatorOptions {
  host?: string;
  port?: number;
  token?: string | undefined;
  readOnlyToken?: string | undefined;
  name?: string;
  currency?: string;
  /** Parts of the protocol the cart offers; all of them unless said. */
  capabilities?: Partial<Capabilities>;
  /** Waits before retrying a failed webhook delivery; none unless given. */
  webhookRetryDelaysMs?: readonly number[];
}

export interface CustomCartEmulator extends Switches {
  /** The cart's base address: the protocol lives under `${url}/tandem-cart/v1/`. */
  url: string;
  /** A token that may read and write. */
  token: string;
  /** A token that may only read. */
  readOnlyToken: string;
  /** Adds an item as if created in the cart now (or at `updatedAt`); sends item.updated. */
  addItem(item?: Partial<Omit<Item, 'id'>>): Item;
  /** Changes an item and stamps it changed now (or at `updatedAt`); sends item.updated. */
  updateItem(id: string, changes: Partial<Omit<Item, 'id'>>): Item;
  addCustomer(customer?: Partial<Omit<Customer, 'id'>>): Customer;
  updateCustomer(id: string, changes: Partial<Omit<Customer, 'id'>>): Customer;
  /** Places an order now (or at `createdAt`); sends order.created. */
  addOrder(order: NewOrder): Order;
  /** Moves an order to a status, stamped now (or at `updatedAt`); sends order.updated. */
  updateOrder(id: string, changes: { status?: OrderStatus; updatedAt?: string }): Order;
  /** Answers `value` in place of the record wherever it appears (lists and reads), until reset. */
  replaceRecord(entity: Entity, id: string, value: unknown): void;
  items(): Item[];
  customers(): Customer[];
  orders(): Order[];
  /** Registers a webhook address as POST /webhooks does, signed with the read-write token. */
  subscribe(url: string): string;
  /** Every event the cart has sent or held, oldest first. */
  webhookEvents(): CartEvent[];
  /** Every delivery attempt, in the order they finished. */
  webhookDeliveries(): Delivery[];
  /** Keeps events back from now on, until `releaseWebhooks`. */
  holdWebhooks(): void;
  /** Sends the held events in the order they happened, or reversed (out of order), and waits for them. */
  releaseWebhooks(order?: 'in_order' | 'reversed'): Promise<void>;
  /** Delivers an event again (same id and body, signed afresh) and answers those attempts. */
  deliverAgain(eventId: string): Promise<Delivery[]>;
  /** Waits until no webhook is being sent. */
  webhooksSettled(): Promise<void>;
  close(): Promise<void>;
}

const API_ROOT = '/tandem-cart/v1/';
const MAX_BODY_BYTES = 1024 * 1024;
const HANDLERS: readonly Handler[] = [info, items, customers, orders, stock, webhooks];

class TooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    response.writeHead(reply.status, reply.headers);
    response.end();
    return;
  }
  response.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
  response.end(JSON.stringify(reply.body));
}

/** The switchboard's 429 as this protocol words it: problem+json with Retry-After. */
function refusalReply(refusal: {
  status: number;
  headers: Record<string, string>;
  body: string;
}): Reply | undefined {
  if (refusal.status !== 429) return undefined;
  const reply = problem(429, 'rate_limited', 'Too many requests; try again after Retry-After seconds.');
  return { ...reply, headers: { ...reply.headers, 'Retry-After': refusal.headers['Retry-After'] ?? '1' } };
}

export async function startCustomCartEmulator(
  options: CustomCartEmulatorOptions = {},
): Promise<CustomCartEmulator> {
  const tokens = {
    token: options.token ?? `tct_${randomBytes(24).toString('hex')}`,
    readOnlyToken: options.readOnlyToken ?? `tct_ro_${randomBytes(24).toString('hex')}`,
  };
  const capabilities: Capabilities = {
    orders: true,
    items: true,
    customers: true,
    stock: true,
    webhooks: true,
    ...options.capabilities,
  };
  const store = seedStore({
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.currency === undefined ? {} : { currency: options.currency }),
  });
  const switches = new SwitchBoard();
  const replaced = new Map<string, unknown>();
  const sender = new WebhookSender({
    retryDelaysMs: options.webhookRetryDelaysMs ?? [],
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://cart.invalid');
    if (!url.pathname.startsWith('/tandem-cart/')) {
      request.resume();
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<html><body><h1>Not Found</h1></body></html>');
      return;
    }
    const refused = await switches.hold(request, response, (refusal) => {
      const reply = refusalReply(refusal);
      if (reply !== undefined) send(response, reply);
      return reply !== undefined;
    });
    if (refused) return;
    const auth = authenticate(request.headers.authorization, tokens);
    if ('status' in auth) {
      request.resume();
      send(response, auth);
      return;
    }
    if (!url.pathname.startsWith(API_ROOT)) {
      request.resume();
      send(
        response,
        problem(404, 'not_found', `No endpoint answers ${url.pathname}; this cart speaks tandem-cart/1.`),
      );
      return;
    }
    let raw: string;
    try {
      raw = await readBody(request);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      send(response, problem(413, 'too_large', `A request body may hold at most ${MAX_BODY_BYTES} bytes.`));
      return;
    }
    let body: unknown;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        send(response, problem(400, 'invalid_request', 'The body is not JSON.'));
        return;
      }
    }
    const now = new Date();
    const segments = url.pathname.slice(API_ROOT.length).split('/');
    if (segments.at(-1) === '') segments.pop();
    let decoded: string[];
    try {
      decoded = segments.map((segment) => decodeURIComponent(segment));
    } catch {
      send(response, problem(404, 'not_found', 'The path is not validly percent-encoded.'));
      return;
    }
    const reply = route(
      {
        method: (request.method ?? 'GET').toUpperCase(),
        segments: decoded,
        query: url.searchParams,
        body,
        canWrite: auth.canWrite,
        token: auth.token,
        store,
        capabilities,
        now,
        replaced,
        malformed: switches.malformed,
        subscriptions: sender,
        changed: (change) => sender.emit(change, now),
      },
      HANDLERS,
    );
    send(response, reply);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, problem(500, 'internal_error', 'The cart failed.'));
      else response.destroy();
    });
  });
  const url = await listen(server, options);

  const change = (type: Change['type'], record: { id: string; updatedAt: string }) =>
    sender.emit({ type, id: record.id, updatedAt: record.updatedAt }, new Date());
  const find = <T extends { id: string }>(records: T[], id: string, what: string): T => {
    const found = records.find((candidate) => candidate.id === id);
    if (found === undefined) throw new Error(`no ${what} ${id}`);
    return found;
  };

  return {
    url,
    ...tokens,
    ...switches.controls(),
    reset() {
      switches.reset();
      replaced.clear();
    },
    addItem(input = {}) {
      const item = newItem(store, input, new Date());
      store.items.push(item);
      change('item.updated', item);
      return structuredClone(item);
    },
    updateItem(id, changes) {
      const item = find(store.items, id, 'item');
      Object.assign(item, changes, { id, updatedAt: changes.updatedAt ?? at(new Date()) });
      change('item.updated', item);
      return structuredClone(item);
    },
    addCustomer(input = {}) {
      const customer = newCustomer(store, input, new Date());
      store.customers.push(customer);
      change('customer.updated', customer);
      return structuredClone(customer);
    },
    updateCustomer(id, changes) {
      const customer = find(store.customers, id, 'customer');
      Object.assign(customer, changes, { id, updatedAt: changes.updatedAt ?? at(new Date()) });
      change('customer.updated', customer);
      return structuredClone(customer);
    },
    addOrder(input) {
      const order = newOrder(store, input, new Date());
      store.orders.push(order);
      change('order.created', order);
      return structuredClone(order);
    },
    updateOrder(id, changes) {
      const order = find(store.orders, id, 'order');
      if (changes.status !== undefined) {
        order.status = changes.status;
        order.cartStatus = cartStatusOf[changes.status];
      }
      order.updatedAt = changes.updatedAt ?? at(new Date());
      change('order.updated', order);
      return structuredClone(order);
    },
    replaceRecord(entity, id, value) {
      replaced.set(replacedKey(entity, id), structuredClone(value));
    },
    items: () => structuredClone(store.items),
    customers: () => structuredClone(store.customers),
    orders: () => structuredClone(store.orders),
    subscribe: (address) => sender.add(address, tokens.token, new Date()).subscription.id,
    webhookEvents: () => structuredClone(sender.events),
    webhookDeliveries: () => structuredClone(sender.deliveries),
    holdWebhooks: () => sender.hold(),
    releaseWebhooks: (order) => sender.release(order),
    deliverAgain: (eventId) => sender.deliverAgain(eventId),
    webhooksSettled: () => sender.settled(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        sender.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
