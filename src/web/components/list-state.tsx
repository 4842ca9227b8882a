import { ErrorMessage, Loading } from './status.js';

/** What a list query answers before its rows: loading, its error, or that there is nothing. */
export function ListState({
  query,
  count,
  what,
  empty,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    isSuccess: boolean;
    error: unknown;
    /** A paged list shows a failed "Load more" beside its button, not here. */
    isFetchNextPageError?: boolean;
  };
  /** The rows shown. */
  count: number;
  /** "items", as in "Loading items…". */
  what: string;
  empty: string;
}) {
  return (
    <>
      {query.isPending ? <Loading what={what} /> : null}
      {query.isError && !query.isFetchNextPageError ? <ErrorMessage error={query.error} /> : null}
      {query.isSuccess && count === 0 ? <p className="empty">{empty}</p> : null}
    </>
  );
}
