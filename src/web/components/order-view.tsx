import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api, type FieldError, type Order } from '../api-client.js';
import { formatAddress } from './address-model.js';
import { CartOrderMarks, CartOrderSource, ConfirmOrderButton } from './cart-order.js';
import { DetailFrame } from './detail-frame.js';
import { ErrorSummary, TextField } from './fields.js';
import { formatDateTime } from './format.js';
import { formatMoney } from './money.js';
import {
  channelLabels,
  fulfillmentBadge,
  fulfillmentLabels,
  fulfillmentMoves,
  orderPaymentBadge,
  orderPaymentLabels,
} from './order-model.js';
import { usePageTitle } from './page-title.js';
import { PrintReceiptLink } from './print-receipt-link.js';
import { CardRefundNotices, RefundDialog } from './refund-dialog.js';
import { ErrorMessage, StatusMessage } from './status.js';

export const orderKey = (id: string) => ['orders', 'one', id] as const;

/** One order as staff see it, at the register and in the back office, with what can be done next. */
export function OrderView({
  orderId,
  backTo,
  canRefund,
  customerPath,
}: {
  orderId: string;
  backTo: { path: string; label: string };
  canRefund: boolean;
  customerPath: ((id: string) => string) | null;
}) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const [refunding, setRefunding] = useState(false);
  const order = useQuery({
    queryKey: orderKey(orderId),
    queryFn: () => api<Order>('GET', `/api/admin/orders/${encodeURIComponent(orderId)}`),
  });
  const o = order.data;
  usePageTitle(o ? `Order #${o.number}` : 'Order');
  const changed = (next: Order, message: string) => {
    queryClient.setQueryData(orderKey(next.id), next);
    void queryClient.invalidateQueries({ queryKey: ['orders', 'list'] });
    setStatus(message);
  };

  return (
    <DetailFrame
      titleId="order-title"
      back={{ to: backTo.path, label: backTo.label }}
      what="the order"
      title="Order"
      query={order}
    >
      {(o) => (
        <>
          <div className="page-header">
            <div>
              <h1 id="order-title">Order #{o.number}</h1>
              <p className="title-meta muted">
                <span>{channelLabels[o.channel]}</span>{' '}
                <span className={`badge ${orderPaymentBadge[o.paymentStatus]}`}>
                  {orderPaymentLabels[o.paymentStatus]}
                </span>{' '}
                <span className={`badge ${fulfillmentBadge[o.fulfillmentStatus]}`}>
                  {fulfillmentLabels[o.fulfillmentStatus]}
                </span>
                <CartOrderMarks order={{ ...o, externalNumber: o.cart?.number ?? null }} />{' '}
                <time dateTime={o.createdAt}>{formatDateTime(o.createdAt)}</time>
              </p>
              <CartOrderSource order={o} />
            </div>
            <div className="header-actions">
              {o.state === 'pending' && o.fulfillmentStatus !== 'cancelled' ? (
                <ConfirmOrderButton order={o} onConfirmed={changed} />
              ) : null}
              <PrintReceiptLink orderId={o.id} />
              {canRefund &&
              o.paymentStatus !== 'pending' &&
              (o.refunded < o.total ||
                o.lines.some((l) => l.creditsUsed > 0 && l.refundedQuantity < l.quantity)) ? (
                <button type="button" className="button button-secondary" onClick={() => setRefunding(true)}>
                  Refund
                </button>
              ) : null}
            </div>
          </div>
          <StatusMessage>{status}</StatusMessage>
          <CardRefundNotices
            order={o}
            onRetried={
              canRefund
                ? (next) => changed(next, 'The refund goes to the card again on the next run.')
                : undefined
            }
          />
          <div className="two-columns">
            <section className="card" aria-labelledby="contact-title">
              <h2 id="contact-title">Customer</h2>
              {o.customer ? (
                <dl className="details">
                  <dt>Name</dt>
                  <dd>
                    {o.customer.id && customerPath ? (
                      <Link to={customerPath(o.customer.id)}>{o.customer.name ?? 'Customer'}</Link>
                    ) : (
                      (o.customer.name ?? '—')
                    )}
                  </dd>
                  <dt>Email</dt>
                  <dd>{o.customer.email ?? '—'}</dd>
                  <dt>Phone</dt>
                  <dd>{o.customer.phone ?? '—'}</dd>
                </dl>
              ) : (
                <p className="muted">A walk-in sale: no customer.</p>
              )}
            </section>
            <section className="card" aria-labelledby="delivery-title">
              <h2 id="delivery-title">Delivery</h2>
              <dl className="details">
                <dt>How</dt>
                <dd>
                  {o.delivery === 'shipping'
                    ? 'Shipped to the customer'
                    : o.delivery === 'pickup'
                      ? 'Collected in store'
                      : 'Handed over at the register'}
                </dd>
                {o.shippingAddress ? (
                  <>
                    <dt>Address</dt>
                    <dd className="address">{formatAddress(o.shippingAddress)}</dd>
                  </>
                ) : null}
                {o.shipment ? (
                  <>
                    <dt>Courier</dt>
                    <dd>{o.shipment.courier}</dd>
                    <dt>Tracking id</dt>
                    <dd>{o.shipment.trackingId}</dd>
                  </>
                ) : null}
              </dl>
              <FulfillmentForm
                order={o}
                onChanged={changed}
                cancelGivesMoneyBack={!canRefund && o.paymentStatus !== 'pending' && o.refunded < o.total}
              />
            </section>
          </div>
          <OrderLines order={o} />
          <History order={o} />
          <RefundDialog
            order={o}
            open={refunding}
            onClose={() => setRefunding(false)}
            onDone={(next, message) => changed(next, message)}
          />
        </>
      )}
    </DetailFrame>
  );
}

