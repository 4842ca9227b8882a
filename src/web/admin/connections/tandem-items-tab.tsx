import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Item, type Page, withQuery } from '../../api-client.js';
import { LoadMore } from '../../components/load-more.js';
import { formatMoney } from '../../components/money.js';
import { ErrorMessage, Loading } from '../../components/status.js';
import { kindLabels } from '../item-model.js';
import { StockLevel } from '../stock-level.js';
import { ExportBar } from './export-bar.js';
import { SearchBox } from './search-box.js';
import { SelectAll, useSelection } from './selection.js';

/** Tandem's own items, to send chosen ones to the cart with their stock. */
export function TandemItemsTab({ connectionId }: { connectionId: string }) {
  const [q, setQ] = useState('');
  const { selected, toggle, setAll, clear } = useSelection();
  const items = useInfiniteQuery({
    queryKey: ['items', 'for-cart', { q }],
    queryFn: ({ pageParam }) =>
      api<Page<Item>>(
        'GET',
        withQuery('/api/admin/items', { limit: 50, cursor: pageParam, q, active: 'true' }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = items.data?.pages.flatMap((p) => p.data) ?? [];
  const names = new Map(rows.map((i) => [i.id, `${i.name} (${i.sku})`]));

  return (
    <div className="stack">
      <p className="muted">Tandem’s items. Tick those to send to the cart; each goes with its free stock.</p>
      <SearchBox id="cart-export-items-q" label="Search by name, SKU or barcode" value={q} onSearch={setQ} />
      <ExportBar
        connectionId={connectionId}
        entity="items"
        selected={selected}
        nameOf={(id) => names.get(id) ?? id}
        onDone={clear}
      />
      {items.isPending ? <Loading what="items" /> : null}
      {items.isError && !items.isFetchNextPageError ? <ErrorMessage error={items.error} /> : null}
      {items.isSuccess && rows.length === 0 ? (
        <p className="empty">{q ? 'No items match this search.' : 'No items yet.'}</p>
      ) : null}
      {rows.length > 0 ? (
        <table className="table responsive-table pick-table">
          <caption className="visually-hidden">Tandem items to export</caption>
          <thead>
            <tr>
              <th scope="col" className="pick">
                <SelectAll
                  ids={rows.map((i) => i.id)}
                  selected={selected}
                  setAll={setAll}
                  label="Select every item shown"
                />
              </th>
              <th scope="col">Name</th>
              <th scope="col">SKU</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Stock
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => (
              <tr key={item.id}>
                <td className="pick">
                  <input
                    type="checkbox"
                    aria-label={`Select ${item.name}`}
                    checked={selected.has(item.id)}
                    onChange={(e) => toggle(item.id, e.target.checked)}
                  />
                </td>
                <td data-label="Name">
                  <Link to={`/admin/items/${encodeURIComponent(item.id)}`} className="row-title">
                    {item.name}
                  </Link>
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
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LoadMore query={items} />
    </div>
  );
}
