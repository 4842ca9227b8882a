import { useQuery } from '@tanstack/react-query';
import { api, type Health } from '../api-client.js';
import { roleLabel } from '../components/format.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage } from '../components/status.js';
import { useSettings, useStaff } from './session.js';

export function OverviewPage() {
  usePageTitle('Overview');
  const me = useStaff();
  const settings = useSettings();
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => api<Health>('GET', '/api/health'),
    retry: false,
  });

  return (
    <section aria-labelledby="overview-title" className="stack">
      <h1 id="overview-title">Welcome, {me.name}</h1>
      <p className="lead">
        This is the back office of <strong>{settings.data?.businessName ?? '…'}</strong>. You are signed in as{' '}
        {me.role === 'owner' ? 'the' : 'a'} <strong>{roleLabel[me.role].toLowerCase()}</strong>.
      </p>
      {settings.isError ? <ErrorMessage error={settings.error} /> : null}
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
    </section>
  );
}
