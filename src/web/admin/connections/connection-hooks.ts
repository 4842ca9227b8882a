import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  api,
  type Connection,
  type Page,
  type SyncRun,
  type WorkReport,
  withQuery,
} from '../../api-client.js';
import {
  chunks,
  connectionKey,
  connectionListKey,
  connectionsKey,
  mergeReports,
  runsKey,
} from './connection-model.js';

/** How often a page looks again at a run under way, besides the events it hears. */
const RUNNING_POLL_MS = 2_000;

export const connectionPath = (id: string) => `/api/admin/connections/${encodeURIComponent(id)}`;

export function useConnections() {
  return useQuery({
    queryKey: connectionListKey,
    queryFn: () => api<Page<Connection>>('GET', withQuery('/api/admin/connections', { limit: 200 })),
  });
}

export function useConnection(id: string) {
  return useQuery({
    queryKey: connectionKey(id),
    queryFn: () => api<Connection>('GET', connectionPath(id)),
    // Events say when a run moves on; looking again while one runs also covers an event missed.
    refetchInterval: (query) => (query.state.data?.lastRun?.status === 'running' ? RUNNING_POLL_MS : false),
  });
}

/** A connection's sync log, newest first, a page at a time. */
export function useRuns(id: string) {
  return useInfiniteQuery({
    queryKey: runsKey(id),
    queryFn: ({ pageParam }) =>
      api<Page<SyncRun>>('GET', withQuery(`${connectionPath(id)}/runs`, { limit: 20, cursor: pageParam })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) =>
      query.state.data?.pages[0]?.data.some((r) => r.status === 'running') ? RUNNING_POLL_MS : false,
  });
}

interface SyncRunEvent {
  connectionId?: string;
  runId?: string;
  status?: SyncRun['status'];
}

/**
 * Looks again at connections and their runs whenever a run moves on or ends (`sync.run` events);
 * with `connectionId`, only for that connection's runs. A run that ends may have imported orders.
 */
export function useSyncRunEvents(connectionId?: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/events');
    const onRun = (event: MessageEvent<string>) => {
      let data: SyncRunEvent = {};
      try {
        data = (JSON.parse(event.data) as { data?: SyncRunEvent }).data ?? {};
      } catch {
        return;
      }
      if (connectionId && data.connectionId !== connectionId) return;
      void queryClient.invalidateQueries({ queryKey: connectionsKey });
      if (data.status !== 'running') void queryClient.invalidateQueries({ queryKey: ['orders'] });
    };
    source.addEventListener('sync.run', onRun);
    return () => source.close();
  }, [queryClient, connectionId]);
}

export interface BatchState {
  running: boolean;
  done: number;
  total: number;
  report: WorkReport | null;
  error: unknown;
}

const idle: BatchState = { running: false, done: 0, total: 0, report: null, error: null };

/** Records sent per request: small enough for the bar to move, and for one slow cart call to matter little. */
export const BATCH_SIZE = 20;

/**
 * Sends a long list of chosen records a chunk at a time, so that the progress bar moves and one
 * refused chunk keeps what the others did; the reports are added up as they come.
 */
export function useBatch() {
  const [state, setState] = useState<BatchState>(idle);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const run = useCallback(
    async <T>(ids: readonly T[], send: (chunk: T[]) => Promise<WorkReport>): Promise<WorkReport | null> => {
      const reports: WorkReport[] = [];
      setState({ running: true, done: 0, total: ids.length, report: null, error: null });
      let done = 0;
      let error: unknown = null;
      for (const chunk of chunks(ids, BATCH_SIZE)) {
        try {
          reports.push(await send(chunk));
        } catch (err) {
          error = err;
          break;
        }
        done += chunk.length;
        if (alive.current) {
          setState((s) => ({ ...s, done, report: mergeReports(reports) }));
        }
      }
      const report = mergeReports(reports);
      if (alive.current) setState({ running: false, done, total: ids.length, report, error });
      return report;
    },
    [],
  );
  const reset = useCallback(() => setState(idle), []);
  return { ...state, run, reset };
}
