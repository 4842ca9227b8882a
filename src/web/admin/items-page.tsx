import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { itemCsvColumns } from '../../contracts/csv-columns.js';
import { api, type Item, type Page, withQuery } from '../api-client.js';
import { ListState } from '../components/list-state.js';
import { LoadMore } from '../components/load-more.js';
import { formatMoney } from '../components/money.js';
import { usePageTitle } from '../components/page-title.js';
import { SelectAll } from './connections/selection.js';
import { CsvTransfer } from './csv-transfer.js';
import { isItemKind, itemKinds, kindLabels } from './item-model.js';
import { canManage, useStaff } from './session.js';
import { StockLevel } from './stock-level.js';
import './item-picture-panel.css';

const PAGE_SIZE = 50;

const statusLabels = { active: 'Active', archived: 'Archived', all: 'Active and archived' } as const;
type Status = keyof typeof statusLabels;
const isStatus = (value: string | null): value is Status => value !== null && value in statusLabels;
const activeParam: Record<Status, string | undefined> = { active: 'true', archived: 'false', all: undefined };

export const itemsKey = ['items'] as const;

export function ItemsPage() {
  usePageTitle('Items');
  const me = useStaff();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const rawKind = params.get('kind');
  const kind = isItemKind(rawKind) ? rawKind : '';
  const rawStatus = params.get('status');
  const status: Status = isStatus(rawStatus) ? rawStatus : 'active';

  const items = useInfiniteQuery({
    queryKey: [...itemsKey, { q, kind, status }],
    queryFn: ({ pageParam }) =>
      api<Page<Item>>(
        'GET',
        withQuery('/api/admin/items', {
          limit: PAGE_SIZE,
          cursor: pageParam,
          q,
          kind,
          active: activeParam[status],
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = items.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = q !== '' || kind !== '' || status !== 'active';

  return (
    <section aria-labelledby="items-title" className="stack">
      <div className="page-header">
        <div>
          <h1 id="items-title">Items</h1>
          <p className="muted">Products, services, packages and memberships, by name.</p>
        </div>
        {canManage(me.role) ? (
          <div className="header-actions">
            <CsvTransfer
              noun="items"
              importPath="/api/admin/items/import"
              exportHref={withQuery('/api/admin/items/export', { q, kind, active: activeParam[status] })}
              columns={itemCsvColumns}
              required={['sku', 'name', 'price']}
              matchedBy="sku"
              onImported={() => queryClient.invalidateQueries({ queryKey: itemsKey })}
            />
            <Link to="/admin/items/new" className="button">
              New item
            </Link>
          </div>
        ) : null}
      </div>
      <Filters
        key={`${q}|${kind}|${status}`}
        q={q}
        kind={kind}
        status={status}
        onApply={(next) =>
          setParams(
            Object.fromEntries(
              Object.entries(next).filter(([key, v]) => v !== '' && !(key === 'status' && v === 'active')),
            ),
            { replace: true },
          )
        }
      />
      <ListState
        query={items}
        count={rows.length}
        what="items"
        empty={filtered ? 'No items match this search.' : 'No items yet.'}
      />
      {rows.length > 0 ? <ItemTable items={rows} caption="Items, by name" /> : null}
      <LoadMore query={items} />
    </section>
  );
}

/** Rows ticked in a table, to act on together. */
interface Picking {
  selected: ReadonlySet<string>;
  toggle: (id: string, on: boolean) => void;
  setAll: (ids: readonly string[], on: boolean) => void;
}

export function ItemTable({
  items,
  caption,
  showThreshold = false,
  pictures = true,
  pick,
}: {
  items: Item[];
  caption: string;
  showThreshold?: boolean;
  /** Thumbnails beside the names; the list for choosing what to send to a cart leaves them out. */
  pictures?: boolean;
  /** A first column of checkboxes, when the items shown are to be chosen. */
  pick?: Picking | undefined;
}) {
  return (
    <table className={pick ? 'table responsive-table pick-table' : 'table responsive-table'}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {pick ? (
            <th scope="col" className="pick">
              <SelectAll
                ids={items.map((i) => i.id)}
                selected={pick.selected}
                setAll={pick.setAll}
                label="Select every item shown"
              />
            </th>
          ) : null}
          <th scope="col">Name</th>
          <th scope="col">SKU</th>
          <th scope="col">Kind</th>
          <th scope="col" className="num">
            Price
          </th>
          <th scope="col" className="num">
            Stock
          </th>
          {showThreshold ? (
            <th scope="col" className="num">
              Threshold
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            {pick ? (
              <td className="pick">
                <input
                  type="checkbox"
                  aria-label={`Select ${item.name}`}
                  checked={pick.selected.has(item.id)}
                  onChange={(e) => pick.toggle(item.id, e.target.checked)}
                />
              </td>
            ) : null}
            <td data-label="Name">
              {pictures && item.pictureUrl ? (
                <img src={item.pictureUrl} alt="" className="items-thumb" loading="lazy" decoding="async" />
              ) : null}
              <Link to={`/admin/items/${encodeURIComponent(item.id)}`} className="row-title">
                {item.name}
              </Link>
              {item.active ? null : (
                <>
                  {' '}
                  <span className="badge badge-archived">Archived</span>
                </>
              )}
            </td>
            <td data-label="SKU">
              <code>{item.sku}</code>
            </td>
            <td data-label="Kind">{kindLabels[item.kind]}</td>
            <td data-label="Price" className="num">
              {formatMoney(item.price, item.currency)}
            </td>
            <td data-label="Stock" className="num">
              <StockLevel item={item} />
            </td>
            {showThreshold ? (
              <td data-label="Threshold" className="num">
                {item.lowStockThreshold ?? '—'}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Filters({
  q,
  kind,
  status,
  onApply,
}: {
  q: string;
  kind: string;
  status: Status;
  onApply: (values: { q: string; kind: string; status: string }) => void;
}) {
  const [text, setText] = useState(q);
  const [chosenKind, setChosenKind] = useState(kind);
  const [chosenStatus, setChosenStatus] = useState<string>(status);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ q: text.trim(), kind: chosenKind, status: chosenStatus });
  };
  return (
    <search className="filters">
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field grow">
          <label htmlFor="items-q">Search by name, SKU or barcode</label>
          <input id="items-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="items-kind">Kind</label>
          <select id="items-kind" value={chosenKind} onChange={(e) => setChosenKind(e.target.value)}>
            <option value="">Any kind</option>
            {itemKinds.map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="items-status">Show</label>
          <select id="items-status" value={chosenStatus} onChange={(e) => setChosenStatus(e.target.value)}>
            {(Object.keys(statusLabels) as Status[]).map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          Search
        </button>
      </form>
    </search>
  );
}
