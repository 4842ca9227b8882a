import { notAllowed } from './auth.js';
import { filterByDates, matches, paginate, parseListParams, sortItems } from './paging.js';
import { errorReply, idSegment, type Reply, type Request } from './router.js';
import type { Order } from './seed.js';

/** What a switched-on `malform` answers instead of the order: wrong types and a missing field. */
function broken(order: Order): unknown {
  const { billing: _dropped, ...rest } = structuredClone(order);
  return {
    ...rest,
    total: 'NaN',
    date_modified_gmt: 'not a date',
    line_items: { product_id: order.line_items[0]?.product_id ?? null },
  };
}

function shown(order: Order, request: Request): unknown {
  return request.malformed.has(order.id) ? broken(order) : structuredClone(order);
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
  return { status: 200, body: page.items.map((order) => shown(order, request)), headers: page.headers };
}

/** /orders and /orders/{id}: read only. */
export function orders(request: Request): Reply | undefined {
  const [resource, second, third] = request.segments;
  if (resource !== 'orders' || third !== undefined || request.method !== 'GET') return undefined;
  if (second === undefined) return request.authenticated ? list(request) : errorReply(notAllowed('list'));
  const id = idSegment(second);
  if (id === undefined) return undefined;
  if (!request.authenticated) return errorReply(notAllowed('view'));
  const order = request.store.orders.find((candidate) => candidate.id === id);
  if (order === undefined) {
    return errorReply({
      status: 404,
      code: 'woocommerce_rest_shop_order_invalid_id',
      message: 'Invalid ID.',
    });
  }
  return { status: 200, body: shown(order, request) };
}
