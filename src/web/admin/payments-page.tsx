import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Page, type PaymentListEntry, withQuery } from '../api-client.js';
import { DateRangeFields } from '../components/fields.js';
import { FilterButtons, FilterSelect } from '../components/filter-fields.js';
import { formatDateTime } from '../components/format.js';
import { LoadMore } from '../components/load-more.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { maskedCard } from '../components/saved-cards.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { type FilterFormProps, useFilterForm, useUrlFilters } from '../components/url-filters.js';
import { paymentStatusBadge, paymentStatusLabels } from './payment-model.js';

const PAGE_SIZE = 50;

export const paymentsKey = ['payments'] as const;

const filterNames = ['status', 'from', 'to', 'q'] as const;
type Filters = Record<(typeof filterNames)[number], string>;

export function PaymentsPage() {
  usePageTitle('Payments');
  const { filters, filtered, apply, clear } = useUrlFilters(filterNames);

  const payments = useInfiniteQuery({
    queryKey: [...paymentsKey, filters],
    queryFn: ({ pageParam }) =>
      api<Page<PaymentListEntry>>(
        'GET',
        withQuery('/api/admin/payments', { limit: PAGE_SIZE, cursor: pageParam, ...filters }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = payments.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section aria-labelledby="payments-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="payments-title">Payments</h1>
          <p className="muted">Every card payment tried, newest first, with the gateway’s answer.</p>
        </div>
      </div>
      <PaymentFilters
        key={JSON.stringify(filters)}
        filters={filters}
        filtered={filtered}
        onApply={apply}
        onClear={clear}
      />
      {payments.isPending ? <Loading what="payments" /> : null}
      {payments.isError && !payments.isFetchNextPageError ? <ErrorMessage error={payments.error} /> : null}
      {payments.isSuccess && rows.length === 0 ? (
        <p className="empty">{filtered ? 'No payments match these filters.' : 'No card payments yet.'}</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="table responsive-table">
          <caption className="visually-hidden">Card payments, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
              <th scope="col">Card</th>
              <th scope="col">Customer</th>
              <th scope="col">Gateway’s answer</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <td data-label="Time" className="nowrap">
                  <Link to={`/admin/payments/${encodeURIComponent(p.id)}`} className="row-title">
                    <time dateTime={p.createdAt}>{formatDateTime(p.createdAt)}</time>
                  </Link>
                </td>
                <td data-label="Amount" className="num">
                  {formatMoney(p.amount, p.currency)}
                  {p.purpose === 'card_check' ? <span className="row-meta"> · card check</span> : null}
                  {p.refundedAmount > 0 ? (
                    <span className="row-meta"> · {formatMoney(p.refundedAmount, p.currency)} refunded</span>
                  ) : null}
                  {p.abandonedAt ? (
                    <span className="row-meta" title={p.note ?? undefined}>
                      {' '}
                      · no order written: given back
                    </span>
                  ) : null}
                </td>
                <td data-label="Status">
                  <span className={`badge ${paymentStatusBadge[p.status]}`}>
                    {paymentStatusLabels[p.status]}
                  </span>
                </td>
                <td data-label="Card">
                  {p.last4 ? maskedCard(p.brand, p.last4) : <span className="muted">—</span>}
                </td>
                <td data-label="Customer">
                  {p.customerId ? (
                    <Link to={`/admin/customers/${encodeURIComponent(p.customerId)}`}>
                      {p.customerName ?? 'Customer'}
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td data-label="Gateway’s answer">{p.respText ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={payments} />
    </section>
  );
}

function PaymentFilters({ filters, filtered, onApply, onClear }: FilterFormProps<Filters>) {
  const { form, setForm, set, onSubmit } = useFilterForm(filters, onApply);
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field grow">
          <label htmlFor="payments-q">Last 4 digits, order or reference</label>
          <input
            id="payments-q"
            type="search"
            value={form.q}
            onChange={(e) => set('q')(e.target.value)}
            maxLength={64}
          />
        </div>
        <FilterSelect
          id="payments-status"
          label="Status"
          value={form.status}
          options={paymentStatusLabels}
          onChange={set('status')}
        />
        <DateRangeFields
          idPrefix="payments"
          from={form.from}
          to={form.to}
          onChange={(range) => setForm((f) => ({ ...f, ...range }))}
        />
        <FilterButtons filtered={filtered} onClear={onClear} />
      </form>
    </search>
  );
}
