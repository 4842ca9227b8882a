import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, type Order, type PaymentDetail } from '../api-client.js';
import { DetailFrame } from '../components/detail-frame.js';
import { Dialog } from '../components/dialog.js';
import { ErrorSummary, SubmitOrCancel, TextAreaField, TextField } from '../components/fields.js';
import { formatDateTime } from '../components/format.js';
import { formatMoney, fractionDigits, parseMajor, toMajor } from '../components/money.js';
import { orderKey } from '../components/order-view.js';
import { usePageTitle } from '../components/page-title.js';
import { useRetryKey } from '../components/retry-key.js';
import { maskedCard } from '../components/saved-cards.js';
import { ErrorMessage, StatusMessage } from '../components/status.js';
import {
  entryLabels,
  operationLabels,
  operationStatusLabels,
  paymentStatusBadge,
  paymentStatusLabels,
  purposeLabels,
  refundableAmount,
  respStatLabels,
} from './payment-model.js';
import { paymentsKey } from './payments-page.js';

const paymentKey = (id: string) => ['payment', id] as const;

const dash = <span className="muted">—</span>;

export function PaymentPage() {
  const { paymentId = '' } = useParams();
  const queryClient = useQueryClient();
  const [refunding, setRefunding] = useState(false);
  const [status, setStatus] = useState('');
  const payment = useQuery({
    queryKey: paymentKey(paymentId),
    queryFn: () => api<PaymentDetail>('GET', `/api/admin/payments/${encodeURIComponent(paymentId)}`),
  });
  const p = payment.data;
  usePageTitle(p ? `Payment of ${formatMoney(p.amount, p.currency)}` : 'Payment');
  // A payment taken for an order is refunded on that order: say which one.
  const orderId = p?.orderId ?? null;
  const order = useQuery({
    queryKey: orderKey(orderId ?? ''),
    queryFn: () => api<Order>('GET', `/api/admin/orders/${encodeURIComponent(orderId ?? '')}`),
    enabled: orderId !== null,
  });
  const orderName = order.data ? `order #${order.data.number}` : 'its order';

  const onRefunded = (next: PaymentDetail, amount: number) => {
    queryClient.setQueryData(paymentKey(next.id), next);
    void queryClient.invalidateQueries({ queryKey: paymentsKey });
    if (next.orderId) void queryClient.invalidateQueries({ queryKey: ['orders'] });
    setRefunding(false);
    const onOrder = next.orderId ? ` on ${orderName}` : '';
    setStatus(
      next.status === 'voided'
        ? `The payment was voided${onOrder}: ${formatMoney(amount, next.currency)} will not be charged.`
        : `${formatMoney(amount, next.currency)} was refunded${onOrder}.`,
    );
  };

  return (
    <DetailFrame
      titleId="payment-title"
      back={{ to: '/admin/payments', label: 'Back to payments' }}
      what="the payment"
      title="Payment"
      query={payment}
    >
      {(p) => (
        <>
          <div className="page-header">
            <div>
              <h1 id="payment-title">Payment of {formatMoney(p.amount, p.currency)}</h1>
              <p className="title-meta muted">
                <span className={`badge ${paymentStatusBadge[p.status]}`}>
                  {paymentStatusLabels[p.status]}
                </span>{' '}
                <time dateTime={p.createdAt}>{formatDateTime(p.createdAt)}</time>
              </p>
            </div>
            {refundableAmount(p) > 0 ? (
              <div className="header-actions">
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setStatus('');
                    setRefunding(true);
                  }}
                >
                  Refund
                </button>
              </div>
            ) : null}
          </div>
          <StatusMessage>{status}</StatusMessage>
          <div className="two-columns">
            <section className="card" aria-labelledby="payment-summary-title">
              <h2 id="payment-summary-title">Payment</h2>
              <dl className="details">
                <dt>Asked for</dt>
                <dd>{formatMoney(p.amount, p.currency)}</dd>
                <dt>Approved</dt>
                <dd>{formatMoney(p.approvedAmount, p.currency)}</dd>
                <dt>Captured</dt>
                <dd>{formatMoney(p.capturedAmount, p.currency)}</dd>
                <dt>Refunded</dt>
                <dd>{formatMoney(p.refundedAmount, p.currency)}</dd>
                <dt>Card</dt>
                <dd>{p.last4 ? maskedCard(p.brand, p.last4) : dash}</dd>
                <dt>Customer</dt>
                <dd>
                  {p.customerId ? (
                    <Link to={`/admin/customers/${encodeURIComponent(p.customerId)}`}>
                      {p.customerName ?? 'Customer'}
                    </Link>
                  ) : (
                    dash
                  )}
                </dd>
                <dt>Order</dt>
                <dd>
                  {p.orderId ? (
                    <Link to={`/admin/orders/${encodeURIComponent(p.orderId)}`}>
                      {order.data ? `Order #${order.data.number}` : 'The order'}
                    </Link>
                  ) : (
                    dash
                  )}
                </dd>
                <dt>For</dt>
                <dd>
                  {purposeLabels[p.purpose]}, {entryLabels[p.entry].toLowerCase()}
                </dd>
                <dt>Taken by</dt>
                <dd>{p.actor}</dd>
                {p.note ? (
                  <>
                    <dt>Note</dt>
                    <dd>{p.note}</dd>
                  </>
                ) : null}
              </dl>
            </section>
            <section className="card" aria-labelledby="payment-gateway-title">
              <h2 id="payment-gateway-title">Gateway’s answer</h2>
              <dl className="details">
                <dt>Gateway</dt>
                <dd>{p.gateway === 'sandbox' ? 'Sandbox (no real money)' : 'CardPointe'}</dd>
                <dt>Answer</dt>
                <dd>{p.respText ?? dash}</dd>
                <dt>Response</dt>
                <dd>
                  {p.respStat ? (respStatLabels[p.respStat] ?? p.respStat) : dash}
                  {p.respCode ? ` · code ${p.respCode}` : ''}
                  {p.respProc ? ` · ${p.respProc}` : ''}
                </dd>
                <dt>Auth code</dt>
                <dd>{p.authCode || dash}</dd>
                <dt>Reference</dt>
                <dd>{p.retref ?? dash}</dd>
                <dt>Order id</dt>
                <dd>{p.gatewayOrderId}</dd>
                <dt>AVS / CVV</dt>
                <dd>
                  {p.avsResp || '—'} / {p.cvvResp || '—'}
                </dd>
              </dl>
            </section>
          </div>
          <Operations payment={p} />
          <Dialog open={refunding} onClose={() => setRefunding(false)} title="Refund this payment">
            <RefundForm
              payment={p}
              orderName={p.orderId ? orderName : null}
              onDone={onRefunded}
              onCancel={() => setRefunding(false)}
            />
          </Dialog>
        </>
      )}
    </DetailFrame>
  );
}

