import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../shared/listen.js';
import { SwitchBoard, type Switches } from '../shared/switches.js';
import { addresses } from './addresses.js';
import { resourceIndex } from './api-index.js';
import { authenticate } from './auth.js';
import { countries } from './countries.js';
import { currencies } from './currencies.js';
import { customers } from './customers.js';
import { orderStates } from './order-states.js';
import { orders } from './orders.js';
import { blankReply, errorReply, type Format, listReply, oneReply, type Reply, type View } from './output.js';
import { applyListQuery, parseListQuery } from './paging.js';
import { products } from './products.js';
import type { Resource } from './resources.js';
import { type NewOrder, newOrder, paidReal, type Row, type Store, seedStore, shopDate } from './seed.js';
import { stockAvailables } from './stock-availables.js';
import { saveRecord, xmlText } from './writes.js';

export interface PrestaShopEmulatorOptions {
  host?: string;
  port?: number;
  /** The webservice key (32 characters); a random one when absent. */
  key?: string;
  /** Installed language ids, in order; the first is the default. `[1]` when absent. */
  languages?: number[];
  /**
   * Resource → the methods the key is granted, for a key set up with fewer rights; a resource left
   * out is not granted at all. Every resource with every method it serves when absent.
   */
  permissions?: Partial<Record<keyof Store, readonly string[]>>;
  /** Behave as a host that drops the Authorization header before PHP sees it: only `ws_key` works. */
  dropsAuthorizationHeader?: boolean;
}

export type WritableResource = 'products' | 'customers' | 'addresses';

export interface PrestaShopEmulator extends Switches {
  /** The shop's URL; the webservice lives under `${url}/api/`. */
  url: string;
  key: string;
  /** Adds an order as if placed now (or at the given `date_add`/`date_upd`). */
  addOrder(order: NewOrder): Row;
  /** Changes an order's state and stamps `date_upd` now (or at `dateUpd`, shop time). */
  updateOrder(id: number, changes: { current_state?: number; dateUpd?: string }): Row;
  /** Changes fields of a product, customer or address as the back office would (dates included). */
  updateRecord(resource: WritableResource, id: number, fields: Record<string, string>): Row;
  /** Deletes a product and its stock rows; orders keep their lines naming it. */
  deleteProduct(id: number): void;
  /** The records as stored, for assertions. */
  products(): Row[];
  customers(): Row[];
  orders(): Row[];
  stockAvailables(): Row[];
  close(): Promise<void>;
}

export const PSWS_VERSION = '8.1.7';
const MAX_BODY_BYTES = 1024 * 1024;
const RESOURCES: readonly Resource[] = [
  addresses,
  countries,
  currencies,
  customers,
  orderStates,
  orders,
  products,
  stockAvailables,
];
const KEY_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomKey(): string {
  return [...randomBytes(32)].map((byte) => KEY_LETTERS[byte % KEY_LETTERS.length]).join('');
}

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

function outputFormat(request: IncomingMessage, url: URL): Format {
  const chosen =
    url.searchParams.get('output_format') ??
    url.searchParams.get('io_format') ??
    request.headers['output-format'] ??
    request.headers['io-format'];
  return typeof chosen === 'string' && chosen.toUpperCase() === 'JSON' ? 'JSON' : 'XML';
}

/** A malformed order as a buggy module might leave it: wrong types, fields and rows gone. */
function broken(row: Row): Row {
  const copy = structuredClone(row);
  copy.fields.total_paid = 'NaN';
  copy.fields.total_paid_tax_incl = 'NaN';
  delete copy.fields.id_customer;
  copy.associations = {};
  return copy;
}

