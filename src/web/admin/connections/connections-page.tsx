import { Link } from 'react-router';
import type { Connection } from '../../api-client.js';
import { formatDateTime } from '../../components/format.js';
import { usePageTitle } from '../../components/page-title.js';
import { ErrorMessage, Loading } from '../../components/status.js';
import { useConnections, useSyncRunEvents } from './connection-hooks.js';
import { cartTypeLabels, countsText, runStatusBadge, runStatusLabels } from './connection-model.js';
import { SettingsNav } from './settings-nav.js';
import './connections.css';

export const cartPagePath = (id: string) => `/admin/settings/carts/${encodeURIComponent(id)}`;

/** Settings → Shopping carts: every connected cart, how its sync stands, and a way to add one. */
export function ConnectionsPage() {
  usePageTitle('Shopping carts');
  const connections = useConnections();
  useSyncRunEvents();
  const rows = connections.data?.data ?? [];
  return (
    <section aria-labelledby="carts-title" className="stack">
      <SettingsNav />
      <div className="page-header">
        <div>
          <h1 id="carts-title">Shopping carts</h1>
          <p className="muted">
            Online stores kept in step with Tandem: their orders come in, and stock, items and customers go
            out.
          </p>
        </div>
        <div className="header-actions">
          <Link to="/admin/settings/carts/new" className="button">
            Add cart
          </Link>
        </div>
      </div>
      {connections.isPending ? <Loading what="shopping carts" /> : null}
      {connections.isError ? <ErrorMessage error={connections.error} /> : null}
      {connections.isSuccess && rows.length === 0 ? (
        <p className="empty">No carts yet. Add one to bring in its orders and keep its stock up to date.</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="table responsive-table connections-table">
          <caption className="visually-hidden">Connected shopping carts</caption>
          <thead>
            <tr>
              <th scope="col">Cart</th>
              <th scope="col">Address</th>
              <th scope="col">Auto-sync</th>
              <th scope="col">Last test</th>
              <th scope="col">Last run</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <ConnectionRow key={c.id} connection={c} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function ConnectionRow({ connection: c }: { connection: Connection }) {
  return (
    <tr>
      <td data-label="Cart">
        <Link to={cartPagePath(c.id)} className="row-title">
          {c.name}
        </Link>
        <span className="row-meta"> · {cartTypeLabels[c.type]}</span>
        {c.stoppedReason ? (
          <p className="notice notice-warning connection-warning">{c.stoppedReason}</p>
        ) : null}
      </td>
      <td data-label="Address" className="wrap-anywhere">
        {c.url}
      </td>
      <td data-label="Auto-sync">
        <SyncStatusBadge status={c.syncStatus} />
      </td>
      <td data-label="Last test">
        <LastTest connection={c} />
      </td>
      <td data-label="Last run">
        <LastRun run={c.lastRun} />
      </td>
    </tr>
  );
}

export function SyncStatusBadge({ status }: { status: Connection['syncStatus'] }) {
  return <span className={`badge ${status === 'RUNNING' ? 'badge-ok' : 'badge-archived'}`}>{status}</span>;
}

export function LastTest({ connection: c }: { connection: Pick<Connection, 'lastTest'> }) {
  if (!c.lastTest) return <span className="muted">Not tested</span>;
  return (
    <>
      <span className={`badge ${c.lastTest.ok ? 'badge-ok' : 'badge-failed'}`}>
        {c.lastTest.ok ? 'Passed' : 'Failed'}
      </span>{' '}
      <time dateTime={c.lastTest.at} className="row-meta">
        {formatDateTime(c.lastTest.at)}
      </time>
      {c.lastTest.current ? null : <span className="row-meta"> · before the last change</span>}
    </>
  );
}

export function LastRun({ run }: { run: Connection['lastRun'] }) {
  if (!run) return <span className="muted">No run yet</span>;
  return (
    <>
      <span className={`badge ${runStatusBadge[run.status]}`}>{runStatusLabels[run.status]}</span>{' '}
      <time dateTime={run.startedAt} className="row-meta">
        {formatDateTime(run.startedAt)}
      </time>
      <span className="row-meta run-counts"> · {countsText(run.counts)}</span>
    </>
  );
}
