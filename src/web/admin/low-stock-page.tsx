import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Item, type Page, withQuery } from '../api-client.js';
import { LoadMore } from '../components/load-more.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { ItemTable, itemsKey } from './items-page.js';

const PAGE_SIZE = 50;

export function LowStockPage() {
  usePageTitle('Low stock');
  const items = useInfiniteQuery({
    queryKey: [...itemsKey, { lowStock: true }],
    queryFn: ({ pageParam }) =>
      api<Page<Item>>(
        'GET',
        withQuery('/api/admin/items', { limit: PAGE_SIZE, cursor: pageParam, lowStock: 'true' }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = items.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section aria-labelledby="low-stock-title" className="stack">
      <div>
        <h1 id="low-stock-title">Low stock</h1>
        <p className="muted">
          Products that keep count of their stock and have no more on hand than their low-stock threshold.
        </p>
      </div>
      {items.isPending ? <Loading what="low stock" /> : null}
      {items.isError && !items.isFetchNextPageError ? <ErrorMessage error={items.error} /> : null}
      {items.isSuccess && rows.length === 0 ? (
        <p className="empty">Nothing is running low: every product is above its threshold.</p>
      ) : null}
      {rows.length > 0 ? (
        <ItemTable items={rows} caption="Products at or below their low-stock threshold" showThreshold />
      ) : null}
      <LoadMore query={items} />
    </section>
  );
}
