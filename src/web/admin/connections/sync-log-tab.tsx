import type { SyncRun } from '../../api-client.js';
import { formatDateTime } from '../../components/format.js';
import { LoadMore } from '../../components/load-more.js';
import { ErrorMessage, Loading } from '../../components/status.js';
import { useRuns } from './connection-hooks.js';
import {
  countsText,
  entityLabels,
  runStatusBadge,
  runStatusLabels,
  triggerLabels,
} from './connection-model.js';
import { RunProgress } from './sync-controls.js';

/**
 * Every run of this connection, newest first: what started it, when, how it ended, its counts and
 * the records it could not take. A run under way shows how far it has got, as it goes (the page
 * hears of each step and reads the log again).
 */
export function SyncLogTab({ connectionId }: { connectionId: string }) {
  const runs = useRuns(connectionId);
  const rows = runs.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="stack">
      {runs.isPending ? <Loading what="the sync log" /> : null}
      {runs.isError && !runs.isFetchNextPageError ? <ErrorMessage error={runs.error} /> : null}
      {runs.isSuccess && rows.length === 0 ? (
        <p className="empty">No runs yet. Start auto-sync or ask for a run on the Auto-sync tab.</p>
      ) : null}
      {rows.length > 0 ? (
        <ol className="plain-list stack sync-log" aria-label="Sync runs, newest first">
          {rows.map((run) => (
            <RunEntry key={run.id} run={run} />
          ))}
        </ol>
      ) : null}
      <LoadMore query={runs} />
    </div>
  );
}

function RunEntry({ run }: { run: SyncRun }) {
  const titleId = `run-${run.id}-title`;
  return (
    <li className="card stack-tight sync-run" aria-labelledby={titleId} data-run={run.id}>
      <h3 id={titleId} className="sync-run-title">
        <span className={`badge ${runStatusBadge[run.status]}`}>{runStatusLabels[run.status]}</span>{' '}
        {triggerLabels[run.trigger]} · <time dateTime={run.startedAt}>{formatDateTime(run.startedAt)}</time>
      </h3>
      <dl className="details">
        <dt>Started</dt>
        <dd>{formatDateTime(run.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{run.finishedAt ? formatDateTime(run.finishedAt) : 'Still running'}</dd>
        <dt>Counts</dt>
        <dd className="run-counts">{countsText(run.counts)}</dd>
        <dt>Requests to the cart</dt>
        <dd>{run.requests}</dd>
        {run.detail ? (
          <>
            <dt>Note</dt>
            <dd>{run.detail}</dd>
          </>
        ) : null}
      </dl>
      {run.status === 'running' ? <RunProgress run={run} /> : null}
      {run.errors.length > 0 ? (
        <div className="table-scroll">
          <table className="table">
            <caption className="batch-caption">
              {run.counts.failed > run.errors.length
                ? `The first ${run.errors.length} of ${run.counts.failed} records it could not take`
                : 'Records it could not take'}
            </caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Id in the cart</th>
                <th scope="col">Why</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {run.errors.map((e) => (
                <tr key={`${e.entity}:${e.externalId ?? ''}:${e.at}:${e.reason}`}>
                  <td>{entityLabels[e.entity] ?? e.entity}</td>
                  <td>
                    <code>{e.externalId ?? '—'}</code>
                  </td>
                  <td className="wrap-anywhere">{e.reason}</td>
                  <td>
                    <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </li>
  );
}