export function OrderLines({ order }: { order: Omit<Order, 'history'> }) {
  const money = (minor: number) => formatMoney(minor, order.currency);
  return (
    <section className="card stack-tight" aria-labelledby="lines-title">
      <h2 id="lines-title">Items</h2>
      <table className="table responsive-table" aria-labelledby="lines-title">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              Discount
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.id}>
              <td data-label="Item">
                {l.name}
                {l.sku ? <span className="row-meta"> · {l.sku}</span> : null}
                {l.creditsUsed > 0 ? (
                  <span className="row-meta" data-testid="line-credits">
                    {' '}
                    · {l.creditsUsed} package credit{l.creditsUsed === 1 ? '' : 's'} used
                  </span>
                ) : null}
                {l.refundedQuantity > 0 ? (
                  <span className="row-meta"> · {l.refundedQuantity} given back</span>
                ) : null}
              </td>
              <td data-label="Quantity" className="num">
                {l.quantity}
              </td>
              <td data-label="Price" className="num">
                {money(l.unitPrice)}
              </td>
              <td data-label="Discount" className="num">
                {l.discount > 0 ? `−${money(l.discount)}` : '—'}
              </td>
              <td data-label="Total" className="num">
                {money(l.total)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="totals">
        <dt>Subtotal</dt>
        <dd>{money(order.subtotal)}</dd>
        {order.discount > 0 ? (
          <>
            <dt>Discounts</dt>
            <dd>−{money(order.discount)}</dd>
          </>
        ) : null}
        <dt>{order.pricesIncludeTax ? 'Tax included' : 'Tax'}</dt>
        <dd>{money(order.tax)}</dd>
        <dt className="totals-total">Total</dt>
        <dd className="totals-total">{money(order.total)}</dd>
        {order.tenders.map((t) => (
          <Fragment key={t.id}>
            <dt>{tenderName(t)}</dt>
            <dd>
              {money(t.tendered ?? t.amount)}
              {t.refunded > 0 ? <span className="row-meta"> ({money(t.refunded)} refunded)</span> : null}
            </dd>
          </Fragment>
        ))}
        {order.change > 0 ? (
          <>
            <dt>Change</dt>
            <dd>{money(order.change)}</dd>
          </>
        ) : null}
        {order.refunded > 0 ? (
          <>
            <dt>Refunded</dt>
            <dd>{money(order.refunded)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function History({ order }: { order: Order }) {
  return (
    <section className="card stack-tight" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol className="history">
        {order.history.map((h) => (
          <li key={h.id}>
            <time dateTime={h.at}>{formatDateTime(h.at)}</time> — {h.detail ?? h.kind}{' '}
            <span className="muted">by {h.actor}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const shipFields = {
  courier: { id: 'ship-courier', label: 'Courier' },
  trackingId: { id: 'ship-tracking', label: 'Tracking id' },
};

/** The next status of the goods; shipping asks for the courier and tracking id. */
export function FulfillmentForm({
  order,
  onChanged,
  compact = false,
  cancelGivesMoneyBack = false,
}: {
  order: Order | { id: string; fulfillmentStatus: Order['fulfillmentStatus']; number: number };
  onChanged: (next: Order, message: string) => void;
  compact?: boolean;
  /** Cancelling would refund the order, which this person may not do: it is not offered. */
  cancelGivesMoneyBack?: boolean;
}) {
  const allMoves = fulfillmentMoves[order.fulfillmentStatus];
  const moves = cancelGivesMoneyBack ? allMoves.filter((m) => m !== 'cancelled') : allMoves;
  const [next, setNext] = useState<Order['fulfillmentStatus'] | ''>('');
  const [courier, setCourier] = useState('');
  const [trackingId, setTrackingId] = useState('');
  const [local, setLocal] = useState<FieldError[]>([]);
  const change = useMutation({
    mutationFn: (body: object) =>
      api<Order>('POST', `/api/admin/orders/${encodeURIComponent(order.id)}/fulfillment`, body),
    onSuccess: (updated) => {
      setNext('');
      setCourier('');
      setTrackingId('');
      onChanged(
        updated,
        `Order #${updated.number} is now ${fulfillmentLabels[updated.fulfillmentStatus].toLowerCase()}.`,
      );
    },
  });
  if (moves.length === 0) return null;

  const serverErrors =
    change.error instanceof ApiError && change.error.code === 'validation_failed' ? change.error.errors : [];
  const errors = local.length > 0 ? local : serverErrors;
  const errorOf = (path: string) => errors.find((e) => e.path === path)?.message;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    change.reset();
    if (!next) return;
    const problems: FieldError[] = [];
    if (next === 'shipped') {
      if (!courier.trim()) problems.push({ path: 'courier', message: 'is needed to mark the order shipped' });
      if (!trackingId.trim())
        problems.push({ path: 'trackingId', message: 'is needed to mark the order shipped' });
    }
    setLocal(problems);
    if (problems.length > 0) return;
    change.mutate(
      next === 'shipped'
        ? { status: next, courier: courier.trim(), trackingId: trackingId.trim() }
        : { status: next },
    );
  };
  const idPrefix = `order-${order.id}`;
  return (
    <form
      onSubmit={onSubmit}
      className={compact ? 'inline-form' : 'stack-tight status-form'}
      noValidate
      aria-label={`Change the status of order #${order.number}`}
    >
      {compact ? null : (
        <ErrorSummary
          errors={errors.map((e) => ({
            fieldId:
              e.path === 'courier'
                ? shipFields.courier.id
                : e.path === 'trackingId'
                  ? shipFields.trackingId.id
                  : null,
            label: e.path === 'courier' ? 'Courier' : e.path === 'trackingId' ? 'Tracking id' : e.path,
            message: e.message,
          }))}
        />
      )}
      <div className="field">
        <label htmlFor={`${idPrefix}-next`}>
          {compact ? `Status of #${order.number}` : 'Change status to'}
        </label>
        <select
          id={`${idPrefix}-next`}
          value={next}
          onChange={(e) => setNext(e.target.value as Order['fulfillmentStatus'])}
        >
          <option value="">Choose…</option>
          {moves.map((m) => (
            <option key={m} value={m}>
              {fulfillmentLabels[m]}
            </option>
          ))}
        </select>
      </div>
      {next === 'shipped' ? (
        <div className="field-row">
          <TextField
            id={compact ? `${idPrefix}-courier` : shipFields.courier.id}
            label="Courier"
            value={courier}
            onChange={setCourier}
            error={errorOf('courier')}
            hint={
              compact ? undefined : 'UPS, USPS, FedEx, DHL, Royal Mail… get a tracking link in the email.'
            }
            input={{ maxLength: 100, className: 'input-medium' }}
          />
          <TextField
            id={compact ? `${idPrefix}-tracking` : shipFields.trackingId.id}
            label="Tracking id"
            value={trackingId}
            onChange={setTrackingId}
            error={errorOf('trackingId')}
            input={{ maxLength: 100, className: 'input-medium' }}
          />
        </div>
      ) : null}
      {cancelGivesMoneyBack && allMoves.includes('cancelled') ? (
        <p className="muted">
          Cancelling this order gives the customer their money back: an owner or manager cancels or refunds
          it.
        </p>
      ) : null}
      {next === 'cancelled' && !compact ? (
        <p className="notice notice-info">
          Cancelling gives the customer their money back and puts the items back in stock.
        </p>
      ) : null}
      <div>
        <button type="submit" className="button button-secondary" disabled={!next || change.isPending}>
          {change.isPending ? 'Saving…' : compact ? 'Save' : 'Change status'}
        </button>
      </div>
      {change.isError && serverErrors.length === 0 ? <ErrorMessage error={change.error} /> : null}
    </form>
  );
}

/** How the order page names a tender: "Cash", "Visa •••• 1111", "Paid in the cart: PayPal (ref 8XK…)". */
function tenderName(t: Order['tenders'][number]): string {
  if (t.method === 'cash') return 'Cash';
  if (t.method === 'card') return t.card ?? 'Card';
  if (t.method === 'cart') {
    const how = t.label ? `Paid in the cart: ${t.label}` : 'Paid in the cart';
    return t.reference ? `${how} (ref ${t.reference})` : how;
  }
  return 'Gift card';
}
