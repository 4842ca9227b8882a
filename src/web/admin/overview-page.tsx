import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ShopOverview } from '../../contracts/overview.js';
import { api, type Health } from '../api-client.js';
import { roleLabel } from '../components/format.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { SalesTable } from './overview-sales.js';
import { OverviewTasks, RecentRefunds } from './overview-tasks.js';
import { canManage, useSettings, useStaff } from './session.js';
import './overview.css';

export const overviewKey = ['overview'] as const;

const longDay = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
});

/** Managers and owners see how the shop is doing; a cashier, whose role shows no sales, where to go. */
export function OverviewPage() {
  usePageTitle('Overview');
  const me = useStaff();
  const settings = useSettings();
  return (
    <section aria-labelledby="overview-title" className="stack">
      <div>
        <h1 id="overview-title">Welcome, {me.name}</h1>
        <p className="lead">
          The back office of <strong>{settings.data?.businessName ?? '…'}</strong>. You are signed in as{' '}
          {me.role === 'owner' ? 'the' : 'a'} <strong>{roleLabel[me.role].toLowerCase()}</strong>.
        </p>
      </div>
      {settings.isError ? <ErrorMessage error={settings.error} /> : null}
      {canManage(me.role) ? <ShopFigures /> : <CashierStart />}
      <SystemStatus />
    </section>
  );
}

function ShopFigures() {
  const overview = useQuery({
    queryKey: overviewKey,
    queryFn: () => api<ShopOverview>('GET', '/api/admin/overview'),
  });
  if (overview.isPending) return <Loading what="today’s figures" />;
  if (overview.isError) return <ErrorMessage error={overview.error} />;
  const o = overview.data;
  return (
    <>
      <p className="muted">
        {longDay.format(new Date(`${o.today}T12:00:00Z`))}, in the shop’s time zone ({o.timeZone}). Net sales
        are without tax, after discounts and refunds; each is set against the same days of last week.
      </p>
      <div className="overview-grid">
        <SalesTable id="overview-today-title" title="Today" sales={o.sales.today} currency={o.currency} />
        <SalesTable id="overview-week-title" title="This week" sales={o.sales.week} currency={o.currency} />
      </div>
      <OverviewTasks overview={o} />
      <RecentRefunds overview={o} />
    </>
  );
}

function CashierStart() {
  return (
    <nav className="card stack-tight" aria-labelledby="overview-start-title">
      <h2 id="overview-start-title">Where to start</h2>
      <ul className="overview-list">
        <li>
          <Link to="/pos">Register</Link> <span className="muted">· ring up a sale</span>
        </li>
        <li>
          <Link to="/admin/orders?channel=online&fulfillmentStatus=unfulfilled">Online orders to fulfil</Link>{' '}
          <span className="muted">· ship them or hand them over</span>
        </li>
        <li>
          <Link to="/admin/customers">Customers</Link> <span className="muted">· look someone up</span>
        </li>
        <li>
          <Link to="/admin/gift-cards">Gift cards</Link> <span className="muted">· check a balance</span>
        </li>
      </ul>
    </nav>
  );
}

function SystemStatus() {
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => api<Health>('GET', '/api/health'),
    retry: false,
  });
  return (
    <div className="card">
      <h2>System</h2>
      {health.isPending ? (
        <p className="muted">Checking…</p>
      ) : health.isError ? (
        <ErrorMessage error={health.error} />
      ) : (
        <dl className="details">
          <dt>Status</dt>
          <dd>
            <span className={`badge ${health.data.status === 'ok' ? 'badge-ok' : 'badge-bad'}`}>
              {health.data.status === 'ok' ? 'Running' : 'Degraded'}
            </span>
          </dd>
          <dt>Database</dt>
          <dd>{health.data.database === 'ok' ? 'Reachable' : 'Unreachable'}</dd>
          <dt>Version</dt>
          <dd>{health.data.version}</dd>
        </dl>
      )}
    </div>
  );
}
