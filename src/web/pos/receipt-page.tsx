import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useSettings } from '../admin/session.js';
import { api, type Order } from '../api-client.js';
import { formatDateTime } from '../components/format.js';
import { OrderLines, orderKey } from '../components/order-view.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';

/** A receipt to print (or show): the shop, the order number and time, the lines, totals and payments. */
export function ReceiptPage() {
  const { orderId = '' } = useParams();
  const settings = useSettings();
  const order = useQuery({
    queryKey: orderKey(orderId),
    queryFn: () => api<Order>('GET', `/api/admin/orders/${encodeURIComponent(orderId)}`),
  });
  usePageTitle(order.data ? `Receipt #${order.data.number}` : 'Receipt');
  if (order.isPending) return <Loading what="the receipt" />;
  if (order.isError) return <ErrorMessage error={order.error} />;
  const o = order.data;
  return (
    <article className="receipt stack-tight" aria-labelledby="receipt-title">
      <header className="receipt-header">
        <p className="receipt-shop">{settings.data?.businessName}</p>
        <h1 id="receipt-title">Receipt #{o.number}</h1>
        <p className="muted">
          <time dateTime={o.createdAt}>{formatDateTime(o.createdAt)}</time>
          {o.customer?.name ? ` · ${o.customer.name}` : ''}
        </p>
      </header>
      <OrderLines order={o} />
      <p className="muted">Thank you for your visit.</p>
      <div className="form-actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
        <Link to="/pos" className="button button-secondary">
          Back to the register
        </Link>
      </div>
    </article>
  );
}
