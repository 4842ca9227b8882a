import { useId } from 'react';
import { ErrorMessage } from '../../components/status.js';
import type { BatchState } from './connection-hooks.js';
import { reportCountsText } from './connection-model.js';

const outcomeLabels = {
  created: 'Created',
  linked: 'Linked',
  updated: 'Updated',
  skipped: 'Skipped',
  failed: 'Failed',
} as const;

/**
 * A batch of imports or exports: a bar while it runs, then what it did, with every record that was
 * skipped or failed and why. `nameOf` names a record by the id the report gives.
 */
export function BatchProgress({
  batch,
  doing,
  nameOf,
}: {
  batch: BatchState;
  /** "Importing", "Exporting". */
  doing: string;
  nameOf: (id: string) => string;
}) {
  const id = useId();
  const { running, done, total, report, error } = batch;
  if (!running && !report && !error) return null;
  const problems = report?.results.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped') ?? [];
  return (
    <section className="card stack-tight batch" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {running ? `${doing}…` : report?.dryRun ? 'Dry run: nothing was changed' : 'Done'}
      </h3>
      <label htmlFor={`${id}-bar`} className="batch-label">
        {running ? `${doing} ${done} of ${total}…` : `${done} of ${total} sent`}
      </label>
      <progress id={`${id}-bar`} className="progress" value={done} max={Math.max(total, 1)} />
      <p role="status" aria-live="polite">
        {!running && report ? reportCountsText(report.counts) : ''}
      </p>
      {error ? (
        <>
          <ErrorMessage error={error} />
          <p className="muted">
            Stopped after {done} of {total}: what was sent before that is kept.
          </p>
        </>
      ) : null}
      {!running && problems.length > 0 ? (
        <div className="table-scroll">
          <table className="table">
            <caption className="batch-caption">Skipped or failed</caption>
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((r) => (
                <tr key={`${r.id}:${r.outcome}`}>
                  <td>{nameOf(r.id)}</td>
                  <td>
                    <span className={`badge ${r.outcome === 'failed' ? 'badge-failed' : 'badge-low'}`}>
                      {outcomeLabels[r.outcome]}
                    </span>
                  </td>
                  <td>{r.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
