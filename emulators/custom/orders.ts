import { contains, pageOf, parseListQuery } from './paging.js';
import { methodNotAllowed, notFound, notSupported, type Reply, type Request, shown } from './router.js';
import type { Order } from './seed.js';

/** What the `malform` switch answers instead of the order: wrong types and a field missing. */
function broken(order: Order): unknown {
  const { customer: _dropped, ...rest } = structuredClone(order);
  return {
    ...rest,
    total: 'NaN',
    updatedAt: 'not a date',
    lines: { itemId: order.lines[0]?.itemId ?? null },
  };
}

function answered(request: Request, order: Order): unknown {
  return request.malformed.has(Number(order.id)) ? broken(order) : shown(request, 'orders', order);
}

/** /orders and /orders/{id}: read only, as orders are placed in the cart. */
export function orders(request: Request): Reply | undefined {
  const [resource, id, extra] = request.segments;
  if (resource !== 'orders' || extra !== undefined) return undefined;
  if (!request.capabilities.orders) return notSupported('orders');
  if (request.method !== 'GET') return methodNotAllowed('GET');
  if (id === undefined) {
    const query = parseListQuery(request.query);
    if ('status' in query) return query;
    const page = pageOf(request.store.orders, query, (order, q) =>
      contains(
        q,
        order.number,
        order.customer.email,
        order.customer.name,
        ...order.lines.map((line) => line.name),
      ),
    );
    return {
      status: 200,
      body: { data: page.data.map((order) => answered(request, order)), nextCursor: page.nextCursor },
    };
  }
  const order = request.store.orders.find((candidate) => candidate.id === id);
  if (order === undefined) return notFound(`order ${id}`);
  return { status: 200, body: answered(request, order) };
}
