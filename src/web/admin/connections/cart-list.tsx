import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useState } from 'react';
import { Link } from 'react-router';
import { api, type CartListRow, type WorkReport, withQuery } from '../../api-client.js';
import { connectionPath, useBatch } from './connection-hooks.js';
import { cartRecordsKey } from './connection-model.js';
import { SelectAll, useSelection } from './selection.js';

export type CartEntity = 'orders' | 'items' | 'customers';

interface CartPage {
  data: CartListRow[];
  nextCursor: string | null;
  total: number | null;
}

export const PAGE_SIZE = 25;

/**
 * A page of what the cart has, with a search and Previous / Next: the cart pages by cursor, so the
 * cursors of the pages before are kept to go back.
 */
export function useCartPage(connectionId: string, entity: CartEntity) {
  const [q, setQ] = useState('');
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors.at(-1) ?? null;
  const query = useQuery({
    queryKey: [...cartRecordsKey(connectionId), entity, { q, cursor }],
    queryFn: () =>
      api<CartPage>(
        'GET',
        withQuery(`${connectionPath(connectionId)}/cart/${entity}`, { q, cursor, limit: PAGE_SIZE }),
      ),
    placeholderData: keepPreviousData,
    // The cart is another shop's server: no retries that would triple a slow answer.
    retry: false,
  });
  const search = useCallback((next: string) => {
    setQ(next);
    setCursors([null]);
  }, []);
  const nextCursor = query.data?.nextCursor ?? null;
  return {
    query,
    q,
    search,
    pageNumber: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: nextCursor !== null && !query.isPlaceholderData,
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    next: () => {
      if (nextCursor) setCursors((c) => [...c, nextCursor]);
    },
  };
}

/** Previous / Next for a cart list, with where the list is. */
export function CartPager({ page, label }: { page: ReturnType<typeof useCartPage>; label: string }) {
  const total = page.query.data?.total;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={page.previous}
        disabled={!page.hasPrevious || page.query.isFetching}
      >
        ← Previous
      </button>
      <span className="muted">
        Page {page.pageNumber}
        {total !== null && total !== undefined ? ` · ${total} in the cart` : ''}
        {page.query.isFetching ? ' · loading…' : ''}
      </span>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={page.next}
        disabled={!page.hasNext || page.query.isFetching}
      >
        Next →
      </button>
    </nav>
  );
}

const tandemPaths: Record<CartEntity, string> = {
  orders: '/admin/orders/',
  items: '/admin/items/',
  customers: '/admin/customers/',
};

/** What a cart record is linked to in Tandem, or what it looks like (same SKU or email). */
export function LinkedTo({ row, entity }: { row: CartListRow; entity: CartEntity }) {
  if (row.linkedTo) {
    return (
      <Link to={`${tandemPaths[entity]}${encodeURIComponent(row.linkedTo)}`} className="linked-to">
        {entity === 'orders' ? 'Imported' : 'Linked'}: open in Tandem
      </Link>
    );
  }
  if (row.match) {
    return (
      <span className="muted">
        Not linked ·{' '}
        <Link to={`${tandemPaths[entity]}${encodeURIComponent(row.match)}`}>
          same {entity === 'items' ? 'SKU' : 'email'} in Tandem
        </Link>
      </span>
    );
  }
  return <span className="muted">Not in Tandem</span>;
}

export interface ImportExtras {
  links?: Record<string, string>;
  rows?: Record<string, { sku?: string; cost?: number; stock?: number | null }>;
}

/** Imports chosen cart records a chunk at a time; Tandem's lists are read again after a real run. */
export function useCartImport(connectionId: string, entity: CartEntity) {
  const queryClient = useQueryClient();
  const batch = useBatch();
  const { run } = batch;
  const importChosen = useCallback(
    async (
      ids: string[],
      mode: 'create' | 'link',
      dryRun: boolean,
      extras: (ids: string[]) => ImportExtras,
    ) => {
      const report = await run(ids, (chunk) =>
        api<WorkReport>('POST', `${connectionPath(connectionId)}/import/${entity}`, {
          ids: chunk,
          mode,
          dryRun,
          ...extras(chunk),
        }),
      );
      if (report && !report.dryRun) {
        void queryClient.invalidateQueries({ queryKey: cartRecordsKey(connectionId) });
        void queryClient.invalidateQueries({ queryKey: [entity] });
      }
      return report;
    },
    [run, queryClient, connectionId, entity],
  );
  return { batch, importChosen };
}

/** Dry run, Create selected and (but for orders) Link selected. */
export function ImportBar({
  entity,
  count,
  busy,
  onImport,
  hint,
}: {
  entity: CartEntity;
  count: number;
  busy: boolean;
  onImport: (mode: 'create' | 'link', dryRun: boolean) => void;
  hint: string;
}) {
  const [dryRun, setDryRun] = useState(false);
  const id = useId();
  const disabled = count === 0 || busy;
  const suffix = count > 0 ? ` (${count})` : '';
  return (
    // biome-ignore lint/a11y/useSemanticElements: two submit actions and a checkbox, not one form
    <div className="inline-form work-bar" role="group" aria-label={`Import ${entity}`}>
      <div className="check">
        <input
          type="checkbox"
          id={`${id}-dry`}
          checked={dryRun}
          onChange={(e) => setDryRun(e.target.checked)}
        />
        <label htmlFor={`${id}-dry`}>Dry run</label>
      </div>
      <button type="button" className="button" disabled={disabled} onClick={() => onImport('create', dryRun)}>
        Create selected{suffix}
      </button>
      {entity === 'orders' ? null : (
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled}
          onClick={() => onImport('link', dryRun)}
        >
          Link selected{suffix}
        </button>
      )}
      <p className="hint">{hint}</p>
    </div>
  );
}

/** A cart tab's list: the page shown, the rows ticked on it, and the import of those. */
export function useCartRows(connectionId: string, entity: CartEntity) {
  const page = useCartPage(connectionId, entity);
  const selection = useSelection();
  const { batch, importChosen } = useCartImport(connectionId, entity);
  const rows = page.query.data?.data ?? [];
  return { page, rows, ...selection, batch, importChosen };
}

/** The heading cell that ticks every row shown that could be read (the others cannot be imported). */
export function SelectReadable({
  rows,
  selected,
  setAll,
  label,
}: {
  rows: readonly CartListRow[];
  selected: ReadonlySet<string>;
  setAll: (ids: readonly string[], on: boolean) => void;
  label: string;
}) {
  return (
    <th scope="col" className="pick">
      <SelectAll
        ids={rows.filter((r) => !r.error).map((r) => r.externalId)}
        selected={selected}
        setAll={setAll}
        label={label}
      />
    </th>
  );
}

/** A record the cart answered that Tandem could not read: its id and why, across the row. */
export function UnreadableCell({ id, why, colSpan }: { id: string; why: string; colSpan: number }) {
  return (
    <td colSpan={colSpan} className="wrap-anywhere">
      <span className="badge badge-failed">Cannot be read</span> {id}: {why}
    </td>
  );
}
