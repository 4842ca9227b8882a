import type { DocumentKind } from '../../contracts/connections.js';
import type { Order } from '../api-client.js';

export const channelLabels: Record<Order['channel'], string> = {
  in_store: 'In store',
  online: 'Online',
  cart: 'Cart',
};

export const orderPaymentLabels: Record<Order['paymentStatus'], string> = {
  pending: 'Awaiting payment',
  paid: 'Paid',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

export const orderPaymentBadge: Record<Order['paymentStatus'], string> = {
  pending: 'badge-queued',
  paid: 'badge-ok',
  partially_refunded: 'badge-low',
  refunded: 'badge-archived',
};

export const fulfillmentLabels: Record<Order['fulfillmentStatus'], string> = {
  unfulfilled: 'Unfulfilled',
  shipped: 'Shipped',
  delivered: 'Delivered',
  picked_up: 'Picked up',
  cancelled: 'Cancelled',
};

export const fulfillmentBadge: Record<Order['fulfillmentStatus'], string> = {
  unfulfilled: 'badge-queued',
  shipped: 'badge-kept',
  delivered: 'badge-ok',
  picked_up: 'badge-ok',
  cancelled: 'badge-archived',
};

export { fulfillmentMoves } from '../../contracts/orders.js';

/** What a cart order was imported as. */
export const documentKindLabels: Record<DocumentKind, string> = {
  cash_sale: 'Cash sale',
  sales_order: 'Sales order',
  invoice: 'Sales invoice',
};
