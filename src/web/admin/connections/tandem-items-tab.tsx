import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Item, type Page, withQuery } from '../../api-client.js';
import { ListState } from '../../components/list-state.js';
import { LoadMore } from '../../components/load-more.js';
import { ItemTable } from '../items-page.js';
import { ExportBar } from './export-bar.js';
import { SearchBox } from './search-box.js';
import { useSelection } from './selection.js';

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
      <ListState
        query={items}
        count={rows.length}
        what="items"
        empty={q ? 'No items match this search.' : 'No items yet.'}
      />
      {rows.length > 0 ? (
        <ItemTable
          items={rows}
          caption="Tandem items to export"
          pictures={false}
          pick={{ selected, toggle, setAll }}
        />
      ) : null}
      <LoadMore query={items} />
    </div>
  );
}