function Operations({ payment }: { payment: PaymentDetail }) {
  return (
    <section className="card stack-tight" aria-labelledby="operations-title">
      <h2 id="operations-title">Calls to the gateway</h2>
      <p className="muted">Each call is written down before it is made, and its answer after.</p>
      <table className="table responsive-table" aria-labelledby="operations-title">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Call</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Result</th>
            <th scope="col">Gateway’s answer</th>
            <th scope="col">Reference</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          {payment.operations.map((op) => (
            <tr key={op.id}>
              <td data-label="Time" className="nowrap">
                <time dateTime={op.createdAt}>{formatDateTime(op.createdAt)}</time>
              </td>
              <td data-label="Call">
                {operationLabels[op.kind]}
                {op.reason ? <span className="row-meta"> · {op.reason}</span> : null}
              </td>
              <td data-label="Amount" className="num">
                {formatMoney(op.amount, payment.currency)}
              </td>
              <td data-label="Result">{operationStatusLabels[op.status]}</td>
              <td data-label="Gateway’s answer">
                {op.respText ?? dash}
                {op.respCode ? <span className="row-meta"> · {op.respCode}</span> : null}
              </td>
              <td data-label="Reference">{op.retref ?? dash}</td>
              <td data-label="By">{op.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const refundFields = {
  amount: { id: 'refund-amount', label: 'Amount to refund' },
  reason: { id: 'refund-reason', label: 'Reason' },
};

function RefundForm({
  payment,
  orderName,
  onDone,
  onCancel,
}: {
  payment: PaymentDetail;
  /** The order the payment was taken for: the refund is that order's. */
  orderName: string | null;
  onDone: (next: PaymentDetail, amount: number) => void;
  onCancel: () => void;
}) {
  const digits = fractionDigits(payment.currency);
  const left = refundableAmount(payment);
  const [amount, setAmount] = useState(toMajor(left, digits));
  const [reason, setReason] = useState('');
  const [amountError, setAmountError] = useState('');
  const retryKey = useRetryKey();
  const refund = useMutation({
    mutationFn: (body: { amount: number; reason?: string }) =>
      api<PaymentDetail>('POST', `/api/admin/payments/${encodeURIComponent(payment.id)}/refunds`, body, {
        idempotencyKey: retryKey.for(body),
      }),
    onSuccess: (next, body) => {
      retryKey.answered();
      onDone(next, body.amount);
    },
    onError: (err) => {
      retryKey.answered(err);
      if (err instanceof ApiError && err.code === 'validation_failed') {
        const message = err.errors.find((e) => e.path === 'amount')?.message;
        if (message) setAmountError(message);
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    refund.reset();
    const minor = parseMajor(amount, digits);
    if (minor === null || minor <= 0) {
      setAmountError(`Enter an amount such as ${toMajor(left, digits)}`);
      return;
    }
    if (minor > left) {
      setAmountError(`At most ${formatMoney(left, payment.currency)} can be refunded`);
      return;
    }
    setAmountError('');
    refund.mutate({ amount: minor, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };

  const summary = amountError
    ? [{ fieldId: refundFields.amount.id, label: refundFields.amount.label, message: amountError }]
    : [];
  return (
    <form onSubmit={onSubmit} className="stack-tight" noValidate>
      <p>
        Up to {formatMoney(left, payment.currency)} can be given back to{' '}
        {payment.last4 ? maskedCard(payment.brand, payment.last4) : 'the card'}. Before the gateway settles
        the day’s payments, only the whole payment can be given back: it is voided and never reaches the
        customer’s statement.
      </p>
      {orderName ? (
        <p>
          This payment paid for {orderName}: the refund is made on {orderName}, and shows in its history and
          in the sales report.
        </p>
      ) : null}
      <ErrorSummary errors={summary} />
      {refund.isError && !amountError ? <ErrorMessage error={refund.error} /> : null}
      <TextField
        {...refundFields.amount}
        value={amount}
        onChange={setAmount}
        error={amountError || undefined}
        hint={`In ${payment.currency}.`}
        input={{ inputMode: 'decimal', className: 'input-short' }}
      />
      <TextAreaField
        {...refundFields.reason}
        value={reason}
        onChange={setReason}
        error={undefined}
        textarea={{ maxLength: 500, rows: 2 }}
      />
      <SubmitOrCancel
        label="Refund"
        pendingLabel="Refunding…"
        pending={refund.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
