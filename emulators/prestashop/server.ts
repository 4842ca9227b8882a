import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { listen } from '../shared/listen.js';
import { SwitchBoard, type Switches } from '../shared/switches.js';
import { authenticate } from './auth.js';
import { customers } from './customers.js';
import { orders } from './orders.js';
import { errorReply, type Format, listReply, oneReply, type PsError, type Reply } from './output.js';
import { applyListQuery, parseListQuery } from './paging.js';
import { products } from './products.js';
import type { Resource } from './resources.js';
import { type NewOrder, newOrder, type Row, type Store, seedStore, shopDate } from './seed.js';
import { stockAvailables } from './stock-availables.js';
import { parseXml, type XmlElement } from './xml.js';

export interface PrestaShopEmulatorOptions {
  host?: string;
  port?: number;
  /** The webservice key (32 characters); a random one when absent. */
  key?: string;
}

export interface PrestaShopEmulator extends Switches {
  /** The shop's URL; the webservice lives under `${url}/api/`. */
  url: string;
  key: string;
  /** Adds an order as if placed now (or at the given `date_add`/`date_upd`). */
  addOrder(order: NewOrder): Row;
  /** Changes an order's state and stamps `date_upd` now (or at `dateUpd`, shop time). */
  updateOrder(id: number, changes: { current_state?: number; dateUpd?: string }): Row;
  /** The records as stored, for assertions. */
  products(): Row[];
  orders(): Row[];
  stockAvailables(): Row[];
  close(): Promise<void>;
}

export const PSWS_VERSION = '8.1.7';
const MAX_BODY_BYTES = 1024 * 1024;
const RESOURCES: readonly Resource[] = [products, customers, orders, stockAvailables];
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

/** The XML body as PrestaShop takes it: raw, or form-encoded as `xml=…`. */
function xmlText(raw: string, contentType: string | undefined): string {
  if (contentType?.includes('application/x-www-form-urlencoded') || /^xml=/.test(raw)) {
    return new URLSearchParams(raw).get('xml') ?? '';
  }
  return raw;
}

/** A malformed order as a buggy module might leave it: wrong types, fields and rows gone. */
function broken(row: Row): Row {
  const copy = structuredClone(row);
  copy.fields.total_paid = 'NaN';
  delete copy.fields.id_customer;
  copy.associations = {};
  return copy;
}

function putRecord(resource: Resource, rows: Row[], id: number, raw: string, full: boolean): Row | PsError {
  let document: XmlElement;
  try {
    document = parseXml(raw);
  } catch (error) {
    return {
      status: 500,
      code: 127,
      message: `HTTP XML response is not parsable: ${(error as Error).message}`,
    };
  }
  const element = document.children.find((child) => child.name === resource.singular);
  if (document.name !== 'prestashop' || element === undefined) {
    return { status: 400, code: 40, message: `Bad XML: the root must be <prestashop><${resource.singular}>` };
  }
  const sent = new Map(element.children.map((child) => [child.name, child.text]));
  const sentId = sent.get('id');
  if (sentId === undefined || sentId.trim() === '') {
    return { status: 400, code: 90, message: 'Id is required when modifying a resource' };
  }
  if (Number(sentId) !== id) return { status: 400, code: 89, message: 'Id is invalid' };
  const row = rows.find((candidate) => candidate.id === id);
  if (row === undefined)
    return { status: 404, code: 92, message: `Unable to find the resource with id: ${id}` };
  for (const name of sent.keys()) {
    if (name === 'id' || name === 'associations') continue;
    if (!resource.fields.includes(name)) continue;
    if (!resource.writable.includes(name)) {
      return {
        status: 400,
        code: 93,
        message: `parameter "${name}" not writable. Please remove this attribute of this XML`,
      };
    }
  }
  const next = { ...row.fields };
  for (const name of resource.writable) {
    const value = sent.get(name);
    if (value === undefined) {
      if (full) next[name] = resource.blanks[name] ?? '';
      continue;
    }
    const check = resource.validate[name];
    if (check !== undefined && !check(value)) {
      return {
        status: 400,
        code: 85,
        message: `Validation error: "Property ${resource.className}->${name} is not valid"`,
      };
    }
    next[name] = value;
  }
  row.fields = next;
  return row;
}

export async function startPrestaShopEmulator(
  options: PrestaShopEmulatorOptions = {},
): Promise<PrestaShopEmulator> {
  const key = options.key ?? randomKey();
  if (key.length !== 32) throw new Error('a PrestaShop webservice key has 32 characters');
  const store: Store = seedStore();
  const switches = new SwitchBoard();

  function answer(
    method: string,
    segments: string[],
    url: URL,
    origin: string,
    body: string,
    format: Format,
  ): Reply {
    const [name, rawId, ...rest] = segments;
    if (name === undefined) {
      return errorReply(
        { status: 400, code: 27, message: 'Resource list is not available in this emulator' },
        format,
      );
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
    if (!resource.methods.includes(method)) {
      return errorReply(
        { status: 405, code: 25, message: 'This method is not allowed with this authentication key' },
        format,
      );
    }
    if (rest.length > 0 || (rawId !== undefined && !/^\d+$/.test(rawId))) {
      return errorReply({ status: 400, code: 28, message: `The "${rawId}" id is invalid` }, format);
    }
    const rows = store[resource.name];
    const shown = (row: Row): Row =>
      resource.name === 'orders' && switches.malformed.has(row.id) ? broken(row) : row;
    if (method === 'PUT' || method === 'PATCH') {
      if (rawId === undefined) {
        return errorReply(
          { status: 400, code: 90, message: 'Id is required when modifying a resource' },
          format,
        );
      }
      const result = putRecord(resource, rows, Number(rawId), body, method === 'PUT');
      if ('code' in result) return errorReply(result, format);
      return oneReply(result, resource, format, origin);
    }
    const list = parseListQuery(url.searchParams, resource);
    if ('code' in list) return errorReply(list, format);
    if (rawId !== undefined) {
      const row = rows.find((candidate) => candidate.id === Number(rawId));
      if (row === undefined)
        return errorReply({ status: 404, code: 87, message: `Id(s) not exists: ${rawId}` }, format);
      // With a display parameter the renderer answers the list shape, even for one id.
      if (list.display !== undefined) return listReply([shown(row)], resource, list.display, format, origin);
      return oneReply(shown(row), resource, format, origin);
    }
    const chosen = applyListQuery(rows, list).map(shown);
    return listReply(chosen, resource, list.display, format, origin);
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
    const refusal = switches.refusal();
    if (refusal !== undefined) {
      request.resume();
      response.writeHead(refusal.status, refusal.headers);
      response.end(refusal.body);
      return;
    }
    if (switches.delayMs > 0) await delay(switches.delayMs);
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
    const denied = authenticate(request, url, key);
    if (denied !== undefined) {
      reply(errorReply(denied, format), false);
      return;
    }
    const segments = url.pathname
      .slice('/api/'.length)
      .split('/')
      .filter((segment) => segment !== '');
    reply(answer(method, segments, url, `http://${host}`, body, format), true);

    function reply(result: Reply, authenticated: boolean): void {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const headers: Record<string, string> = {
        'Content-Type': result.format === 'JSON' ? 'application/json' : 'text/xml;charset=utf-8',
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
      if (changes.current_state !== undefined) order.fields.current_state = String(changes.current_state);
      order.fields.date_upd = changes.dateUpd ?? shopDate(new Date());
      return structuredClone(order);
    },
    products: () => structuredClone(store.products),
    orders: () => structuredClone(store.orders),
    stockAvailables: () => structuredClone(store.stock_availables),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
