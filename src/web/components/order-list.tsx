import { type UseInfiniteQueryResult, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type OrderSummary, type Page, withQuery } from '../api-client.js';
import { CartOrderMarks, ConfirmOrderButton } from './cart-order.js';
import { formatDateTime } from './format.js';
import { LoadMore } from './load-more.js';
import { formatMoney } from './money.js';
import {
  channelLabels,
  fulfillmentBadge,
  fulfillmentLabels,
  orderPaymentBadge,
  orderPaymentLabels,
} from './order-model.js';
import { FulfillmentForm } from './order-view.js';
import { ErrorMessage, Loading } from './status.js';

export const ordersListKey = ['orders', 'list'] as const;

/** Orders from a list endpoint, newest first, a page at a time. */
export function useOrderPages(path: string, params: Record<string, string | undefined>) {
  return useInfiniteQuery({
    queryKey: [...ordersListKey, path, params],
    queryFn: ({ pageParam }) =>
      api<Page<OrderSummary>>('GET', withQuery(path, { ...params, limit: 50, cursor: pageParam })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/**
 * The order list of the register and the back office: status, customer and total, status changed
 * inline; imported cart orders show their cart number and Pending, with Confirm where `canConfirm`.
 */
export function OrderTable({
  query,
  orderPath,
  caption,
  empty,
  canConfirm = false,
}: {
  query: UseInfiniteQueryResult<{ pages: Page<OrderSummary>[] }, Error>;
  orderPath: (id: string) => string;
  caption: string;
  empty: string;
  /** Whether pending cart orders get a Confirm button in their row. */
  canConfirm?: boolean;
}) {
  const queryClient = useQueryClient();
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      {query.isPending ? <Loading what="orders" /> : null}
      {query.isError && !query.isFetchNextPageError ? <ErrorMessage error={query.error} /> : null}
      {query.isSuccess && rows.length === 0 ? <p className="empty">{empty}</p> : null}
      {rows.length > 0 ? (
        <table className="table responsive-table">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Change status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id} data-order={o.number}>
                <td data-label="Order">
                  <Link to={orderPath(o.id)} className="row-title">
                    #{o.number}
                  </Link>
                  <span className="row-meta">
                    {' '}
                    · {channelLabels[o.channel]} ·{' '}
                    <time dateTime={o.createdAt}>{formatDateTime(o.createdAt)}</time>
                  </span>
                </td>
                <td data-label="Customer" className="wrap-anywhere">
                  {o.customerName ?? o.customerEmail ?? <span className="muted">Walk-in</span>}
                </td>
                <td data-label="Status">
                  <span className={`badge ${orderPaymentBadge[o.paymentStatus]}`}>
                    {orderPaymentLabels[o.paymentStatus]}
                  </span>{' '}
                  <span className={`badge ${fulfillmentBadge[o.fulfillmentStatus]}`}>
                    {fulfillmentLabels[o.fulfillmentStatus]}
                  </span>
                  <CartOrderMarks order={o} />
                  {canConfirm && o.state === 'pending' && o.fulfillmentStatus !== 'cancelled' ? (
                    <ConfirmOrderButton order={o} compact />
                  ) : null}
                </td>
                <td data-label="Total" className="num">
                  {formatMoney(o.total, o.currency)}
                </td>
                <td data-label="Change status">
                  <FulfillmentForm
                    order={o}
                    compact
                    onChanged={() => void queryClient.invalidateQueries({ queryKey: ordersListKey })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={query} />
    </>
  );
}
