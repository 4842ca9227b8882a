import { notAllowed, type WcError } from './auth.js';
import { filterByDates, matches, paginate, parseListParams, sortItems } from './paging.js';
import { errorReply, idSegment, type Reply, type Request, record } from './router.js';
import {
  type Address,
  type NewOrder,
  newOrder,
  ORDER_STATUSES,
  type Order,
  type Store,
  wcDate,
} from './seed.js';

/** What a switched-on `malform` answers instead of the order: wrong types and a missing field. */
function broken(order: unknown): unknown {
  const { billing: _dropped, ...rest } = order as Order;
  return {
    ...rest,
    total: 'NaN',
    date_modified_gmt: 'not a date',
    line_items: { product_id: rest.line_items[0]?.product_id ?? null },
  };
}

/**
 * The order as the REST API shows it. A line's SKU is read from the product now, as
 * WC_REST_Orders_V2_Controller::get_order_item_data does, so it is null once the product is deleted.
 */
export function orderView(order: Order, store: Store, malformed: ReadonlySet<number>): unknown {
  const view = structuredClone(order);
  for (const line of view.line_items) {
    const productId = line.variation_id > 0 ? line.variation_id : line.product_id;
    line.sku = store.products.find((product) => product.id === productId)?.sku ?? null;
  }
  return malformed.has(order.id) ? broken(view) : view;
}

function invalidId(): WcError {
  return { status: 400, code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.' };
}

function invalidStatus(): WcError {
  return {
    status: 400,
    code: 'rest_invalid_param',
    message: 'Invalid parameter(s): status',
    params: { status: `status is not one of ${ORDER_STATUSES.join(', ')}.` },
  };
}

export interface OrderChanges {
  status?: string;
  billing?: Partial<Address>;
  shipping?: Partial<Address>;
  payment_method?: string;
  payment_method_title?: string;
  transaction_id?: string;
  customer_note?: string;
  set_paid?: boolean;
  /** The modification time to stamp (GMT, no offset); now when absent. */
  modifiedGmt?: string;
}

/** Applies changes the way WC_Order does: a paid status stamps date_paid once, completed stamps date_completed. */
export function changeOrder(order: Order, changes: OrderChanges, now: Date): void {
  const stamp = changes.modifiedGmt ?? wcDate(now);
  if (changes.billing !== undefined) order.billing = { ...order.billing, ...changes.billing };
  if (changes.shipping !== undefined) order.shipping = { ...order.shipping, ...changes.shipping };
  for (const field of [
    'payment_method',
    'payment_method_title',
    'transaction_id',
    'customer_note',
  ] as const) {
    const value = changes[field];
    if (value !== undefined) order[field] = value;
  }
  if (changes.set_paid === true && (order.status === 'pending' || order.status === 'on-hold')) {
    order.status = 'processing';
  }
  if (changes.status !== undefined) order.status = changes.status;
  if ((order.status === 'processing' || order.status === 'completed') && order.date_paid_gmt === null) {
    order.date_paid = stamp;
    order.date_paid_gmt = stamp;
  }
  if (order.status === 'completed' && order.date_completed_gmt === null) {
    order.date_completed = stamp;
    order.date_completed_gmt = stamp;
  }
  order.date_modified = stamp;
  order.date_modified_gmt = stamp;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function changesFrom(body: Record<string, unknown>): OrderChanges | WcError {
  const status = text(body.status);
  if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status)) return invalidStatus();
  const changes: OrderChanges = {};
  if (status !== undefined) changes.status = status;
  if (typeof body.billing === 'object' && body.billing !== null) changes.billing = record(body.billing);
  if (typeof body.shipping === 'object' && body.shipping !== null) changes.shipping = record(body.shipping);
  for (const field of [
    'payment_method',
    'payment_method_title',
    'transaction_id',
    'customer_note',
  ] as const) {
    const value = text(body[field]);
    if (value !== undefined) changes[field] = value;
  }
  if (body.set_paid === true) changes.set_paid = true;
  return changes;
}

