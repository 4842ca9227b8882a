import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorMessage, Loading } from './status.js';

/**
 * A page about one thing (an order, a payment, an email): the way back to its list, then the
 * thing while it loads, what went wrong if it could not be read, or the thing itself.
 */
export function DetailFrame<T>({
  titleId,
  back,
  what,
  title,
  query,
  children,
}: {
  /** The id the page's h1 carries (the section is labelled by it). */
  titleId: string;
  back: { to: string; label: string };
  /** "the order", for the loading message. */
  what: string;
  /** The heading shown when it could not be read. */
  title: string;
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={titleId} className="stack">
      <p>
        <Link to={back.to} className="back-link">
          ← {back.label}
        </Link>
      </p>
      {query.isPending ? <Loading what={what} /> : null}
      {query.isError ? (
        <>
          <h1 id={titleId}>{title}</h1>
          <ErrorMessage error={query.error} />
        </>
      ) : null}
      {query.data ? children(query.data) : null}
    </section>
  );
}
