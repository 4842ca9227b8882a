import { useInfiniteQuery } from '@tanstack/react-query';
import { type AuditEntry, api, type Page, withQuery } from '../api-client.js';
import { formatDateTime } from '../components/format.js';
import { LoadMore } from '../components/load-more.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { describeChanges } from './audit-changes.js';

const PAGE_SIZE = 50;

export function AuditLogPage() {
  usePageTitle('Audit log');
  const entries = useInfiniteQuery({
    queryKey: ['audit-log'],
    queryFn: ({ pageParam }) =>
      api<Page<AuditEntry>>(
        'GET',
        withQuery('/api/admin/audit-log', { limit: PAGE_SIZE, cursor: pageParam }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = entries.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section aria-labelledby="audit-title" className="stack">
      <div>
        <h1 id="audit-title">Audit log</h1>
        <p className="muted">Who changed what, newest first.</p>
      </div>
      {entries.isPending ? <Loading what="the audit log" /> : null}
      {entries.isError && !entries.isFetchNextPageError ? <ErrorMessage error={entries.error} /> : null}
      {entries.isSuccess && rows.length === 0 ? (
        <p className="empty">Nothing has been recorded yet.</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="table responsive-table">
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Entity</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={entries} />
    </section>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const lines = describeChanges(entry.changes);
  return (
    <tr>
      <td data-label="Time">
        <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
      </td>
      <td data-label="Who">{entry.actor.label}</td>
      <td data-label="Action">
        <code>{entry.action}</code>
      </td>
      <td data-label="Entity">
        {entry.entity}
        {entry.entityId ? <span className="muted"> {entry.entityId}</span> : null}
      </td>
      <td data-label="Changes">
        {lines.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="changes">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