export async function startPrestaShopEmulator(
  options: PrestaShopEmulatorOptions = {},
): Promise<PrestaShopEmulator> {
  const key = options.key ?? randomKey();
  if (key.length !== 32) throw new Error('a PrestaShop webservice key has 32 characters');
  const languages = options.languages ?? [1];
  if (languages.length === 0) throw new Error('a shop has at least one language');
  const store: Store = seedStore(languages);
  const switches = new SwitchBoard();
  const granted = (resource: Resource): readonly string[] | undefined =>
    options.permissions === undefined ? resource.methods : options.permissions[resource.name];

  function answer(method: string, segments: string[], url: URL, body: string, view: View): Reply {
    const { format } = view;
    const [name, rawId, ...rest] = segments;
    if (name === undefined) {
      if (method !== 'GET' && method !== 'HEAD') {
        return errorReply({ status: 405, code: 23, message: `Method ${method} is not valid` }, format);
      }
      return resourceIndex(RESOURCES, granted, 'Tandem test shop', view);
    }
    const resource = RESOURCES.find((candidate) => candidate.name === name);
    if (resource === undefined) {
      return errorReply(
        {
          status: 400,
          code: 27,
          message: `Resource of type "${name}" does not exists. Did you mean: "${RESOURCES.map((r) => r.name).join('", "')}"?`,
        },
        format,
      );
    }
    const rights = granted(resource);
    if (rights === undefined) {
      return errorReply(
        {
          status: 401,
          code: 26,
          message: `Resource of type "${name}" is not allowed with this authentication key`,
        },
        format,
      );
    }
    if (!resource.methods.includes(method)) {
      return errorReply(
        { status: 405, code: 101, message: `Method ${method} is not allowed for the resource ${name}` },
        format,
      );
    }
    if (!rights.includes(method)) {
      return errorReply(
        {
          status: 405,
          code: 25,
          message: `Method ${method} is not allowed for the resource ${name} with this authentication key`,
        },
        format,
      );
    }
    if (rest.length > 0 || (rawId !== undefined && !/^\d+$/.test(rawId))) {
      return errorReply({ status: 400, code: 28, message: `The "${rawId}" id is invalid` }, format);
    }
    const rows = store[resource.name];
    const shown = (row: Row): Row =>
      resource.name === 'orders' && switches.malformed.has(row.id) ? broken(row) : row;
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      if (method === 'POST' && rawId !== undefined) {
        return errorReply(
          { status: 400, code: 91, message: 'id is forbidden when adding a new resource' },
          format,
        );
      }
      if (method !== 'POST' && rawId === undefined) {
        return errorReply(
          { status: 400, code: 90, message: 'Id is required when modifying a resource' },
          format,
        );
      }
      const saved = saveRecord(resource, store, {
        method,
        ...(rawId !== undefined ? { id: Number(rawId) } : {}),
        body,
        languages,
      });
      if ('code' in saved) return errorReply(saved, format);
      return oneReply(saved.row, resource, view, saved.status);
    }
    const schema = url.searchParams.get('schema');
    if (schema !== null) {
      if (schema !== 'blank' && schema !== 'synopsis') {
        return errorReply(
          { status: 400, code: 28, message: "Please select a schema of type 'synopsis' or 'blank'" },
          format,
        );
      }
      return blankReply(resource, view);
    }
    const list = parseListQuery(url.searchParams, resource);
    if ('code' in list) return errorReply(list, format);
    if (rawId !== undefined) {
      const row = rows.find((candidate) => candidate.id === Number(rawId));
      // getFilteredObjectDetails finds nothing and sets no error: a bare 404, no body, no content type.
      if (row === undefined) return { status: 404, format, body: '' };
      // With a display parameter the renderer answers the list shape, even for one id.
      if (list.display !== undefined) return listReply([shown(row)], resource, list.display, view);
      return oneReply(shown(row), resource, view);
    }
    const chosen = applyListQuery(rows, list).map(shown);
    return listReply(chosen, resource, list.display, view);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const host = request.headers.host ?? '127.0.0.1';
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname !== '/api' && !url.pathname.startsWith('/api/')) {
      request.resume();
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end('<html><body><h1>Not Found</h1></body></html>');
      return;
    }
    if (await switches.hold(request, response)) return;
    const format = outputFormat(request, url);
    let method = (request.method ?? 'GET').toUpperCase();
    const override = url.searchParams.get('ps_method')?.toUpperCase();
    if (override !== undefined && ['PUT', 'PATCH', 'DELETE'].includes(override)) method = override;
    let body = '';
    try {
      body = xmlText(await readBody(request), request.headers['content-type']);
    } catch {
      reply(errorReply({ status: 413, code: 1, message: 'The request body is too large' }, format), false);
      return;
    }
    const denied = authenticate(request, url, key, options.dropsAuthorizationHeader === true);
    if (denied !== undefined) {
      reply(errorReply(denied, format), false);
      return;
    }
    const segments = url.pathname
      .slice('/api/'.length)
      .split('/')
      .filter((segment) => segment !== '');
    reply(answer(method, segments, url, body, { format, origin: `http://${host}`, languages }), true);

    function reply(result: Reply, authenticated: boolean): void {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const headers: Record<string, string> = {
        ...(result.body === ''
          ? {}
          : { 'Content-Type': result.format === 'JSON' ? 'application/json' : 'text/xml;charset=utf-8' }),
        'X-Powered-By': 'PrestaShop Webservice',
        'Access-Time': String(Math.floor(Date.now() / 1000)),
        'Execution-Time': seconds.toFixed(3),
        'Content-Sha1': createHash('sha1').update(result.body).digest('hex'),
        ...result.headers,
      };
      if (authenticated) headers['PSWS-Version'] = PSWS_VERSION;
      response.writeHead(result.status, headers);
      response.end(method === 'HEAD' ? undefined : result.body);
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/xml;charset=utf-8' });
        response.end(errorReply({ status: 500, code: 0, message: String(error) }, 'XML').body);
      } else {
        response.destroy();
      }
    });
  });
  const url = await listen(server, options);

  return {
    url,
    key,
    ...switches.controls(),
    addOrder(order) {
      const created = newOrder(store, order, new Date());
      store.orders.push(created);
      return structuredClone(created);
    },
    updateOrder(id, changes) {
      const order = store.orders.find((candidate) => candidate.id === id);
      if (order === undefined) throw new Error(`no order ${id}`);
      if (changes.current_state !== undefined) {
        order.fields.current_state = String(changes.current_state);
        order.fields.total_paid_real = paidReal(order.fields.current_state, order.fields.total_paid ?? '0');
      }
      order.fields.date_upd = changes.dateUpd ?? shopDate(new Date());
      return structuredClone(order);
    },
    updateRecord(resource, id, fields) {
      const row = store[resource].find((candidate) => candidate.id === id);
      if (row === undefined) throw new Error(`no ${resource} ${id}`);
      Object.assign(row.fields, { date_upd: shopDate(new Date()) }, fields);
      return structuredClone(row);
    },
    deleteProduct(id) {
      store.products = store.products.filter((row) => row.id !== id);
      store.stock_availables = store.stock_availables.filter((row) => row.fields.id_product !== String(id));
    },
    products: () => structuredClone(store.products),
    customers: () => structuredClone(store.customers),
    orders: () => structuredClone(store.orders),
    stockAvailables: () => structuredClone(store.stock_availables),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
