import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ShopOverview } from '../../contracts/overview.js';
import { withQuery } from '../api-client.js';
import { formatDate, formatDateTime } from '../components/format.js';
import { formatMoney } from '../components/money.js';

/** Where each figure's list is, filtered to what the figure counts. */
export const overviewLinks = {
  toShip: withQuery('/admin/orders', {
    channel: 'online',
    paymentStatus: 'paid',
    fulfillmentStatus: 'unfulfilled',
    delivery: 'shipping',
  }),
  lowStock: '/admin/low-stock',
  renewalsDue: (dueBy: string) => withQuery('/admin/memberships', { status: 'active', dueBy }),
  renewalsFailing: withQuery('/admin/memberships', { failing: 'true' }),
  refunds: withQuery('/admin/orders', { refunded: 'true' }),
};

function Tile({
  to,
  figure,
  label,
  detail,
  alert,
}: {
  to: string;
  figure: number;
  label: string;
  detail?: ReactNode;
  alert: boolean;
}) {
  return (
    <li className={`overview-tile${alert && figure > 0 ? ' overview-tile-alert' : ''}`}>
      <Link to={to} className="overview-tile-link">
        <span className="overview-figure">{figure}</span>
        <span className="overview-label">{label}</span>
      </Link>
      {detail ? <span className="overview-detail muted">{detail}</span> : null}
    </li>
  );
}

/** Another day, the shop's calendar day as such (not shifted by the browser's time zone). */
const shopDay = (day: string) => formatDate(`${day}T12:00:00Z`);

/** What needs doing: orders to ship, products running low, memberships to renew or whose renewal failed. */
export function OverviewTasks({ overview }: { overview: ShopOverview }) {
  const { memberships } = overview;
  return (
    <section className="card stack-tight" aria-labelledby="overview-tasks-title">
      <h2 id="overview-tasks-title">To do</h2>
      <ul className="overview-tiles">
        <Tile
          to={overviewLinks.toShip}
          figure={overview.toShip}
          label={overview.toShip === 1 ? 'online order to ship' : 'online orders to ship'}
          detail="Paid, not yet shipped"
          alert
        />
        <Tile
          to={overviewLinks.lowStock}
          figure={overview.lowStock}
          label={overview.lowStock === 1 ? 'product low on stock' : 'products low on stock'}
          detail="At or below their threshold"
          alert
        />
        <Tile
          to={overviewLinks.renewalsDue(memberships.dueBy)}
          figure={memberships.due}
          label={memberships.due === 1 ? 'membership renewing' : 'memberships renewing'}
          detail={`By ${shopDay(memberships.dueBy)}: ${formatMoney(memberships.dueAmount, overview.currency)}`}
          alert={false}
        />
        <Tile
          to={overviewLinks.renewalsFailing}
          figure={memberships.failing}
          label={memberships.failing === 1 ? 'renewal declined' : 'renewals declined'}
          detail="Retrying, or past due"
          alert
        />
      </ul>
    </section>
  );
}

/** Money given back in the last 7 days, and the latest refunds with their orders. */
export function RecentRefunds({ overview }: { overview: ShopOverview }) {
  const { refunds, currency } = overview;
  return (
    <section className="card stack-tight" aria-labelledby="overview-refunds-title">
      <div className="overview-card-header">
        <h2 id="overview-refunds-title">Refunds, last 7 days</h2>
        <Link to={overviewLinks.refunds}>Orders with refunds</Link>
      </div>
      <p>
        <strong className="overview-amount">{formatMoney(refunds.amount, currency)}</strong>{' '}
        <span className="muted">
          in {refunds.count} refund{refunds.count === 1 ? '' : 's'} since {shopDay(refunds.since)}
        </span>
      </p>
      {refunds.latest.length > 0 ? (
        <ul className="overview-list">
          {refunds.latest.map((r) => (
            <li key={r.id}>
              <Link to={`/admin/orders/${encodeURIComponent(r.orderId)}`}>Order #{r.number}</Link>{' '}
              <span className="muted">
                · {r.customerName ?? 'Walk-in'} ·{' '}
                <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time>
              </span>
              <span className="overview-list-amount">{formatMoney(r.amount, currency)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing given back in the last 7 days.</p>
      )}
    </section>
  );
}
