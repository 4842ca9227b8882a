import { BodyReader, MAX_AMOUNT, MIN_STOCK } from './fields.js';
import { contains, pageOf, parseListQuery } from './paging.js';
import {
  invalid,
  methodNotAllowed,
  notFound,
  notSupported,
  problem,
  type Reply,
  type Request,
  readOnly,
  shown,
} from './router.js';
import { at, type Item, newItem } from './seed.js';

type ItemFields = Omit<Item, 'id' | 'updatedAt' | 'active'> & { active: boolean | undefined };

/** The writable fields: all of them on every write but `active`, which keeps its value when left out. */
function readItem(request: Request): ItemFields | Reply {
  const body = new BodyReader(request.body);
  const sku = body.text('sku', 64, { min: 1, nullable: true });
  const name = body.text('name', 200, { min: 1 });
  const price = body.whole('price', 0, MAX_AMOUNT);
  const currency = body.currency('currency', request.store.currency);
  const stock = body.whole('stock', MIN_STOCK, MAX_AMOUNT, { nullable: true });
  const active = body.has('active') ? body.boolean('active') : undefined;
  if (body.errors.length > 0) return invalid('The item is not valid.', body.errors);
  return {
    sku: sku ?? null,
    name: name as string,
    price: price as number,
    currency: currency as string,
    stock: stock ?? null,
    active,
  };
}

function skuTaken(request: Request, sku: string | null, exceptId?: string): Reply | undefined {
  if (sku === null) return undefined;
  const other = request.store.items.find(
    (item) => item.id !== exceptId && item.sku?.toLowerCase() === sku.toLowerCase(),
  );
  return other === undefined
    ? undefined
    : problem(409, 'conflict', `Another item has the SKU ${sku}.`, { existingId: other.id });
}

function create(request: Request): Reply {
  const fields = readItem(request);
  if ('status' in fields) return fields;
  const taken = skuTaken(request, fields.sku);
  if (taken !== undefined) return taken;
  const item = newItem(
    request.store,
    { ...fields, active: fields.active ?? true, updatedAt: at(request.now) },
    request.now,
  );
  request.store.items.push(item);
  request.changed({ type: 'item.updated', id: item.id, updatedAt: item.updatedAt });
  return {
    status: 201,
    body: structuredClone(item),
    headers: { Location: `/tandem-cart/v1/items/${item.id}` },
  };
}

function update(request: Request, item: Item): Reply {
  const fields = readItem(request);
  if ('status' in fields) return fields;
  const taken = skuTaken(request, fields.sku, item.id);
  if (taken !== undefined) return taken;
  Object.assign(item, fields, { active: fields.active ?? item.active, updatedAt: at(request.now) });
  request.changed({ type: 'item.updated', id: item.id, updatedAt: item.updatedAt });
  return { status: 200, body: structuredClone(item) };
}

/** /items and /items/{id}. */
export function items(request: Request): Reply | undefined {
  const [resource, id, extra] = request.segments;
  if (resource !== 'items' || extra !== undefined) return undefined;
  if (!request.capabilities.items) return notSupported('items');
  const writing = request.method === 'POST' || request.method === 'PUT';
  if (writing && !request.canWrite) return readOnly();
  if (id === undefined) {
    if (request.method === 'POST') return create(request);
    if (request.method !== 'GET') return methodNotAllowed('GET, POST');
    const query = parseListQuery(request.query);
    if ('status' in query) return query;
    const page = pageOf(request.store.items, query, (item, q) => contains(q, item.name, item.sku));
    return {
      status: 200,
      body: { data: page.data.map((item) => shown(request, 'items', item)), nextCursor: page.nextCursor },
    };
  }
  if (request.method !== 'GET' && request.method !== 'PUT') return methodNotAllowed('GET, PUT');
  const item = request.store.items.find((candidate) => candidate.id === id);
  if (item === undefined) return notFound(`item ${id}`);
  return request.method === 'PUT'
    ? update(request, item)
    : { status: 200, body: shown(request, 'items', item) };
}
