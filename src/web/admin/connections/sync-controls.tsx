import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Connection, type ConnectionTest, type SyncRun } from '../../api-client.js';
import { formatDateTime } from '../../components/format.js';
import { ErrorMessage, StatusMessage } from '../../components/status.js';
import { connectionPath } from './connection-hooks.js';
import { connectionKey, connectionsKey, entityLabels, mayRun, whyNotRunnable } from './connection-model.js';
import { LastRun, LastTest, SyncStatusBadge } from './connections-page.js';

type Action = 'start' | 'stop' | 'run';

const actionDone = (action: Action, c: Connection): string =>
  action === 'start'
    ? `Auto-sync is running: a run starts now, then one every ${c.options.pollMinutes} minutes.`
    : action === 'stop'
      ? 'Auto-sync is stopped.'
      : 'A run was asked for: the sync log shows how it goes.';

/** Test connection, Start / Stop, Run now, and how the last test and run went. */
export function SyncControls({ connection: c }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState('');
  const test = useMutation({
    mutationFn: () => api<ConnectionTest>('POST', `${connectionPath(c.id)}/test`),
    onMutate: () => setMessage(''),
    onSettled: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
  });
  const control = useMutation({
    mutationFn: (action: Action) => api<Connection>('POST', `${connectionPath(c.id)}/sync/${action}`),
    onMutate: () => setMessage(''),
    onSuccess: (next, action) => {
      queryClient.setQueryData(connectionKey(next.id), next);
      setMessage(actionDone(action, next));
      return queryClient.invalidateQueries({ queryKey: connectionsKey });
    },
  });
  const why = whyNotRunnable(c);
  const whyId = `cart-${c.id}-why`;
  const run = c.lastRun;

  return (
    <section className="card stack-tight" aria-labelledby="sync-controls-title">
      <h2 id="sync-controls-title">Auto-sync</h2>
      <dl className="details">
        <dt>Status</dt>
        <dd>
          <SyncStatusBadge status={c.syncStatus} />
          {c.syncStatus === 'RUNNING' && c.nextRunAt ? (
            <span className="row-meta">
              {' '}
              · next run <time dateTime={c.nextRunAt}>{formatDateTime(c.nextRunAt)}</time>
            </span>
          ) : null}
        </dd>
        <dt>Last test</dt>
        <dd>
          <LastTest connection={c} />
          {c.lastTest && !c.lastTest.ok && c.lastTest.detail ? (
            <span className="row-meta"> · {c.lastTest.detail}</span>
          ) : null}
        </dd>
        <dt>Last run</dt>
        <dd>
          <LastRun run={run} />
          {run?.detail ? <span className="row-meta"> · {run.detail}</span> : null}
        </dd>
      </dl>
      {run?.status === 'running' ? <RunProgress run={run} /> : null}
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => test.mutate()}
          disabled={test.isPending}
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        {c.syncStatus === 'RUNNING' ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => control.mutate('stop')}
            disabled={control.isPending}
          >
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => control.mutate('start')}
            disabled={!mayRun(c) || control.isPending}
            aria-describedby={why ? whyId : undefined}
          >
            Start
          </button>
        )}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => control.mutate('run')}
          disabled={!mayRun(c) || control.isPending}
          aria-describedby={why ? whyId : undefined}
        >
          Run now
        </button>
      </div>
      {why ? (
        <p className="hint" id={whyId}>
          {why}
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {test.data ? (
          <p className={`notice ${test.data.ok ? 'notice-success' : 'notice-error'} test-result`}>
            {test.data.detail}
          </p>
        ) : null}
      </div>
      {test.isError ? <ErrorMessage error={test.error} /> : null}
      {control.isError ? <ErrorMessage error={control.error} /> : null}
      <StatusMessage>{message}</StatusMessage>
    </section>
  );
}

/** A run under way: how far it has got through the entity it is reading. */
export function RunProgress({ run }: { run: Pick<SyncRun, 'id' | 'progress'> }) {
  const { entity, done, total } = run.progress;
  const what = entity ? (entityLabels[entity] ?? entity) : 'Starting';
  const id = `run-${run.id}-progress`;
  return (
    <div className="run-progress">
      <label htmlFor={id}>
        {what}:{' '}
        {total !== null && total > 0 ? `${done} of ${total}` : done > 0 ? `${done} so far` : 'reading…'}
      </label>
      {total !== null && total > 0 ? (
        <progress id={id} className="progress" value={Math.min(done, total)} max={total} />
      ) : (
        <progress id={id} className="progress" />
      )}
    </div>
  );
}
