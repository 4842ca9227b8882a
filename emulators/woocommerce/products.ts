import { notAllowed, type WcError } from './auth.js';
import { filterByDates, matches, paginate, parseListParams, sortItems } from './paging.js';
import { errorReply, idSegment, type Reply, type Request, record } from './router.js';
import { newProduct, type Product, type Store, wcDate } from './seed.js';

const BATCH_LIMIT = 100;
const ORDERBY = [
  'date',
  'modified',
  'id',
  'include',
  'title',
  'slug',
  'price',
  'popularity',
  'rating',
] as const;

function invalidId(status: number): WcError {
  return { status, code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.' };
}

function duplicateSku(sku: string, store: Store, exceptId?: number): boolean {
  return sku !== '' && store.products.some((product) => product.sku === sku && product.id !== exceptId);
}

function stockStatusOf(product: Product): Product['stock_status'] {
  if ((product.stock_quantity ?? 0) > 0) return 'instock';
  return product.backorders === 'no' ? 'outofstock' : 'onbackorder';
}

/** Applies writable fields the way the products controller does; stock only counts while managed. */
function applyChanges(product: Product, input: Record<string, unknown>, now: Date): void {
  for (const field of ['name', 'sku', 'regular_price', 'sale_price'] as const) {
    if (typeof input[field] === 'string') product[field] = input[field];
  }
  if (typeof input.status === 'string') product.status = input.status as Product['status'];
  if (typeof input.backorders === 'string') product.backorders = input.backorders as Product['backorders'];
  product.price = product.sale_price || product.regular_price;
  if (typeof input.manage_stock === 'boolean' && product.type !== 'external' && product.type !== 'grouped') {
    product.manage_stock = input.manage_stock;
  }
  if (product.manage_stock) {
    if (input.stock_quantity !== undefined && input.stock_quantity !== null) {
      product.stock_quantity = Math.trunc(Number(input.stock_quantity)) || 0;
    } else if (input.inventory_delta !== undefined) {
      product.stock_quantity =
        (product.stock_quantity ?? 0) + (Math.trunc(Number(input.inventory_delta)) || 0);
    }
    product.stock_status = stockStatusOf(product);
  } else {
    product.stock_quantity = null;
    if (typeof input.stock_status === 'string')
      product.stock_status = input.stock_status as Product['stock_status'];
  }
  product.date_modified = wcDate(now);
  product.date_modified_gmt = wcDate(now);
}

function create(store: Store, input: Record<string, unknown>, now: Date): Product | WcError {
  const sku = typeof input.sku === 'string' ? input.sku : '';
  if (duplicateSku(sku, store))
    return { status: 400, code: 'product_invalid_sku', message: 'Invalid or duplicated SKU.' };
  const product = newProduct(store, { name: typeof input.name === 'string' ? input.name : '' }, now);
  if (typeof input.type === 'string') product.type = input.type as Product['type'];
  applyChanges(product, input, now);
  store.products.push(product);
  return product;
}

function update(store: Store, id: number, input: Record<string, unknown>, now: Date): Product | WcError {
  const product = store.products.find((candidate) => candidate.id === id);
  if (product === undefined) return invalidId(400);
  if (typeof input.sku === 'string' && duplicateSku(input.sku, store, id)) {
    return { status: 400, code: 'product_invalid_sku', message: 'Invalid or duplicated SKU.' };
  }
  applyChanges(product, input, now);
  return product;
}

function isError(value: Product | WcError): value is WcError {
  return 'code' in value;
}

function batchError(id: number, error: WcError): Record<string, unknown> {
  return { id, error: { code: error.code, message: error.message, data: { status: error.status } } };
}

/** Deletes for good (force) or moves to the trash, as the CRUD controller does. */
export function deleteProduct(store: Store, id: number, force: boolean): Product | undefined {
  const index = store.products.findIndex((product) => product.id === id);
  if (index === -1) return undefined;
  if (!force) {
    const product = store.products[index] as Product;
    product.status = 'trash';
    return product;
  }
  const [removed] = store.products.splice(index, 1);
  return removed;
}

function batch(request: Request): Reply {
  const body = record(request.body);
  const creates = Array.isArray(body.create) ? body.create : [];
  const updates = Array.isArray(body.update) ? body.update : [];
  const deletes = Array.isArray(body.delete) ? body.delete : [];
  if (creates.length + updates.length + deletes.length > BATCH_LIMIT) {
    return errorReply({
      status: 413,
      code: 'woocommerce_rest_request_entity_too_large',
      message: `Unable to accept more than ${BATCH_LIMIT} items for this request.`,
    });
  }
  const { store, now } = request;
  const result: Record<string, unknown[]> = {};
  if (creates.length > 0) {
    result.create = creates.map((item) => {
      const created = create(store, record(item), now);
      if (isError(created)) return batchError(0, created);
      request.emit('product.created', created.id);
      return structuredClone(created);
    });
  }
  if (updates.length > 0) {
    result.update = updates.map((item) => {
      const input = record(item);
      const id = Number(input.id);
      const updated = update(store, Number.isInteger(id) ? id : 0, input, now);
      if (isError(updated)) return batchError(Number.isInteger(id) ? id : 0, updated);
      request.emit('product.updated', updated.id);
      return structuredClone(updated);
    });
  }
  if (deletes.length > 0) {
    result.delete = deletes.map((item) => {
      const id = Number(item);
      const removed = deleteProduct(store, id, true);
      if (removed === undefined) return batchError(id, invalidId(404));
      request.emit('product.deleted', id);
      return structuredClone(removed);
    });
  }
  return { status: 200, body: result };
}

function list(request: Request): Reply {
  const params = parseListParams(request.url.searchParams, {
    orderby: ORDERBY,
    defaultOrderby: 'date',
    defaultOrder: 'desc',
    dates: true,
  });
  if ('code' in params) return errorReply(params);
  const query = request.url.searchParams;
  const skus = query
    .get('sku')
    ?.split(',')
    .map((sku) => sku.trim());
  const status = query.get('status');
  const type = query.get('type');
  const stockStatus = query.get('stock_status');
  const include = query.get('include')?.split(',').map(Number);
  const found = filterByDates(request.store.products, params).filter(
    (product) =>
      (skus === undefined || skus.includes(product.sku)) &&
      (status === null || status === 'any' ? product.status !== 'trash' : product.status === status) &&
      (type === null || product.type === type) &&
      (stockStatus === null || product.stock_status === stockStatus) &&
      (include === undefined || include.includes(product.id)) &&
      matches(params.search, product.name, product.sku),
  );
  const sorted = sortItems(found, params, (product, orderby) => {
    if (orderby === 'id' || orderby === 'include') return product.id;
    if (orderby === 'title') return product.name.toLowerCase();
    if (orderby === 'slug') return product.slug;
    if (orderby === 'price') return Number(product.price || 0);
    if (orderby === 'modified') return product.date_modified_gmt;
    return product.date_created_gmt;
  });
  const page = paginate(sorted, params, request.url, request.origin);
  return { status: 200, body: structuredClone(page.items), headers: page.headers };
}

/** /products, /products/{id}, /products/batch. Writes tell the webhooks. */
export function products(request: Request): Reply | undefined {
  const [resource, second, third] = request.segments;
  if (resource !== 'products' || third !== undefined) return undefined;
  const { method, store, now } = request;
  if (second === undefined) {
    if (method === 'GET') return request.authenticated ? list(request) : errorReply(notAllowed('list'));
    if (method === 'POST') {
      if (!request.authenticated) return errorReply(notAllowed('create'));
      const created = create(store, record(request.body), now);
      if (isError(created)) return errorReply(created);
      request.emit('product.created', created.id);
      return { status: 201, body: structuredClone(created) };
    }
    return undefined;
  }
  if (second === 'batch') {
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return undefined;
    return request.authenticated ? batch(request) : errorReply(notAllowed('batch'));
  }
  const id = idSegment(second);
  if (id === undefined) return undefined;
  if (method === 'GET') {
    if (!request.authenticated) return errorReply(notAllowed('view'));
    const product = store.products.find((candidate) => candidate.id === id);
    return product === undefined
      ? errorReply(invalidId(404))
      : { status: 200, body: structuredClone(product) };
  }
  if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
    if (!request.authenticated) return errorReply(notAllowed('edit'));
    const updated = update(store, id, record(request.body), now);
    if (isError(updated)) return errorReply(updated);
    request.emit('product.updated', id);
    return { status: 200, body: structuredClone(updated) };
  }
  if (method === 'DELETE') {
    if (!request.authenticated) return errorReply(notAllowed('delete'));
    const force = ['true', '1'].includes(request.url.searchParams.get('force') ?? '');
    const removed = deleteProduct(store, id, force);
    if (removed === undefined) return errorReply(invalidId(404));
    // wp_trash_post and a forced delete both fire product.deleted.
    request.emit('product.deleted', id);
    return { status: 200, body: structuredClone(removed) };
  }
  return undefined;
}