function create(request: Request): Reply {
  const body = record(request.body);
  const { store, now } = request;
  const lines: NewOrder['line_items'] = [];
  for (const item of Array.isArray(body.line_items) ? body.line_items : []) {
    const line = record(item);
    const productId = Number(line.product_id);
    const quantity = Number(line.quantity ?? 1);
    if (!store.products.some((product) => product.id === productId)) {
      return errorReply({
        status: 400,
        code: 'woocommerce_rest_invalid_product_id',
        message: 'Product ID provided is invalid.',
      });
    }
    if (!Number.isInteger(quantity) || quantity <= 0) {
      return errorReply({
        status: 400,
        code: 'woocommerce_rest_invalid_product_quantity',
        message: 'Product quantity must be a positive float.',
      });
    }
    lines.push({ product_id: productId, quantity });
  }
  const customerId = Number(body.customer_id ?? 0);
  if (customerId !== 0 && !store.customers.some((customer) => customer.id === customerId)) {
    return errorReply({
      status: 400,
      code: 'woocommerce_rest_invalid_customer_id',
      message: 'Customer ID is invalid.',
    });
  }
  const changes = changesFrom(body);
  if ('code' in changes) return errorReply(changes);
  const input: NewOrder = { status: 'pending', customer_id: customerId, line_items: lines };
  const shippingLines = Array.isArray(body.shipping_lines) ? body.shipping_lines.map(record) : [];
  input.shipping_lines = shippingLines.map((line) => ({
    method_id: text(line.method_id) ?? 'flat_rate',
    method_title: text(line.method_title) ?? '',
    total: text(line.total) ?? '0',
  }));
  const order = newOrder(store, input, now);
  order.created_via = 'rest-api';
  changeOrder(order, changes, now);
  store.orders.push(order);
  request.emit('order.created', order.id);
  return { status: 201, body: orderView(order, store, request.malformed) };
}

function list(request: Request): Reply {
  const params = parseListParams(request.url.searchParams, {
    orderby: ['date', 'modified', 'id', 'include', 'title', 'slug'],
    defaultOrderby: 'date',
    defaultOrder: 'desc',
    dates: true,
  });
  if ('code' in params) return errorReply(params);
  const query = request.url.searchParams;
  const statuses = query
    .getAll('status')
    .concat(query.getAll('status[]'))
    .flatMap((value) => value.split(','))
    .filter((value) => value !== '');
  const anyStatus = statuses.length === 0 || statuses.includes('any');
  const customer = query.get('customer');
  const product = query.get('product');
  const found = filterByDates(request.store.orders, params).filter(
    (order) =>
      (anyStatus ? order.status !== 'trash' : statuses.includes(order.status)) &&
      (customer === null || order.customer_id === Number(customer)) &&
      (product === null || order.line_items.some((line) => line.product_id === Number(product))) &&
      matches(
        params.search,
        order.number,
        order.billing.email,
        order.billing.first_name,
        order.billing.last_name,
        ...order.line_items.map((line) => line.name),
      ),
  );
  const sorted = sortItems(found, params, (order, orderby) => {
    if (orderby === 'id' || orderby === 'include' || orderby === 'title' || orderby === 'slug')
      return order.id;
    if (orderby === 'modified') return order.date_modified_gmt;
    return order.date_created_gmt;
  });
  const page = paginate(sorted, params, request.url, request.origin);
  return {
    status: 200,
    body: page.items.map((order) => orderView(order, request.store, request.malformed)),
    headers: page.headers,
  };
}

/** /orders and /orders/{id}: list, read, create and update. */
export function orders(request: Request): Reply | undefined {
  const [resource, second, third] = request.segments;
  if (resource !== 'orders' || third !== undefined) return undefined;
  const { method, store } = request;
  if (second === undefined) {
    if (method === 'GET') return request.authenticated ? list(request) : errorReply(notAllowed('list'));
    if (method === 'POST') return request.authenticated ? create(request) : errorReply(notAllowed('create'));
    return undefined;
  }
  const id = idSegment(second);
  if (id === undefined) return undefined;
  const order = store.orders.find((candidate) => candidate.id === id);
  if (method === 'GET') {
    if (!request.authenticated) return errorReply(notAllowed('view'));
    if (order === undefined) return errorReply({ ...invalidId(), status: 404 });
    return { status: 200, body: orderView(order, store, request.malformed) };
  }
  if (method === 'PUT' || method === 'PATCH' || method === 'POST') {
    if (!request.authenticated) return errorReply(notAllowed('edit'));
    if (order === undefined) return errorReply(invalidId());
    const changes = changesFrom(record(request.body));
    if ('code' in changes) return errorReply(changes);
    changeOrder(order, changes, request.now);
    request.emit('order.updated', order.id);
    return { status: 200, body: orderView(order, store, request.malformed) };
  }
  return undefined;
}
