import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import type { CustomerSummary } from '../../contracts/overview.js';
import { api } from '../api-client.js';
import { formatDate, formatDateTime } from '../components/format.js';
import { formatMoney } from '../components/money.js';
import { OrderTable, useOrderPages } from '../components/order-list.js';
import { channelLabels } from '../components/order-model.js';
import { ErrorMessage, Loading } from '../components/status.js';

const summaryKey = (customerId: string) => ['customer-summary', customerId] as const;

const membershipStatus: Record<CustomerSummary['memberships'][number]['status'], string> = {
  active: 'Active',
  past_due: 'Past due',
  paused: 'Paused',
  cancelled: 'Cancelled',
};

export function useCustomerSummary(customerId: string) {
  return useQuery({
    queryKey: summaryKey(customerId),
    queryFn: () =>
      api<CustomerSummary>('GET', `/api/admin/customers/${encodeURIComponent(customerId)}/summary`),
  });
}

/** Lifetime spend net of refunds, in every channel, with how many orders and since when. */
export function CustomerSpend({ customerId }: { customerId: string }) {
  const summary = useCustomerSummary(customerId);
  return (
    <section className="card stack-tight" aria-labelledby="customer-spend-title">
      <h2 id="customer-spend-title">Spend</h2>
      {summary.isPending ? <Loading what="what the customer has spent" /> : null}
      {summary.isError ? <ErrorMessage error={summary.error} /> : null}
      {summary.data ? <SpendFigures summary={summary.data} /> : null}
    </section>
  );
}

function SpendFigures({ summary: s }: { summary: CustomerSummary }) {
  const money = (minor: number) => formatMoney(minor, s.currency);
  if (s.orders === 0) return <p className="muted">No orders yet.</p>;
  return (
    <>
      <dl className="details">
        <dt>Lifetime spend</dt>
        <dd>
          <strong data-testid="lifetime-spend">{money(s.net)}</strong>
          {s.refunded > 0 ? (
            <span className="muted">
              {' '}
              ({money(s.spent)} less {money(s.refunded)} refunded)
            </span>
          ) : null}
        </dd>
        <dt>Orders</dt>
        <dd>
          {s.orders}
          {s.firstOrderAt && s.lastOrderAt ? (
            <span className="muted">
              {' '}
              · first {formatDate(s.firstOrderAt)}, latest {formatDateTime(s.lastOrderAt)}
            </span>
          ) : null}
        </dd>
        {s.byChannel.map((c) => (
          <Fragment key={c.channel}>
            <dt>{channelLabels[c.channel]}</dt>
            <dd>
              {money(c.net)}{' '}
              <span className="muted">
                · {c.orders} order{c.orders === 1 ? '' : 's'}
              </span>
            </dd>
          </Fragment>
        ))}
      </dl>
      <p className="muted">
        Gift cards they bought count when they are spent. Orders waiting to be confirmed do not count.
      </p>
    </>
  );
}

/** Every order of the customer's, from the register, the shop and the carts, newest first, a page at a time. */
export function CustomerOrders({ customerId }: { customerId: string }) {
  const orders = useOrderPages('/api/admin/orders', { customerId });
  return (
    <section className="card stack-tight" aria-labelledby="customer-orders-title">
      <h2 id="customer-orders-title">Orders</h2>
      <OrderTable
        query={orders}
        orderPath={(id) => `/admin/orders/${encodeURIComponent(id)}`}
        caption="The customer’s orders, newest first"
        empty="No orders yet."
      />
    </section>
  );
}

/** The memberships they bought: plan, status, what renews when and on which card. */
export function CustomerMemberships({ customerId }: { customerId: string }) {
  const summary = useCustomerSummary(customerId);
  const list = summary.data?.memberships ?? [];
  return (
    <section className="card stack-tight" aria-labelledby="customer-memberships-title">
      <h2 id="customer-memberships-title">Memberships</h2>
      {summary.isPending ? <Loading what="memberships" /> : null}
      {summary.isError ? <ErrorMessage error={summary.error} /> : null}
      {summary.data && list.length === 0 ? <p className="muted">No memberships.</p> : null}
      {list.length > 0 ? (
        <ul className="overview-list">
          {list.map((m) => (
            <li key={m.id}>
              <strong>{m.plan}</strong>
              <span
                className={`badge ${m.status === 'active' ? 'badge-ok' : m.status === 'past_due' ? 'badge-bad' : 'badge-archived'}`}
              >
                {membershipStatus[m.status]}
              </span>
              <span className="muted">
                {formatMoney(m.amount, m.currency)} / {m.interval}
                {m.nextPaymentAt && m.status !== 'cancelled'
                  ? ` · next payment ${formatDate(m.nextPaymentAt)}`
                  : ''}
                {m.card ? ` · ${m.card}` : ''}
                {m.cancelAtPeriodEnd ? ' · ends at period end' : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
