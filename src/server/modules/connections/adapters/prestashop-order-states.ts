import type { CartOrderStatus } from '../cart.js';

/**
 * An order's `current_state` is an id in the shop's own list of states. A shop may rename, add or
 * re-flag states, so its list (the `order_states` resource) decides; the states a fresh
 * PrestaShop installs, with their ids, stand in when the key may not read that list.
 */

export interface OrderState {
  /** The shop's name for the state, for history entries. */
  name: string;
  status: CartOrderStatus;
}

export type OrderStates = ReadonlyMap<number, OrderState>;

/** install/data/xml/order_state.xml, in install order: the PS_OS_* ids of a fresh shop. */
export const defaultOrderStates: OrderStates = new Map<number, OrderState>([
  [1, { name: 'Awaiting check payment', status: 'awaiting_payment' }],
  [2, { name: 'Payment accepted', status: 'paid' }],
  [3, { name: 'Processing in progress', status: 'paid' }],
  [4, { name: 'Shipped', status: 'completed' }],
  [5, { name: 'Delivered', status: 'completed' }],
  [6, { name: 'Canceled', status: 'cancelled' }],
  [7, { name: 'Refunded', status: 'refunded' }],
  [8, { name: 'Payment error', status: 'awaiting_payment' }],
  [9, { name: 'On backorder (paid)', status: 'paid' }],
  [10, { name: 'Awaiting bank wire payment', status: 'awaiting_payment' }],
  [11, { name: 'Remote payment accepted', status: 'paid' }],
  [12, { name: 'On backorder (not paid)', status: 'awaiting_payment' }],
  [13, { name: 'Awaiting Cash On Delivery validation', status: 'awaiting_payment' }],
]);

const flag = (value: unknown) => value === '1' || value === 1 || value === true;

/**
 * The status a state of the shop's list means. Cancelled and refunded states carry no flag of
 * their own: PrestaShop knows them by the email template they send (`order_canceled`, `refund`).
 * Otherwise "shipped" means the order is done, "paid" that it waits to be shipped.
 */
export function statusOfState(state: { template: string; shipped: unknown; paid: unknown }): CartOrderStatus {
  if (state.template === 'order_canceled') return 'cancelled';
  if (state.template === 'refund') return 'refunded';
  if (flag(state.shipped)) return 'completed';
  if (flag(state.paid)) return 'paid';
  return 'awaiting_payment';
}

/** What an order in state `id` is: the shop's state, else the default one, else not paid. */
export function orderStateOf(id: number, states: OrderStates): OrderState {
  return (
    states.get(id) ??
    defaultOrderStates.get(id) ?? { name: id === 0 ? 'No state' : `State ${id}`, status: 'awaiting_payment' }
  );
}
