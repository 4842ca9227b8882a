import { resourceHandler } from './resource.js';
import { type Request, shown } from './router.js';
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
export const orders = resourceHandler<Order, object>({
  entity: 'orders',
  noun: 'order',
  records: (store) => store.orders,
  searched: (order) => [
    order.number,
    order.customer.email,
    order.customer.name,
    ...order.lines.map((line) => line.name),
  ],
  answered,
});
