import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api, type CustomerOrder, type OrderSummary, type Page, withQuery } from '../api-client.js';
import { formatAddress } from '../components/address-model.js';
import { formatDateTime } from '../components/format.js';
import { LoadMore } from '../components/load-more.js';
import { formatMoney } from '../components/money.js';
import { fulfillmentLabels, orderPaymentLabels } from '../components/order-model.js';
import { OrderLines } from '../components/order-view.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { AccountFrame } from './account-frame.js';

/** My orders: everything the customer bought, in store and online. */
export function MyOrdersPage() {
  const orders = useInfiniteQuery({
    queryKey: ['shop', 'orders'],
    queryFn: ({ pageParam }) =>
      api<Page<OrderSummary>>(
        'GET',
        withQuery('/api/store/account/orders', { limit: 25, cursor: pageParam }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = orders.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <AccountFrame title="My orders" titleId="my-orders-title">
      {orders.isPending ? <Loading what="your orders" /> : null}
      {orders.isError ? <ErrorMessage error={orders.error} /> : null}
      {orders.isSuccess && rows.length === 0 ? (
        <p className="empty">
          No orders yet. <Link to="/shop">Visit the shop</Link>
        </p>
      ) : null}
      {rows.length > 0 ? (
        <ul className="card-list" aria-label="Orders">
          {rows.map((o) => (
            <li key={o.id} className="saved-card">
              <Link to={`/account/orders/${encodeURIComponent(o.id)}`} className="saved-card-name">
                Order #{o.number}
              </Link>
              <time dateTime={o.createdAt} className="muted">
                {formatDateTime(o.createdAt)}
              </time>
              <span>{o.channel === 'in_store' ? 'In store' : 'Online'}</span>
              <span>
                {orderPaymentLabels[o.paymentStatus]} · {fulfillmentLabels[o.fulfillmentStatus]}
              </span>
              <span className="order-total">{formatMoney(o.total, o.currency)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <LoadMore query={orders} />
    </AccountFrame>
  );
}

export function MyOrderPage() {
  const { orderId = '' } = useParams();
  const location = useLocation();
  const placed = (location.state as { placed?: boolean } | null)?.placed === true;
  const order = useQuery({
    queryKey: ['shop', 'order', orderId],
    queryFn: () => api<CustomerOrder>('GET', `/api/store/account/orders/${encodeURIComponent(orderId)}`),
  });
  const o = order.data;
  return (
    <AccountFrame title={o ? `Order #${o.number}` : 'Order'} titleId="my-order-title">
      <StatusMessage>
        {placed && o ? `Thank you! Order #${o.number} is placed; a receipt is on its way by email.` : ''}
      </StatusMessage>
      {order.isPending ? <Loading what="the order" /> : null}
      {order.isError ? <ErrorMessage error={order.error} /> : null}
      {o ? (
        <>
          <p>
            {orderPaymentLabels[o.paymentStatus]} · {fulfillmentLabels[o.fulfillmentStatus]}
            {o.shipment ? ` with ${o.shipment.courier}, tracking id ${o.shipment.trackingId}` : ''}
          </p>
          {o.delivery === 'pickup' ? <p className="muted">To collect in store.</p> : null}
          {o.shippingAddress ? (
            <dl className="details">
              <dt>Delivered to</dt>
              <dd className="address">{formatAddress(o.shippingAddress)}</dd>
            </dl>
          ) : null}
          <OrderLines order={o} />
        </>
      ) : null}
    </AccountFrame>
  );
}
