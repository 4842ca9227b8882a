import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { ErrorMessage } from './status.js';

/** "Load more" for a cursor-paged list; nothing once the last page is in. */
export function LoadMore({ query }: { query: UseInfiniteQueryResult<unknown, Error> }) {
  if (!query.hasNextPage && !query.isFetchNextPageError) return null;
  return (
    <div className="load-more">
      {query.isFetchNextPageError ? <ErrorMessage error={query.error} /> : null}
      <button
        type="button"
        className="button button-secondary"
        onClick={() => query.fetchNextPage()}
        disabled={query.isFetchingNextPage}
      >
        {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </button>
    </div>
  );
}
