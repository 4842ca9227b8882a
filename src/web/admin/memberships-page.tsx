import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Page, type RenewalResult, type Subscription, withQuery } from '../api-client.js';
import { FilterButtons, FilterSelect } from '../components/filter-fields.js';
import { formatDate } from '../components/format.js';
import { LoadMore } from '../components/load-more.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading, StatusMessage } from '../components/status.js';
import { type FilterFormProps, useFilterForm, useUrlFilters } from '../components/url-filters.js';

const PAGE_SIZE = 50;
const membershipsKey = ['memberships'] as const;

const statusLabels: Record<Subscription['status'], string> = {
  active: 'Active',
  past_due: 'Past due',
  paused: 'Paused',
  cancelled: 'Cancelled',
};
const statusBadge: Record<Subscription['status'], string> = {
  active: 'badge-ok',
  past_due: 'badge-bad',
  paused: 'badge-queued',
  cancelled: 'badge-archived',
};

const failingLabels = { true: 'Declined' } as const;

type Action = 'pause' | 'resume' | 'cancel' | 'retry';
const actionLabels: Record<Action, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel now',
  retry: 'Retry payment now',
};
const actionsFor = (s: Subscription): Action[] =>
  s.status === 'active'
    ? ['pause', 'cancel']
    : s.status === 'paused'
      ? ['resume', 'cancel']
      : s.status === 'past_due'
        ? ['retry', 'cancel']
        : [];

const filterNames = ['status', 'dueBy', 'failing'] as const;
type Filters = Record<(typeof filterNames)[number], string>;

/** Memberships by their next renewal, the soonest first: what will be charged, and acting on one. */
export function MembershipsPage() {
  usePageTitle('Memberships');
  const queryClient = useQueryClient();
  const { filters, filtered, apply, clear } = useUrlFilters(filterNames);
  const [status, setStatus] = useState('');
  const list = useInfiniteQuery({
    queryKey: [...membershipsKey, filters],
    queryFn: ({ pageParam }) =>
      api<Page<Subscription>>(
        'GET',
        withQuery('/api/admin/subscriptions', { limit: PAGE_SIZE, cursor: pageParam, ...filters }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: Action }) =>
      api<Subscription>('POST', `/api/admin/subscriptions/${encodeURIComponent(id)}/${action}`),
    onSuccess: (next, { action }) => {
      setStatus(
        action === 'retry'
          ? next.status === 'active' && next.failedAttempts === 0
            ? `${next.plan}: the payment went through.`
            : `${next.plan}: the payment was declined again.`
          : `${next.plan} is now ${statusLabels[next.status].toLowerCase()}.`,
      );
      void queryClient.invalidateQueries({ queryKey: membershipsKey });
    },
  });
  // Charges the period now, even early; asking twice for the same period charges it once.
  const renew = useMutation({
    mutationFn: (s: Subscription) =>
      api<RenewalResult>('POST', `/api/admin/subscriptions/${encodeURIComponent(s.id)}/renew`, {
        periodStart: s.nextPaymentAt,
      }),
    onSuccess: (result) => {
      const plan = result.subscription.plan;
      setStatus(
        result.status === 'approved'
          ? `${plan} renewed: the payment went through.`
          : result.status === 'declined'
            ? `${plan}: the renewal was declined (${result.declineReason ?? 'declined'}).`
            : `${plan}: the renewal is still being charged.`,
      );
      void queryClient.invalidateQueries({ queryKey: membershipsKey });
    },
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-labelledby="memberships-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="memberships-title">Memberships</h1>
          <p className="muted">Recurring orders by their next renewal, the soonest first.</p>
        </div>
      </div>
      <MembershipFilters
        key={JSON.stringify(filters)}
        filters={filters}
        filtered={filtered}
        onApply={apply}
        onClear={clear}
      />
      <StatusMessage>{status}</StatusMessage>
      {act.isError ? <ErrorMessage error={act.error} /> : null}
      {renew.isError ? <ErrorMessage error={renew.error} /> : null}
      {list.isPending ? <Loading what="memberships" /> : null}
      {list.isError && !list.isFetchNextPageError ? <ErrorMessage error={list.error} /> : null}
      {list.isSuccess && rows.length === 0 ? (
        <p className="empty">{filtered ? 'No memberships match this filter.' : 'No memberships yet.'}</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="table responsive-table">
          <caption className="visually-hidden">Memberships by next renewal</caption>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Next payment</th>
              <th scope="col">Card</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id}>
                <td data-label="Member">
                  <Link to={`/admin/customers/${encodeURIComponent(s.customerId)}`} className="row-title">
                    {s.customerName ?? 'Customer'}
                  </Link>
                  <span className="row-meta"> · {s.plan}</span>
                </td>
                <td data-label="Status">
                  <span className={`badge ${statusBadge[s.status]}`}>{statusLabels[s.status]}</span>
                  {s.cancelAtPeriodEnd ? <span className="row-meta"> · ends at period end</span> : null}
                </td>
                <td data-label="Amount" className="num">
                  {formatMoney(s.amount, s.currency)} / {s.interval}
                </td>
                <td data-label="Next payment">{s.nextPaymentAt ? formatDate(s.nextPaymentAt) : '—'}</td>
                <td data-label="Card">{s.card ?? '—'}</td>
                <td data-label="Actions">
                  {s.status === 'active' && !s.cancelAtPeriodEnd && s.nextPaymentAt ? (
                    <button
                      type="button"
                      className="button button-quiet button-small"
                      disabled={renew.isPending}
                      onClick={() => renew.mutate(s)}
                      aria-label={`Renew now: ${s.plan}`}
                    >
                      Renew now
                    </button>
                  ) : null}
                  {actionsFor(s).map((action) => (
                    <button
                      key={action}
                      type="button"
                      className="button button-quiet button-small"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ id: s.id, action })}
                      aria-label={`${actionLabels[action]}: ${s.plan}`}
                    >
                      {actionLabels[action]}
                    </button>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={list} />
    </section>
  );
}

function MembershipFilters({ filters, filtered, onApply, onClear }: FilterFormProps<Filters>) {
  const { form, set, onSubmit } = useFilterForm(filters, onApply);
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <FilterSelect
          id="memberships-status"
          label="Status"
          value={form.status}
          options={statusLabels}
          onChange={set('status')}
        />
        <div className="field">
          <label htmlFor="memberships-due-by">Renews by</label>
          <input
            id="memberships-due-by"
            type="date"
            value={form.dueBy}
            onChange={(e) => set('dueBy')(e.target.value)}
          />
        </div>
        <FilterSelect
          id="memberships-failing"
          label="Last renewal"
          value={form.failing}
          options={failingLabels}
          onChange={set('failing')}
        />
        <FilterButtons filtered={filtered} onClear={onClear} />
      </form>
    </search>
  );
}
